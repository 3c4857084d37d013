//! Contracts, visits, complaints and needs paged by cursor: each list, in
//! each of its orders, by page number in the order a reference sort in
//! Rust gives over the same rows; walked by cursor while rows keep
//! arriving, every row there before comes once, in order; a cursor the
//! list (or that order of it) did not hand out is a 422 naming `cursor`.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use rapport_domain::customer::{Stage, Tier};
use rapport_domain::lifecycle::complaint::Status as ComplaintStatus;
use rapport_domain::lifecycle::contract::Status as ContractStatus;
use rapport_domain::lifecycle::need::{Kind as NeedKind, Status as NeedStatus};
use rapport_domain::request::Priority;
use rapport_entity::{complaints, contracts, needs, return_visits};
use rapport_types::contracts::ContractKind;
use rapport_types::visits::{VisitKind, VisitStatus};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use uuid::Uuid;

use crate::helpers::{TestApp, assert_problem};
use crate::list_paging::{by_number, customer, ids, insert_customers, walk_with};

/// Walks `path` by cursor, 7 at a time, `arrive` adding rows between
/// pages. The list by page number before the walk must be `want` (the
/// reference); every row of it is walked once, in that order; and the walk,
/// arrivals included, is in the order the list has after it.
async fn walk_while_rows_arrive(
    app: &TestApp,
    token: &str,
    path: &str,
    want: Vec<Uuid>,
    arrive: impl AsyncFnMut(),
) {
    let before = by_number(app, token, path, 200).await;
    let want: Vec<String> = want.iter().map(Uuid::to_string).collect();
    assert!(want.len() > 14, "{path}: the data should fill pages");
    assert_eq!(before, want, "{path}: the reference order");
    let walked = ids(&walk_with(app, token, path, 7, arrive).await);
    let unique: BTreeSet<&String> = walked.iter().collect();
    assert_eq!(unique.len(), walked.len(), "{path}: none twice");
    let old: Vec<&String> = walked.iter().filter(|id| before.contains(id)).collect();
    assert_eq!(old, before.iter().collect::<Vec<_>>(), "{path}: no gap");
    let after = by_number(app, token, path, 200).await;
    let in_order: Vec<&String> = after.iter().filter(|id| unique.contains(id)).collect();
    assert_eq!(
        in_order,
        walked.iter().collect::<Vec<_>>(),
        "{path}: in order"
    );
}

/// Two customers and a user to own rows; "now" on the server's clock.
async fn setting(app: &TestApp) -> ([Uuid; 2], Uuid, DateTime<Utc>) {
    let (_, by) = app.user_with_role("manager").await;
    let by: Uuid = by.parse().unwrap();
    let now = app.clock.now();
    let rows = vec![
        customer("甲公司", Tier::Core, Stage::New, by, now),
        customer("乙公司", Tier::Core, Stage::New, by, now),
    ];
    let customers = [rows[0].id.clone().unwrap(), rows[1].id.clone().unwrap()];
    insert_customers(app, rows).await;
    (customers, by, now)
}

/// `rows` sorted by `key` then id, each ascending or descending.
fn sorted<M, K: Ord>(
    rows: Vec<M>,
    key: impl Fn(&M) -> (K, Uuid),
    key_descending: bool,
    id_descending: bool,
) -> Vec<Uuid> {
    let mut keyed: Vec<(K, Uuid)> = rows.iter().map(key).collect();
    keyed.sort_by(|a, b| {
        let by_key = if key_descending {
            b.0.cmp(&a.0)
        } else {
            a.0.cmp(&b.0)
        };
        let by_id = if id_descending {
            b.1.cmp(&a.1)
        } else {
            a.1.cmp(&b.1)
        };
        by_key.then(by_id)
    });
    keyed.into_iter().map(|(_, id)| id).collect()
}

fn contract(
    customer: Uuid,
    by: Uuid,
    at: DateTime<Utc>,
    status: ContractStatus,
    ends: NaiveDate,
) -> contracts::ActiveModel {
    contracts::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer),
        kind: Set(ContractKind::Paid),
        status: Set(status),
        package_code: Set(None),
        period_start: Set(ends - Days::new(365)),
        period_end: Set(ends),
        covered_value_cents: Set(1_000_000),
        fee_cents: Set(100_000),
        previous_contract_id: Set(None),
        maintenance_contact_id: Set(None),
        technician_id: Set(None),
        sites: Set(1),
        installed_versions: Set(String::new()),
        calendar_name: Set(None),
        invoice_method: Set(None),
        invoice_sent_on: Set(None),
        paid_on: Set(None),
        cancel_reason: Set(None),
        free_batch_month: Set(None),
        created_by: Set(by),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

async fn insert<A: ActiveModelTrait>(app: &TestApp, rows: Vec<A>) {
    <A::Entity as EntityTrait>::insert_many(rows)
        .exec_without_returning(&app.db)
        .await
        .unwrap();
}

/// Seconds as a time span.
fn s(seconds: usize) -> TimeDelta {
    TimeDelta::seconds(i64::try_from(seconds).unwrap())
}

#[tokio::test]
async fn contracts_walk_by_cursor_newest_first_and_ending_soonest_while_rows_arrive() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ([first, second], by, now) = setting(&app).await;
    let today = now.date_naive();
    let statuses = [
        ContractStatus::Signed,
        ContractStatus::Draft,
        ContractStatus::Paid,
    ];
    let rows = (0..60)
        .map(|n| {
            let customer = if n % 4 == 0 { second } else { first };
            let ends = today + Days::new(u64::try_from(n % 9 * 20).unwrap());
            contract(customer, by, now - s(n / 3), statuses[n % 3], ends)
        })
        .collect();
    insert(&app, rows).await;
    let all = contracts::Entity::find().all(&app.db).await.unwrap();

    let newest = sorted(all.clone(), |c| (c.created_at, c.id), true, false);
    let mut arrived = 0;
    let arrive = async || {
        arrived += 1;
        let rows = vec![
            contract(first, by, now + s(arrived), statuses[1], today),
            contract(second, by, now - s(7), statuses[0], today + Days::new(40)),
        ];
        insert(&app, rows).await;
    };
    walk_while_rows_arrive(&app, &admin, "/api/v1/contracts", newest, arrive).await;

    // Ending within 100 days: in force, the soonest end first.
    let all = contracts::Entity::find().all(&app.db).await.unwrap();
    let window = today + Days::new(100);
    let ending: Vec<contracts::Model> = all
        .iter()
        .filter(|c| c.status.is_in_force() && c.period_end >= today && c.period_end <= window)
        .cloned()
        .collect();
    let soonest = sorted(ending, |c| (c.period_end, c.id), false, false);
    let mut arrived = 0;
    let arrive = async || {
        arrived += 1;
        let ends = today + Days::new(arrived * 7 % 100);
        let rows = vec![contract(first, by, now, statuses[2], ends)];
        insert(&app, rows).await;
    };
    let path = "/api/v1/contracts?ending_within_days=100";
    walk_while_rows_arrive(&app, &admin, path, soonest, arrive).await;

    // A filter's walk: one customer's.
    let all = contracts::Entity::find().all(&app.db).await.unwrap();
    let theirs: Vec<contracts::Model> = all
        .into_iter()
        .filter(|c| c.customer_id == second)
        .collect();
    let want = sorted(theirs, |c| (c.created_at, c.id), true, false);
    let path = format!("/api/v1/contracts?customer_id={second}");
    walk_while_rows_arrive(&app, &admin, &path, want, async || {}).await;
}

fn visit(
    customer: Uuid,
    by: Uuid,
    due: DateTime<Utc>,
    status: VisitStatus,
) -> return_visits::ActiveModel {
    return_visits::ActiveModel {
        id: Set(Uuid::new_v4()),
        kind: Set(VisitKind::Routine),
        customer_id: Set(customer),
        request_id: Set(None),
        contact_id: Set(None),
        status: Set(status),
        due_at: Set(due),
        visited_at: Set(None),
        visited_by: Set(None),
        satisfaction: Set(None),
        suggestions: Set(None),
        checklist: Set(None),
        created_by: Set(by),
        version: Set(1),
        created_at: Set(due),
        updated_at: Set(due),
    }
}

#[tokio::test]
async fn visits_walk_by_cursor_soonest_due_first_while_rows_arrive() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ([first, second], by, now) = setting(&app).await;
    let rows = (0..60)
        .map(|n| {
            let customer = if n % 3 == 0 { second } else { first };
            let status = if n % 5 == 0 {
                VisitStatus::Cancelled
            } else {
                VisitStatus::Due
            };
            visit(
                customer,
                by,
                now + TimeDelta::hours(5) - s(n / 2 * 1800),
                status,
            )
        })
        .collect();
    insert(&app, rows).await;
    let all = return_visits::Entity::find().all(&app.db).await.unwrap();
    let soonest = sorted(all, |v| (v.due_at, v.id), false, false);
    let mut arrived = 0;
    let arrive = async || {
        arrived += 1;
        let rows = vec![
            visit(first, by, now - s(600), VisitStatus::Due),
            visit(second, by, now + TimeDelta::days(arrived), VisitStatus::Due),
        ];
        insert(&app, rows).await;
    };
    walk_while_rows_arrive(&app, &admin, "/api/v1/visits", soonest, arrive).await;

    let all = return_visits::Entity::find().all(&app.db).await.unwrap();
    let overdue: Vec<return_visits::Model> = all
        .into_iter()
        .filter(|v| v.status == VisitStatus::Due && v.due_at < now)
        .collect();
    let want = sorted(overdue, |v| (v.due_at, v.id), false, false);
    let arrive = async || {
        insert(
            &app,
            vec![visit(second, by, now - s(900), VisitStatus::Due)],
        )
        .await;
    };
    walk_while_rows_arrive(&app, &admin, "/api/v1/visits?overdue=true", want, arrive).await;

    let all = return_visits::Entity::find().all(&app.db).await.unwrap();
    let theirs: Vec<return_visits::Model> =
        all.into_iter().filter(|v| v.customer_id == first).collect();
    let want = sorted(theirs, |v| (v.due_at, v.id), false, false);
    let path = format!("/api/v1/visits?customer_id={first}");
    walk_while_rows_arrive(&app, &admin, &path, want, async || {}).await;
}

fn complaint(
    customer: Uuid,
    by: Uuid,
    at: DateTime<Utc>,
    promised: DateTime<Utc>,
    status: ComplaintStatus,
) -> complaints::ActiveModel {
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
        resolved_at: Set(None),
        revisited_at: Set(None),
        satisfaction: Set(None),
        created_by: Set(by),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

#[tokio::test]
async fn complaints_walk_by_cursor_newest_first_and_most_overdue_first_while_rows_arrive() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ([first, second], by, now) = setting(&app).await;
    let statuses = [
        ComplaintStatus::Received,
        ComplaintStatus::Investigating,
        ComplaintStatus::Resolved,
    ];
    let rows = (0..60)
        .map(|n| {
            let customer = if n % 4 == 0 { second } else { first };
            let at = now - TimeDelta::days(3) - s(n / 3);
            let promised = now - TimeDelta::hours(20) + s(n % 7 * 7200);
            complaint(customer, by, at, promised, statuses[n % 3])
        })
        .collect();
    insert(&app, rows).await;
    let all = complaints::Entity::find().all(&app.db).await.unwrap();
    let newest = sorted(all, |c| (c.created_at, c.id), true, false);
    let mut arrived = 0;
    let arrive = async || {
        arrived += 1;
        let late = now - TimeDelta::days(3) - s(5);
        let rows = vec![
            complaint(first, by, now + s(arrived), now, statuses[0]),
            complaint(second, by, late, now - TimeDelta::hours(30), statuses[0]),
        ];
        insert(&app, rows).await;
    };
    walk_while_rows_arrive(&app, &admin, "/api/v1/complaints", newest, arrive).await;

    let all = complaints::Entity::find().all(&app.db).await.unwrap();
    let overdue: Vec<complaints::Model> = all
        .into_iter()
        .filter(|c| c.status.is_open() && c.promised_by < now)
        .collect();
    let want = sorted(overdue, |c| (c.promised_by, c.id), false, false);
    let mut arrived = 0;
    let arrive = async || {
        arrived += 1;
        let promised = now - TimeDelta::hours(arrived * 2);
        let rows = vec![complaint(first, by, now, promised, statuses[1])];
        insert(&app, rows).await;
    };
    let path = "/api/v1/complaints?overdue=true";
    walk_while_rows_arrive(&app, &admin, path, want, arrive).await;

    let all = complaints::Entity::find().all(&app.db).await.unwrap();
    let theirs: Vec<complaints::Model> = all
        .into_iter()
        .filter(|c| c.status == ComplaintStatus::Received)
        .collect();
    let want = sorted(theirs, |c| (c.created_at, c.id), true, false);
    let path = "/api/v1/complaints?status=received";
    walk_while_rows_arrive(&app, &admin, path, want, async || {}).await;
}

fn need(
    customer: Uuid,
    by: Uuid,
    at: DateTime<Utc>,
    respond_by: DateTime<Utc>,
    answered: bool,
) -> needs::ActiveModel {
    needs::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer),
        request_id: Set(None),
        kind: Set(NeedKind::Feature),
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
        at_risk_from: Set(respond_by - TimeDelta::hours(1)),
        responded_at: Set(answered.then_some(at)),
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

#[tokio::test]
async fn needs_walk_by_cursor_newest_first_and_most_overdue_first_while_rows_arrive() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ([first, second], by, now) = setting(&app).await;
    let rows = (0..60)
        .map(|n| {
            let customer = if n % 4 == 0 { second } else { first };
            let at = now - TimeDelta::days(2) - s(n / 3);
            let respond_by = now - TimeDelta::hours(10) + s(n % 6 * 7200);
            need(customer, by, at, respond_by, n % 5 == 0)
        })
        .collect();
    insert(&app, rows).await;
    let all = needs::Entity::find().all(&app.db).await.unwrap();
    let newest = sorted(all, |n| (n.created_at, n.id), true, true);
    let mut arrived = 0;
    let arrive = async || {
        arrived += 1;
        let middle = now - TimeDelta::days(2) - s(4);
        let rows = vec![
            need(first, by, now + s(arrived), now, false),
            need(second, by, middle, now - TimeDelta::hours(3), false),
        ];
        insert(&app, rows).await;
    };
    walk_while_rows_arrive(&app, &admin, "/api/v1/needs", newest, arrive).await;

    let all = needs::Entity::find().all(&app.db).await.unwrap();
    let overdue: Vec<needs::Model> = all
        .into_iter()
        .filter(|n| n.responded_at.is_none() && n.respond_by < now)
        .collect();
    let want = sorted(overdue, |n| (n.respond_by, n.id), false, true);
    let mut arrived = 0;
    let arrive = async || {
        arrived += 1;
        let respond_by = now - TimeDelta::hours(arrived * 2);
        insert(&app, vec![need(second, by, now, respond_by, false)]).await;
    };
    let path = "/api/v1/needs?overdue=true";
    walk_while_rows_arrive(&app, &admin, path, want, arrive).await;

    let all = needs::Entity::find().all(&app.db).await.unwrap();
    let theirs: Vec<needs::Model> = all.into_iter().filter(|n| n.customer_id == first).collect();
    let want = sorted(theirs, |n| (n.created_at, n.id), true, true);
    let path = format!("/api/v1/needs?customer_id={first}");
    walk_while_rows_arrive(&app, &admin, &path, want, async || {}).await;
}

#[tokio::test]
async fn a_cursor_these_lists_did_not_hand_out_is_refused_naming_cursor() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ([first, _], by, now) = setting(&app).await;
    let today = now.date_naive();
    let past = now - TimeDelta::hours(5);
    insert(
        &app,
        vec![
            contract(first, by, now, ContractStatus::Signed, today),
            contract(first, by, past, ContractStatus::Signed, today),
        ],
    )
    .await;
    insert(
        &app,
        vec![
            visit(first, by, past, VisitStatus::Due),
            visit(first, by, now, VisitStatus::Due),
        ],
    )
    .await;
    let open = ComplaintStatus::Received;
    insert(
        &app,
        vec![
            complaint(first, by, now, past, open),
            complaint(first, by, past, past, open),
        ],
    )
    .await;
    insert(
        &app,
        vec![
            need(first, by, now, past, false),
            need(first, by, past, past, false),
        ],
    )
    .await;
    let next = async |path: &str| {
        let reply = app.call("GET", path, Some(&admin), None).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply.body["next_cursor"].as_str().unwrap().to_owned()
    };
    let customers = next("/api/v1/customers?limit=1").await;
    // Each list with the cursor of another of its orders, or another list's.
    let lists = [
        (
            "/api/v1/contracts",
            "/api/v1/contracts?ending_within_days=30",
        ),
        ("/api/v1/visits", "/api/v1/customers?sort=-created_at"),
        ("/api/v1/complaints", "/api/v1/complaints?overdue=true"),
        ("/api/v1/needs", "/api/v1/needs?overdue=true"),
    ];
    for (list, other) in lists {
        let own = next(&format!("{list}?limit=1")).await;
        let other = next(&format!("{other}&limit=1")).await;
        let separator = if list.contains('?') { '&' } else { '?' };
        for path in [
            format!("{list}{separator}cursor=nonsense"),
            format!("{list}{separator}cursor="),
            format!("{list}{separator}cursor=c2025_00000000000000000000000000000000"),
            format!("{list}{separator}cursor={other}"),
            format!("{list}{separator}cursor={customers}"),
            format!("{list}{separator}cursor={own}&page=2"),
        ] {
            let reply = app.call("GET", &path, Some(&admin), None).await;
            let problem = assert_problem(&reply, 422);
            assert!(problem["errors"]["cursor"].is_array(), "{path}: {problem}");
        }
        let reply = app
            .call(
                "GET",
                &format!("{list}?limit=1&cursor={own}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{list}: {}", reply.body);
        assert_eq!(reply.body["items"].as_array().unwrap().len(), 1, "{list}");
        assert_eq!(reply.body["page"], 0, "{list}");
    }
}
