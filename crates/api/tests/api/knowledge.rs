//! The knowledge base: promoting a resolved request to a draft (linked both
//! ways), publishing, full-text search in Chinese and English, most used
//! first, suggestions for a request, roles and bad input.

use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, assert_problem};
use crate::request_actions::done;
use crate::requests::{covered_customer, intake, take_in};

/// Takes in a request of `customer` with this title and description.
async fn request(app: &TestApp, token: &str, customer: &str, title: &str, kind: &str) -> Value {
    let mut body = intake(customer, "fault", kind, "routine");
    body["title"] = json!(title);
    body["description"] = json!("客户反映问题");
    take_in(app, token, body).await
}

/// Takes a request assigned to `technician` through call-back to resolved.
async fn resolved(app: &TestApp, technician: &str, request: &Value) -> Value {
    let called = done(app, technician, request, json!({"action": "call_back"})).await;
    done(
        app,
        technician,
        &called,
        json!({"action": "resolve", "method": "remote", "fault_description": "打印队列卡死",
            "solution": "重启 Print Spooler 服务并清空打印队列", "fixed_at": "2025-03-03T10:00:00+08:00"}),
    )
    .await
}

async fn write(app: &TestApp, token: &str, body: Value) -> Reply {
    app.call(
        "POST",
        "/api/v1/knowledge/articles",
        Some(token),
        Some(body),
    )
    .await
}

/// Writes an article and publishes it (as `publisher`); returns it.
async fn published(app: &TestApp, token: &str, publisher: &str, body: Value) -> Value {
    let written = write(app, token, body).await;
    assert_eq!(written.status, 201, "{}", written.body);
    let id = written.body["id"].as_str().unwrap();
    let reply = app
        .call(
            "POST",
            &format!("/api/v1/knowledge/articles/{id}/actions"),
            Some(publisher),
            Some(json!({"action": "publish", "version": written.body["version"]})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["status"], "published");
    reply.body
}

async fn search(app: &TestApp, token: &str, query: &str) -> Value {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/knowledge/articles{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    reply.body
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn use_on(app: &TestApp, token: &str, article: &Value, request: &Value) -> Reply {
    app.call(
        "POST",
        &format!(
            "/api/v1/knowledge/articles/{}/uses",
            article["id"].as_str().unwrap()
        ),
        Some(token),
        Some(json!({"request_id": request["id"]})),
    )
    .await
}

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_resolved_requests_solution_becomes_a_draft_linked_both_ways() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, technician_id) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    let open = request(&app, &admin, &c, "打印机无法打印", "software").await;

    // Not resolved yet: refused, naming its state.
    let early = write(&app, &technician, json!({"from_request": open["id"]})).await;
    let problem = assert_problem(&early, 409);
    assert_eq!(problem["code"], "request_not_resolved");
    assert!(
        problem["detail"].as_str().unwrap().contains("`assigned`"),
        "{problem}"
    );

    let fixed = resolved(&app, &technician, &open).await;
    let promoted = write(
        &app,
        &technician,
        json!({"from_request": fixed["id"], "tags": ["打印机", "Spooler"]}),
    )
    .await;
    assert_eq!(promoted.status, 201, "{}", promoted.body);
    let article = &promoted.body;
    assert_eq!(article["status"], "draft");
    assert_eq!(article["title"], "打印机无法打印");
    assert_eq!(article["author_id"], technician_id.as_str());
    assert_eq!(article["author_name"], "technician");
    assert_eq!(article["source_request_id"], fixed["id"]);
    assert_eq!(article["source_request_number"], fixed["number"]);
    assert_eq!(article["product_kind"], "software");
    assert_eq!(article["tags"], json!(["打印机", "spooler"]));
    let body = article["body"].as_str().unwrap();
    assert!(
        body.contains("重启 Print Spooler 服务并清空打印队列"),
        "{body}"
    );
    assert!(body.contains("打印队列卡死"), "{body}");

    // The request's articles are found from the request.
    let linked = search(
        &app,
        &technician,
        &format!("?request_id={}", fixed["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(linked["total"], 1, "{linked}");
    assert_eq!(linked["items"][0]["id"], article["id"]);

    // A request is promoted once.
    let again = write(&app, &technician, json!({"from_request": fixed["id"]})).await;
    let problem = assert_problem(&again, 409);
    assert!(problem["errors"]["from_request"].is_array(), "{problem}");
    let missing = write(
        &app,
        &technician,
        json!({"from_request": "00000000-0000-4000-8000-000000000000"}),
    )
    .await;
    assert!(assert_problem(&missing, 422)["errors"]["from_request"].is_array());

    let audit = app
        .call(
            "GET",
            "/api/v1/audit?action=article.promote",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(audit.body["total"], 1, "{}", audit.body);
}

#[tokio::test]
async fn search_finds_two_character_chinese_words_and_english_words() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let (marketing, _) = app.user_with_role("marketing").await;
    let c = covered_customer(&app, &admin).await;
    let fixed = resolved(
        &app,
        &technician,
        &request(&app, &admin, &c, "报表导出失败", "software").await,
    )
    .await;
    let promoted = write(&app, &technician, json!({"from_request": fixed["id"]})).await;
    assert_eq!(promoted.status, 201, "{}", promoted.body);
    for (title, body, tags) in [
        (
            "打印机无法打印",
            "检查打印队列，重启服务。",
            json!(["硬件"]),
        ),
        (
            "Printer offline after Windows update",
            "Reinstall the driver and restart the spooler.",
            json!(["printing"]),
        ),
        (
            "VPN 连接失败",
            "证书过期，更新证书后重新连接。",
            json!(["网络"]),
        ),
    ] {
        published(
            &app,
            &admin,
            &admin,
            json!({"title": title, "body": body, "tags": tags}),
        )
        .await;
    }
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("打印", vec!["打印机无法打印"]),
        ("打印机", vec!["打印机无法打印"]),
        ("printer", vec!["Printer offline after Windows update"]),
        (
            "PRINTER offline",
            vec!["Printer offline after Windows update"],
        ),
        ("spooler", vec!["Printer offline after Windows update"]),
        ("证书", vec!["VPN 连接失败"]),
        ("vpn 证书", vec!["VPN 连接失败"]),
        ("网络", vec!["VPN 连接失败"]),
        ("打印 vpn", vec![]),
        ("扫描仪", vec![]),
    ];
    // Marketing reads published articles only (the draft below holds 打印 too).
    for (q, want) in cases {
        let found = search(&app, &marketing, &format!("?q={}", encoded(q))).await;
        assert_eq!(titles(&found), want, "q={q}");
    }
    // Drafts are searched by those who write articles, by their request's number too.
    let number = fixed["number"].as_str().unwrap();
    let by_number = search(&app, &technician, &format!("?q={}", encoded(number))).await;
    assert_eq!(titles(&by_number), ["报表导出失败"], "{by_number}");
    let by_word = search(&app, &technician, &format!("?q={}", encoded("导出"))).await;
    assert_eq!(titles(&by_word), ["报表导出失败"]);
    let hidden = search(&app, &marketing, &format!("?q={}", encoded("导出"))).await;
    assert_eq!(hidden["total"], 0);
    let long = app
        .call(
            "GET",
            &format!("/api/v1/knowledge/articles?q={}", "a".repeat(101)),
            Some(&admin),
            None,
        )
        .await;
    assert!(assert_problem(&long, 422)["errors"]["q"].is_array());
}

#[tokio::test]
async fn the_most_used_articles_come_first_and_a_use_links_the_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    let first = published(
        &app,
        &admin,
        &admin,
        json!({"title": "打印机卡纸", "body": "打开后盖取出纸张。"}),
    )
    .await;
    let second = published(
        &app,
        &admin,
        &admin,
        json!({"title": "打印机脱机", "body": "检查网线与打印服务。"}),
    )
    .await;
    let r1 = request(&app, &admin, &c, "打印机脱机了", "hardware").await;
    let r2 = request(&app, &admin, &c, "又脱机了", "hardware").await;
    for request in [&r1, &r2, &r1] {
        let reply = use_on(&app, &technician, &second, request).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let ranked = search(&app, &technician, &format!("?q={}", encoded("打印"))).await;
    assert_eq!(titles(&ranked), ["打印机脱机", "打印机卡纸"]);
    // Used on two requests: the repeat on r1 counts once; the version is untouched.
    assert_eq!(ranked["items"][0]["use_count"], 2);
    assert_eq!(ranked["items"][0]["version"], second["version"]);
    let newest = search(&app, &technician, "?sort=newest").await;
    assert_eq!(newest["total"], 2);
    // The request finds the article used on it.
    let linked = search(
        &app,
        &technician,
        &format!("?request_id={}", r2["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(titles(&linked), ["打印机脱机"]);

    // A draft is not used on requests.
    let draft = write(&app, &technician, json!({"title": "草稿", "body": "未审"})).await;
    let refused = use_on(&app, &technician, &draft.body, &r1).await;
    assert_eq!(
        assert_problem(&refused, 409)["code"],
        "article_not_published"
    );
    let no_request = app
        .call(
            "POST",
            &format!(
                "/api/v1/knowledge/articles/{}/uses",
                first["id"].as_str().unwrap()
            ),
            Some(&technician),
            Some(json!({"request_id": "00000000-0000-4000-8000-000000000000"})),
        )
        .await;
    assert!(assert_problem(&no_request, 422)["errors"]["request_id"].is_array());
}

#[tokio::test]
async fn a_technician_resolving_a_request_is_offered_matching_articles() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, _) = app.user_with_role("technician").await;
    let c = covered_customer(&app, &admin).await;
    let jam = published(
        &app,
        &admin,
        &admin,
        json!({"title": "打印机卡纸处理", "body": "打开后盖取出纸张。", "product_kind": "hardware"}),
    )
    .await;
    let offline = published(
        &app,
        &admin,
        &admin,
        json!({"title": "打印机脱机", "body": "检查网线。", "product_kind": "hardware"}),
    )
    .await;
    published(
        &app,
        &admin,
        &admin,
        json!({"title": "VPN 连接失败", "body": "更新证书。"}),
    )
    .await;
    published(
        &app,
        &admin,
        &admin,
        json!({"title": "打印模板错位", "body": "调整报表模板的打印边距。", "product_kind": "software"}),
    )
    .await;
    let asked = request(&app, &admin, &c, "打印机卡纸", "hardware").await;
    let reply = app
        .call(
            "GET",
            &format!(
                "/api/v1/knowledge/suggestions?request_id={}",
                asked["id"].as_str().unwrap()
            ),
            Some(&technician),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let ids: Vec<&Value> = reply
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["id"])
        .collect();
    // 卡纸 names the jam; 打印机 also the offline one; software and unrelated ones are left out.
    assert_eq!(ids, [&jam["id"], &offline["id"]], "{}", reply.body);
    assert!(
        reply.body[0]["matched_terms"].as_u64().unwrap()
            > reply.body[1]["matched_terms"].as_u64().unwrap()
    );

    let english = published(
        &app,
        &admin,
        &admin,
        json!({"title": "Printer offline after Windows update", "body": "Reinstall the driver."}),
    )
    .await;
    let asked = request(
        &app,
        &admin,
        &c,
        "Printer offline since this morning",
        "software",
    )
    .await;
    let reply = app
        .call(
            "GET",
            &format!(
                "/api/v1/knowledge/suggestions?request_id={}&limit=3",
                asked["id"].as_str().unwrap()
            ),
            Some(&technician),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body[0]["id"], english["id"], "{}", reply.body);
    let bad = app
        .call(
            "GET",
            "/api/v1/knowledge/suggestions?request_id=00000000-0000-4000-8000-000000000000",
            Some(&technician),
            None,
        )
        .await;
    assert!(assert_problem(&bad, 422)["errors"]["request_id"].is_array());
}

#[tokio::test]
async fn writers_draft_managers_publish_and_everyone_else_reads_published_articles() {
    let app = TestApp::spawn().await;
    let (technician, _) = app.user_with_role("technician").await;
    let (manager, _) = app.user_with_role("manager").await;
    let (marketing, _) = app.user_with_role("marketing").await;
    let (sales, _) = app.user_with_role("sales").await;
    let draft = write(
        &app,
        &technician,
        json!({"title": "重置密码", "body": "在后台重置。"}),
    )
    .await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    let id = draft.body["id"].as_str().unwrap();
    let path = format!("/api/v1/knowledge/articles/{id}");
    let actions = format!("{path}/actions");

    for token in [&marketing, &sales] {
        assert_eq!(search(&app, token, "").await["total"], 0);
        let hidden = app.call("GET", &path, Some(token), None).await;
        assert_problem(&hidden, 404);
        let refused = write(&app, token, json!({"title": "x", "body": "y"})).await;
        assert_problem(&refused, 403);
    }
    let not_publisher = app
        .call(
            "POST",
            &actions,
            Some(&technician),
            Some(json!({"action": "publish", "version": 1})),
        )
        .await;
    assert_problem(&not_publisher, 403);
    let wrong = app
        .call(
            "POST",
            &actions,
            Some(&manager),
            Some(json!({"action": "unpublish", "version": 1})),
        )
        .await;
    let problem = assert_problem(&wrong, 409);
    assert_eq!(problem["code"], "illegal_transition");
    assert!(problem["detail"].as_str().unwrap().contains("`draft`"));
    let live = app
        .call(
            "POST",
            &actions,
            Some(&manager),
            Some(json!({"action": "publish", "version": 1})),
        )
        .await;
    assert_eq!(live.status, 200, "{}", live.body);
    assert_eq!(live.body["published_at"], "2025-03-03T02:00:00Z");
    for token in [&marketing, &sales] {
        assert_eq!(search(&app, token, "").await["total"], 1);
        let seen = app.call("GET", &path, Some(token), None).await;
        assert_eq!(seen.status, 200, "{}", seen.body);
        let edit = app
            .call(
                "PATCH",
                &path,
                Some(token),
                Some(json!({"version": 2, "title": "x"})),
            )
            .await;
        assert_problem(&edit, 403);
    }
    // Edits are versioned; a stale one is refused.
    let edited = app
        .call(
            "PATCH",
            &path,
            Some(&technician),
            Some(json!({"version": 2, "title": "重置用户密码", "tags": ["账号"]})),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let stale = app
        .call(
            "PATCH",
            &path,
            Some(&technician),
            Some(json!({"version": 2, "body": "旧"})),
        )
        .await;
    assert_eq!(assert_problem(&stale, 409)["code"], "stale_version");
    let by_tag = search(&app, &marketing, &format!("?tag={}", encoded("账号"))).await;
    assert_eq!(titles(&by_tag), ["重置用户密码"]);
    let renamed = search(&app, &marketing, &format!("?q={}", encoded("用户"))).await;
    assert_eq!(renamed["total"], 1, "the index follows the edit: {renamed}");
    // Archived, never deleted: gone from lists, back by restore.
    let archived = app
        .call(
            "POST",
            &actions,
            Some(&manager),
            Some(json!({"action": "archive", "version": 3})),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.body);
    assert_eq!(search(&app, &technician, "").await["total"], 0);
    assert_eq!(
        search(&app, &technician, "?status=archived").await["total"],
        1
    );
}

#[tokio::test]
async fn bad_articles_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let good = json!({"title": "标题", "body": "正文", "tags": ["a"]});
    let with = |field: &str, value: Value| {
        let mut body = good.clone();
        body[field] = value;
        body
    };
    let without = |field: &str| {
        let mut body = good.clone();
        body.as_object_mut().unwrap().remove(field);
        body
    };
    let cases: Vec<(Value, u16, &str)> = vec![
        (without("title"), 422, "title"),
        (without("body"), 422, "body"),
        (with("title", json!("  ")), 422, "title"),
        (with("title", json!("题".repeat(201))), 422, "title"),
        (with("body", json!(" ")), 422, "body"),
        (with("tags", json!(["  "])), 422, "tags"),
        (with("tags", json!(["标".repeat(33)])), 422, "tags"),
        (with("product_kind", json!("cloud")), 400, "product_kind"),
        (with("colour", json!("red")), 400, "colour"),
    ];
    for (body, status, field) in cases {
        let reply = write(&app, &admin, body.clone()).await;
        let problem = assert_problem(&reply, status);
        let named = problem["errors"][field].is_array()
            || problem["detail"].as_str().unwrap().contains(field);
        assert!(named, "{body}: {problem}");
    }
    for query in ["?status=gone", "?sort=best", "?colour=red"] {
        let reply = app
            .call(
                "GET",
                &format!("/api/v1/knowledge/articles{query}"),
                Some(&admin),
                None,
            )
            .await;
        assert_problem(&reply, 400);
    }
    let tag = app
        .call(
            "GET",
            "/api/v1/knowledge/articles?tag=%20",
            Some(&admin),
            None,
        )
        .await;
    assert!(assert_problem(&tag, 422)["errors"]["tag"].is_array());
    let missing = app
        .call(
            "GET",
            "/api/v1/knowledge/articles/00000000-0000-4000-8000-000000000000",
            Some(&admin),
            None,
        )
        .await;
    assert_problem(&missing, 404);
    assert_eq!(search(&app, &admin, "").await["total"], 0);
}
