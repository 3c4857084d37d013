//! The stored SLA status against the domain's, across states and pauses.

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::lifecycle::request::sla::{StoredTarget, WORST_FIRST, request_status};
use rapport_domain::org::Department;
use rapport_domain::request::{Category, IntakeChannel, Priority, ProductKind, WorkType};
use rapport_entity::{request_sla, service_requests};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::*;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A request in `status`, waiting since `paused_since`, last changed at `updated_at`.
fn request(
    seq: i32,
    customer: Uuid,
    caller: Uuid,
    status: Status,
    paused_since: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
) -> service_requests::Model {
    service_requests::Model {
        id: Uuid::now_v7(),
        number: crate::request_numbers::format(2025, seq),
        year: 2025,
        seq,
        customer_id: customer,
        customer_unverified: false,
        contact_id: None,
        channel: IntakeChannel::Phone,
        category: Category::Fault,
        product_kind: ProductKind::Software,
        work_type: WorkType::Maintenance,
        priority: Priority::Routine,
        title: "系统无法登录".to_owned(),
        description: String::new(),
        status,
        billable: true,
        contract_id: None,
        calendar_name: None,
        department: Department::TechnicalSoftware,
        assignee_id: None,
        routing_reason: serde_json::json!({}),
        paused_since,
        pauses: serde_json::json!([]),
        quote: None,
        resolution_method: None,
        fault_description: None,
        solution: None,
        resolved_at: None,
        closed_at: None,
        customer_signed_at: None,
        account_manager_signed_at: None,
        outstanding_issue: None,
        next_visit_at: None,
        parts: None,
        cancel_reason: None,
        created_by: caller,
        version: 1,
        created_at: at("2025-03-01T00:00:00Z"),
        updated_at,
    }
}

/// The ids of the requests `condition` keeps.
async fn ids_where(db: &impl ConnectionTrait, condition: Expr) -> Vec<Uuid> {
    service_requests::Entity::find()
        .filter(condition)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|request| request.id)
        .collect()
}

/// Requests read at each kind of instant (now, a wait, an end), with
/// no target, one, or two whose deadlines, at-risk instants and
/// milestones fall on either side of every reading: the list's SQL
/// filter finds, for each status, exactly the requests the domain puts
/// there. It fails if the SQL and the domain's rule ever disagree.
#[tokio::test]
async fn the_list_filter_finds_exactly_the_requests_the_domain_puts_at_each_status() {
    let now = at("2025-03-05T06:00:00Z");
    let (db, user) = crate::test_fixtures::database_with_desk_user(now).await;
    let customer = crate::test_fixtures::verified_customer(&db, &user, now).await;

    let hours = |n: i64| now - TimeDelta::minutes(n * 60);
    // Read at now, at a wait begun 3 hours ago, at an end 2 hours ago.
    let readings = [
        (Status::InProgress, None, hours(24)),
        (Status::WaitingCustomer, Some(hours(3)), hours(3)),
        (Status::Closed, None, hours(2)),
        (Status::Cancelled, None, hours(2)),
    ];
    // Each reading, and either side of them.
    let instants = [hours(4), hours(3), hours(2), hours(1), now, hours(-1)];
    let mut targets = Vec::new();
    for deadline in instants {
        for at_risk_from in instants.into_iter().filter(|&from| from <= deadline) {
            for met_at in [
                None,
                Some(deadline),
                Some(deadline + TimeDelta::minutes(10)),
            ] {
                targets.push(StoredTarget {
                    deadline,
                    at_risk_from,
                    met_at,
                });
            }
        }
    }
    let mut sets: Vec<Vec<StoredTarget>> = vec![Vec::new()];
    for (i, target) in targets.iter().enumerate() {
        sets.push(vec![*target]);
        sets.push(vec![*target, targets[(i * 7 + 3) % targets.len()]]);
    }

    let policy = rapport_domain::sla::SlaPolicy::default();
    let kinds = [SlaTarget::CallBack, SlaTarget::ResolutionMaintenance];
    let mut expected: Vec<(Uuid, Option<SlaStatus>)> = Vec::new();
    let mut expected_due: Vec<(Uuid, Option<DueClock>)> = Vec::new();
    let mut seq = 0;
    for (status, paused_since, updated_at) in readings {
        for set in &sets {
            seq += 1;
            let model = request(seq, customer.id, user.id, status, paused_since, updated_at);
            let (id, created_at) = (model.id, model.created_at);
            service_requests::ActiveModel::from(model)
                .insert(&db)
                .await
                .unwrap();
            let mut rows = Vec::new();
            for (target, stored) in kinds.iter().zip(set) {
                let row = request_sla::Model {
                    request_id: id,
                    target: *target,
                    clock: serde_json::to_value(ClockSpec::from(policy.clock(*target))).unwrap(),
                    started_at: hours(5),
                    deadline: stored.deadline,
                    at_risk_from: stored.at_risk_from,
                    met_at: stored.met_at,
                    request_created_at: created_at,
                };
                request_sla::ActiveModel::from(row.clone())
                    .insert(&db)
                    .await
                    .unwrap();
                rows.push(row);
            }
            expected_due.push((id, due_of(&rows).unwrap()));
            let read_at = clocks_read_at(status, paused_since, updated_at, now);
            let worst = request_status(set.iter().map(|target| target.status(read_at)));
            expected.push((id, worst));
        }
    }

    summarize(&db, expected.iter().map(|(id, _)| *id))
        .await
        .unwrap();
    let backend = db.get_database_backend();
    let standing = |status: SlaStatus| -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = expected
            .iter()
            .filter(|(_, worst)| *worst == Some(status))
            .map(|(id, _)| *id)
            .collect();
        ids.sort();
        ids
    };
    for status in WORST_FIRST {
        let mut found = ids_where(&db, request_sla_status_is(status, now, backend)).await;
        found.sort();
        let want = standing(status);
        assert!(!want.is_empty(), "no request stands {status:?}");
        assert_eq!(found, want, "{status:?}");
    }
    // "Breached" as its two parts finds the same requests, none twice,
    // whatever the marks say: none, all, some, those the job marked two
    // hours ago, and those it marked now (the second part then reads none).
    for (marking, when) in [
        ("FALSE", None),
        ("TRUE", None),
        ("(seq % 3 = 0)", None),
        ("FALSE", Some(hours(2))),
        ("FALSE", Some(now)),
    ] {
        let sql = format!("UPDATE service_requests SET sla_breach_marked = {marking}");
        db.execute_unprepared(&sql).await.unwrap();
        if let Some(when) = when {
            rapport_migrations::sla_summary::mark_breached(&db, when)
                .await
                .unwrap();
        }
        let mut parts = Vec::new();
        for part in breached_parts(now, backend) {
            parts.push(ids_where(&db, part).await);
        }
        let mut found = parts.concat();
        found.sort();
        let want = standing(SlaStatus::Breached);
        assert_eq!(found, want, "breached in parts, marked {marking} {when:?}");
        if when == Some(now) {
            assert!(parts[1].is_empty(), "{:?}", parts[1]);
        }
    }
    // The countdown kept is the nearest unmet target, as the detail reads it.
    for (id, want) in expected_due {
        let sql = "SELECT sla_due, sla_due_target, sla_due_at_risk_from \
                   FROM service_requests WHERE id = $1";
        let sql = match backend {
            DbBackend::Postgres => sql.to_owned(),
            _ => sql.replace("$1", "?"),
        };
        let row = db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                backend,
                sql,
                [id.into()],
            ))
            .await
            .unwrap()
            .unwrap();
        let kept = (
            row.try_get::<Option<DateTime<Utc>>>("", "sla_due").unwrap(),
            row.try_get::<Option<SlaTarget>>("", "sla_due_target")
                .unwrap(),
            row.try_get::<Option<DateTime<Utc>>>("", "sla_due_at_risk_from")
                .unwrap(),
        );
        let want = (
            want.map(|due| due.deadline),
            want.map(|due| due.target),
            want.map(|due| due.at_risk_from),
        );
        assert_eq!(kept, want, "{id}");
    }
}
