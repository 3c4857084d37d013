//! Every view of the request list (SPEC section 12: mine, unassigned, my
//! department, at risk, breached, waiting on the customer, all; and the
//! filters customer, assignee, priority, remote, billable) lists exactly
//! the requests a reference filter finds over the requests as read one by
//! one, newest first, across pauses and resumes and as time passes; cursor
//! paging walks a list whole while requests keep arriving.

use std::collections::BTreeSet;

use chrono::TimeDelta;
use rapport_entity::service_requests;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;
use crate::request_actions::{done, read};
use crate::requests::{covered_customer, intake, take_in};
use crate::scheduler::run_job;

/// A request as the reference filter sees it: read alone, with its SLA
/// targets measured by the server's Rust code.
struct Row {
    id: String,
    created_at: String,
    status: String,
    department: String,
    priority: String,
    assignee: Option<String>,
    customer: String,
    remote: bool,
    billable: bool,
    /// The worst target's status (breached, at risk, running, met).
    sla: Option<String>,
    /// What a list's row shows as the detail does: the countdown, the names.
    shown: Value,
}

const OPEN: [&str; 5] = [
    "new",
    "assigned",
    "in_progress",
    "waiting_customer",
    "reopened",
];

impl Row {
    fn of(detail: &Value) -> Row {
        let text = |field: &str| detail[field].as_str().unwrap().to_owned();
        let worst = ["breached", "at_risk", "running", "met"];
        let statuses: Vec<&str> = detail["sla"]
            .as_array()
            .unwrap()
            .iter()
            .map(|clock| clock["status"].as_str().unwrap())
            .collect();
        let sla = worst
            .iter()
            .find(|status| statuses.contains(status))
            .map(|status| (*status).to_owned());
        Row {
            id: text("id"),
            created_at: text("created_at"),
            status: text("status"),
            department: text("department"),
            priority: text("priority"),
            assignee: detail["assignee_id"].as_str().map(str::to_owned),
            customer: text("customer_id"),
            remote: detail["remote"].as_bool().unwrap(),
            billable: detail["billable"].as_bool().unwrap(),
            sla,
            shown: shown(detail),
        }
    }

    fn open(&self) -> bool {
        OPEN.contains(&self.status.as_str())
    }

    fn sla_is(&self, status: &str) -> bool {
        self.sla.as_deref() == Some(status)
    }
}

/// The fields of a request (its detail, or a row of a list) that a list
/// row must show as its detail does.
fn shown(request: &Value) -> Value {
    json!({
        "due": request["due"],
        "customer_name": request["customer_name"],
        "assignee_name": request["assignee_name"],
        "status": request["status"],
        "version": request["version"],
    })
}

/// Every page of `path` (a list query), walked by cursor; the ids in order.
async fn walk(app: &TestApp, token: &str, path: &str, limit: u32) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{separator}limit={limit}");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let reply = app.call("GET", &url, Some(token), None).await;
        assert_eq!(reply.status, 200, "{url}: {}", reply.body);
        for item in reply.body["items"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_owned());
        }
        match reply.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return ids,
        }
    }
    panic!("{path}: the walk did not end");
}

/// Every page of `path` (a list query), by page number until one comes back
/// empty; the ids in order. Each page counts `total` exactly.
async fn numbered(
    app: &TestApp,
    token: &str,
    path: &str,
    limit: usize,
    total: usize,
) -> Vec<String> {
    let mut ids = Vec::new();
    for page in 1..1000 {
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = format!("{path}{separator}limit={limit}&page={page}");
        let reply = app.call("GET", &url, Some(token), None).await;
        assert_eq!(reply.status, 200, "{url}: {}", reply.body);
        assert_eq!(reply.body["page"], page, "{url}");
        assert_eq!(reply.body["total"], total, "{url}");
        assert_eq!(reply.body["total_exact"], true, "{url}");
        let items = reply.body["items"].as_array().unwrap();
        let last = ids.len() + items.len() == total;
        assert_eq!(reply.body["next_cursor"].is_null(), last, "{url}");
        if items.is_empty() {
            return ids;
        }
        ids.extend(
            items
                .iter()
                .map(|item| item["id"].as_str().unwrap().to_owned()),
        );
    }
    panic!("{path}: the pages did not end");
}

/// Compares every view with the reference filter over the requests now.
async fn every_view_matches(
    app: &TestApp,
    ids: &[String],
    technician: &str,
    c: &str,
    seen: &mut BTreeSet<String>,
) {
    let admin = app.admin_token().await;
    let mut rows = Vec::new();
    for id in ids {
        rows.push(Row::of(&read(app, &admin, &json!({"id": id})).await));
    }
    // Newest first; ids break ties as the list does (uuids compare as text here
    // as they do in the database: both are their bytes in order).
    rows.sort_by(|a, b| (&b.created_at, &b.id).cmp(&(&a.created_at, &a.id)));
    type Keep = Box<dyn Fn(&Row) -> bool>;
    let t = technician.to_owned();
    let cc = c.to_owned();
    let views: Vec<(String, Keep)> = vec![
        ("/api/v1/requests".into(), Box::new(|_| true)),
        (
            format!("/api/v1/requests?assignee_id={t}&open=true"),
            Box::new({
                let t = t.clone();
                move |r| r.assignee.as_deref() == Some(t.as_str()) && r.open()
            }),
        ),
        (
            "/api/v1/requests?unassigned=true&open=true".into(),
            Box::new(|r| r.assignee.is_none() && r.open()),
        ),
        (
            "/api/v1/requests?department=technical_software&open=true".into(),
            Box::new(|r| r.department == "technical_software" && r.open()),
        ),
        (
            "/api/v1/requests?sla_status=at_risk".into(),
            Box::new(|r| r.sla_is("at_risk")),
        ),
        (
            "/api/v1/requests?sla_status=at_risk&department=technical_software".into(),
            Box::new(|r| r.sla_is("at_risk") && r.department == "technical_software"),
        ),
        (
            "/api/v1/requests?breached=true".into(),
            Box::new(|r| r.sla_is("breached")),
        ),
        (
            "/api/v1/requests?sla_status=breached&priority=urgent".into(),
            Box::new(|r| r.sla_is("breached") && r.priority == "urgent"),
        ),
        (
            "/api/v1/requests?sla_status=running".into(),
            Box::new(|r| r.sla_is("running")),
        ),
        (
            "/api/v1/requests?sla_status=met".into(),
            Box::new(|r| r.sla_is("met")),
        ),
        (
            "/api/v1/requests?status=waiting_customer".into(),
            Box::new(|r| r.status == "waiting_customer"),
        ),
        (
            format!("/api/v1/requests?customer_id={cc}"),
            Box::new(move |r| r.customer == cc),
        ),
        (
            format!("/api/v1/requests?assignee_id={t}"),
            Box::new(move |r| r.assignee.as_deref() == Some(t.as_str())),
        ),
        (
            "/api/v1/requests?priority=urgent".into(),
            Box::new(|r| r.priority == "urgent"),
        ),
        (
            "/api/v1/requests?status=assigned&priority=urgent".into(),
            Box::new(|r| r.status == "assigned" && r.priority == "urgent"),
        ),
        (
            "/api/v1/requests?remote=true".into(),
            Box::new(|r| r.remote),
        ),
        (
            "/api/v1/requests?billable=true".into(),
            Box::new(|r| r.billable),
        ),
        (
            "/api/v1/requests?billable=false&open=false".into(),
            Box::new(|r| !r.billable && !r.open()),
        ),
        (
            "/api/v1/requests?department=sales".into(),
            Box::new(|r| r.department == "sales"),
        ),
    ];
    for (path, keep) in views {
        let want: Vec<String> = rows
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.id.clone())
            .collect();
        if !want.is_empty() {
            seen.insert(path.clone());
        }
        // Whole, in one page, with its count.
        let separator = if path.contains('?') { '&' } else { '?' };
        let reply = app
            .call(
                "GET",
                &format!("{path}{separator}limit=200"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        let found: Vec<String> = reply.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(found, want, "{path}");
        let want_shown: Vec<&Value> = rows.iter().filter(|r| keep(r)).map(|r| &r.shown).collect();
        let found_shown: Vec<Value> = reply.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(shown)
            .collect();
        assert_eq!(
            found_shown.iter().collect::<Vec<_>>(),
            want_shown,
            "{path}: countdowns and names"
        );
        assert_eq!(reply.body["total"], want.len(), "{path}");
        assert_eq!(reply.body["total_exact"], true, "{path}");
        // And two at a time by cursor, and by page number.
        assert_eq!(walk(app, &admin, &path, 2).await, want, "{path} by cursor");
        assert_eq!(
            numbered(app, &admin, &path, 2, want.len()).await,
            want,
            "{path} by page number"
        );
    }
}

#[tokio::test]
async fn every_view_lists_what_a_reference_filter_finds_across_pauses_and_time() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, technician_id) = app.user_with_role("technician").await;
    let covered = covered_customer(&app, &admin).await;
    let billable = customer(&app, &admin, "按次收费").await;

    let mut taken = Vec::new();
    for (c, category, kind, priority) in [
        (&covered, "fault", "software", "urgent"),
        (&covered, "fault", "software", "routine"),
        (&covered, "fault", "hardware", "important"),
        (&covered, "consultation", "software", "routine"),
        (&billable, "fault", "software", "urgent"),
        (&billable, "fault", "software", "important"),
        (&billable, "service", "software", "routine"),
        (&covered, "feature", "software", "important"),
    ] {
        taken.push(take_in(&app, &admin, intake(c, category, kind, priority)).await);
        app.clock.advance(TimeDelta::minutes(1));
    }
    let mut seen = BTreeSet::new();
    let ids: Vec<String> = taken
        .iter()
        .map(|request| request["id"].as_str().unwrap().to_owned())
        .collect();
    every_view_matches(&app, &ids, &technician_id, &covered, &mut seen).await;

    // Work on them: call-backs, a fix done remotely, a wait on the
    // customer for a quote, a cancellation.
    let called = done(&app, &technician, &taken[0], json!({"action": "call_back"})).await;
    done(
        &app,
        &technician,
        &called,
        json!({"action": "resolve", "method": "remote", "fault_description": "证书过期",
            "solution": "远程更新证书"}),
    )
    .await;
    let called = done(&app, &technician, &taken[4], json!({"action": "call_back"})).await;
    let waiting = done(
        &app,
        &admin,
        &called,
        json!({"action": "quote", "fee_cents": 50000, "method": "remote"}),
    )
    .await;
    let called = done(&app, &technician, &taken[5], json!({"action": "call_back"})).await;
    let other_wait = done(
        &app,
        &admin,
        &called,
        json!({"action": "quote", "fee_cents": 30000, "method": "remote"}),
    )
    .await;
    done(
        &app,
        &admin,
        &taken[7],
        json!({"action": "cancel", "reason": "重复提交"}),
    )
    .await;
    every_view_matches(&app, &ids, &technician_id, &covered, &mut seen).await;

    // Time passes over at-risk instants and deadlines; one wait ends, the
    // other goes on.
    for (step, hours) in [3, 17, 6, 30, 20, 30, 120].into_iter().enumerate() {
        app.clock.advance(TimeDelta::hours(hours));
        if step == 2 {
            let admin = app.admin_token().await;
            let waiting = read(&app, &admin, &waiting).await;
            done(&app, &admin, &waiting, json!({"action": "accept_quote"})).await;
        }
        if step == 4 {
            // Past its deadlines, then waiting on the customer: its clocks
            // stop breached.
            let admin = app.admin_token().await;
            let late = read(&app, &admin, &taken[6]).await;
            let called = done(&app, &admin, &late, json!({"action": "call_back"})).await;
            let quote = json!({"action": "quote", "fee_cents": 20000, "method": "remote"});
            done(&app, &admin, &called, quote).await;
        }
        if step % 2 == 1 {
            // The SLA job marks what stands breached: PostgreSQL's breached
            // view reads the marked and the unmarked apart.
            run_job(&app, "sla_clocks").await;
        }
        every_view_matches(&app, &ids, &technician_id, &covered, &mut seen).await;
    }
    let admin = app.admin_token().await;
    let still = read(&app, &admin, &other_wait).await;
    assert_eq!(still["status"], "waiting_customer");
    // "Breached" holds a request whose clocks stopped breached beside those
    // whose clocks still run: the reference comparisons above covered both.
    let breached = app
        .call("GET", "/api/v1/requests?breached=true", Some(&admin), None)
        .await;
    let statuses: Vec<&str> = breached.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["status"].as_str().unwrap())
        .collect();
    assert!(statuses.contains(&"waiting_customer"), "{statuses:?}");
    assert!(
        statuses.iter().any(|status| *status != "waiting_customer"),
        "{statuses:?}"
    );
    // Each SLA view held some request at some point.
    for status in ["at_risk", "running"] {
        let path = format!("/api/v1/requests?sla_status={status}");
        assert!(seen.contains(&path), "{path} was always empty");
    }
    for path in [
        "/api/v1/requests?breached=true",
        "/api/v1/requests?status=waiting_customer",
        "/api/v1/requests?remote=true",
        "/api/v1/requests?unassigned=true&open=true",
    ] {
        assert!(seen.contains(path), "{path} was always empty");
    }
}

#[tokio::test]
async fn cursor_paging_walks_a_list_whole_while_requests_arrive() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "翻页").await;
    let mut ids = Vec::new();
    for n in 0..7 {
        let mut body = intake(&c, "fault", "software", "routine");
        body["title"] = json!(format!("打印机故障 {n}"));
        ids.push(
            take_in(&app, &admin, body).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        // Two in the same instant: ids break the tie.
        if n % 2 == 1 {
            app.clock.advance(TimeDelta::seconds(1));
        }
    }
    let mut seen = BTreeSet::new();
    for path in ["/api/v1/requests", "/api/v1/requests?q=%E6%89%93%E5%8D%B0"] {
        let separator = if path.contains('?') { '&' } else { '?' };
        let all = app
            .call(
                "GET",
                &format!("{path}{separator}limit=200"),
                Some(&admin),
                None,
            )
            .await;
        let expected: Vec<String> = all.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect();
        seen.extend(expected.iter().cloned());
        // The first page, then three newer requests, then the rest.
        let first = app
            .call(
                "GET",
                &format!("{path}{separator}limit=3"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(first.status, 200, "{}", first.body);
        assert_eq!(first.body["page"], 1);
        let mut walked: Vec<String> = first.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect();
        for _ in 0..3 {
            let mut body = intake(&c, "fault", "software", "routine");
            body["title"] = json!("打印机又坏了");
            take_in(&app, &admin, body).await;
        }
        let mut cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
        loop {
            let url = format!("{path}{separator}limit=3&cursor={cursor}");
            let reply = app.call("GET", &url, Some(&admin), None).await;
            assert_eq!(reply.status, 200, "{url}: {}", reply.body);
            assert_eq!(reply.body["page"], 0, "a page by cursor has no number");
            walked.extend(
                reply.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|item| item["id"].as_str().unwrap().to_owned()),
            );
            match reply.body["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        assert_eq!(walked, expected, "{path}: no duplicate, no gap");
    }
    assert!(ids.iter().all(|id| seen.contains(id)));
}

#[tokio::test]
async fn a_bad_cursor_is_refused_naming_cursor() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "游标").await;
    for _ in 0..3 {
        take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    }
    let page = app
        .call("GET", "/api/v1/requests?limit=1", Some(&admin), None)
        .await;
    let list_cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    let search = app
        .call(
            "GET",
            "/api/v1/requests?limit=1&q=%E7%99%BB%E5%BD%95",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(search.body["total"], 3, "{}", search.body);
    let search_cursor = search.body["next_cursor"].as_str().unwrap().to_owned();
    let queue = app
        .call("GET", "/api/v1/requests/queue?limit=1", Some(&admin), None)
        .await;
    assert_eq!(queue.status, 200, "{}", queue.body);

    for path in [
        "/api/v1/requests?cursor=nonsense".to_owned(),
        "/api/v1/requests?cursor=".to_owned(),
        format!("/api/v1/requests?cursor={list_cursor}&page=2"),
        format!("/api/v1/requests?cursor={search_cursor}"),
        format!("/api/v1/requests?q=%E7%99%BB%E5%BD%95&cursor={list_cursor}"),
        format!("/api/v1/requests/queue?cursor={list_cursor}"),
    ] {
        let reply = app.call("GET", &path, Some(&admin), None).await;
        let problem = assert_problem(&reply, 422);
        assert!(problem["errors"]["cursor"].is_array(), "{path}: {problem}");
    }
    // The page numbers of before still work.
    let second = app
        .call("GET", "/api/v1/requests?limit=1&page=2", Some(&admin), None)
        .await;
    assert_eq!(second.status, 200);
    assert_eq!(second.body["page"], 2);
    assert_eq!(second.body["total"], 3);
    assert!(second.body["next_cursor"].is_string());
}

#[tokio::test]
async fn the_queue_walks_by_cursor_nearest_deadline_first() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    for priority in ["routine", "urgent", "important", "routine", "urgent"] {
        take_in(&app, &admin, intake(&c, "fault", "software", priority)).await;
        app.clock.advance(TimeDelta::minutes(1));
    }
    let whole = app
        .call(
            "GET",
            "/api/v1/requests/queue?limit=200",
            Some(&technician),
            None,
        )
        .await;
    assert_eq!(whole.status, 200, "{}", whole.body);
    let items = whole.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let dues: Vec<&str> = items
        .iter()
        .map(|item| item["due"]["deadline"].as_str().unwrap())
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "nearest deadline first");
    let expected: Vec<String> = items
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        walk(&app, &technician, "/api/v1/requests/queue", 2).await,
        expected
    );
}

#[tokio::test]
async fn a_capped_count_is_remembered_and_an_exact_one_is_not() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let covered = covered_customer(&app, &admin).await;
    let first = take_in(
        &app,
        &admin,
        intake(&covered, "fault", "software", "routine"),
    )
    .await;
    let first: Uuid = first["id"].as_str().unwrap().parse().unwrap();
    let stored = service_requests::Entity::find_by_id(first)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // 1,005 older copies, written to the table directly.
    let copies: Vec<service_requests::Model> = (1..=1_005)
        .map(|n| service_requests::Model {
            id: Uuid::new_v4(),
            seq: stored.seq + n,
            number: format!("SR-{}-{:06}", stored.year, stored.seq + n),
            created_at: stored.created_at - TimeDelta::seconds(n.into()),
            ..stored.clone()
        })
        .collect();
    for chunk in copies.chunks(200) {
        let rows: Vec<service_requests::ActiveModel> =
            chunk.iter().cloned().map(Into::into).collect();
        service_requests::Entity::insert_many(rows)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    let count = async |path: &str| {
        let reply = app.call("GET", path, Some(&admin), None).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        (
            reply.body["total"].clone(),
            reply.body["total_exact"].clone(),
        )
    };
    let forget = async |copies: &[service_requests::Model]| {
        service_requests::Entity::delete_many()
            .filter(service_requests::Column::Id.is_in(copies.iter().map(|copy| copy.id)))
            .exec(&app.db)
            .await
            .unwrap();
    };

    let all = "/api/v1/requests?limit=5";
    assert_eq!(count(all).await, (json!(1_000), json!(false)));
    // Below the cap now; the capped count stands, for every page.
    forget(&copies[..10]).await;
    assert_eq!(count(all).await, (json!(1_000), json!(false)));
    assert_eq!(
        count(&format!("{all}&page=3")).await,
        (json!(1_000), json!(false))
    );
    // A count under the cap is exact, and counted again each time.
    let routine = "/api/v1/requests?limit=5&priority=routine&department=technical_software";
    assert_eq!(count(routine).await, (json!(996), json!(true)));
    forget(&copies[10..11]).await;
    assert_eq!(count(routine).await, (json!(995), json!(true)));
    // The last page knows its total without counting.
    assert_eq!(
        count(&format!("{routine}&page=199")).await,
        (json!(995), json!(true))
    );
}
