//! Calendars, the SLA policy and the deadline preview (SPEC section 3): the
//! worked examples A–F over HTTP on the China 2025 calendar.

use rapport_entity::settings;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};

/// China 2025: public holidays and make-up workdays (调休).
fn china_2025() -> Value {
    let mut entries = Vec::new();
    let holidays: [(&str, &str, &str); 6] = [
        ("2025-01-01", "2025-01-01", "元旦"),
        ("2025-01-28", "2025-02-04", "春节"),
        ("2025-04-04", "2025-04-06", "清明节"),
        ("2025-05-01", "2025-05-05", "劳动节"),
        ("2025-05-31", "2025-06-02", "端午节"),
        ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ];
    for (from, to, name) in holidays {
        let mut day = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap();
        let last = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap();
        while day <= last {
            entries.push(json!({"date": day.to_string(), "kind": "holiday", "name": name}));
            day = day.succ_opt().unwrap();
        }
    }
    for date in [
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
    ] {
        entries.push(json!({"date": date, "kind": "workday", "name": "调休"}));
    }
    Value::Array(entries)
}

pub async fn with_china_2025(app: &TestApp, admin: &str) {
    let reply = app
        .call(
            "PUT",
            "/api/v1/calendar/exceptions",
            Some(admin),
            Some(china_2025()),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

async fn preview(app: &TestApp, token: &str, body: Value) -> String {
    let reply = app
        .call("POST", "/api/v1/sla/preview", Some(token), Some(body))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["deadline"].as_str().unwrap().to_owned()
}

async fn settings_rows(app: &TestApp) -> u64 {
    settings::Entity::find().count(&app.db).await.unwrap()
}

#[tokio::test]
async fn the_worked_examples_a_to_f_fall_due_as_the_spec_says() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    with_china_2025(&app, &admin).await;
    // Any logged-in role may preview.
    let (technician, _) = app.user_with_role("technician").await;
    let cases = [
        (
            "A: working days from a Monday",
            "2025-03-03T10:00:00+08:00",
            "working_days",
            5,
            json!([]),
            "2025-03-10T18:00:00+08:00",
        ),
        (
            "B: Sun 28 Sep is a make-up workday",
            "2025-09-26T15:00:00+08:00",
            "working_days",
            3,
            json!([]),
            "2025-09-30T18:00:00+08:00",
        ),
        (
            "C: wall hours ignore the Spring Festival",
            "2025-01-27T20:00:00+08:00",
            "hours",
            24,
            json!([]),
            "2025-01-28T20:00:00+08:00",
        ),
        (
            "D: business hours skip the May Day holiday",
            "2025-04-30T16:30:00+08:00",
            "business_hours",
            4,
            json!([]),
            "2025-05-06T11:30:00+08:00",
        ),
        (
            "E: a Saturday start counts from Monday",
            "2025-03-08T11:00:00+08:00",
            "working_days",
            3,
            json!([]),
            "2025-03-12T18:00:00+08:00",
        ),
        (
            "F: case A paused for a business day",
            "2025-03-03T10:00:00+08:00",
            "working_days",
            5,
            json!([{"from": "2025-03-04T10:00:00+08:00", "to": "2025-03-05T10:00:00+08:00"}]),
            "2025-03-11T18:00:00+08:00",
        ),
    ];
    for (case, start, clock, amount, paused, expected) in cases {
        let deadline = preview(
            &app,
            &technician,
            json!({"start": start, "clock": clock, "amount": amount, "paused": paused}),
        )
        .await;
        assert_eq!(deadline, expected, "case {case}");
    }
}

#[tokio::test]
async fn exceptions_are_listed_by_year_and_upserted_by_date() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    with_china_2025(&app, &admin).await;

    let replaced = app
        .call(
            "PUT",
            "/api/v1/calendar/exceptions",
            Some(&admin),
            Some(json!([
                {"date": "2025-01-01", "kind": "holiday", "name": "New Year"},
                {"date": "2026-01-01", "kind": "holiday", "name": "元旦"}
            ])),
        )
        .await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);

    let year = app
        .call(
            "GET",
            "/api/v1/calendar/exceptions?year=2025",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(year.status, 200);
    let items = year.body.as_array().unwrap();
    // 1 + 8 + 3 + 5 + 3 + 8 holidays and 5 make-up workdays.
    assert_eq!(items.len(), 33);
    assert_eq!(
        items[0],
        json!({"date": "2025-01-01", "kind": "holiday", "name": "New Year"})
    );
    let next = app
        .call(
            "GET",
            "/api/v1/calendar/exceptions?year=2026",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(next.body.as_array().unwrap().len(), 1);

    let calendar = app
        .call("GET", "/api/v1/calendar", Some(&admin), None)
        .await;
    assert_eq!(calendar.body["version"], 2);
    assert_eq!(calendar.body["time_zone"], "Asia/Shanghai");
}

#[tokio::test]
async fn the_organisation_calendar_is_changed_by_version_and_keeps_its_exceptions() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let default = app
        .call("GET", "/api/v1/calendar", Some(&admin), None)
        .await;
    assert_eq!(default.status, 200);
    assert_eq!(default.body["version"], 0);
    assert_eq!(
        default.body["periods"],
        json!([{"start": "09:00", "end": "18:00"}])
    );
    with_china_2025(&app, &admin).await;

    let lunch_break = json!({
        "version": 1,
        "time_zone": "Asia/Shanghai",
        "work_week": ["monday", "tuesday", "wednesday", "thursday", "friday"],
        "periods": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "18:00"}]
    });
    let changed = app
        .call(
            "PUT",
            "/api/v1/calendar",
            Some(&admin),
            Some(lunch_break.clone()),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["version"], 2);
    assert_eq!(changed.body["exceptions"].as_array().unwrap().len(), 33);

    let stale = app
        .call("PUT", "/api/v1/calendar", Some(&admin), Some(lunch_break))
        .await;
    assert_eq!(assert_problem(&stale, 409)["code"], "stale_version");

    // 4 business hours from 10:00 now skip the lunch break: 10–12 and 13:30–15:30.
    let deadline = preview(
        &app,
        &admin,
        json!({"start": "2025-03-03T10:00:00+08:00", "clock": "business_hours", "amount": 4}),
    )
    .await;
    assert_eq!(deadline, "2025-03-03T15:30:00+08:00");
}

#[tokio::test]
async fn a_named_7x24_calendar_runs_around_the_clock() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    with_china_2025(&app, &admin).await;
    let all_week = json!({
        "time_zone": "Asia/Shanghai",
        "work_week": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        "periods": [{"start": "00:00", "end": "24:00"}]
    });
    let created = app
        .call(
            "PUT",
            "/api/v1/calendars/premium_7x24",
            Some(&admin),
            Some(all_week),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["version"], 1);
    let names = app
        .call("GET", "/api/v1/calendars", Some(&admin), None)
        .await;
    assert_eq!(names.body, json!(["premium_7x24"]));
    let (marketing, _) = app.user_with_role("marketing").await;
    let read = app
        .call(
            "GET",
            "/api/v1/calendars/premium_7x24",
            Some(&marketing),
            None,
        )
        .await;
    assert_eq!(read.status, 200);
    assert_eq!(
        read.body["periods"],
        json!([{"start": "00:00", "end": "24:00"}])
    );

    // Case D on 7×24: four hours straight through the May Day holiday.
    let deadline = preview(
        &app,
        &admin,
        json!({"start": "2025-04-30T16:30:00+08:00", "clock": "business_hours", "amount": 4, "calendar": "premium_7x24"}),
    )
    .await;
    assert_eq!(deadline, "2025-04-30T20:30:00+08:00");
    let deadline = preview(
        &app,
        &admin,
        json!({"start": "2025-09-30T10:00:00+08:00", "clock": "working_days", "amount": 1, "calendar": "premium_7x24"}),
    )
    .await;
    assert_eq!(deadline, "2025-10-02T00:00:00+08:00");

    let missing = app
        .call(
            "POST",
            "/api/v1/sla/preview",
            Some(&admin),
            Some(json!({"start": "2025-03-03T10:00:00+08:00", "clock": "hours", "amount": 1, "calendar": "gold"})),
        )
        .await;
    assert!(assert_problem(&missing, 422)["errors"]["calendar"].is_array());
    let unknown = app
        .call("GET", "/api/v1/calendars/gold", Some(&admin), None)
        .await;
    assert_problem(&unknown, 404);
}

#[tokio::test]
async fn the_policy_starts_as_the_default_table_and_one_row_can_change() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (service, _) = app.user_with_role("service").await;
    let policy = app
        .call("GET", "/api/v1/sla/policy", Some(&service), None)
        .await;
    assert_eq!(policy.status, 200);
    assert_eq!(policy.body["version"], 0);
    let rows = policy.body["policy"].as_object().unwrap();
    assert_eq!(rows.len(), 11);
    assert_eq!(
        rows["response_urgent"],
        json!({"kind": "hours", "amount": 24})
    );
    assert_eq!(
        rows["call_back"],
        json!({"kind": "business_hours", "amount": 4})
    );
    assert_eq!(rows["return_visit"], json!({"kind": "days", "amount": 7}));

    let change = json!({"version": 0, "policy": {"response_routine": {"kind": "working_days", "amount": 4}}});
    let refused = app
        .call(
            "PUT",
            "/api/v1/sla/policy",
            Some(&service),
            Some(change.clone()),
        )
        .await;
    assert_problem(&refused, 403);
    let changed = app
        .call(
            "PUT",
            "/api/v1/sla/policy",
            Some(&admin),
            Some(change.clone()),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["version"], 1);
    assert_eq!(
        changed.body["policy"]["response_routine"],
        json!({"kind": "working_days", "amount": 4})
    );
    assert_eq!(
        changed.body["policy"]["response_important"],
        json!({"kind": "working_days", "amount": 3})
    );

    let stale = app
        .call("PUT", "/api/v1/sla/policy", Some(&admin), Some(change))
        .await;
    assert_eq!(assert_problem(&stale, 409)["code"], "stale_version");
    let read = app
        .call("GET", "/api/v1/sla/policy", Some(&admin), None)
        .await;
    assert_eq!(read.body["version"], 1);
    assert_eq!(read.body["policy"]["response_routine"]["amount"], 4);
}

#[tokio::test]
async fn only_admins_change_calendars() {
    let app = TestApp::spawn().await;
    let (manager, _) = app.user_with_role("manager").await;
    let exceptions = app
        .call(
            "PUT",
            "/api/v1/calendar/exceptions",
            Some(&manager),
            Some(json!([{"date": "2025-01-01", "kind": "holiday"}])),
        )
        .await;
    assert_problem(&exceptions, 403);
    let calendar = app
        .call(
            "PUT",
            "/api/v1/calendars/premium",
            Some(&manager),
            Some(json!({"time_zone": "UTC", "work_week": ["monday"], "periods": [{"start": "00:00", "end": "24:00"}]})),
        )
        .await;
    assert_problem(&calendar, 403);
    assert_eq!(settings_rows(&app).await, 0);
}

#[tokio::test]
async fn bad_calendars_policies_and_previews_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let week = json!(["monday", "tuesday", "wednesday", "thursday", "friday"]);
    let nine_to_six = json!([{"start": "09:00", "end": "18:00"}]);
    let cases = [
        (
            "unknown time zone",
            "PUT",
            "/api/v1/calendar",
            json!({"time_zone": "Mars/Olympus", "work_week": week, "periods": nine_to_six}),
            422,
            Some("time_zone"),
        ),
        (
            "overlapping periods",
            "PUT",
            "/api/v1/calendar",
            json!({"time_zone": "Asia/Shanghai", "work_week": week, "periods": [{"start": "09:00", "end": "12:30"}, {"start": "12:00", "end": "18:00"}]}),
            422,
            Some("periods"),
        ),
        (
            "no working day",
            "PUT",
            "/api/v1/calendars/empty",
            json!({"time_zone": "Asia/Shanghai", "work_week": [], "periods": nine_to_six}),
            422,
            Some("work_week"),
        ),
        (
            "bad calendar name",
            "PUT",
            "/api/v1/calendars/Premium!",
            json!({"time_zone": "Asia/Shanghai", "work_week": week, "periods": nine_to_six}),
            422,
            Some("name"),
        ),
        (
            "unknown calendar field",
            "PUT",
            "/api/v1/calendar",
            json!({"time_zone": "Asia/Shanghai", "work_week": week, "periods": nine_to_six, "lunch": true}),
            400,
            Some("lunch"),
        ),
        (
            "no exceptions",
            "PUT",
            "/api/v1/calendar/exceptions",
            json!([]),
            422,
            Some("exceptions"),
        ),
        (
            "unknown exception kind",
            "PUT",
            "/api/v1/calendar/exceptions",
            json!([{"date": "2025-01-01", "kind": "festival"}]),
            400,
            None,
        ),
        (
            "long exception name",
            "PUT",
            "/api/v1/calendar/exceptions",
            json!([{"date": "2025-01-01", "kind": "holiday", "name": "节".repeat(101)}]),
            422,
            Some("[0].name"),
        ),
        (
            "repeated exception date",
            "PUT",
            "/api/v1/calendar/exceptions",
            json!([{"date": "2025-01-01", "kind": "holiday"}, {"date": "2025-01-01", "kind": "workday"}]),
            422,
            Some("[1].date"),
        ),
        (
            "policy amount 0",
            "PUT",
            "/api/v1/sla/policy",
            json!({"policy": {"call_back": {"kind": "business_hours", "amount": 0}}}),
            422,
            Some("policy.call_back.amount"),
        ),
        (
            "unknown policy target",
            "PUT",
            "/api/v1/sla/policy",
            json!({"policy": {"response_never": {"kind": "hours", "amount": 1}}}),
            400,
            None,
        ),
        (
            "preview amount 0",
            "POST",
            "/api/v1/sla/preview",
            json!({"start": "2025-03-03T10:00:00+08:00", "clock": "working_days", "amount": 0}),
            422,
            Some("amount"),
        ),
        (
            "pause ending before it begins",
            "POST",
            "/api/v1/sla/preview",
            json!({"start": "2025-03-03T10:00:00+08:00", "clock": "hours", "amount": 4, "paused": [{"from": "2025-03-04T10:00:00+08:00", "to": "2025-03-04T09:00:00+08:00"}]}),
            422,
            Some("paused[0]"),
        ),
        (
            "unknown preview field",
            "POST",
            "/api/v1/sla/preview",
            json!({"start": "2025-03-03T10:00:00+08:00", "clock": "hours", "amount": 4, "timezone": "UTC"}),
            400,
            Some("timezone"),
        ),
        (
            "start without offset",
            "POST",
            "/api/v1/sla/preview",
            json!({"start": "2025-03-03T10:00:00", "clock": "hours", "amount": 4}),
            400,
            None,
        ),
    ];
    for (case, method, path, body, status, field) in cases {
        let reply = app.call(method, path, Some(&admin), Some(body)).await;
        assert_eq!(reply.status, status, "{case}: {}", reply.body);
        let problem = assert_problem(&reply, status);
        if let Some(field) = field {
            assert!(
                problem["errors"][field].is_array(),
                "{case} should name {field}: {problem}"
            );
        }
    }
    assert_eq!(settings_rows(&app).await, 0);
    let calendar = app
        .call("GET", "/api/v1/calendar", Some(&admin), None)
        .await;
    assert_eq!(calendar.body["version"], 0);
}
