//! The scheduler (SPEC 11): each time-driven event is announced once when
//! its time comes (not before, not twice, also after a downtime, also with
//! two instances on one database), and `GET /jobs` shows what each job did.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::care::managed_customer;
use crate::complaints::complaint_id;
use crate::contracts::{contract, step};
use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, pending_customer, product};
use crate::requests::{clock, intake, take_in};

/// Runs job `name` now, as an administrator, and answers its status.
pub async fn run_job(app: &TestApp, name: &str) -> Value {
    let admin = app.admin_token().await;
    let path = format!("/api/v1/jobs/{name}/run");
    let run = app.call("POST", &path, Some(&admin), None).await;
    assert_eq!(run.status, 200, "running {name}: {}", run.body);
    assert_eq!(run.body["last_error"], Value::Null, "{}", run.body);
    run.body
}

/// Someone on the staff: tests move the clock past access tokens'
/// lifetimes, so they log in afresh whenever they act.
pub struct Person {
    email: String,
    pub id: String,
}

impl Person {
    /// Creates a user with `role` in `department`.
    pub async fn new(app: &TestApp, role: &str, department: &str) -> Person {
        let admin = app.admin_token().await;
        let email = format!("{role}-{}@scheduler.test", uuid::Uuid::now_v7().simple());
        let created = app
            .call(
                "POST",
                "/api/v1/users",
                Some(&admin),
                Some(
                    json!({"email": email, "display_name": role, "password": PASSWORD,
                    "role": role, "department": department}),
                ),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        Person { email, id }
    }

    /// Their access token, as of the server's clock now.
    pub async fn token(&self, app: &TestApp) -> String {
        let login = app.login(&self.email, PASSWORD).await;
        assert_eq!(login.status, 200, "{}", login.body);
        login.body["access_token"].as_str().unwrap().to_owned()
    }
}

const PASSWORD: &str = "a long password";

/// The notices of `kind` `person` has, unread.
async fn notices(app: &TestApp, person: &Person, kind: &str) -> Vec<Value> {
    let token = person.token(app).await;
    let path = "/api/v1/notifications?unread=true&limit=200";
    let inbox = app.call("GET", path, Some(&token), None).await;
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["notice"].clone())
        .filter(|notice| notice["kind"] == kind)
        .collect()
}

/// Registers a webhook endpoint for `events` (at a port nothing listens
/// on: these tests read what was queued, not what arrived) and answers its id.
async fn subscribe(app: &TestApp, events: &[&str]) -> String {
    let admin = app.admin_token().await;
    let body = json!({"url": "http://127.0.0.1:9/hook", "events": events});
    let created = app
        .call("POST", "/api/v1/webhooks", Some(&admin), Some(body))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// The events queued for endpoint `id`, oldest first.
async fn queued(app: &TestApp, id: &str) -> Vec<String> {
    let admin = app.admin_token().await;
    let path = format!("/api/v1/webhooks/{id}/deliveries?limit=200");
    let page = app.call("GET", &path, Some(&admin), None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let mut events: Vec<String> = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|delivery| delivery["event"].as_str().unwrap().to_owned())
        .collect();
    events.reverse();
    events
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// The software department's only technician (where routing sends a
/// software fault) and a manager.
async fn software_team(app: &TestApp) -> (Person, Person) {
    let technician = Person::new(app, "technician", "technical_software").await;
    let manager = Person::new(app, "manager", "management").await;
    (technician, manager)
}

#[tokio::test]
async fn a_target_is_announced_at_risk_then_breached_each_once_when_its_time_comes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, manager) = software_team(&app).await;
    let hook = subscribe(&app, &["request.sla_at_risk", "request.sla_breached"]).await;
    let c = customer(&app, &admin, "时钟客户").await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    assert_eq!(request["assignee_id"], json!(technician.id), "{request}");
    let call_back = clock(&request, "call_back");
    let at_risk_from = at(call_back["at_risk_from"].as_str().unwrap());
    let deadline = at(call_back["deadline"].as_str().unwrap());

    app.clock.set(at_risk_from - TimeDelta::seconds(1));
    run_job(&app, "sla_clocks").await;
    assert!(
        notices(&app, &technician, "sla_at_risk").await.is_empty(),
        "not before"
    );

    app.clock.set(at_risk_from);
    let run = run_job(&app, "sla_clocks").await;
    assert_eq!(run["last_outcome"]["at_risk"], 1, "{run}");
    let at_risk = notices(&app, &technician, "sla_at_risk").await;
    assert_eq!(at_risk.len(), 1, "{at_risk:?}");
    assert_eq!(at_risk[0]["request_number"], request["number"]);
    assert_eq!(at_risk[0]["target"], "call_back");
    assert_eq!(at(at_risk[0]["deadline"].as_str().unwrap()), deadline);
    // A risk with an assignee is theirs; the manager hears of breaches.
    assert!(notices(&app, &manager, "sla_at_risk").await.is_empty());

    run_job(&app, "sla_clocks").await;
    assert_eq!(
        notices(&app, &technician, "sla_at_risk").await.len(),
        1,
        "not twice"
    );

    app.clock.set(deadline);
    run_job(&app, "sla_clocks").await;
    assert!(
        notices(&app, &technician, "sla_breached").await.is_empty(),
        "due, not yet late"
    );

    app.clock.set(deadline + TimeDelta::seconds(1));
    run_job(&app, "sla_clocks").await;
    run_job(&app, "sla_clocks").await;
    assert_eq!(notices(&app, &technician, "sla_breached").await.len(), 1);
    let told = notices(&app, &manager, "sla_breached").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["request_number"], request["number"]);
    // Each announcement is a webhook event too, once.
    assert_eq!(
        queued(&app, &hook).await,
        ["request.sla_at_risk", "request.sla_breached"]
    );
}

#[tokio::test]
async fn after_a_downtime_a_target_already_breached_is_announced_breached_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = software_team(&app).await;
    let c = customer(&app, &admin, "停机客户").await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    let deadline = at(clock(&request, "response_urgent")["deadline"]
        .as_str()
        .unwrap());

    // The server was down from intake until a day after the deadline.
    app.clock.set(deadline + TimeDelta::days(1));
    run_job(&app, "sla_clocks").await;
    assert!(notices(&app, &technician, "sla_at_risk").await.is_empty());
    let breached = notices(&app, &technician, "sla_breached").await;
    let targets: Vec<&Value> = breached.iter().map(|notice| &notice["target"]).collect();
    assert!(targets.contains(&&json!("response_urgent")), "{breached:?}");
    let count = breached.len();
    run_job(&app, "sla_clocks").await;
    assert_eq!(
        notices(&app, &technician, "sla_breached").await.len(),
        count
    );
}

#[tokio::test]
async fn a_request_waiting_on_the_customer_does_not_turn() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = software_team(&app).await;
    let c = customer(&app, &admin, "等待客户").await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let worker = technician.token(&app).await;
    let call_back =
        crate::request_actions::done(&app, &worker, &request, json!({"action": "call_back"})).await;
    let waiting = crate::request_actions::done(
        &app,
        &worker,
        &call_back,
        json!({"action": "wait_customer", "reason": "等客户提供日志"}),
    )
    .await;
    assert_eq!(waiting["status"], "waiting_customer", "{waiting}");
    // Long past every deadline by the wall clock, but its clocks stopped.
    app.clock.advance(TimeDelta::days(60));
    run_job(&app, "sla_clocks").await;
    assert!(notices(&app, &technician, "sla_at_risk").await.is_empty());
    assert!(notices(&app, &technician, "sla_breached").await.is_empty());
}

#[tokio::test]
async fn two_instances_on_one_database_announce_each_event_once() {
    let app = TestApp::spawn().await;
    let beside = app.spawn_beside().await;
    let admin = app.admin_token().await;
    let (technician, _) = software_team(&app).await;
    let c = customer(&app, &admin, "双实例客户").await;
    for _ in 0..5 {
        take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    }
    let later = app.clock.now() + TimeDelta::days(3);
    app.clock.set(later);
    beside.clock.set(later);
    let path = "/api/v1/jobs/sla_clocks/run";
    let admin = app.admin_token().await;
    let (one, two) = tokio::join!(
        app.call("POST", path, Some(&admin), None),
        beside.call("POST", path, Some(&admin), None),
    );
    // One ran it; the other found it claimed (or ran after it and found
    // nothing left to announce).
    for reply in [&one, &two] {
        assert!([200, 409].contains(&reply.status), "{}", reply.body);
    }
    run_job(&beside, "sla_clocks").await;
    run_job(&app, "sla_clocks").await;
    let breached = notices(&app, &technician, "sla_breached").await;
    let mut keys: Vec<String> = breached
        .iter()
        .map(|notice| format!("{}/{}", notice["request_number"], notice["target"]))
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "announced twice: {breached:?}");
    assert!(all >= 5, "{breached:?}");
}

#[tokio::test]
async fn an_overdue_complaint_promise_reaches_the_service_desk_and_the_managers_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let service = Person::new(&app, "service", "service").await;
    let manager = Person::new(&app, "manager", "management").await;
    let c = customer(&app, &admin, "投诉客户").await;
    complaint_id(&app, &service.token(&app).await, &c).await; // promised by 2025-03-04 18:00 +08:00

    app.clock.set(at("2025-03-04T18:00:00+08:00"));
    run_job(&app, "complaint_promises").await;
    assert!(
        notices(&app, &service, "complaint_overdue")
            .await
            .is_empty()
    );

    app.clock.set(at("2025-03-04T18:01:00+08:00"));
    run_job(&app, "complaint_promises").await;
    run_job(&app, "complaint_promises").await;
    for person in [&service, &manager] {
        let overdue = notices(&app, person, "complaint_overdue").await;
        assert_eq!(overdue.len(), 1, "{overdue:?}");
        assert_eq!(overdue[0]["customer_name"], "投诉客户");
    }
}

#[tokio::test]
async fn a_contract_ending_is_announced_thirty_days_ahead_then_expires_on_the_day_after() {
    let app = TestApp::spawn_at(at("2026-01-20T09:00:00+08:00")).await;
    let admin = app.admin_token().await;
    let service_desk = Person::new(&app, "service", "service").await;
    let account_manager = Person::new(&app, "account_manager", "sales").await;
    let manager_id = &account_manager.id;
    let service = service_desk.token(&app).await;
    let hook = subscribe(&app, &["contract.expiring", "contract.expired"]).await;
    let c = managed_customer(&app, &admin, "续约客户", manager_id).await;
    let p = product(&app, &admin, "P", "hardware").await;
    let sold = order(&app, &admin, &c, &p, "2024-06-01", 1_000_000).await;
    let line = sold["lines"][0]["id"].as_str().unwrap();
    let created = contract(
        &app,
        &service,
        json!({"customer_id": c, "package_code": "STANDARD",
        "period_start": "2025-03-01", "period_end": "2026-02-28", "sites": 1,
        "installed_versions": "ERP 5.1", "order_line_ids": [line]}),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    for (version, action) in [(1, "agree"), (2, "sign")] {
        let reply = step(
            &app,
            &service,
            id,
            json!({"version": version, "action": action}),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    // 2026-01-28 is 31 days before the last day: not yet.
    app.clock.set(at("2026-01-28T09:00:00+08:00"));
    run_job(&app, "contracts_ending").await;
    assert!(
        notices(&app, &account_manager, "contract_expiring")
            .await
            .is_empty()
    );

    app.clock.set(at("2026-01-29T09:00:00+08:00"));
    run_job(&app, "contracts_ending").await;
    run_job(&app, "contracts_ending").await;
    for person in [&account_manager, &service_desk] {
        let expiring = notices(&app, person, "contract_expiring").await;
        assert_eq!(expiring.len(), 1, "{expiring:?}");
        assert_eq!(expiring[0]["period_end"], "2026-02-28");
        assert_eq!(expiring[0]["customer_name"], "续约客户");
    }

    // Its last day still covers; the day after, it expires.
    app.clock.set(at("2026-02-28T23:59:00+08:00"));
    run_job(&app, "contracts_ending").await;
    let service = service_desk.token(&app).await;
    let read = app
        .call(
            "GET",
            &format!("/api/v1/contracts/{id}"),
            Some(&service),
            None,
        )
        .await;
    assert_eq!(read.body["status"], "signed", "{}", read.body);

    app.clock.set(at("2026-03-01T00:00:00+08:00"));
    let run = run_job(&app, "contracts_ending").await;
    assert_eq!(run["last_outcome"]["expired"], 1, "{run}");
    run_job(&app, "contracts_ending").await;
    let service = service_desk.token(&app).await;
    let read = app
        .call(
            "GET",
            &format!("/api/v1/contracts/{id}"),
            Some(&service),
            None,
        )
        .await;
    assert_eq!(read.body["status"], "expired", "{}", read.body);
    let expired = notices(&app, &account_manager, "contract_expired").await;
    assert_eq!(expired.len(), 1, "{expired:?}");
    // The expiry is audited as the system's, not anyone's.
    let admin = app.admin_token().await;
    let audit = app
        .call(
            "GET",
            &format!("/api/v1/audit?entity_type=contract&entity_id={id}"),
            Some(&admin),
            None,
        )
        .await;
    let expiry = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["action"] == "contract.expire")
        .unwrap_or_else(|| panic!("no contract.expire in {}", audit.body));
    assert_eq!(expiry["actor_id"], Value::Null, "{expiry}");
    assert_eq!(
        queued(&app, &hook).await,
        ["contract.expiring", "contract.expired"]
    );
}

#[tokio::test]
async fn a_waiting_registration_reaches_the_reviewers_once() {
    let app = TestApp::spawn().await;
    let sales = Person::new(&app, "sales", "sales").await;
    let account_manager = Person::new(&app, "account_manager", "sales").await;
    pending_customer(&app, &sales.token(&app).await, "待审客户").await;
    run_job(&app, "registrations_waiting").await;
    run_job(&app, "registrations_waiting").await;
    let waiting = notices(&app, &account_manager, "registration_waiting").await;
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0]["customer_name"], "待审客户");
    assert!(
        notices(&app, &sales, "registration_waiting")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_birthday_within_a_week_reaches_the_account_manager_once_a_year() {
    let app = TestApp::spawn_at(at("2025-05-01T09:00:00+08:00")).await;
    let admin = app.admin_token().await;
    let account_manager = Person::new(&app, "account_manager", "sales").await;
    let manager_id = &account_manager.id;
    let c = managed_customer(&app, &admin, "关怀客户", manager_id).await;
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/contacts"),
            Some(&admin),
            Some(
                json!({"name": "韩梅梅", "preferred_channel": "wechat", "birthday": "1988-05-10"}),
            ),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);

    let admin = app.admin_token().await;
    let holidays = app
        .call(
            "PUT",
            "/api/v1/care/holidays",
            Some(&admin),
            Some(json!({"version": 0, "holidays": [{"name": "劳动节", "on": "2025-05-10"}]})),
        )
        .await;
    assert_eq!(holidays.status, 200, "{}", holidays.body);

    // May 2nd: eight days ahead, not yet.
    app.clock.set(at("2025-05-02T09:00:00+08:00"));
    run_job(&app, "care").await;
    assert!(notices(&app, &account_manager, "birthday").await.is_empty());

    app.clock.set(at("2025-05-03T09:00:00+08:00"));
    run_job(&app, "care").await;
    app.clock.set(at("2025-05-10T09:00:00+08:00"));
    run_job(&app, "care").await;
    let birthdays = notices(&app, &account_manager, "birthday").await;
    assert_eq!(birthdays.len(), 1, "{birthdays:?}");
    assert_eq!(birthdays[0]["contact_name"], "韩梅梅");
    assert_eq!(birthdays[0]["on"], "2025-05-10");
    assert_eq!(birthdays[0]["channel"], "wechat");
    let holiday = notices(&app, &account_manager, "holiday").await;
    assert_eq!(
        holiday,
        [json!({"kind": "holiday", "name": "劳动节", "on": "2025-05-10"})]
    );

    // And again the next year.
    app.clock.set(at("2026-05-05T09:00:00+08:00"));
    run_job(&app, "care").await;
    assert_eq!(notices(&app, &account_manager, "birthday").await.len(), 2);
}

#[tokio::test]
async fn jobs_are_listed_for_administrators_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    run_job(&app, "purge").await;
    let jobs = app.call("GET", "/api/v1/jobs", Some(&admin), None).await;
    assert_eq!(jobs.status, 200, "{}", jobs.body);
    let names: Vec<&str> = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|job| job["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "sla_clocks",
            "complaint_promises",
            "contracts_ending",
            "visits_due",
            "care",
            "registrations_waiting",
            "purge"
        ]
    );
    let purge = &jobs.body[6];
    assert_eq!(purge["runs"], 1, "{purge}");
    assert_eq!(purge["every_seconds"], 600);
    assert!(
        purge["last_started_at"].is_string() && purge["last_duration_ms"].is_number(),
        "{purge}"
    );
    assert_eq!(purge["running_on"], Value::Null);

    let (manager, _) = app.user_with_role("manager").await;
    assert_problem(
        &app.call("GET", "/api/v1/jobs", Some(&manager), None).await,
        403,
    );
    assert_problem(
        &app.call("POST", "/api/v1/jobs/purge/run", Some(&manager), None)
            .await,
        403,
    );
    assert_problem(
        &app.call("POST", "/api/v1/jobs/no_such_job/run", Some(&admin), None)
            .await,
        404,
    );
}

#[tokio::test]
async fn the_scheduler_runs_due_jobs_on_its_own() {
    let app = TestApp::spawn_ticking(std::time::Duration::from_millis(200)).await;
    let sales = Person::new(&app, "sales", "sales").await;
    let reviewer = Person::new(&app, "account_manager", "sales").await;
    pending_customer(&app, &sales.token(&app).await, "自动客户").await;
    // The first tick ran every job at start; this one is due again five
    // minutes on.
    app.clock.advance(TimeDelta::minutes(5));
    let mut waiting = Vec::new();
    for _ in 0..50 {
        waiting = notices(&app, &reviewer, "registration_waiting").await;
        if !waiting.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    // Its interval has not passed on the server's clock: no second run.
    let admin = app.admin_token().await;
    let jobs = app.call("GET", "/api/v1/jobs", Some(&admin), None).await;
    let job = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|job| job["name"] == "registrations_waiting")
        .unwrap()
        .clone();
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let jobs = app.call("GET", "/api/v1/jobs", Some(&admin), None).await;
    let later = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|job| job["name"] == "registrations_waiting")
        .unwrap()
        .clone();
    assert_eq!(later["runs"], job["runs"], "{later}");
}

#[tokio::test]
async fn a_target_moved_later_by_a_wait_is_announced_when_its_new_time_comes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = software_team(&app).await;
    let c = customer(&app, &admin, "延后客户").await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let worker = technician.token(&app).await;
    let called =
        crate::request_actions::done(&app, &worker, &request, json!({"action": "call_back"})).await;
    let resolution = clock(&called, "resolution_maintenance");
    let first_risk = at(resolution["at_risk_from"].as_str().unwrap());
    // A run before the risk, so the next reads from its watermark on.
    run_job(&app, "sla_clocks").await;

    let waiting = crate::request_actions::done(
        &app,
        &worker,
        &called,
        json!({"action": "wait_customer", "reason": "等客户"}),
    )
    .await;
    app.clock.set(first_risk + TimeDelta::hours(1));
    run_job(&app, "sla_clocks").await;
    assert!(
        notices(&app, &technician, "sla_at_risk").await.is_empty(),
        "paused"
    );

    let worker = technician.token(&app).await;
    let resumed =
        crate::request_actions::done(&app, &worker, &waiting, json!({"action": "resume"})).await;
    let moved = at(clock(&resumed, "resolution_maintenance")["at_risk_from"]
        .as_str()
        .unwrap());
    assert!(moved > app.clock.now(), "{moved} is still ahead");
    run_job(&app, "sla_clocks").await;
    assert!(
        notices(&app, &technician, "sla_at_risk").await.is_empty(),
        "not yet"
    );
    app.clock.set(moved);
    run_job(&app, "sla_clocks").await;
    let at_risk = notices(&app, &technician, "sla_at_risk").await;
    assert_eq!(at_risk.len(), 1, "{at_risk:?}");
    assert_eq!(at_risk[0]["target"], "resolution_maintenance");
}

#[tokio::test]
async fn the_purge_forgets_webhook_deliveries_a_month_after_they_were_delivered() {
    use rapport_entity::webhook_deliveries;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let hook = subscribe(&app, &["request.created"]).await;
    let c = customer(&app, &admin, "清理客户").await;
    take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    assert_eq!(queued(&app, &hook).await.len(), 2);
    // Let the worker's first attempt (at a port nothing listens on; the
    // second delivery waits behind it) end: the next is half a minute away
    // on the server's clock, which stands.
    let mut rows = Vec::new();
    for _ in 0..100 {
        rows = webhook_deliveries::Entity::find()
            .all(&app.db)
            .await
            .unwrap();
        let attempted = rows.iter().any(|row| row.attempts >= 1);
        if attempted && rows.iter().all(|row| row.claimed_until.is_none()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // One was delivered now; the other is dead (kept: it can be sent again).
    let (delivered, dead) = (rows[0].id, rows[1].id);
    for (id, status) in [(delivered, "delivered"), (dead, "dead")] {
        webhook_deliveries::Entity::update_many()
            .col_expr(webhook_deliveries::Column::Status, Expr::value(status))
            .col_expr(
                webhook_deliveries::Column::DeliveredAt,
                Expr::value(app.clock.now()),
            )
            .filter(webhook_deliveries::Column::Id.eq(id))
            .exec(&app.db)
            .await
            .unwrap();
    }

    app.clock.advance(TimeDelta::days(29));
    run_job(&app, "purge").await;
    assert_eq!(queued(&app, &hook).await.len(), 2, "a month is kept");

    app.clock.advance(TimeDelta::days(2));
    let run = run_job(&app, "purge").await;
    assert_eq!(run["last_outcome"]["webhook_deliveries"], 1, "{run}");
    let left = webhook_deliveries::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(left.iter().map(|row| row.id).collect::<Vec<_>>(), [dead]);
}
