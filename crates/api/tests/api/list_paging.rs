//! The lists that grow without bound (the audit log, customers) paged by
//! cursor: a walk gives every row once in the list's order while rows keep
//! arriving; each filter, by cursor and by page number, gives what a
//! reference filter over the same rows gives; counts stop at 1,000 (or a
//! deeper page's end) and say whether they are exact; a cursor the list
//! did not hand out is a 422 naming `cursor`.

use std::collections::BTreeSet;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use rapport_entity::{audit_log, customers};
use sea_orm::{EntityTrait, Set};
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{TestApp, assert_problem};

/// Every page of `path` walked by cursor, `limit` at a time; the items in
/// order. `between` runs after each page.
pub(crate) async fn walk_with(
    app: &TestApp,
    token: &str,
    path: &str,
    limit: u32,
    mut between: impl AsyncFnMut(),
) -> Vec<Value> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..2000 {
        let mut url = format!("{path}{separator}limit={limit}");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let reply = app.call("GET", &url, Some(token), None).await;
        assert_eq!(reply.status, 200, "{url}: {}", reply.body);
        let expected_page = if cursor.is_some() { 0 } else { 1 };
        assert_eq!(reply.body["page"], expected_page, "{url}");
        items.extend(reply.body["items"].as_array().unwrap().iter().cloned());
        between().await;
        match reply.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
    panic!("{path}: the walk did not end");
}

pub(crate) async fn walk(app: &TestApp, token: &str, path: &str, limit: u32) -> Vec<String> {
    ids(&walk_with(app, token, path, limit, async || {}).await)
}

/// Every page of `path` by page number, `limit` at a time; the ids in order.
pub(crate) async fn by_number(app: &TestApp, token: &str, path: &str, limit: u32) -> Vec<String> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut found = Vec::new();
    for page in 1..2000 {
        let url = format!("{path}{separator}limit={limit}&page={page}");
        let reply = app.call("GET", &url, Some(token), None).await;
        assert_eq!(reply.status, 200, "{url}: {}", reply.body);
        assert_eq!(reply.body["page"], page, "{url}");
        let items = reply.body["items"].as_array().unwrap();
        if items.is_empty() {
            assert!(reply.body["next_cursor"].is_null(), "{url}");
            return found;
        }
        found.extend(ids(items));
    }
    panic!("{path}: the pages did not end");
}

pub(crate) fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// An audit entry as the log stores it.
fn entry(
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    action: &str,
    entity: (&str, &str),
) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        id: Set(Uuid::new_v4()),
        at: Set(at),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        entity_type: Set(entity.0.to_owned()),
        entity_id: Set(entity.1.to_owned()),
        before: Set(None),
        after: Set(None),
    }
}

async fn insert_entries(app: &TestApp, entries: Vec<audit_log::ActiveModel>) {
    for chunk in entries.chunks(500) {
        audit_log::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
}

/// `count` entries spread over actors, actions and records, several at
/// each instant (ids break the ties), before `now`.
fn entries(now: DateTime<Utc>, count: usize, actors: &[Uuid]) -> Vec<audit_log::ActiveModel> {
    let records = ["r1", "r2", "r3"];
    (0..count)
        .map(|n| {
            let at = now - TimeDelta::seconds(i64::try_from(n / 3).unwrap() + 10);
            let actor = (n % 5 != 0).then(|| actors[n % actors.len()]);
            let action = ["customer.update", "contract.sign", "request.assign"][n % 3];
            entry(at, actor, action, ("widget", records[n % 4 % 3]))
        })
        .collect()
}

async fn actor_ids(app: &TestApp) -> Vec<Uuid> {
    let (_, a) = app.user_with_role("technician").await;
    let (_, b) = app.user_with_role("manager").await;
    vec![a.parse().unwrap(), b.parse().unwrap()]
}

#[tokio::test]
async fn the_audit_log_walks_by_cursor_newest_first_while_entries_arrive() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let actors = actor_ids(&app).await;
    let now = app.clock.now();
    insert_entries(&app, entries(now, 130, &actors)).await;
    let before: Vec<audit_log::Model> = audit_log::Entity::find().all(&app.db).await.unwrap();

    // Between pages, newer entries arrive and one lands among the old.
    let mut arrived = 0;
    let walked = walk_with(&app, &admin, "/api/v1/audit", 20, async || {
        arrived += 1;
        let at = now + TimeDelta::seconds(arrived);
        let middle = now - TimeDelta::seconds(25);
        let arriving = vec![
            entry(at, None, "scheduler.tick", ("job", "tick")),
            entry(middle, None, "scheduler.tick", ("job", "late")),
        ];
        insert_entries(&app, arriving).await;
    })
    .await;

    let mut seen = BTreeSet::new();
    for id in ids(&walked) {
        assert!(seen.insert(id.clone()), "{id} twice");
    }
    let instants: Vec<(DateTime<Utc>, Uuid)> = walked
        .iter()
        .map(|item| {
            (
                item["at"].as_str().unwrap().parse().unwrap(),
                item["id"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert!(
        instants.windows(2).all(|pair| pair[0] > pair[1]),
        "newest first, ids breaking ties"
    );
    for entry in &before {
        assert!(
            seen.contains(&entry.id.to_string()),
            "{} left out",
            entry.id
        );
    }
}

#[tokio::test]
async fn each_audit_filter_lists_what_a_reference_filter_finds() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let actors = actor_ids(&app).await;
    let now = app.clock.now();
    insert_entries(&app, entries(now, 90, &actors)).await;
    let mut all: Vec<audit_log::Model> = audit_log::Entity::find().all(&app.db).await.unwrap();
    all.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
    // Whole seconds: the query names them so.
    let from = (now - TimeDelta::seconds(30)).trunc_subsecs(0);
    let to = (now - TimeDelta::seconds(15)).trunc_subsecs(0);
    let stamp = |at: DateTime<Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let actor = actors[0];
    type Keep = Box<dyn Fn(&audit_log::Model) -> bool>;
    let views: Vec<(String, Keep)> = vec![
        ("".to_owned(), Box::new(|_| true)),
        (
            "entity_type=widget&entity_id=r2".to_owned(),
            Box::new(|e| e.entity_type == "widget" && e.entity_id == "r2"),
        ),
        (
            "entity_type=widget".to_owned(),
            Box::new(|e| e.entity_type == "widget"),
        ),
        (
            format!("actor_id={actor}"),
            Box::new(move |e| e.actor_id == Some(actor)),
        ),
        (
            "action=contract.sign".to_owned(),
            Box::new(|e| e.action == "contract.sign"),
        ),
        (
            format!("from={}&to={}", stamp(from), stamp(to)),
            Box::new(move |e| e.at >= from && e.at < to),
        ),
        (
            format!(
                "actor_id={actor}&action=request.assign&from={}",
                stamp(from)
            ),
            Box::new(move |e| {
                e.actor_id == Some(actor) && e.action == "request.assign" && e.at >= from
            }),
        ),
    ];
    for (query, keep) in views {
        let want: Vec<String> = all
            .iter()
            .filter(|e| keep(e))
            .map(|e| e.id.to_string())
            .collect();
        assert!(!want.is_empty(), "{query}: the data should hold some");
        let path = format!("/api/v1/audit?{query}");
        assert_eq!(walk(&app, &admin, &path, 7).await, want, "{path} by cursor");
        assert_eq!(
            by_number(&app, &admin, &path, 7).await,
            want,
            "{path} by page"
        );
        let first = app
            .call("GET", &format!("{path}&limit=7"), Some(&admin), None)
            .await;
        assert_eq!(first.body["total"], want.len(), "{path}");
        assert_eq!(first.body["total_exact"], true, "{path}");
    }
}

/// A customer as the registry stores it, registered at `at`.
pub(crate) fn customer(
    name: &str,
    tier: Tier,
    stage: Stage,
    by: Uuid,
    at: DateTime<Utc>,
) -> customers::ActiveModel {
    customers::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name.to_owned()),
        industry: Set("manufacturing".to_owned()),
        address: Set("长江路 1 号".to_owned()),
        stage: Set(stage),
        tier: Set(tier),
        account_manager_id: Set(None),
        preferred_channel: Set(Channel::Phone),
        verification: Set(Verification::Verified),
        rejection_reason: Set(None),
        registered_by: Set(by),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        last_routine_visit_on: Set(None),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

/// Stores `rows` as they are and indexes them for search, as the
/// migration indexes the customers registered before it.
pub(crate) async fn insert_customers(app: &TestApp, rows: Vec<customers::ActiveModel>) {
    for chunk in rows.chunks(300) {
        customers::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }
    rapport_migrations::m20261217_000051_add_customer_search_order::backfill(&app.db)
        .await
        .unwrap();
}

/// `count` customers: names that repeat (ids break the ties), tiers,
/// stages, review states, managers and registration instants that vary.
fn some_customers(
    now: DateTime<Utc>,
    count: usize,
    managers: &[Uuid],
    by: Uuid,
) -> Vec<customers::ActiveModel> {
    let tiers = [Tier::Core, Tier::Potential, Tier::Ordinary];
    let stages = [Stage::Potential, Stage::New, Stage::LongTerm];
    (0..count)
        .map(|n| {
            let name = format!("{} 客户 {}", ["Acme", "北方", "Zeta", "acme"][n % 4], n % 7);
            let at = now - TimeDelta::seconds(i64::try_from(n / 2).unwrap());
            let mut row = customer(&name, tiers[n % 3], stages[n % 5 % 3], by, at);
            if n % 4 == 1 {
                row.verification = Set(Verification::PendingReview);
            }
            if n % 3 == 2 {
                row.account_manager_id = Set(Some(managers[n % managers.len()]));
            }
            if n % 11 == 0 {
                row.archived_at = Set(Some(at));
            }
            row
        })
        .collect()
}

#[tokio::test]
async fn the_customer_list_walks_by_cursor_in_either_order_while_customers_arrive() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, manager) = app.user_with_role("sales").await;
    let manager: Uuid = manager.parse().unwrap();
    let now = app.clock.now();
    insert_customers(&app, some_customers(now, 80, &[manager], manager)).await;

    for sort in ["name", "-created_at"] {
        let path = format!("/api/v1/customers?sort={sort}");
        let expected = by_number(&app, &admin, &path, 200).await;
        let mut arrived = 0;
        let walked = walk_with(&app, &admin, &path, 9, async || {
            arrived += 1;
            let name = format!("Midway {sort} {arrived}");
            let rows = vec![customer(
                &name,
                Tier::Core,
                Stage::New,
                manager,
                now + TimeDelta::seconds(arrived),
            )];
            insert_customers(&app, rows).await;
        })
        .await;
        let walked = ids(&walked);
        let unique: BTreeSet<&String> = walked.iter().collect();
        assert_eq!(unique.len(), walked.len(), "{sort}: no customer twice");
        // What was there before is all there, in the order it had.
        let old: Vec<&String> = walked.iter().filter(|id| expected.contains(id)).collect();
        assert_eq!(old, expected.iter().collect::<Vec<_>>(), "{sort}: no gap");
        // And the walk is in the list's order, arrivals included.
        let now_listed = by_number(&app, &admin, &path, 200).await;
        let in_order: Vec<&String> = now_listed.iter().filter(|id| unique.contains(id)).collect();
        assert_eq!(
            in_order,
            walked.iter().collect::<Vec<_>>(),
            "{sort}: in order"
        );
    }
}

#[tokio::test]
async fn each_customer_filter_lists_what_a_reference_filter_finds() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, first) = app.user_with_role("sales").await;
    let (_, second) = app.user_with_role("sales").await;
    let managers: Vec<Uuid> = [first, second]
        .iter()
        .map(|id| id.parse().unwrap())
        .collect();
    let now = app.clock.now();
    insert_customers(&app, some_customers(now, 120, &managers, managers[0])).await;
    let all: Vec<customers::Model> = customers::Entity::find().all(&app.db).await.unwrap();
    let manager = managers[1];
    type Keep = Box<dyn Fn(&customers::Model) -> bool>;
    let live = |c: &customers::Model| c.archived_at.is_none();
    let views: Vec<(String, Keep)> = vec![
        ("".to_owned(), Box::new(live)),
        ("include_archived=true".to_owned(), Box::new(|_| true)),
        (
            "tier=core".to_owned(),
            Box::new(move |c| live(c) && c.tier == Tier::Core),
        ),
        (
            "stage=long_term".to_owned(),
            Box::new(move |c| live(c) && c.stage == Stage::LongTerm),
        ),
        (
            "verification=pending_review".to_owned(),
            Box::new(move |c| live(c) && c.verification == Verification::PendingReview),
        ),
        (
            format!("account_manager_id={manager}"),
            Box::new(move |c| live(c) && c.account_manager_id == Some(manager)),
        ),
        (
            "q=acme".to_owned(),
            Box::new(move |c| live(c) && c.name.to_lowercase().contains("acme")),
        ),
        (
            "tier=potential&q=%E5%8C%97%E6%96%B9".to_owned(),
            Box::new(move |c| live(c) && c.tier == Tier::Potential && c.name.contains("北方")),
        ),
    ];
    for (query, keep) in views {
        let want: BTreeSet<String> = all
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.id.to_string())
            .collect();
        assert!(!want.is_empty(), "{query}: the data should hold some");
        for sort in ["name", "-created_at"] {
            let path = format!("/api/v1/customers?sort={sort}&{query}");
            let numbered = by_number(&app, &admin, &path, 200).await;
            assert_eq!(
                numbered.iter().cloned().collect::<BTreeSet<_>>(),
                want,
                "{path}"
            );
            assert_eq!(numbered.len(), want.len(), "{path}: none twice");
            assert_eq!(
                walk(&app, &admin, &path, 7).await,
                numbered,
                "{path} by cursor"
            );
            assert_eq!(
                by_number(&app, &admin, &path, 7).await,
                numbered,
                "{path} by page"
            );
        }
    }
    // Newest first is by registration, then id.
    let newest = by_number(&app, &admin, "/api/v1/customers?sort=-created_at", 200).await;
    let mut live_rows: Vec<&customers::Model> = all.iter().filter(|c| live(c)).collect();
    live_rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    let instants: Vec<DateTime<Utc>> = live_rows.iter().map(|c| c.created_at).collect();
    let listed: Vec<DateTime<Utc>> = newest
        .iter()
        .map(|id| {
            all.iter()
                .find(|c| c.id.to_string() == *id)
                .unwrap()
                .created_at
        })
        .collect();
    assert_eq!(listed, instants);
}

#[tokio::test]
async fn counts_stop_at_a_thousand_or_the_pages_end_and_say_so() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let now = app.clock.now();
    let (_, by) = app.user_with_role("sales").await;
    let by: Uuid = by.parse().unwrap();
    let mut rows = some_customers(now, 1_020, &[by], by);
    for row in &mut rows {
        row.archived_at = Set(None);
    }
    insert_customers(&app, rows).await;
    let get = async |path: &str| {
        let reply = app.call("GET", path, Some(&admin), None).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply.body
    };

    let first = get("/api/v1/customers?limit=10").await;
    assert_eq!(first["total"], 1_000);
    assert_eq!(first["total_exact"], false);
    assert!(first["next_cursor"].is_string());
    // A page past the cap counts to its end: the rest fit.
    let deep = get("/api/v1/customers?limit=100&page=11").await;
    assert_eq!(deep["total"], 1_020);
    assert_eq!(deep["total_exact"], true);
    assert_eq!(deep["items"].as_array().unwrap().len(), 20);
    assert!(deep["next_cursor"].is_null());
    // The page before it ends at the cap with more to come; the one after
    // it is past the end and still counts them all.
    let at_cap = get("/api/v1/customers?limit=100&page=10").await;
    assert_eq!(
        (at_cap["total"].clone(), at_cap["total_exact"].clone()),
        (1_000.into(), false.into())
    );
    assert!(at_cap["next_cursor"].is_string());
    let past = get("/api/v1/customers?limit=100&page=12").await;
    assert_eq!(
        (past["total"].clone(), past["total_exact"].clone()),
        (1_020.into(), true.into())
    );
    assert_eq!(past["items"].as_array().unwrap().len(), 0);
    assert_eq!(past["page"], 12);
    let few = get("/api/v1/customers?limit=10&tier=core").await;
    assert_eq!(few["total"], 340);
    assert_eq!(few["total_exact"], true);

    // The audit log the same way; and the lists paged by number alone.
    let entries = (0..1_005)
        .map(|n| {
            entry(
                now - TimeDelta::seconds(n),
                None,
                "job.run",
                ("job", "nightly"),
            )
        })
        .collect();
    insert_entries(&app, entries).await;
    let log = get("/api/v1/audit?limit=5").await;
    assert_eq!(
        (log["total"].clone(), log["total_exact"].clone()),
        (1_000.into(), false.into())
    );
    let nightly = get("/api/v1/audit?limit=5&entity_type=job&entity_id=nightly&page=2").await;
    assert_eq!(nightly["total"], 1_000);
    assert_eq!(nightly["total_exact"], false);
    for path in [
        "/api/v1/contracts",
        "/api/v1/complaints",
        "/api/v1/visits",
        "/api/v1/needs",
        "/api/v1/knowledge/articles",
    ] {
        let body = get(path).await;
        assert_eq!(body["total_exact"], true, "{path}: {body}");
        assert!(body["next_cursor"].is_null(), "{path}");
    }
}

#[tokio::test]
async fn a_cursor_the_list_did_not_hand_out_is_refused_naming_cursor() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, by) = app.user_with_role("sales").await;
    let by: Uuid = by.parse().unwrap();
    insert_customers(&app, some_customers(app.clock.now(), 5, &[by], by)).await;
    let next = async |path: &str| {
        let reply = app.call("GET", path, Some(&admin), None).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        reply.body["next_cursor"].as_str().unwrap().to_owned()
    };
    let by_name = next("/api/v1/customers?limit=1").await;
    let newest = next("/api/v1/customers?limit=1&sort=-created_at").await;
    let log = next("/api/v1/audit?limit=1").await;
    for path in [
        "/api/v1/customers?cursor=nonsense".to_owned(),
        "/api/v1/customers?cursor=".to_owned(),
        "/api/v1/customers?cursor=nzz_00000000000000000000000000000000".to_owned(),
        format!("/api/v1/customers?cursor={by_name}&page=2"),
        format!("/api/v1/customers?cursor={by_name}&sort=-created_at"),
        format!("/api/v1/customers?cursor={newest}"),
        format!("/api/v1/customers?cursor={log}"),
        "/api/v1/audit?cursor=nonsense".to_owned(),
        "/api/v1/audit?cursor=t2025_x".to_owned(),
        format!("/api/v1/audit?cursor={newest}"),
        format!("/api/v1/audit?cursor={log}&page=1"),
    ] {
        let reply = app.call("GET", &path, Some(&admin), None).await;
        let problem = assert_problem(&reply, 422);
        assert!(problem["errors"]["cursor"].is_array(), "{path}: {problem}");
    }
    // Page numbers still work, and say where the next page starts.
    let second = app
        .call(
            "GET",
            "/api/v1/customers?limit=1&page=2",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(second.status, 200);
    assert_eq!(second.body["page"], 2);
    assert!(second.body["next_cursor"].is_string());
}
