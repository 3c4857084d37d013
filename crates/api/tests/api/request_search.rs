//! Searching requests (`q`): by number, whole or its tail, and by words of
//! the title and description in Chinese and English, through the full-text
//! index; number matches first, then the newest.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::orders::customer;
use crate::requests::{intake, take_in};

/// The numbers of the requests `q` finds, in the order listed.
async fn found(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let path = format!("/api/v1/requests?limit=200&q={}", urlencoding(q));
    let reply = app.call("GET", &path, Some(token), None).await;
    assert_eq!(reply.status, 200, "{q}: {}", reply.body);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(
        reply.body["total"].as_u64().unwrap(),
        items.len() as u64,
        "{q}: total"
    );
    items
        .iter()
        .map(|item| item["number"].as_str().unwrap().to_owned())
        .collect()
}

fn urlencoding(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

fn titled(customer: &str, title: &str, description: &str) -> Value {
    let mut body = intake(customer, "fault", "software", "routine");
    body["title"] = json!(title);
    body["description"] = json!(description);
    body
}

#[tokio::test]
async fn search_finds_requests_by_chinese_and_english_words_and_by_number() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "搜索").await;
    // SR-2025-000001 .. 000004, oldest first.
    let titles = [
        ("打印机无法连接 printer offline", ""),
        ("发票打印格式错误", "invoice layout broken"),
        ("ERP 登录失败", "客户说打印机也坏了 since SR-2025-000001"),
        ("服务器风扇异响 server fan", "机房温度高"),
    ];
    for (title, description) in titles {
        take_in(&app, &admin, titled(&c, title, description)).await;
    }
    let n = |seq: u32| format!("SR-2025-{seq:06}");

    assert_eq!(found(&app, &admin, "打印").await, [n(3), n(2), n(1)]);
    assert_eq!(found(&app, &admin, "打印机").await, [n(3), n(1)]);
    assert_eq!(found(&app, &admin, "PRINTER").await, [n(1)]);
    assert_eq!(found(&app, &admin, "invoice").await, [n(2)]);
    assert_eq!(found(&app, &admin, "printer 打印").await, [n(1)]);
    assert_eq!(found(&app, &admin, "机房").await, [n(4)]);
    assert_eq!(found(&app, &admin, "print").await, Vec::<String>::new());
    assert_eq!(found(&app, &admin, "SR-2025-000002").await, [n(2)]);
    assert_eq!(found(&app, &admin, "sr-2025-2").await, [n(2)]);
    assert_eq!(found(&app, &admin, "0004").await, [n(4)]);
    assert_eq!(found(&app, &admin, "--").await, Vec::<String>::new());
}

#[tokio::test]
async fn a_search_text_too_long_is_refused_naming_q() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "长").await;
    take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let q = "打".repeat(101);
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/requests?q={}", urlencoding(&q)),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.body["errors"]["q"].is_array(), "{}", reply.body);
}
#[tokio::test]
async fn a_number_match_ranks_before_newer_word_matches() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "排序").await;
    take_in(&app, &admin, titled(&c, "第一个", "")).await;
    // Newer requests whose text holds the digits of the first's number.
    take_in(&app, &admin, titled(&c, "错误码 000001", "")).await;
    take_in(&app, &admin, titled(&c, "error 000001 again", "")).await;
    let n = |seq: u32| format!("SR-2025-{seq:06}");

    assert_eq!(found(&app, &admin, "000001").await, [n(1), n(3), n(2)]);
}

/// `count` copies of request `template` (its id) written straight to the
/// database, numbered after `start` (a number's sequence), each a second
/// newer than the one before, the first `urgent` of them urgent, titled
/// `title` if given, and indexed for search as a migration would.
async fn copies(
    app: &TestApp,
    template: &str,
    start: i32,
    count: i32,
    urgent: i32,
    title: Option<&str>,
) {
    use rapport_domain::request::Priority;
    use rapport_entity::service_requests;
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

    let template = service_requests::Entity::find_by_id(template.parse::<uuid::Uuid>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let rows = (1..=count).map(|i| {
        let mut row = template.clone().into_active_model().reset_all();
        let seq = start + i;
        row.id = Set(uuid::Uuid::now_v7());
        row.seq = Set(seq);
        row.number = Set(format!("SR-{}-{seq:06}", template.year));
        let newer = chrono::TimeDelta::seconds((seq - template.seq).into());
        row.created_at = Set(template.created_at + newer);
        if i <= urgent {
            row.priority = Set(Priority::Urgent);
        }
        if let Some(title) = title {
            row.title = Set(title.to_owned());
        }
        row
    });
    let rows: Vec<_> = rows.collect();
    for chunk in rows.chunks(200) {
        service_requests::Entity::insert_many(chunk.to_vec())
            .exec(&app.db)
            .await
            .unwrap();
    }
    rapport_migrations::m20261209_000030_create_request_search::backfill(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_search_past_the_count_cap_says_so_and_counts_beside_a_filter() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "扫码").await;
    let first = take_in(&app, &admin, titled(&c, "扫码枪无法识别 scanner", "")).await;
    copies(&app, first["id"].as_str().unwrap(), 1, 1_100, 7, None).await;
    let page = |path: String| {
        let app = &app;
        let admin = &admin;
        async move {
            let reply = app.call("GET", &path, Some(admin), None).await;
            assert_eq!(reply.status, 200, "{path}: {}", reply.body);
            reply.body
        }
    };

    for q in ["scanner", "扫码", "扫码枪 scanner"] {
        let found = page(format!("/api/v1/requests?limit=5&q={}", urlencoding(q))).await;
        assert_eq!(
            (found["total"].as_u64(), found["total_exact"].as_bool()),
            (Some(1_000), Some(false)),
            "{q}"
        );
        let numbers: Vec<&str> = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["number"].as_str().unwrap())
            .collect();
        assert_eq!(
            numbers,
            [
                "SR-2025-001101",
                "SR-2025-001100",
                "SR-2025-001099",
                "SR-2025-001098",
                "SR-2025-001097"
            ],
            "{q}: newest first"
        );
    }
    // Beside another filter the matches are counted.
    let urgent = page("/api/v1/requests?limit=5&q=scanner&priority=urgent".to_owned()).await;
    assert_eq!(
        (urgent["total"].as_u64(), urgent["total_exact"].as_bool()),
        (Some(7), Some(true))
    );
    // A search by its text alone, longer than a page, is counted exactly:
    // the numbers ending in 01 (000001, 000101, ..., 001101).
    let tail = page("/api/v1/requests?limit=5&q=01".to_owned()).await;
    assert_eq!(
        (tail["total"].as_u64(), tail["total_exact"].as_bool()),
        (Some(12), Some(true)),
        "{tail}"
    );
    // A rare word among them is counted too.
    let rare = page("/api/v1/requests?limit=5&q=SR-2025-001050".to_owned()).await;
    assert_eq!(
        (rare["total"].as_u64(), rare["total_exact"].as_bool()),
        (Some(1), Some(true)),
        "{rare}"
    );
}

/// The numbers listed at `path`, and the cursor of the page after.
async fn numbers_at(app: &TestApp, token: &str, path: &str) -> (Vec<String>, Option<String>) {
    let reply = app.call("GET", path, Some(token), None).await;
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    let numbers = reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["number"].as_str().unwrap().to_owned())
        .collect();
    let next = reply.body["next_cursor"].as_str().map(str::to_owned);
    (numbers, next)
}

#[tokio::test]
async fn a_common_word_is_found_past_thousands_of_newer_requests_without_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "扫码").await;
    let first = take_in(&app, &admin, titled(&c, "扫码枪无法识别 scanner", "")).await;
    let first = first["id"].as_str().unwrap();
    // 000002–001101 hold the word, the first seven urgent; 001102–006101
    // (more than PostgreSQL's first stretches of the index) do not;
    // 006102–006104 do again.
    copies(&app, first, 1, 1_100, 7, None).await;
    copies(&app, first, 1_101, 5_000, 0, Some("登录失败 login fails")).await;
    copies(&app, first, 6_101, 3, 0, None).await;
    let n = |seq: u32| format!("SR-2025-{seq:06}");

    let (page, next) = numbers_at(&app, &admin, "/api/v1/requests?limit=5&q=scanner").await;
    assert_eq!(page, [n(6104), n(6103), n(6102), n(1101), n(1100)]);
    let next = next.expect("a cursor to the next page");
    let (page, _) = numbers_at(
        &app,
        &admin,
        &format!("/api/v1/requests?limit=5&q=scanner&cursor={next}"),
    )
    .await;
    assert_eq!(page, [n(1099), n(1098), n(1097), n(1096), n(1095)]);
    let (page, _) = numbers_at(&app, &admin, "/api/v1/requests?limit=5&page=2&q=scanner").await;
    assert_eq!(page, [n(1099), n(1098), n(1097), n(1096), n(1095)]);
    // The 2,048 rows below 006102 lack the word: PostgreSQL then reads the
    // newest rows below a page's top as a stretch too, for a while (see
    // `FarSearches`). The pages stay the same, the first one too.
    for _ in 0..2 {
        let (page, next) = numbers_at(&app, &admin, "/api/v1/requests?limit=3&q=scanner").await;
        assert_eq!(page, [n(6104), n(6103), n(6102)]);
        let next = next.expect("a cursor to the next page");
        let path = format!("/api/v1/requests?limit=3&q=scanner&cursor={next}");
        let (page, _) = numbers_at(&app, &admin, &path).await;
        assert_eq!(page, [n(1101), n(1100), n(1099)]);
    }
    // Beside a filter, and a word of the other requests past the word's.
    let (page, _) = numbers_at(
        &app,
        &admin,
        "/api/v1/requests?limit=5&q=scanner&priority=urgent",
    )
    .await;
    assert_eq!(page, [n(8), n(7), n(6), n(5), n(4)]);
    let (page, _) = numbers_at(&app, &admin, "/api/v1/requests?limit=3&q=login").await;
    assert_eq!(page, [n(6101), n(6100), n(6099)]);
    // A page across the end of the newest rows PostgreSQL walks (2,048:
    // 006104–004057) into the stretches below them.
    let (page, _) = numbers_at(&app, &admin, "/api/v1/requests?limit=100&page=21&q=login").await;
    let expected: Vec<String> = (4_002..=4_101).rev().map(n).collect();
    assert_eq!(page, expected);
}
