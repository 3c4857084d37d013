//! The intake preview's promise (SPEC section 12): the app computes every
//! deadline in the browser from the calendar and policy the server sends,
//! through `Calendar::business_calendar` and the domain's `sla::deadline`,
//! and what it shows must be exactly what intake stores. These tests do
//! what the app does, with the same crates, against what the server stored:
//! on the China 2025 calendar with a lunch break, and under a 7×24 contract.

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::sla::{self, SlaTarget};
use rapport_types::calendar::Calendar;
use rapport_types::requests::ServiceRequestDetail;
use rapport_types::sla::Policy;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::requests::{covered_customer, intake, take_in};
use crate::sla::with_china_2025;

/// The deadline the app's preview shows for `target` of a request taken in
/// at `start`, computed as the app does from what the server sends.
async fn previewed(
    app: &TestApp,
    token: &str,
    calendar_path: &str,
    target: SlaTarget,
    start: DateTime<Utc>,
) -> DateTime<Utc> {
    let calendar: Calendar =
        serde_json::from_value(app.call("GET", calendar_path, Some(token), None).await.body)
            .unwrap();
    let policy: Policy = serde_json::from_value(
        app.call("GET", "/api/v1/sla/policy", Some(token), None)
            .await
            .body,
    )
    .unwrap();
    let calendar = calendar.business_calendar().unwrap();
    sla::deadline(&calendar, start, policy.policy.clock(target), &[]).unwrap()
}

/// Takes in a request and checks every clock intake started against the preview.
async fn assert_preview_equals_stored(
    app: &TestApp,
    token: &str,
    body: Value,
    calendar_path: &str,
) {
    let taken = take_in(app, token, body).await;
    let detail: ServiceRequestDetail = serde_json::from_value(taken).unwrap();
    let started = SlaTarget::started_at_intake(detail.request.priority, detail.request.work_type);
    assert!(!detail.sla.is_empty());
    for clock in &detail.sla {
        assert!(
            started.contains(&clock.target),
            "{:?} is not started at intake",
            clock.target
        );
        let shown = previewed(app, token, calendar_path, clock.target, clock.started_at).await;
        assert_eq!(
            shown, clock.deadline,
            "{:?} taken in at {} on {calendar_path}",
            clock.target, clock.started_at
        );
    }
}

async fn lunch_break_calendar(app: &TestApp, admin: &str) {
    with_china_2025(app, admin).await;
    let reply = app
        .call(
            "PUT",
            "/api/v1/calendar",
            Some(admin),
            Some(json!({
                "version": 1,
                "time_zone": "Asia/Shanghai",
                "work_week": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                "periods": [{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "18:00"}]
            })),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn the_preview_equals_what_intake_stores_on_the_china_2025_calendar_with_a_lunch_break() {
    // Friday 2025-09-26 11:30 (+08:00), before the make-up Sunday 28th and
    // the National Day holidays; then across the lunch break, the evening
    // and into the holidays.
    let start: DateTime<Utc> = "2025-09-26T03:30:00Z".parse().unwrap();
    let app = TestApp::spawn_at(start).await;
    let admin = app.admin_token().await;
    app.user_with_role("technician").await;
    lunch_break_calendar(&app, &admin).await;
    let customer = covered_customer(&app, &admin).await;

    for step in [
        TimeDelta::zero(),
        TimeDelta::hours(1),
        TimeDelta::hours(8),
        TimeDelta::days(4),
    ] {
        app.clock.advance(step);
        let admin = app.admin_token().await;
        for (priority, work_type) in [
            ("urgent", "maintenance"),
            ("important", "implementation"),
            ("routine", "maintenance"),
        ] {
            let mut body = intake(&customer, "fault", "software", priority);
            body["work_type"] = json!(work_type);
            assert_preview_equals_stored(&app, &admin, body, "/api/v1/calendar").await;
        }
    }
}

#[tokio::test]
async fn the_preview_equals_what_intake_stores_under_a_7x24_contract() {
    let start: DateTime<Utc> = "2025-09-27T14:00:00Z".parse().unwrap(); // Sunday 28th, 22:00 +08:00
    let app = TestApp::spawn_at(start).await;
    let admin = app.admin_token().await;
    app.user_with_role("technician").await;
    lunch_break_calendar(&app, &admin).await;
    let calendar = app
        .call(
            "PUT",
            "/api/v1/calendars/premium_7x24",
            Some(&admin),
            Some(json!({
                "time_zone": "Asia/Shanghai",
                "work_week": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                "periods": [{"start": "00:00", "end": "24:00"}]
            })),
        )
        .await;
    assert_eq!(calendar.status, 201, "{}", calendar.body);
    let customer = covered_customer(&app, &admin).await;
    let contracts = app
        .call(
            "GET",
            &format!("/api/v1/contracts?customer_id={customer}"),
            Some(&admin),
            None,
        )
        .await;
    let contract = &contracts.body["items"][0];
    let changed = app
        .call(
            "PATCH",
            &format!("/api/v1/contracts/{}", contract["id"].as_str().unwrap()),
            Some(&admin),
            Some(json!({"version": contract["version"], "calendar_name": "premium_7x24"})),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);

    for step in [TimeDelta::zero(), TimeDelta::hours(5), TimeDelta::days(3)] {
        app.clock.advance(step);
        let admin = app.admin_token().await;
        for priority in ["urgent", "important", "routine"] {
            let body = intake(&customer, "fault", "software", priority);
            assert_preview_equals_stored(&app, &admin, body, "/api/v1/calendars/premium_7x24")
                .await;
        }
    }
}
