//! Refusals in the client's language: `Accept-Language: zh-CN` gets every
//! problem's `title`, `detail` and field messages in Simplified Chinese,
//! any other language (or none) English; `code` and field names stay
//! English either way, and `Content-Language` says which was sent.

use serde_json::{Value, json};

use crate::complaints::{TOMORROW_EVENING, complaint_id};
use crate::customers::{new_customer, register};
use crate::helpers::TestApp;
use crate::orders::customer;

/// One answer: status, `Content-Language` and the body.
struct Answer {
    status: u16,
    language: String,
    body: Value,
}

/// Sends `method path` as `token` with `body`, asking for `accept_language`.
async fn ask(
    app: &TestApp,
    accept_language: Option<&str>,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(language) = accept_language {
        request = request.header("accept-language", language);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let language = response
        .headers()
        .get("content-language")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    Answer {
        status,
        language,
        body: response.json().await.unwrap(),
    }
}

/// The same request asked in Chinese and without a language.
async fn both(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (Answer, Answer) {
    let chinese = ask(
        app,
        Some("zh-CN,zh;q=0.9,en;q=0.8"),
        method,
        path,
        token,
        body.clone(),
    )
    .await;
    let english = ask(app, None, method, path, token, body).await;
    assert_eq!(chinese.status, english.status, "{}", english.body);
    assert_eq!(chinese.body["code"], english.body["code"]);
    assert_eq!(chinese.language, "zh-CN");
    assert_eq!(english.language, "en");
    (chinese, english)
}

#[tokio::test]
async fn a_validation_refusal_names_each_field_in_the_language_asked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut body = new_customer("语言公司");
    body["address"] = json!("址".repeat(301));

    let (zh, en) = both(&app, "POST", "/api/v1/customers", &admin, Some(body)).await;

    assert_eq!(en.status, 422);
    assert_eq!(zh.body["title"], "校验未通过");
    assert_eq!(zh.body["detail"], "部分字段填写有误");
    assert_eq!(en.body["detail"], "some fields are invalid");
    assert_eq!(
        en.body["errors"]["address"][0],
        "must be at most 300 characters long"
    );
    assert_eq!(zh.body["errors"]["address"][0], "最多 300 个字符");
}

#[tokio::test]
async fn a_blank_summary_is_refused_in_the_language_asked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let body =
        json!({"customer_id": c, "summary": "   ", "details": "", "promised_by": TOMORROW_EVENING});

    let (zh, en) = both(&app, "POST", "/api/v1/complaints", &admin, Some(body)).await;

    assert_eq!(en.status, 422);
    assert_eq!(en.body["errors"]["summary"][0], "must not be blank");
    assert_eq!(zh.body["errors"]["summary"][0], "不能为空");
}

#[tokio::test]
async fn an_illegal_lifecycle_step_is_refused_in_the_language_asked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "C").await;
    let id = complaint_id(&app, &admin, &c).await;

    let (zh, en) = both(
        &app,
        "POST",
        &format!("/api/v1/complaints/{id}/actions"),
        &admin,
        Some(json!({"version": 1, "action": "resolve"})),
    )
    .await;

    assert_eq!(en.status, 409);
    assert_eq!(zh.body["code"], "illegal_transition");
    assert_eq!(
        en.body["detail"],
        "cannot resolve a complaint that is `received`: a manager approves a solution first"
    );
    assert_eq!(
        zh.body["detail"],
        "投诉当前为“received”，不能执行“resolve”：需先由经理批准解决方案"
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_in_the_language_asked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = register(&app, &admin, new_customer("并发公司")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/customers/{id}");
    let changed = ask(
        &app,
        None,
        "PATCH",
        &path,
        &admin,
        Some(json!({"version": 1, "tier": "ordinary"})),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);

    let (zh, en) = both(
        &app,
        "PATCH",
        &path,
        &admin,
        Some(json!({"version": 1, "tier": "potential"})),
    )
    .await;

    assert_eq!(en.status, 409);
    assert_eq!(zh.body["code"], "stale_version");
    assert_eq!(
        en.body["detail"],
        "this record was changed by someone else (now at version 2); reload and try again"
    );
    assert_eq!(
        zh.body["detail"],
        "此记录已被他人修改（当前版本 2），请刷新后重试"
    );
}

#[tokio::test]
async fn a_missing_record_is_refused_in_the_language_asked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;

    let (zh, en) = both(
        &app,
        "GET",
        "/api/v1/customers/00000000-0000-4000-8000-000000000000",
        &admin,
        None,
    )
    .await;

    assert_eq!(en.status, 404);
    assert_eq!(en.body["detail"], "customer not found");
    assert_eq!(zh.body["detail"], "客户不存在");
    assert_eq!(zh.body["title"], "不存在");
}

#[tokio::test]
async fn a_client_preferring_another_language_gets_english() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;

    let answer = ask(
        &app,
        Some("fr-FR, en;q=0.5, zh;q=0.3"),
        "GET",
        "/api/v1/customers/00000000-0000-4000-8000-000000000000",
        &admin,
        None,
    )
    .await;

    assert_eq!(answer.language, "en");
    assert_eq!(answer.body["detail"], "customer not found");
}
