//! Demo data for `make run`: customers of every tier with contacts,
//! products and orders, contracts in every state of their lifecycle, and a
//! service desk's last weeks: requests in every state, some at risk and some
//! breached as the demo is loaded, return visits due and overdue, an overdue
//! complaint and the notifications all this sent. Never loaded unless
//! `RAPPORT_DEMO_DATA=true`.
//!
//! Customers, contacts and orders are written straight through the
//! entities. Everything after goes through the server's own code paths
//! (intake, request actions, visits, contract steps) at back-dated instants,
//! in the order they happen, so clocks, timelines, audit entries, assignee
//! loads, visits and notifications are exactly what the API would have
//! written. Clocks that must stand at risk or breached when the demo loads
//! get an intake instant searched with the same SLA engine, since the demo
//! loads on first start with the real clock, on any day of the week.

mod contracts;
mod customers;
mod orders;
mod requests;
mod visits;

use std::collections::HashMap;

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use rapport_domain::org::Role;
use rapport_domain::routing::RoutingRule;
use rapport_domain::visits::{Satisfaction, VisitChecklist};
use rapport_entity::{contracts as contract_rows, return_visits};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use rapport_types::contracts::{ContractAction, NewContract};
use rapport_types::request_actions::RequestAction;
use rapport_types::requests::NewRequest;
use rapport_types::routing::RuleChanges;
use rapport_types::visits::{VisitRecord, VisitStatus};

use crate::auth::{Action, Caller};
use crate::clock::Clock;
use crate::error::ApiError;
use crate::services::customers::ORG_TZ;
use crate::services::requests::intake::{self, Connections, Queue};
use crate::services::requests::{self as request_service, actions};
use crate::services::{contracts as contract_service, routing, visits as visit_service};
use crate::state::AppState;

/// One demo user: email, id, role.
pub type Member = (&'static str, Uuid, Role);

const MANAGER: &str = "manager@rapport.local";
const ACCOUNT_MANAGER: &str = "am@rapport.local";
const DESK: &str = "service@rapport.local";
const TECH: &str = "tech@rapport.local";
const HWTECH: &str = "hwtech@rapport.local";

/// Loads the demo for `team` (the demo users).
pub async fn load(state: &AppState, team: &[Member]) -> Result<(), ApiError> {
    let now = state.clock.now();
    let people = People(team);
    let seeded = customers::seed(state, &people, now).await?;
    let mut plans = Vec::new();
    contracts::plans(&mut plans, &seeded, &people, now)?;
    requests::plans(state, &mut plans, &seeded, now).await?;
    // Stable: steps of one instant keep the order they were planned in.
    plans.sort_by_key(|plan| plan.at);
    run(state, &people, plans, now).await
}

/// The demo team by email.
struct People<'a>(&'a [Member]);

impl People<'_> {
    fn id(&self, email: &str) -> Result<Uuid, ApiError> {
        self.caller(email).map(|caller| caller.id)
    }

    fn caller(&self, email: &str) -> Result<Caller, ApiError> {
        self.0
            .iter()
            .find(|(address, _, _)| *address == email)
            .map(|&(_, id, role)| Caller {
                id,
                role,
                scopes: None,
            })
            .ok_or_else(|| {
                ApiError::internal(
                    "loading the demo",
                    std::io::Error::other(format!("the demo team has no {email}")),
                )
            })
    }
}

/// `day` at `hour`:00 in the organisation's zone.
fn local(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
    ORG_TZ
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map_or_else(|| day.and_time(time).and_utc(), |at| at.with_timezone(&Utc))
}

fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

fn days_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days)).unwrap_or(day)
}

fn days_after(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

fn hours(n: i64) -> TimeDelta {
    TimeDelta::hours(n)
}

fn days(n: i64) -> TimeDelta {
    TimeDelta::days(n)
}

/// The last day of a one-year period starting `start`.
fn year_end(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(12))
        .and_then(|day| day.pred_opt())
        .unwrap_or(start)
}

/// One thing that happens at one instant, by one demo user.
struct Plan {
    at: DateTime<Utc>,
    by: &'static str,
    doing: Doing,
}

enum Doing {
    /// The routing rules in force from then on.
    Rules(Vec<RoutingRule>),
    /// Intake of the request numbered `key` in the plans.
    Intake(usize, Box<NewRequest>),
    /// An action on request `key` (its version is read when it runs).
    Act(usize, Box<RequestAction>),
    /// The return visit due for request `key`, with the score and what was said.
    Visit(usize, u8, &'static str),
    /// A draft contract, numbered `key` in the plans.
    Draft(usize, Box<NewContract>),
    /// A step of contract `key`.
    Step(usize, Box<ContractAction>),
}

/// Runs `plans` in order, each in a transaction of its own (intakes in
/// their batch's), at its instant.
async fn run(
    state: &AppState,
    people: &People<'_>,
    plans: Vec<Plan>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    // The intake task stamps its writes (audit, last assignment) with its
    // own clock: give it one that says what the plan's instant is.
    let clock = Clock::fixed(now);
    let demo = AppState {
        clock: clock.clone(),
        intake: Queue::start(
            Connections::shared(&state.db),
            state.settings.clone(),
            clock.clone(),
        )
        .await
        .map_err(|error| ApiError::internal("starting the demo's intake", error))?,
        ..state.clone()
    };
    let mut requests_by_key: HashMap<usize, Uuid> = HashMap::new();
    let mut contracts_by_key: HashMap<usize, Uuid> = HashMap::new();
    let missing = |what: &str, key: usize| {
        ApiError::internal(
            "loading the demo",
            std::io::Error::other(format!("the plans use {what} {key} before making it")),
        )
    };
    for plan in plans {
        let at = plan.at.min(now);
        clock.set(at);
        let caller = people.caller(plan.by)?;
        match plan.doing {
            Doing::Rules(rules) => {
                let changes = RuleChanges {
                    version: None,
                    rules,
                };
                routing::update(&demo, None, changes, at).await?;
            }
            Doing::Intake(key, new) => {
                caller.require(Action::WriteRequests)?;
                let title = new.title.trim().to_owned();
                let checked =
                    request_service::check(&demo.reader, caller.id, *new, title, at).await?;
                let taken = intake::take_in(&demo, checked, at, None).await?;
                requests_by_key.insert(key, taken.request.id);
            }
            Doing::Act(key, asked) => {
                let id = *requests_by_key
                    .get(&key)
                    .ok_or_else(|| missing("request", key))?;
                let version = request_service::find(&demo.db, id).await?.version;
                let txn = crate::db::begin(&demo.db).await?;
                let asked = RequestAction { version, ..*asked };
                actions::perform(&txn, &demo.settings, &caller, id, asked, at).await?;
                txn.commit().await?;
            }
            Doing::Visit(key, score, said) => {
                caller.require(Action::WriteVisits)?;
                let id = *requests_by_key
                    .get(&key)
                    .ok_or_else(|| missing("request", key))?;
                let visit = return_visits::Entity::find()
                    .filter(return_visits::Column::RequestId.eq(id))
                    .filter(return_visits::Column::Status.eq(VisitStatus::Due))
                    .all(&demo.db)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| missing("the return visit of request", key))?;
                let satisfaction = Satisfaction::new(score)
                    .map_err(|error| ApiError::internal("loading the demo", error))?;
                let answer = VisitRecord {
                    version: visit.version,
                    contact_id: None,
                    satisfaction,
                    suggestions: said.to_owned(),
                    checklist: VisitChecklist {
                        appointment_made: true,
                        fault_explained: true,
                        fees_explained: true,
                        contact_left: true,
                        asked_other_problems: true,
                        database_backup_checked: false,
                    },
                };
                let txn = crate::db::begin(&demo.db).await?;
                visit_service::record_at(&txn, &demo.settings, &caller, visit.id, answer, at)
                    .await?;
                txn.commit().await?;
            }
            Doing::Draft(key, new) => {
                caller.require(Action::WriteContracts)?;
                let txn = crate::db::begin(&demo.db).await?;
                let detail = contract_service::create_draft(&txn, caller.id, &new, at).await?;
                txn.commit().await?;
                contracts_by_key.insert(key, detail.contract.id);
            }
            Doing::Step(key, step) => {
                caller.require(Action::WriteContracts)?;
                let id = *contracts_by_key
                    .get(&key)
                    .ok_or_else(|| missing("contract", key))?;
                let version = crate::db::unique(&demo.db, contract_rows::Entity::find_by_id(id))
                    .await?
                    .ok_or_else(|| missing("contract", key))?
                    .version;
                let txn = crate::db::begin(&demo.db).await?;
                let step = ContractAction { version, ..*step };
                contract_service::transition_at(&txn, &caller, id, step, at).await?;
                txn.commit().await?;
            }
        }
    }
    Ok(())
}
