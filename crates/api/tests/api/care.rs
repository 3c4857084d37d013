//! Care (SPEC 2, seed 004): the holidays an administrator lists, the
//! greetings due today or this week for an account manager's customers,
//! and a greeting made, logged as a follow-up once.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// A customer of the account manager `manager_id`, with a contact born on `birthday`.
async fn customer_with_birthday(
    app: &TestApp,
    admin: &str,
    manager_id: &str,
    name: &str,
    birthday: &str,
) -> (String, String) {
    let c = managed_customer(app, admin, name, manager_id).await;
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/contacts"),
            Some(admin),
            Some(json!({"name": format!("{name}联系人"), "preferred_channel": "wechat", "birthday": birthday})),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);
    (c, contact.body["id"].as_str().unwrap().to_owned())
}

/// Registers a customer (verified) that account manager `manager_id` looks after.
pub async fn managed_customer(app: &TestApp, admin: &str, name: &str, manager_id: &str) -> String {
    let c = customer(app, admin, name).await;
    let assigned = app
        .call(
            "PATCH",
            &format!("/api/v1/customers/{c}"),
            Some(admin),
            Some(json!({"version": 1, "account_manager_id": manager_id})),
        )
        .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    c
}

async fn reminders(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/care/reminders{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body.as_array().unwrap().clone()
}

#[tokio::test]
async fn an_account_manager_sees_the_birthdays_and_holidays_of_the_week_and_logs_a_greeting_once() {
    let app = TestApp::spawn_at(at("2025-09-30T09:00:00+08:00")).await;
    let admin = app.admin_token().await;
    let (manager, manager_id) = app.user_with_role("account_manager").await;
    let (_, other_id) = app.user_with_role("account_manager").await;
    let (mine, contact) =
        customer_with_birthday(&app, &admin, &manager_id, "甲公司", "1980-10-03").await;
    // Not due: next month.
    customer_with_birthday(&app, &admin, &manager_id, "乙公司", "1975-11-20").await;
    // Another account manager's customer, due today.
    customer_with_birthday(&app, &admin, &other_id, "丙公司", "1990-09-30").await;

    let holidays = app
        .call(
            "PUT",
            "/api/v1/care/holidays",
            Some(&admin),
            Some(json!({"version": 0, "holidays": [
                {"name": " 中秋节 ", "on": "2025-10-06"},
                {"name": "国庆节", "on": "2025-10-01"},
                {"name": "春节", "on": "2026-02-17"}]})),
        )
        .await;
    assert_eq!(holidays.status, 200, "{}", holidays.body);
    assert_eq!(holidays.body["version"], 1);
    assert_eq!(
        holidays.body["holidays"][0],
        json!({"name": "国庆节", "on": "2025-10-01"})
    );
    assert_eq!(holidays.body["holidays"][1]["name"], "中秋节", "trimmed");

    let due = reminders(&app, &manager, "").await;
    let seen: Vec<(String, String, String)> = due
        .iter()
        .map(|r| {
            let text = |key: &str| r[key].as_str().unwrap().to_owned();
            (text("on"), text("occasion"), text("name"))
        })
        .collect();
    // 国庆 and 中秋 for each of their two customers; the birthday on the 3rd.
    assert_eq!(
        seen,
        [
            ("2025-10-01".into(), "holiday".into(), "国庆节".into()),
            ("2025-10-01".into(), "holiday".into(), "国庆节".into()),
            (
                "2025-10-03".into(),
                "birthday".into(),
                "甲公司联系人".into()
            ),
            ("2025-10-06".into(), "holiday".into(), "中秋节".into()),
            ("2025-10-06".into(), "holiday".into(), "中秋节".into()),
        ],
        "{due:?}"
    );
    let birthday = &due[2];
    assert_eq!(birthday["channel"], "wechat");
    assert_eq!(birthday["due"], "this_week");
    assert_eq!(birthday["greeted_at"], Value::Null);
    assert!(reminders(&app, &manager, "?due=today").await.is_empty());
    // A manager names whose customers to see; everyone's otherwise.
    let others = reminders(
        &app,
        &admin,
        &format!("?due=today&account_manager_id={other_id}"),
    )
    .await;
    assert_eq!(others.len(), 1, "{others:?}");
    assert_eq!(others[0]["customer_name"], "丙公司");

    let greeting = json!({"occasion": "birthday", "on": "2025-10-03", "customer_id": mine,
        "contact_id": contact, "method": "wechat"});
    let made = app
        .call(
            "POST",
            "/api/v1/care/greetings",
            Some(&manager),
            Some(greeting.clone()),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(made.body["follow_up"]["summary"], "生日问候：甲公司联系人");
    assert_eq!(made.body["follow_up"]["contact_id"], json!(contact));
    let again = app
        .call(
            "POST",
            "/api/v1/care/greetings",
            Some(&manager),
            Some(greeting),
        )
        .await;
    assert_problem(&again, 409);
    let log = app
        .call(
            "GET",
            &format!("/api/v1/customers/{mine}/follow-ups"),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(log.body["total"], 1, "logged once: {}", log.body);
    let due = reminders(&app, &manager, "").await;
    assert!(due[2]["greeted_at"].is_string(), "{}", due[2]);
    assert_eq!(due[0]["greeted_at"], Value::Null);

    let holiday = app
        .call(
            "POST",
            "/api/v1/care/greetings",
            Some(&manager),
            Some(
                json!({"occasion": "holiday", "on": "2025-10-01", "customer_id": mine,
                "method": "phone", "summary": "国庆问候，客户感谢"}),
            ),
        )
        .await;
    assert_eq!(holiday.status, 201, "{}", holiday.body);
    assert_eq!(holiday.body["follow_up"]["summary"], "国庆问候，客户感谢");
}

#[tokio::test]
async fn care_input_is_checked_and_holidays_are_the_administrators() {
    let app = TestApp::spawn_at(at("2025-09-30T09:00:00+08:00")).await;
    let admin = app.admin_token().await;
    let (manager, manager_id) = app.user_with_role("account_manager").await;
    let (c, contact) =
        customer_with_birthday(&app, &admin, &manager_id, "丁公司", "1980-10-03").await;

    let put = |body: Value| app.call("PUT", "/api/v1/care/holidays", Some(&admin), Some(body));
    let blank = put(json!({"version": 0, "holidays": [{"name": "  ", "on": "2025-10-01"}]})).await;
    assert!(
        assert_problem(&blank, 422)["errors"]["holidays[0].name"].is_array(),
        "{}",
        blank.body
    );
    let twice = put(json!({"version": 0, "holidays": [
        {"name": "国庆节", "on": "2025-10-01"}, {"name": "国庆节", "on": "2025-10-01"}]}))
    .await;
    assert!(
        assert_problem(&twice, 422)["errors"]["holidays[1]"].is_array(),
        "{}",
        twice.body
    );
    let unknown = put(json!({"version": 0, "holidays": [], "colour": "red"})).await;
    assert_problem(&unknown, 400);
    let stale = put(json!({"version": 3, "holidays": []})).await;
    assert_problem(&stale, 409);
    let by_manager = app
        .call(
            "PUT",
            "/api/v1/care/holidays",
            Some(&manager),
            Some(json!({"version": 0, "holidays": []})),
        )
        .await;
    assert_problem(&by_manager, 403);

    let greet =
        |body: Value| app.call("POST", "/api/v1/care/greetings", Some(&manager), Some(body));
    let wrong_day = greet(
        json!({"occasion": "birthday", "on": "2025-10-04", "customer_id": c,
        "contact_id": contact, "method": "phone"}),
    )
    .await;
    assert!(
        assert_problem(&wrong_day, 422)["errors"]["on"].is_array(),
        "{}",
        wrong_day.body
    );
    let no_contact = greet(
        json!({"occasion": "birthday", "on": "2025-10-03", "customer_id": c,
        "method": "phone"}),
    )
    .await;
    assert!(assert_problem(&no_contact, 422)["errors"]["contact_id"].is_array());
    let no_holiday = greet(
        json!({"occasion": "holiday", "on": "2025-10-01", "customer_id": c,
        "method": "phone"}),
    )
    .await;
    assert!(assert_problem(&no_holiday, 422)["errors"]["on"].is_array());
    let bad_due = app
        .call(
            "GET",
            "/api/v1/care/reminders?due=tomorrow",
            Some(&manager),
            None,
        )
        .await;
    assert_problem(&bad_due, 400);
    let (marketing, _) = app.user_with_role("marketing").await;
    let refused = app
        .call(
            "POST",
            "/api/v1/care/greetings",
            Some(&marketing),
            Some(
                json!({"occasion": "birthday", "on": "2025-10-03", "customer_id": c,
                "contact_id": contact, "method": "phone"}),
            ),
        )
        .await;
    assert_problem(&refused, 403);
}
