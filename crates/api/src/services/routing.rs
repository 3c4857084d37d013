//! `/api/v1/routing`: the routing rules as data (admins edit them; the
//! defaults of SPEC section 4 until then) and a preview that shows where a
//! request would go, and to whom, without taking it in. Intake, reassignment
//! and the preview all decide through a [`Router`], so they always agree.

use crate::error::FieldMessages;
use rapport_domain::messages::Message;
use rapport_domain::msg;
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rapport_domain::customer::Tier;
use rapport_domain::org::Department;
use rapport_domain::request::Priority;
use rapport_domain::routing::{
    Candidate, RequestFacts, RoutingRule, choose_assignee, default_rules, route,
};
use rapport_entity::users;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect,
    RelationTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use rapport_types::routing::{
    PreviewRequest, PreviewResponse, RoutingReason, RuleChanges, RuleList,
};

use crate::assignee_loads;
use crate::error::ApiError;
use crate::services::requests;
use crate::settings;
use crate::state::AppState;

/// The settings key of the routing rules.
const RULES_KEY: &str = "routing_rules";
/// The most rules one list may hold.
const MAX_RULES: usize = 100;

/// The stored rule list; the defaults of SPEC section 4 until an admin saves one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
struct Rules(Vec<RoutingRule>);

impl Default for Rules {
    fn default() -> Self {
        Rules(default_rules())
    }
}

/// The routing rules in force, first match wins.
pub async fn rules(
    conn: &impl ConnectionTrait,
    cache: &settings::Cache,
) -> Result<Vec<RoutingRule>, ApiError> {
    Ok(cache.load::<Rules>(conn, RULES_KEY).await?.value.0)
}

/// The routing rules in force as the API shows them, read past the cache;
/// version 0 while they are the defaults.
pub async fn get(conn: &impl ConnectionTrait) -> Result<RuleList, ApiError> {
    let document = settings::load::<Rules>(conn, RULES_KEY).await?;
    Ok(RuleList {
        version: document.version,
        rules: document.value.0,
    })
}

/// Replaces the rules in force with `changes` (checked), by `actor` (none:
/// the system, setting up the demo) at `now`, with its audit entry.
pub async fn update(
    state: &AppState,
    actor: Option<Uuid>,
    changes: RuleChanges,
    now: DateTime<Utc>,
) -> Result<RuleList, ApiError> {
    check_rules(&changes.rules)?;
    let expected = changes.version.unwrap_or(0);
    let saved = settings::change(
        state,
        actor,
        "routing_rules.update",
        RULES_KEY,
        expected,
        now,
        |_: &Rules| Rules(changes.rules),
    )
    .await?;
    Ok(RuleList {
        version: saved.version,
        rules: saved.value.0,
    })
}

/// Where `asked` would go, and to whom, and whether it would be billed,
/// without taking it in; by the rules it carries (checked as a change
/// would be) or else those in force.
pub async fn preview(
    state: &AppState,
    asked: PreviewRequest,
    now: DateTime<Utc>,
) -> Result<PreviewResponse, ApiError> {
    if let Some(draft) = &asked.rules {
        check_rules(draft)?;
    }
    let customer = requests::live_customer(&state.db, asked.customer_id).await?;
    let contract = requests::contract_in_force(&state.db, customer.id, now).await?;
    let tier: Tier = customer.tier;
    let facts = RequestFacts {
        category: asked.category,
        product_kind: asked.product_kind,
        tier,
        priority: asked.priority,
        title: asked.title.trim().to_owned(),
    };
    let rules = match asked.rules {
        Some(draft) => draft,
        None => rules(&state.db, &state.settings).await?,
    };
    let routed = Router::default()
        .decide(&state.db, &rules, &facts, now)
        .await?;
    Ok(PreviewResponse {
        assignee_id: routed.assignee,
        routing: routed.reason,
        billable: contract.is_none(),
        contract_id: contract.map(|contract| contract.id),
    })
}

/// Where a request goes and who takes it.
#[derive(Debug, Clone)]
pub struct Routed {
    /// The person who takes it, if anyone in the department could.
    pub assignee: Option<Uuid>,
    /// Why.
    pub reason: RoutingReason,
}

/// Routes requests one after another: each department's members and their
/// loads are read once, and every assignment made is counted before the
/// next pick, so a batch of intakes spreads over people exactly as if they
/// had come in one by one.
#[derive(Debug, Default)]
pub struct Router {
    members: HashMap<Department, Vec<Candidate<Uuid>>>,
}

impl Router {
    /// Routes a request by `rules` (first match wins) and picks its assignee by load.
    pub async fn decide(
        &mut self,
        conn: &impl ConnectionTrait,
        rules: &[RoutingRule],
        facts: &RequestFacts,
        now: DateTime<Utc>,
    ) -> Result<Routed, ApiError> {
        let (rule, department, skills) = destination(rules, facts);
        self.pick(conn, rule, department, skills, facts.priority, now)
            .await
    }

    /// Reads, in one statement, the members of every department that
    /// `facts` go to by `rules` and that was not read yet.
    pub async fn read_for(
        &mut self,
        conn: &impl ConnectionTrait,
        rules: &[RoutingRule],
        facts: &[RequestFacts],
    ) -> Result<(), ApiError> {
        let wanted: BTreeSet<Department> = facts
            .iter()
            .map(|facts| destination(rules, facts).1)
            .filter(|department| !self.members.contains_key(department))
            .collect();
        self.read(conn, wanted).await
    }

    async fn read(
        &mut self,
        conn: &impl ConnectionTrait,
        departments: BTreeSet<Department>,
    ) -> Result<(), ApiError> {
        if departments.is_empty() {
            return Ok(());
        }
        let mut found = candidates(conn, &departments).await?;
        for department in departments {
            let members = found.remove(&department).unwrap_or_default();
            self.members.insert(department, members);
        }
        Ok(())
    }

    /// Picks the assignee of a `priority` request within `department` among
    /// people with `skills`, counting it in their load.
    pub async fn pick(
        &mut self,
        conn: &impl ConnectionTrait,
        rule: Option<String>,
        department: Department,
        skills: BTreeSet<String>,
        priority: Priority,
        now: DateTime<Utc>,
    ) -> Result<Routed, ApiError> {
        if !self.members.contains_key(&department) {
            self.read(conn, BTreeSet::from([department])).await?;
        }
        let members = self.members.entry(department).or_default();
        let assignment = choose_assignee(members, department, &skills);
        if let Some(chosen) = &assignment
            && let Some(member) = members
                .iter_mut()
                .find(|member| member.id == chosen.assignee)
        {
            member.open_load.add(priority);
            member.last_assigned_at = Some(now);
        }
        let reason = assignment.as_ref().map(|chosen| &chosen.reason);
        Ok(Routed {
            assignee: assignment.as_ref().map(|chosen| chosen.assignee),
            reason: RoutingReason {
                rule,
                department,
                required_skills: skills,
                decided_by: reason.map(|reason| reason.decided_by),
                load: reason.map(|reason| reason.load),
                weighted_load: reason.map(|reason| reason.weighted_load),
                // Nobody chosen means nobody was eligible.
                eligible_count: reason.map_or(0, |reason| reason.eligible_count),
            },
        })
    }
}

/// Where `facts` go by `rules`: the first matching rule's name, department
/// and required skills; the service desk when no rule matches.
fn destination(
    rules: &[RoutingRule],
    facts: &RequestFacts,
) -> (Option<String>, Department, BTreeSet<String>) {
    match route(rules, facts) {
        Some(matched) => (
            Some(matched.rule_name),
            matched.department,
            matched.required_skills,
        ),
        None => (None, Department::Service, BTreeSet::new()),
    }
}

/// The active members of `department` with their open load.
pub async fn members(
    conn: &impl ConnectionTrait,
    department: Department,
) -> Result<Vec<Candidate<Uuid>>, ApiError> {
    Ok(candidates(conn, &BTreeSet::from([department]))
        .await?
        .remove(&department)
        .unwrap_or_default())
}

/// The active members of `departments` with their open load, by department.
///
/// One narrow row per person, the loads summed by the statement: this read
/// is in every intake batch's serialized section, and decoding whole user
/// rows, one per load row, took most of it (docs/benchmarks.md).
async fn candidates(
    conn: &impl ConnectionTrait,
    departments: &BTreeSet<Department>,
) -> Result<HashMap<Department, Vec<Candidate<Uuid>>>, ApiError> {
    let members = users::Entity::find()
        .select_only()
        .columns([
            users::Column::Id,
            users::Column::Department,
            users::Column::Skills,
            users::Column::LastAssignedAt,
        ])
        .expr_as(assignee_loads::open_of(Priority::Urgent), "urgent")
        .expr_as(assignee_loads::open_of(Priority::Important), "important")
        .expr_as(assignee_loads::open_of(Priority::Routine), "routine")
        .join(JoinType::LeftJoin, users::Relation::Loads.def())
        .filter(users::Column::Department.is_in(departments.iter().copied()))
        .filter(users::Column::Active.eq(true))
        .group_by(users::Column::Id)
        .into_model::<Member>()
        .all(conn)
        .await?;
    let mut found: HashMap<Department, Vec<Candidate<Uuid>>> = HashMap::new();
    for member in members {
        let skills: BTreeSet<String> = serde_json::from_value(member.skills).map_err(|error| {
            ApiError::internal(format!("reading the skills of user {}", member.id), error)
        })?;
        found.entry(member.department).or_default().push(Candidate {
            id: member.id,
            active: true,
            department: member.department,
            skills,
            open_load: assignee_loads::load_of(member.urgent, member.important, member.routine),
            last_assigned_at: member.last_assigned_at,
        });
    }
    Ok(found)
}

/// What [`candidates`] reads of one person.
#[derive(Debug, FromQueryResult)]
struct Member {
    id: Uuid,
    department: Department,
    skills: serde_json::Value,
    last_assigned_at: Option<DateTime<Utc>>,
    urgent: i64,
    important: i64,
    routine: i64,
}

/// Every problem with a rule list, by field.
fn check_rules(rules: &[RoutingRule]) -> Result<(), ApiError> {
    let mut errors = FieldMessages::new();
    let mut add = |field: String, message: Message| {
        errors.entry(field).or_default().push(message);
    };
    if rules.is_empty() || rules.len() > MAX_RULES {
        add(
            "rules".to_owned(),
            msg!("must hold 1 to {max} rules", max = MAX_RULES),
        );
    }
    let short = |text: &str, max: usize| !text.trim().is_empty() && text.chars().count() <= max;
    for (index, rule) in rules.iter().enumerate() {
        if !short(&rule.name, 100) {
            add(
                format!("rules[{index}].name"),
                msg!("must be 1 to 100 characters"),
            );
        }
        for (field, words) in [
            ("title_keywords", &rule.title_keywords),
            ("required_skills", &rule.required_skills),
        ] {
            if words.len() > 20 || !words.iter().all(|word| short(word, 50)) {
                add(
                    format!("rules[{index}].{field}"),
                    msg!("must hold at most 20 entries of 1 to 50 characters"),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}
