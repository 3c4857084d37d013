//! The lists that grow without bound, at a large vendor's size (issue
//! 14): customers up to `customers` in all, with tiers, stages, review
//! states, account managers and names that vary (so filters and search
//! keep realistic shares); as many visits as customers, a fifth as many
//! complaints and as many needs, over five years, some of each overdue;
//! and `audit_entries` audit entries over two years by the staff, about
//! customers and requests.

use chrono::{DateTime, TimeDelta, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::Rng;
use rand::rngs::SmallRng;
use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use rapport_domain::lifecycle::complaint::Status as ComplaintStatus;
use rapport_domain::lifecycle::need::{Kind as NeedKind, Status as NeedStatus};
use rapport_domain::request::Priority;
use rapport_entity::{audit_log, complaints, customers, needs, return_visits};
use rapport_types::visits::{VisitKind, VisitStatus};
use sea_orm::{DatabaseConnection, Set, TransactionTrait};
use uuid::Uuid;

use crate::args::BigLists;
use crate::error::{BenchError, Context};

use super::insert_chunked;

/// Rows per transaction.
const CHUNK: u64 = 20_000;

/// The words customer names are made of: each prefix and each kind names
/// about an eighth or a sixth of the customers; `C` and six digits one.
const PREFIXES: [&str; 8] = [
    "长江", "华东", "北方", "远景", "Acme", "Pioneer", "Delta", "星辰",
];
const KINDS: [&str; 6] = ["机械", "科技", "贸易", "Foods", "Logistics", "电子"];
const INDUSTRIES: [&str; 5] = [
    "manufacturing",
    "retail",
    "logistics",
    "food",
    "electronics",
];
const ACTIONS: [&str; 8] = [
    "customer.update",
    "customer.create",
    "contract.sign",
    "contract.update",
    "request.assign",
    "request.resolve",
    "visit.record",
    "complaint.act",
];

/// The name of extra customer `index`: searched by `长江`, or by `C004242`
/// for exactly one.
pub fn customer_name(index: u64) -> String {
    let prefix = PREFIXES[usize::try_from(index % 8).unwrap_or_default()];
    let kind = KINDS[usize::try_from(index / 8 % 6).unwrap_or_default()];
    format!("{prefix}{kind} C{index:06}")
}

/// Adds customers until there are `big.customers`, and `big.audit_entries`
/// audit entries; `existing` customers are there already. `managers` are
/// the account managers, `actors` the staff who act.
pub async fn seed(
    db: &DatabaseConnection,
    rng: &mut SmallRng,
    big: BigLists,
    existing: &[Uuid],
    managers: &[Uuid],
    actors: &[Uuid],
) -> Result<(), BenchError> {
    let now = Utc::now();
    let extra = big
        .customers
        .saturating_sub(u64::try_from(existing.len()).unwrap_or_default());
    let mut ids = existing.to_vec();
    let bar = progress("customers", extra)?;
    let mut done = 0;
    while done < extra {
        let count = CHUNK.min(extra - done);
        let rows: Vec<customers::ActiveModel> = (done..done + count)
            .map(|index| {
                let row = customer(rng, index, managers, actors[0], now);
                if let Set(id) = row.id {
                    ids.push(id);
                }
                row
            })
            .collect();
        let txn = db.begin().await.context("starting a customer batch")?;
        insert_chunked(&txn, rows, 1_000, "inserting customers").await?;
        txn.commit().await.context("committing a customer batch")?;
        done += count;
        bar.set_position(done);
    }
    bar.finish();
    records(db, rng, big.customers, &ids, actors[0], now).await?;

    let bar = progress("audit entries", big.audit_entries)?;
    let span = TimeDelta::days(730);
    let step = span / i32::try_from(big.audit_entries.max(1)).unwrap_or(i32::MAX);
    let start = now - span;
    let mut done = 0;
    while done < big.audit_entries {
        let count = CHUNK.min(big.audit_entries - done);
        let rows: Vec<audit_log::ActiveModel> = (done..done + count)
            .map(|index| {
                let at = start + step * i32::try_from(index).unwrap_or(i32::MAX);
                entry(rng, at, &ids, actors)
            })
            .collect();
        let txn = db.begin().await.context("starting an audit batch")?;
        insert_chunked(&txn, rows, 2_000, "inserting audit entries").await?;
        txn.commit().await.context("committing an audit batch")?;
        done += count;
        bar.set_position(done);
    }
    bar.finish();
    Ok(())
}

/// `customers` visits, and a fifth as many complaints and needs, of the
/// customers `ids`, made by `by`, over the five years before `now`.
async fn records(
    db: &DatabaseConnection,
    rng: &mut SmallRng,
    customers: u64,
    ids: &[Uuid],
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<(), BenchError> {
    let kinds: [(&str, u64); 3] = [
        ("visits", customers),
        ("complaints", customers / 5),
        ("needs", customers / 5),
    ];
    for (what, count) in kinds {
        let bar = progress(what, count)?;
        let mut done = 0;
        while done < count {
            let chunk = CHUNK.min(count - done);
            let txn = db.begin().await.context("starting a batch")?;
            let made: Vec<(Uuid, DateTime<Utc>)> = (0..chunk)
                .map(|_| {
                    let customer = ids[rng.random_range(0..ids.len())];
                    let at = now - TimeDelta::minutes(rng.random_range(0..5 * 365 * 24 * 60));
                    (customer, at)
                })
                .collect();
            let made = made.into_iter();
            match what {
                "visits" => {
                    let rows = made.map(|(c, at)| visit(rng, c, by, at, now)).collect();
                    insert_chunked(&txn, rows, 1_000, "inserting visits").await?;
                }
                "complaints" => {
                    let rows = made.map(|(c, at)| complaint(rng, c, by, at, now)).collect();
                    insert_chunked(&txn, rows, 1_000, "inserting complaints").await?;
                }
                _ => {
                    let rows = made.map(|(c, at)| need(rng, c, by, at, now)).collect();
                    insert_chunked(&txn, rows, 1_000, "inserting needs").await?;
                }
            }
            txn.commit().await.context("committing a batch")?;
            done += chunk;
            bar.set_position(done);
        }
        bar.finish();
    }
    Ok(())
}

/// A visit due 30 days after `at` (some still due, a few of those
/// overdue at `now`).
fn visit(
    rng: &mut SmallRng,
    customer: Uuid,
    by: Uuid,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> return_visits::ActiveModel {
    let due = at + TimeDelta::days(30);
    let status = if due > now || rng.random_bool(0.02) {
        VisitStatus::Due
    } else {
        VisitStatus::Done
    };
    let kind =
        [VisitKind::Return, VisitKind::Routine, VisitKind::Executive][rng.random_range(0..3)];
    return_visits::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(kind),
        customer_id: Set(customer),
        request_id: Set(None),
        contact_id: Set(None),
        status: Set(status),
        due_at: Set(due),
        visited_at: Set((status == VisitStatus::Done).then_some(due)),
        visited_by: Set((status == VisitStatus::Done).then_some(by)),
        satisfaction: Set(None),
        suggestions: Set(None),
        checklist: Set(None),
        created_by: Set(by),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

/// A complaint made at `at`, promised three days later; most resolved, a
/// few still open past the promise.
fn complaint(
    rng: &mut SmallRng,
    customer: Uuid,
    by: Uuid,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> complaints::ActiveModel {
    let promised = at + TimeDelta::days(3);
    let open = promised > now || rng.random_bool(0.03);
    let status = if open {
        ComplaintStatus::Investigating
    } else {
        ComplaintStatus::Resolved
    };
    complaints::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer),
        contact_id: Set(None),
        request_id: Set(None),
        summary: Set("响应太慢".to_owned()),
        details: Set(String::new()),
        status: Set(status),
        promised_by: Set(promised),
        responsible_department: Set(None),
        cause: Set(None),
        solution: Set(None),
        approved_by: Set(None),
        approved_at: Set(None),
        resolved_at: Set((!open).then_some(promised)),
        revisited_at: Set(None),
        satisfaction: Set(None),
        created_by: Set(by),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

/// A need recorded at `at`, to be answered within five days; most
/// answered, a few overdue.
fn need(
    rng: &mut SmallRng,
    customer: Uuid,
    by: Uuid,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> needs::ActiveModel {
    let respond_by = at + TimeDelta::days(5);
    let answered = respond_by < now && !rng.random_bool(0.03);
    needs::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer),
        request_id: Set(None),
        kind: Set(NeedKind::ALL[rng.random_range(0..3)]),
        priority: Set(Priority::Routine),
        title: Set("导出报表".to_owned()),
        description: Set(String::new()),
        status: Set(if answered {
            NeedStatus::Evaluated
        } else {
            NeedStatus::New
        }),
        customer_value: Set(None),
        fit: Set(None),
        cost: Set(None),
        solution_direction: Set(None),
        owner_id: Set(None),
        milestones: Set(serde_json::json!([])),
        respond_by: Set(respond_by),
        at_risk_from: Set(respond_by - TimeDelta::days(1)),
        responded_at: Set(answered.then_some(at + TimeDelta::days(1))),
        delivered_at: Set(None),
        confirmed_by: Set(None),
        confirmed_at: Set(None),
        rejected_reason: Set(None),
        created_by: Set(by),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

fn progress(what: &str, length: u64) -> Result<ProgressBar, BenchError> {
    let bar = ProgressBar::new(length);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "  {what} [{{bar:40}}] {{human_pos}}/{{human_len}} {{per_sec}} eta {{eta}}"
        ))
        .context("styling the progress bar")?
        .progress_chars("=> "),
    );
    Ok(bar)
}

/// Extra customer `index`: registered over five years; tiers as the
/// request seed has them; most verified, some waiting for review or
/// rejected; seven in ten with an account manager; one in twenty archived.
fn customer(
    rng: &mut SmallRng,
    index: u64,
    managers: &[Uuid],
    registered_by: Uuid,
    now: DateTime<Utc>,
) -> customers::ActiveModel {
    let at = now - TimeDelta::minutes(rng.random_range(0..5 * 365 * 24 * 60));
    let tier = match rng.random_range(0..100) {
        0..15 => Tier::Core,
        15..40 => Tier::Potential,
        _ => Tier::Ordinary,
    };
    let stage = [Stage::Potential, Stage::New, Stage::LongTerm][rng.random_range(0..3)];
    let verification = match rng.random_range(0..100) {
        0..7 => Verification::PendingReview,
        7..10 => Verification::Rejected,
        _ => Verification::Verified,
    };
    let manager = (!managers.is_empty() && rng.random_bool(0.7))
        .then(|| managers[rng.random_range(0..managers.len())]);
    customers::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(customer_name(index)),
        industry: Set(INDUSTRIES[rng.random_range(0..INDUSTRIES.len())].to_owned()),
        address: Set(format!("{} 号, 南京", rng.random_range(1..2000))),
        stage: Set(stage),
        tier: Set(tier),
        account_manager_id: Set(manager),
        preferred_channel: Set(Channel::Phone),
        verification: Set(verification),
        rejection_reason: Set(None),
        registered_by: Set(registered_by),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        last_routine_visit_on: Set(None),
        archived_at: Set(rng.random_bool(0.05).then_some(at)),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

/// An entry at `at` by one of `actors` (one in ten by the system) about
/// one of `customers` (or, one in three, a request).
fn entry(
    rng: &mut SmallRng,
    at: DateTime<Utc>,
    customers: &[Uuid],
    actors: &[Uuid],
) -> audit_log::ActiveModel {
    let actor = (!rng.random_bool(0.1)).then(|| actors[rng.random_range(0..actors.len())]);
    let (entity_type, entity_id) = if rng.random_bool(1.0 / 3.0) {
        ("service_request", Uuid::new_v4())
    } else {
        ("customer", customers[rng.random_range(0..customers.len())])
    };
    audit_log::ActiveModel {
        id: Set(Uuid::new_v4()),
        at: Set(at),
        actor_id: Set(actor),
        action: Set(ACTIONS[rng.random_range(0..ACTIONS.len())].to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id.to_string()),
        before: Set(None),
        after: Set(Some(serde_json::json!({"version": rng.random_range(1..9)}))),
    }
}
