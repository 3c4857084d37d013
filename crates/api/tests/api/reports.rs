//! The monthly report (SPEC section 8): a realistic October and November
//! built through the API, every figure of the report compared with a
//! reference recounted here from the same rows read back; the month's
//! bounds in Asia/Shanghai; the filters; CSV; bad months; roles.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::contracts::{contract, step};
use crate::helpers::{TestApp, assert_problem};
use crate::orders::{customer, order, product};
use crate::request_actions::done;
use crate::requests::{intake, take_in};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A month, written out independently of the server's rules: Beijing
/// midnights are 16:00 UTC the day before.
#[derive(Clone, Copy)]
struct Window {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    first: NaiveDate,
    next: NaiveDate,
}

/// November 2026 in Beijing, in UTC.
fn november() -> Window {
    Window {
        from: at("2026-10-31T16:00:00Z"),
        to: at("2026-11-30T16:00:00Z"),
        first: day("2026-11-01"),
        next: day("2026-12-01"),
    }
}

/// October 2026 in Beijing, in UTC.
fn october() -> Window {
    Window {
        from: at("2026-09-30T16:00:00Z"),
        to: at("2026-10-31T16:00:00Z"),
        first: day("2026-10-01"),
        next: day("2026-11-01"),
    }
}

impl Window {
    fn holds(&self, value: &Value) -> bool {
        value
            .as_str()
            .is_some_and(|text| (self.from..self.to).contains(&at(text)))
    }

    fn holds_day(&self, value: &Value) -> bool {
        value
            .as_str()
            .is_some_and(|text| (self.first..self.next).contains(&day(text)))
    }
}

#[test]
fn the_windows_are_beijing_months() {
    assert_eq!(november().from, at("2026-11-01T00:00:00+08:00"));
    assert_eq!(november().to, at("2026-12-01T00:00:00+08:00"));
    assert_eq!(october().from, at("2026-10-01T00:00:00+08:00"));
    assert_eq!(october().to, november().from);
}

/// Everything the report is recounted from, read back over the API.
struct Rows {
    /// Request details (with SLA clocks and timeline).
    requests: Vec<Value>,
    visits: Vec<Value>,
    complaints: Vec<Value>,
    contracts: Vec<Value>,
    /// Audit entries of `contract.sign`.
    signings: Vec<Value>,
    /// User id → department.
    departments: BTreeMap<String, String>,
}

/// Whose work the reference counts.
#[derive(Clone, Copy, Default)]
struct Scope<'a> {
    department: Option<&'a str>,
    technician: Option<&'a str>,
}

impl Scope<'_> {
    fn request(&self, request: &Value) -> bool {
        self.department.is_none_or(|d| request["department"] == d)
            && self.technician.is_none_or(|t| request["assignee_id"] == t)
    }
}

async fn page(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let reply = app.call("GET", path, Some(token), None).await;
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    reply.body["items"].as_array().unwrap().clone()
}

async fn read_back(app: &TestApp, admin: &str, ids: &[String]) -> Rows {
    let mut requests = Vec::new();
    for id in ids {
        let reply = app
            .call("GET", &format!("/api/v1/requests/{id}"), Some(admin), None)
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        requests.push(reply.body);
    }
    let departments = page(app, admin, "/api/v1/users?limit=200")
        .await
        .into_iter()
        .map(|user| {
            (
                user["id"].as_str().unwrap().to_owned(),
                user["department"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    Rows {
        requests,
        visits: page(app, admin, "/api/v1/visits?limit=200").await,
        complaints: page(app, admin, "/api/v1/complaints?limit=200").await,
        contracts: page(app, admin, "/api/v1/contracts?limit=200").await,
        signings: page(app, admin, "/api/v1/audit?action=contract.sign&limit=200").await,
        departments,
    }
}

fn events<'a>(request: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    request["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(move |event| event["kind"] == kind)
}

/// The report's breakdown as `{total, by_category, by_priority, by_technician}`
/// with technicians keyed by id ("" for unassigned), zeros dropped.
fn breakdown_of(report: &Value) -> Value {
    let nonzero = |map: &Value| -> Value {
        map.as_object()
            .unwrap()
            .iter()
            .filter(|(_, n)| **n != 0)
            .map(|(k, n)| (k.clone(), n.clone()))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let technicians: serde_json::Map<String, Value> = report["by_technician"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["technician_id"].as_str().unwrap_or("").to_owned(),
                t["count"].clone(),
            )
        })
        .collect();
    json!({"total": report["total"], "by_category": nonzero(&report["by_category"]),
        "by_priority": nonzero(&report["by_priority"]), "by_technician": technicians})
}

fn reference_breakdown<'a>(requests: impl Iterator<Item = &'a Value>) -> Value {
    let mut total = 0;
    let mut by = [BTreeMap::new(), BTreeMap::new(), BTreeMap::new()];
    for request in requests {
        total += 1;
        let technician = request["assignee_id"].as_str().unwrap_or("").to_owned();
        for (map, key) in by.iter_mut().zip([
            request["category"].as_str().unwrap().to_owned(),
            request["priority"].as_str().unwrap().to_owned(),
            technician,
        ]) {
            *map.entry(key).or_insert(0_u64) += 1;
        }
    }
    let [category, priority, technician] = by;
    json!({"total": total, "by_category": category, "by_priority": priority, "by_technician": technician})
}

/// The month's figures recounted from `rows`, in the report's shape
/// (breakdowns as [`breakdown_of`] gives them).
fn reference(rows: &Rows, month: Window, scope: Scope, now: DateTime<Utc>) -> Value {
    let scoped: Vec<&Value> = rows.requests.iter().filter(|r| scope.request(r)).collect();
    let opened: Vec<&Value> = scoped
        .iter()
        .copied()
        .filter(|r| month.holds(&r["created_at"]))
        .collect();
    let resolved = scoped
        .iter()
        .copied()
        .filter(|r| month.holds(&r["resolved_at"]));
    let closed = scoped
        .iter()
        .copied()
        .filter(|r| events(r, "close").any(|e| month.holds(&e["at"])));

    let mut sla: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    let mut call_backs = Vec::new();
    for request in &opened {
        for clock in request["sla"].as_array().unwrap() {
            let deadline = at(clock["deadline"].as_str().unwrap());
            let outcome = match clock["met_at"].as_str().map(at) {
                Some(met) if met <= deadline => 0,
                Some(_) => 1,
                None if deadline <= now => 2,
                None => 3,
            };
            let target = clock["target"].as_str().unwrap().to_owned();
            sla.entry(target.clone()).or_default()[outcome] += 1;
            if target == "call_back"
                && let Some(met) = clock["met_at"].as_str().map(at)
            {
                let started = at(clock["started_at"].as_str().unwrap());
                call_backs.push((met - started).num_seconds() as f64 / 60.0);
            }
        }
    }
    let sla: serde_json::Map<String, Value> = sla
        .into_iter()
        .map(|(target, [in_time, late, breached, running])| {
            let known = in_time + late + breached;
            let compliance = (known > 0).then(|| in_time as f64 / known as f64);
            (
                target,
                json!({"met_in_time": in_time, "met_late": late, "breached": breached,
                    "running": running, "compliance": compliance}),
            )
        })
        .collect();
    call_backs.sort_by(f64::total_cmp);
    let n = call_backs.len();
    let average = (n > 0).then(|| call_backs.iter().sum::<f64>() / n as f64);
    let median = match n {
        0 => None,
        n if n % 2 == 1 => Some(call_backs[n / 2]),
        n => Some((call_backs[n / 2 - 1] + call_backs[n / 2]) / 2.0),
    };

    let by_id: BTreeMap<&str, &Value> = rows
        .requests
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    let request_in_scope = |id: &Value| {
        id.as_str()
            .and_then(|id| by_id.get(id))
            .is_some_and(|r| scope.request(r))
    };
    let unscoped = scope.department.is_none() && scope.technician.is_none();
    let scores: Vec<u64> = rows
        .visits
        .iter()
        .filter(|v| month.holds(&v["visited_at"]) && !v["satisfaction"].is_null())
        .filter(|v| unscoped || request_in_scope(&v["request_id"]))
        .map(|v| v["satisfaction"].as_u64().unwrap())
        .collect();
    let mut distribution: BTreeMap<String, u64> =
        (1..=5).map(|score: u64| (score.to_string(), 0)).collect();
    for score in &scores {
        *distribution.get_mut(&score.to_string()).unwrap() += 1;
    }
    let mean = |values: &[u64]| {
        (!values.is_empty()).then(|| values.iter().sum::<u64>() as f64 / values.len() as f64)
    };
    let answers: Vec<&Value> = scoped
        .iter()
        .flat_map(|r| events(r, "survey_answered"))
        .filter(|e| month.holds(&e["at"]))
        .collect();
    let survey = |field: &str| {
        mean(
            &answers
                .iter()
                .map(|e| e["after"][field].as_u64().unwrap())
                .collect::<Vec<_>>(),
        )
    };

    let complaint_in_scope = |c: &&Value| {
        scope
            .department
            .is_none_or(|d| c["responsible_department"] == d)
            && scope.technician.is_none_or(|t| {
                c["request_id"]
                    .as_str()
                    .and_then(|id| by_id.get(id))
                    .is_some_and(|r| r["assignee_id"] == t)
            })
    };
    let complaints: Vec<&Value> = rows.complaints.iter().filter(complaint_in_scope).collect();
    let overdue = complaints
        .iter()
        .filter(|c| {
            let promised = at(c["promised_by"].as_str().unwrap());
            month.holds(&c["promised_by"])
                && promised <= now
                && c["resolved_at"].as_str().is_none_or(|r| at(r) > promised)
        })
        .count();

    let contract_in_scope = |c: &&Value| {
        scope.technician.is_none_or(|t| c["technician_id"] == t)
            && scope.department.is_none_or(|d| {
                c["technician_id"]
                    .as_str()
                    .is_some_and(|t| rows.departments.get(t).is_some_and(|dep| dep == d))
            })
    };
    let contracts: Vec<&Value> = rows.contracts.iter().filter(contract_in_scope).collect();
    let tally = |chosen: Vec<&&Value>| {
        json!({"count": chosen.len(),
            "fee_cents": chosen.iter().map(|c| c["fee_cents"].as_i64().unwrap()).sum::<i64>()})
    };
    let signed_ids: Vec<&str> = rows
        .signings
        .iter()
        .filter(|entry| month.holds(&entry["at"]))
        .map(|entry| entry["entity_id"].as_str().unwrap())
        .collect();
    let signed: Vec<&&Value> = contracts
        .iter()
        .filter(|c| signed_ids.contains(&c["id"].as_str().unwrap()))
        .collect();
    let renewed = signed
        .iter()
        .copied()
        .filter(|c| !c["previous_contract_id"].is_null())
        .collect();

    json!({
        "requests": {
            "opened": reference_breakdown(opened.iter().copied()),
            "resolved": reference_breakdown(resolved),
            "closed": reference_breakdown(closed),
        },
        "sla": sla,
        "call_back": {"called_back": n, "average_minutes": average, "median_minutes": median},
        "satisfaction": {
            "visits": scores.len(), "average": mean(&scores), "distribution": distribution,
            "surveys": answers.len(), "survey_resolution": survey("resolution"),
            "survey_speed": survey("speed"), "survey_attitude": survey("attitude"),
        },
        "complaints": {
            "opened": complaints.iter().filter(|c| month.holds(&c["created_at"])).count(),
            "resolved": complaints.iter().filter(|c| month.holds(&c["resolved_at"])).count(),
            "overdue": overdue,
        },
        "contracts": {
            "signed": tally(signed),
            "renewed": tally(renewed),
            "expiring": tally(contracts.iter().filter(|c| month.holds_day(&c["period_end"]) && c["status"] != "cancelled").collect()),
            "invoiced": tally(contracts.iter().filter(|c| month.holds_day(&c["invoice_sent_on"])).collect()),
            "paid": tally(contracts.iter().filter(|c| month.holds_day(&c["paid_on"])).collect()),
        },
    })
}

/// The report's figures in the reference's shape: breakdowns keyed by id,
/// SLA targets that counted nothing left out.
fn comparable(figures: &Value) -> Value {
    let mut figures = figures.clone();
    for kind in ["opened", "resolved", "closed"] {
        figures["requests"][kind] = breakdown_of(&figures["requests"][kind]);
    }
    let sla: serde_json::Map<String, Value> = figures["sla"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, o)| {
            ["met_in_time", "met_late", "breached", "running"]
                .iter()
                .any(|k| o[*k] != 0)
        })
        .map(|(k, o)| (k.clone(), o.clone()))
        .collect();
    figures["sla"] = sla.into();
    for field in ["month", "from", "to"] {
        figures.as_object_mut().unwrap().remove(field);
    }
    figures
}

/// Compares two JSON documents, floats to 1e-9.
fn assert_close(actual: &Value, expected: &Value, path: &str) {
    match (actual, expected) {
        (Value::Number(a), Value::Number(b)) if a.is_f64() || b.is_f64() => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() < 1e-9, "{path}: {a} != {b}");
        }
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                assert_close(
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                    &format!("{path}.{key}"),
                );
            }
        }
        _ => assert_eq!(actual, expected, "{path}"),
    }
}

/// A user of `role` in `department`; their token and id.
async fn staff(
    app: &TestApp,
    admin: &str,
    role: &str,
    department: &str,
    name: &str,
) -> (String, String) {
    let email = format!("{}@report.test", uuid::Uuid::new_v4());
    let created = app
        .call(
            "POST",
            "/api/v1/users",
            Some(admin),
            Some(
                json!({"email": email, "display_name": name, "password": "a long password",
                "role": role, "department": department}),
            ),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let login = app.login(&email, "a long password").await;
    (
        login.body["access_token"].as_str().unwrap().to_owned(),
        created.body["id"].as_str().unwrap().to_owned(),
    )
}

/// Moves the server's clock on by `by`; a fresh admin token.
async fn later(app: &TestApp, by: TimeDelta) -> String {
    app.clock.advance(by);
    app.admin_token().await
}

/// Moves the server's clock to `when`; a fresh admin token (tokens last 15 minutes).
async fn at_time(app: &TestApp, when: &str) -> String {
    app.clock.set(at(when));
    app.admin_token().await
}

async fn steps(app: &TestApp, admin: &str, id: &str, actions: &[Value]) {
    for action in actions {
        let reply = step(app, admin, id, action.clone()).await;
        assert_eq!(reply.status, 200, "{action}: {}", reply.body);
    }
}

async fn visit_of(app: &TestApp, admin: &str, request: &Value) -> Value {
    let id = request["id"].as_str().unwrap();
    page(
        app,
        admin,
        &format!("/api/v1/visits?status=due&request_id={id}"),
    )
    .await
    .pop()
    .unwrap()
}

async fn record_visit(app: &TestApp, admin: &str, request: &Value, score: u8) {
    let visit = visit_of(app, admin, request).await;
    let reply = app
        .call(
            "POST",
            &format!("/api/v1/visits/{}/record", visit["id"].as_str().unwrap()),
            Some(admin),
            Some(json!({"version": visit["version"], "satisfaction": score, "suggestions": "",
                "checklist": {"appointment_made": true, "fault_explained": true, "fees_explained": true,
                    "contact_left": true, "asked_other_problems": true, "database_backup_checked": false}})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

async fn resolve(app: &TestApp, admin: &str, request: &Value, method: &str) -> Value {
    done(
        app,
        admin,
        request,
        json!({"action": "resolve", "method": method, "fault_description": "配置错误", "solution": "已修复"}),
    )
    .await
}

/// What a test builds: the app at 2026-12-02 10:00 Beijing, an admin
/// token, every request's id and the technicians' ids.
struct Built {
    app: TestApp,
    admin: String,
    requests: Vec<String>,
    software: String,
    hardware: String,
}

/// October and November of a small service desk: requests across
/// categories, priorities and three technicians, call-backs, resolutions,
/// return visits and a survey, complaints, contracts signed (one a
/// renewal), expiring, invoiced and paid.
async fn build() -> Built {
    // Monday 2026-10-12, 10:00 in Beijing.
    let app = TestApp::spawn_at(at("2026-10-12T10:00:00+08:00")).await;
    let admin = app.admin_token().await;
    let (_, software) = staff(
        &app,
        &admin,
        "technician",
        "technical_software",
        "软件工程师",
    )
    .await;
    let (_, hardware) = staff(
        &app,
        &admin,
        "technician",
        "technical_hardware",
        "硬件工程师",
    )
    .await;
    staff(&app, &admin, "service", "service", "客服").await;

    // Customer A: covered all year by a contract signed now, in October,
    // maintained by the software technician; invoiced and paid in November.
    let a = customer(&app, &admin, "甲公司").await;
    let erp = product(&app, &admin, "ERP", "software").await;
    let sold = order(&app, &admin, &a, &erp, "2025-09-01", 12_000_000).await;
    let cover = contract(
        &app,
        &admin,
        json!({"customer_id": a, "package_code": "STANDARD", "period_start": "2026-01-01",
            "period_end": "2026-12-31", "technician_id": software,
            "order_line_ids": [sold["lines"][0]["id"]]}),
    )
    .await;
    let cover_id = cover["id"].as_str().unwrap().to_owned();
    steps(
        &app,
        &admin,
        &cover_id,
        &[
            json!({"version": 1, "action": "agree"}),
            json!({"version": 2, "action": "sign"}),
        ],
    )
    .await;

    let mut requests = Vec::new();
    let r1 = take_in(&app, &admin, intake(&a, "fault", "software", "urgent")).await;
    let r2 = take_in(&app, &admin, intake(&a, "service", "hardware", "important")).await;
    let r3 = take_in(
        &app,
        &admin,
        intake(&a, "consultation", "software", "routine"),
    )
    .await;
    let admin = later(&app, TimeDelta::minutes(20)).await;
    let r1 = done(&app, &admin, &r1, json!({"action": "call_back"})).await;
    let admin = later(&app, TimeDelta::minutes(40)).await;
    let r2 = done(&app, &admin, &r2, json!({"action": "call_back"})).await;
    let r1 = resolve(&app, &admin, &r1, "phone").await;
    let admin = later(&app, TimeDelta::days(1)).await;
    record_visit(&app, &admin, &r1, 5).await;
    requests.extend([&r1, &r2, &r3].map(|r| r["id"].as_str().unwrap().to_owned()));

    // The last minute of October in Beijing, then the first of November
    // (still 31 October in UTC).
    let admin = at_time(&app, "2026-10-31T23:59:00+08:00").await;
    let r4 = take_in(&app, &admin, intake(&a, "fault", "software", "routine")).await;
    let admin = at_time(&app, "2026-11-01T00:00:30+08:00").await;
    let r5 = take_in(&app, &admin, intake(&a, "feature", "software", "important")).await;
    requests.extend([&r4, &r5].map(|r| r["id"].as_str().unwrap().to_owned()));

    // Monday 2 November.
    let admin = at_time(&app, "2026-11-02T09:30:00+08:00").await;
    let r6 = take_in(&app, &admin, intake(&a, "fault", "hardware", "urgent")).await;
    let r7 = take_in(&app, &admin, intake(&a, "fault", "software", "important")).await;
    let r8 = take_in(&app, &admin, intake(&a, "complaint", "software", "routine")).await;
    let admin = later(&app, TimeDelta::minutes(10)).await;
    let r6 = done(&app, &admin, &r6, json!({"action": "call_back"})).await;
    let admin = later(&app, TimeDelta::minutes(35)).await;
    let r5 = done(&app, &admin, &r5, json!({"action": "call_back"})).await;
    let admin = later(&app, TimeDelta::minutes(150)).await;
    let r7 = done(&app, &admin, &r7, json!({"action": "call_back"})).await;
    let r5 = resolve(&app, &admin, &r5, "remote").await;
    let r6 = resolve(&app, &admin, &r6, "phone").await;
    let r7 = resolve(&app, &admin, &r7, "phone").await;
    // October's hardware request is only resolved in November.
    let r2 = crate::request_actions::read(&app, &admin, &r2).await;
    let r2 = resolve(&app, &admin, &r2, "phone").await;
    assert_eq!(r2["status"], "resolved", "{r2}");
    requests.extend([&r6, &r7, &r8].map(|r| r["id"].as_str().unwrap().to_owned()));

    let admin = at_time(&app, "2026-11-04T10:00:00+08:00").await;
    record_visit(&app, &admin, &r5, 4).await;
    record_visit(&app, &admin, &r6, 2).await;
    let link = app
        .call(
            "POST",
            &format!("/api/v1/requests/{}/survey", r7["id"].as_str().unwrap()),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(link.status, 201, "{}", link.body);
    let answered = app
        .call(
            "POST",
            &format!(
                "/api/v1/public/surveys/{}",
                link.body["token"].as_str().unwrap()
            ),
            None,
            Some(json!({"resolution": 4, "speed": 3, "attitude": 5})),
        )
        .await;
    assert_eq!(answered.status, 204, "{}", answered.body);
    record_visit(&app, &admin, &r7, 5).await;

    // Complaints: one promised for 10 November and never handled, one
    // resolved in time.
    let late = app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&admin),
            Some(
                json!({"customer_id": a, "summary": "无人回电", "details": "等了两天",
                "promised_by": "2026-11-10T18:00:00+08:00"}),
            ),
        )
        .await;
    assert_eq!(late.status, 201, "{}", late.body);
    let kept = app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&admin),
            Some(
                json!({"customer_id": a, "summary": "工程师迟到", "details": "迟到两小时",
                "promised_by": "2026-11-20T18:00:00+08:00"}),
            ),
        )
        .await;
    assert_eq!(kept.status, 201, "{}", kept.body);
    let kept_id = kept.body["id"].as_str().unwrap();
    for (version, body) in [
        (
            1,
            json!({"action": "investigate", "responsible_department": "technical_hardware"}),
        ),
        (
            2,
            json!({"action": "propose_solution", "solution": "调整排班"}),
        ),
        (3, json!({"action": "approve"})),
        (4, json!({"action": "resolve"})),
    ] {
        let mut body = body;
        body["version"] = json!(version);
        let reply = app
            .call(
                "POST",
                &format!("/api/v1/complaints/{kept_id}/actions"),
                Some(&admin),
                Some(body),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    // Contracts: A invoiced and paid; customer B's year ends in November
    // and is renewed; both signed now.
    steps(
        &app,
        &admin,
        &cover_id,
        &[
            json!({"version": 3, "action": "invoice", "invoice_method": "courier", "invoice_sent_on": "2026-11-05"}),
            json!({"version": 4, "action": "pay", "paid_on": "2026-11-20"}),
        ],
    )
    .await;
    let b = customer(&app, &admin, "乙公司").await;
    let ups = product(&app, &admin, "UPS", "hardware").await;
    let bought = order(&app, &admin, &b, &ups, "2024-10-15", 3_000_000).await;
    let ending = contract(
        &app,
        &admin,
        json!({"customer_id": b, "package_code": "BASIC", "period_start": "2025-12-01",
            "period_end": "2026-11-30", "technician_id": hardware,
            "order_line_ids": [bought["lines"][0]["id"]]}),
    )
    .await;
    let ending_id = ending["id"].as_str().unwrap().to_owned();
    steps(
        &app,
        &admin,
        &ending_id,
        &[
            json!({"version": 1, "action": "agree"}),
            json!({"version": 2, "action": "sign"}),
        ],
    )
    .await;
    let renewal = contract(
        &app,
        &admin,
        json!({"customer_id": b, "package_code": "BASIC", "period_start": "2026-12-01",
            "period_end": "2027-11-30", "technician_id": hardware, "previous_contract_id": ending_id}),
    )
    .await;
    let renewal_id = renewal["id"].as_str().unwrap().to_owned();
    steps(
        &app,
        &admin,
        &renewal_id,
        &[
            json!({"version": 1, "action": "agree"}),
            json!({"version": 2, "action": "sign"}),
        ],
    )
    .await;

    // Wednesday 2 December: November is over.
    let admin = at_time(&app, "2026-12-02T10:00:00+08:00").await;
    Built {
        app,
        admin,
        requests,
        software,
        hardware,
    }
}

async fn report(app: &TestApp, token: &str, query: &str) -> Value {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/reports/monthly?{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    reply.body
}

#[tokio::test]
async fn reports_every_figure_of_the_month_and_the_month_before_as_recounted_from_the_rows() {
    let Built {
        app,
        admin,
        requests,
        ..
    } = build().await;
    let (manager, _) = app.user_with_role("manager").await;

    let body = report(&app, &manager, "month=2026-11").await;

    let rows = read_back(&app, &admin, &requests).await;
    let now = at("2026-12-02T10:00:00+08:00");
    assert_eq!(body["month"], "2026-11");
    assert_eq!(body["time_zone"], "Asia/Shanghai");
    assert_eq!(at(body["generated_at"].as_str().unwrap()), now);
    assert_eq!(
        at(body["current"]["from"].as_str().unwrap()),
        november().from
    );
    assert_eq!(at(body["previous"]["to"].as_str().unwrap()), october().to);
    assert_eq!(body["previous"]["month"], "2026-10");
    for (name, window) in [("current", november()), ("previous", october())] {
        let expected = reference(&rows, window, Scope::default(), now);
        assert_close(&comparable(&body[name]), &expected, name);
    }
    // The data is what it was built to be, so the comparison above compared
    // something: the midnight request counts in November, not October.
    let november = &body["current"];
    assert_eq!(november["requests"]["opened"]["total"], 4, "{november}");
    assert_eq!(body["previous"]["requests"]["opened"]["total"], 4);
    assert_eq!(november["requests"]["opened"]["by_category"]["feature"], 1);
    assert_eq!(november["requests"]["opened"]["by_category"]["service"], 0);
    assert_eq!(november["requests"]["resolved"]["total"], 4);
    assert_eq!(november["requests"]["closed"]["total"], 2);
    assert_eq!(body["previous"]["requests"]["closed"]["total"], 1);
    // The dissatisfied visit reopened one, which restarts its call-back.
    assert_eq!(november["call_back"]["called_back"], 2);
    assert_eq!(
        november["satisfaction"]["distribution"],
        json!({"1": 0, "2": 1, "3": 0, "4": 1, "5": 1})
    );
    assert_eq!(november["satisfaction"]["surveys"], 1);
    // The one promised for 10 November, and the one the complaint request
    // opened, promised by its response deadline: neither was handled.
    assert_eq!(november["complaints"]["overdue"], 2);
    assert_eq!(november["complaints"]["opened"], 3);
    assert_eq!(november["contracts"]["signed"]["count"], 2);
    assert_eq!(november["contracts"]["renewed"]["count"], 1);
    assert_eq!(november["contracts"]["expiring"]["count"], 1);
    assert_eq!(november["contracts"]["paid"]["count"], 1);
    assert_eq!(body["previous"]["contracts"]["signed"]["count"], 1);
    let named = november["requests"]["opened"]["by_technician"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "软件工程师");
    assert!(named, "{november}");
}

#[tokio::test]
async fn filters_count_one_departments_or_one_technicians_work() {
    let built = build().await;
    let app = &built.app;
    let rows = read_back(app, &built.admin, &built.requests).await;
    let now = at("2026-12-02T10:00:00+08:00");
    let cases = [
        (
            "department=technical_hardware".to_owned(),
            Scope {
                department: Some("technical_hardware"),
                technician: None,
            },
        ),
        (
            format!("technician={}", built.software),
            Scope {
                department: None,
                technician: Some(&built.software),
            },
        ),
        (
            format!(
                "technician={}&department=technical_hardware",
                built.hardware
            ),
            Scope {
                department: Some("technical_hardware"),
                technician: Some(&built.hardware),
            },
        ),
    ];
    for (query, scope) in cases {
        let body = report(app, &built.admin, &format!("month=2026-11&{query}")).await;
        for (name, window) in [("current", november()), ("previous", october())] {
            let expected = reference(&rows, window, scope, now);
            assert_close(
                &comparable(&body[name]),
                &expected,
                &format!("{query} {name}"),
            );
        }
    }
    let hardware = report(
        app,
        &built.admin,
        "month=2026-11&department=technical_hardware",
    )
    .await;
    assert_eq!(hardware["department"], "technical_hardware");
    assert_eq!(hardware["current"]["requests"]["opened"]["total"], 1);
    assert_eq!(hardware["current"]["contracts"]["signed"]["count"], 2);
    let software = report(
        app,
        &built.admin,
        &format!("month=2026-11&technician={}", built.software),
    )
    .await;
    assert_eq!(software["technician"]["name"], "软件工程师");
    assert_eq!(software["current"]["contracts"]["paid"]["count"], 1);
}

/// A CSV line split into fields (RFC 4180 quoting).
fn fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[tokio::test]
async fn csv_has_a_bom_a_file_name_and_the_same_figures() {
    let built = build().await;
    let app = &built.app;
    let json_body = report(app, &built.admin, "month=2026-11").await;

    let by_accept = app
        .client
        .get(app.url("/api/v1/reports/monthly?month=2026-11"))
        .bearer_auth(&built.admin)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    let by_format = app
        .client
        .get(app.url("/api/v1/reports/monthly?month=2026-11&format=csv"))
        .bearer_auth(&built.admin)
        .send()
        .await
        .unwrap();

    for response in [by_accept, by_format] {
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        let disposition = headers["content-disposition"].to_str().unwrap().to_owned();
        assert!(
            disposition.contains("filename=\"rapport-monthly-report-2026-11.csv\""),
            "{disposition}"
        );
        let bytes = response.bytes().await.unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.ends_with("\r\n"));
        let rows: Vec<Vec<String>> = text.split_terminator("\r\n").map(fields).collect();
        assert_eq!(rows[0], ["section", "item", "detail", "2026-11", "2026-10"]);
        assert!(rows.iter().all(|row| row.len() == 5), "{rows:?}");
        let cell = |section: &str, item: &str, detail: &str| -> (String, String) {
            let row = rows
                .iter()
                .find(|r| r[0].contains(section) && r[1] == item && r[2] == detail)
                .unwrap_or_else(|| panic!("no row {section}/{item}/{detail}"));
            (row[3].clone(), row[4].clone())
        };
        let (now, before) = (&json_body["current"], &json_body["previous"]);
        assert_eq!(
            cell("Requests opened", "total", ""),
            (
                now["requests"]["opened"]["total"].to_string(),
                before["requests"]["opened"]["total"].to_string()
            )
        );
        assert_eq!(
            cell("Requests closed", "by_category", "fault"),
            (
                now["requests"]["closed"]["by_category"]["fault"].to_string(),
                before["requests"]["closed"]["by_category"]["fault"].to_string()
            )
        );
        assert_eq!(
            cell("Satisfaction", "distribution", "2").0,
            now["satisfaction"]["distribution"]["2"].to_string()
        );
        assert_eq!(
            cell("Complaints", "overdue", "").0,
            now["complaints"]["overdue"].to_string()
        );
        let paid = now["contracts"]["paid"]["fee_cents"].as_i64().unwrap();
        assert_eq!(
            cell("Contracts", "paid", "fee_yuan").0,
            format!("{}.{:02}", paid / 100, paid % 100)
        );
        let median = now["call_back"]["median_minutes"].as_f64().unwrap();
        assert_eq!(
            cell("Call-backs", "median_minutes", "").0,
            format!("{median:.2}")
        );
        assert!(
            rows.iter()
                .any(|r| r[1] == "by_technician" && r[2] == "软件工程师")
        );
    }
}

#[tokio::test]
async fn bad_months_and_filters_are_422_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for (query, field) in [
        ("month=2026-13", "month"),
        ("month=abc", "month"),
        ("month=2026-1", "month"),
        ("", "month"),
        ("month=2026-11&department=kitchen", "department"),
        ("month=2026-11&technician=nobody", "technician"),
        (
            "month=2026-11&technician=00000000-0000-4000-8000-000000000000",
            "technician",
        ),
        ("month=2026-11&format=xlsx", "format"),
    ] {
        let reply = app
            .call(
                "GET",
                &format!("/api/v1/reports/monthly?{query}"),
                Some(&admin),
                None,
            )
            .await;
        let problem = assert_problem(&reply, 422);
        assert!(problem["errors"].get(field).is_some(), "{query}: {problem}");
    }
    let unknown = app
        .call(
            "GET",
            "/api/v1/reports/monthly?month=2026-11&monht=1",
            Some(&admin),
            None,
        )
        .await;
    assert_problem(&unknown, 400);
}

#[tokio::test]
async fn managers_the_service_desk_and_marketing_read_reports_technicians_do_not() {
    let app = TestApp::spawn().await;
    for (role, status) in [
        ("manager", 200),
        ("service", 200),
        ("marketing", 200),
        ("technician", 403),
        ("assistant", 403),
        ("sales", 403),
        ("account_manager", 403),
    ] {
        let (token, _) = app.user_with_role(role).await;
        let reply = app
            .call(
                "GET",
                "/api/v1/reports/monthly?month=2026-11",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(reply.status, status, "{role}: {}", reply.body);
    }
    let anonymous = app
        .call("GET", "/api/v1/reports/monthly?month=2026-11", None, None)
        .await;
    assert_problem(&anonymous, 401);
    // An empty month says so: zeros, and no average it cannot know.
    let admin = app.admin_token().await;
    let empty = report(&app, &admin, "month=2026-11").await;
    assert_eq!(empty["current"]["requests"]["opened"]["total"], 0);
    assert_eq!(empty["current"]["call_back"]["median_minutes"], Value::Null);
    assert_eq!(empty["current"]["satisfaction"]["average"], Value::Null);
    assert_eq!(
        empty["current"]["sla"]["call_back"]["compliance"],
        Value::Null
    );
}
