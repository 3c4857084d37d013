//! Customer search through the full-text index: a word of the name,
//! industry or address in Chinese (a two-character word is found) or
//! English (whole words, any case), all words of a query required, the
//! last digits of a live contact's phone; every view by page number and by
//! cursor equal to a reference filter over the same rows, whether the word
//! is rare, common (more matches than the list sorts at once) or in one
//! customer; an edited name or phone found by the new text, not the old.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::customer::{Stage, Tier};
use rapport_entity::customers;
use sea_orm::{EntityTrait, Set};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::customers::{new_customer, register};
use crate::helpers::TestApp;
use crate::list_paging::{by_number, customer, insert_customers, walk};

/// `count` customers whose names, industries and addresses mix Chinese
/// and English words: `manufacturing` in most (more than a thousand),
/// `北方` in a third, `Acme` in a fifth (`Acmes`, another word, in some
/// more), `Zephyr` in one address; some archived.
fn searched_customers(now: DateTime<Utc>, count: usize, by: Uuid) -> Vec<customers::ActiveModel> {
    let prefixes = ["北方", "长江", "华东"];
    let kinds = ["机械", "科技", "贸易", "电子"];
    (0..count)
        .map(|n| {
            let english = match n % 10 {
                0 | 5 => "ACME Foods",
                3 => "Acmes Logistics",
                7 => "Pioneer",
                _ => "Delta",
            };
            let name = format!("{}{} {english} C{n:05}", prefixes[n % 3], kinds[n / 3 % 4]);
            let at = now - TimeDelta::seconds(i64::try_from(n / 2).unwrap());
            let tier = [Tier::Core, Tier::Potential, Tier::Ordinary][n / 7 % 3];
            let mut row = customer(&name, tier, Stage::New, by, at);
            let industry = if n % 13 == 0 {
                "retail"
            } else {
                "manufacturing"
            };
            row.industry = Set(industry.to_owned());
            let address = if n == 777 {
                "Zephyr Road 9".to_owned()
            } else {
                format!("南京路 {} 号", n % 50)
            };
            row.address = Set(address);
            if n % 17 == 0 {
                row.archived_at = Set(Some(at));
            }
            row
        })
        .collect()
}

/// Whether `text` holds `word`: a Latin word whole, ignoring case; a
/// Chinese word anywhere.
fn holds(text: &str, word: &str) -> bool {
    if word.chars().all(|c| c.is_ascii_alphanumeric()) {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(word))
    } else {
        text.contains(word)
    }
}

#[tokio::test]
async fn each_search_lists_what_a_reference_filter_finds_by_page_and_by_cursor() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, by) = app.user_with_role("sales").await;
    let by: Uuid = by.parse().unwrap();
    insert_customers(&app, searched_customers(app.clock.now(), 1_300, by)).await;
    let all: Vec<customers::Model> = customers::Entity::find().all(&app.db).await.unwrap();

    // (query as sent, its words, a filter and its reference)
    type Keep = Box<dyn Fn(&customers::Model) -> bool>;
    let views: Vec<(&str, Vec<&str>, Keep)> = vec![
        ("q=manufacturing", vec!["manufacturing"], Box::new(|_| true)),
        ("q=%E5%8C%97%E6%96%B9", vec!["北方"], Box::new(|_| true)),
        ("q=acme", vec!["acme"], Box::new(|_| true)),
        ("q=ACME", vec!["acme"], Box::new(|_| true)),
        ("q=zephyr", vec!["zephyr"], Box::new(|_| true)),
        ("q=C00042", vec!["c00042"], Box::new(|_| true)),
        (
            "q=%E5%8C%97%E6%96%B9+Acme",
            vec!["北方", "acme"],
            Box::new(|_| true),
        ),
        (
            "q=manufacturing&tier=core",
            vec!["manufacturing"],
            Box::new(|c| c.tier == Tier::Core),
        ),
        (
            "q=%E9%95%BF%E6%B1%9F&include_archived=true",
            vec!["长江"],
            Box::new(|_| true),
        ),
    ];
    for (query, words, keep) in views {
        let archived_too = query.contains("include_archived");
        let mut want: Vec<&customers::Model> = all
            .iter()
            .filter(|c| archived_too || c.archived_at.is_none())
            .filter(|c| keep(c))
            .filter(|c| {
                words.iter().all(|word| {
                    [&c.name, &c.industry, &c.address]
                        .iter()
                        .any(|text| holds(text, word))
                })
            })
            .collect();
        assert!(!want.is_empty(), "{query}: the data should hold some");
        let want_set: BTreeSet<String> = want.iter().map(|c| c.id.to_string()).collect();
        want.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        let by_name: Vec<String> = want.iter().map(|c| c.id.to_string()).collect();
        want.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        let newest: Vec<String> = want.iter().map(|c| c.id.to_string()).collect();
        for sort in ["name", "-created_at"] {
            let path = format!("/api/v1/customers?sort={sort}&{query}");
            let numbered = by_number(&app, &admin, &path, 200).await;
            assert_eq!(numbered.len(), want.len(), "{path}: each once");
            let numbered_set: BTreeSet<String> = numbered.iter().cloned().collect();
            assert_eq!(numbered_set, want_set, "{path}");
            // Names compare as their bytes do, on SQLite and on the test
            // clusters' PostgreSQL (C.UTF-8).
            let order = if sort == "name" { &by_name } else { &newest };
            assert_eq!(&numbered, order, "{path}: in order");
            assert_eq!(
                walk(&app, &admin, &path, 37).await,
                numbered,
                "{path} by cursor"
            );
            let first = app
                .call("GET", &format!("{path}&limit=5"), Some(&admin), None)
                .await;
            let exact = want.len() <= 1_000;
            assert_eq!(first.body["total"], want.len().min(1_000), "{path}");
            assert_eq!(first.body["total_exact"], exact, "{path}");
        }
    }
    // Through the API: a renamed customer moves in the name order and an
    // archived one leaves the list, a common word's included.
    let live: Vec<&customers::Model> = all
        .iter()
        .filter(|c| c.archived_at.is_none() && c.industry == "manufacturing")
        .collect();
    let (renamed, archived) = (live[10], live[20]);
    patch(
        &app,
        &admin,
        &format!("/api/v1/customers/{}", renamed.id),
        json!({"version": renamed.version, "name": "0 First"}),
    )
    .await;
    let reply = app
        .call(
            "POST",
            &format!("/api/v1/customers/{}/archive", archived.id),
            Some(&admin),
            Some(json!({"version": archived.version})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let path = "/api/v1/customers?sort=name&q=manufacturing";
    let listed = by_number(&app, &admin, path, 200).await;
    assert_eq!(listed.first(), Some(&renamed.id.to_string()));
    assert!(!listed.contains(&archived.id.to_string()));
    assert_eq!(listed.len(), live.len() - 1);
    assert_eq!(walk(&app, &admin, path, 37).await, listed);

    // A cursor naming a customer renamed since: the next page begins where
    // the one before it ended.
    let page = app
        .call("GET", &format!("{path}&limit=5"), Some(&admin), None)
        .await;
    let cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    let last: Uuid = listed[4].parse().unwrap();
    let version = customers::Entity::find_by_id(last)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .version;
    patch(
        &app,
        &admin,
        &format!("/api/v1/customers/{last}"),
        json!({"version": version, "name": "zzz Last"}),
    )
    .await;
    let next = app
        .call(
            "GET",
            &format!("{path}&limit=5&cursor={cursor}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(next.status, 200, "{}", next.body);
    assert_eq!(
        next.body["items"][0]["id"],
        listed[5].as_str(),
        "{}",
        next.body
    );
    // A customer registered on another server (written straight to the
    // database here) is listed on the next page asked.
    let newcomer = customer("0 0 Newcomer", Tier::Core, Stage::New, by, app.clock.now());
    let newcomer_id = newcomer.id.clone().unwrap().to_string();
    insert_customers(&app, vec![newcomer]).await;
    let again = by_number(&app, &admin, path, 200).await;
    assert_eq!(again.first(), Some(&newcomer_id));
    let mut want: BTreeSet<&String> = listed.iter().collect();
    want.insert(&newcomer_id);
    assert_eq!(again.iter().collect::<BTreeSet<_>>(), want);
    assert_eq!(again.len(), want.len(), "each once");

    // A word of no customer, and text with no word, find none.
    for query in ["q=nothing", "q=%E7%81%AB%E6%98%9F", "q=--"] {
        let reply = app
            .call(
                "GET",
                &format!("/api/v1/customers?{query}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{query}: {}", reply.body);
        assert_eq!(reply.body["total"], 0, "{query}");
    }
}

/// The names `GET /api/v1/customers?q=` finds.
async fn found(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let reply = app
        .call(
            "GET",
            &format!("/api/v1/customers?q={}", urlencoding(q)),
            Some(token),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{q}: {}", reply.body);
    reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|customer| customer["name"].as_str().unwrap().to_owned())
        .collect()
}

/// `text` percent-encoded for a query string.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn patch(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let reply = app.call("PATCH", path, Some(token), Some(body)).await;
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    reply.body
}

#[tokio::test]
async fn an_edited_customer_is_found_by_its_new_text_and_not_its_old() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = register(&app, &admin, new_customer("旧名机械 Oldname")).await;
    let id = customer["id"].as_str().unwrap();
    register(&app, &admin, new_customer("别的公司 Other")).await;
    assert_eq!(found(&app, &admin, "旧名").await, ["旧名机械 Oldname"]);
    assert_eq!(found(&app, &admin, "oldname").await, ["旧名机械 Oldname"]);

    patch(
        &app,
        &admin,
        &format!("/api/v1/customers/{id}"),
        json!({"version": 1, "name": "新星电子 Newname", "industry": "Robotics"}),
    )
    .await;
    for old in ["旧名", "oldname", "制造业"] {
        let names = found(&app, &admin, old).await;
        assert!(!names.contains(&"新星电子 Newname".to_owned()), "{old}");
    }
    assert_eq!(found(&app, &admin, "制造业").await, ["别的公司 Other"]);
    for new in ["新星", "星电", "newname", "robotics", "新星 Newname"] {
        assert_eq!(
            found(&app, &admin, new).await,
            ["新星电子 Newname"],
            "{new}"
        );
    }
    // The address is searched as before.
    assert_eq!(found(&app, &admin, "海淀").await.len(), 2);
}

#[tokio::test]
async fn a_changed_or_archived_contact_phone_stops_finding_its_customer() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = register(&app, &admin, new_customer("电话机械")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{id}/contacts"),
            Some(&admin),
            Some(json!({"name": "联系人", "phone": "+86 138-1234-5678", "preferred_channel": "phone"})),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);
    let contact = format!("/api/v1/contacts/{}", contact.body["id"].as_str().unwrap());
    // However the number was typed, its last digits find the customer.
    for tail in ["5678", "12345678", "13812345678"] {
        assert_eq!(found(&app, &admin, tail).await, ["电话机械"], "{tail}");
    }
    assert!(
        found(&app, &admin, "678").await.is_empty(),
        "too few digits"
    );

    patch(
        &app,
        &admin,
        &contact,
        json!({"version": 1, "phone": "021-6666-0001"}),
    )
    .await;
    assert!(found(&app, &admin, "5678").await.is_empty());
    assert_eq!(found(&app, &admin, "66660001").await, ["电话机械"]);

    patch(
        &app,
        &admin,
        &contact,
        json!({"version": 2, "archived": true}),
    )
    .await;
    assert!(found(&app, &admin, "66660001").await.is_empty());
    assert_eq!(found(&app, &admin, "电话").await, ["电话机械"]);
}
