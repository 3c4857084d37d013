//! Finding requests: the list's filters (status, department, assignee,
//! text, open or finished, intake instant, SLA status as time passes) and
//! the caller's queue, each item with its nearest deadline.

use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;
use crate::requests::{intake, take_in};

#[tokio::test]
async fn lists_filter_on_sla_status_as_time_passes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "时限").await;
    // Urgent responds in 24 hours, routine in 5 working days; nobody is free to call back.
    take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let count = |query: &'static str| {
        let app = &app;
        async move {
            let admin = app.admin_token().await;
            let reply = app
                .call(
                    "GET",
                    &format!("/api/v1/requests?{query}"),
                    Some(&admin),
                    None,
                )
                .await;
            assert_eq!(reply.status, 200, "{query}: {}", reply.body);
            reply.body["total"].as_u64().unwrap()
        }
    };
    assert_eq!(count("sla_status=running").await, 2);
    assert_eq!(count("breached=true").await, 0);

    // 20 hours on: the urgent response has under a fifth of its 24 hours left.
    app.clock.advance(TimeDelta::hours(20));
    assert_eq!(count("sla_status=at_risk").await, 1);
    assert_eq!(count("sla_status=running").await, 1);

    app.clock.advance(TimeDelta::hours(5));
    assert_eq!(count("breached=true").await, 1);
    assert_eq!(count("sla_status=breached&priority=urgent").await, 1);
    assert_eq!(count("sla_status=met").await, 0);
    let bad = app
        .call(
            "GET",
            "/api/v1/requests?sla_status=late",
            Some(&app.admin_token().await),
            None,
        )
        .await;
    assert_problem(&bad, 400);
}

#[tokio::test]
async fn the_list_filters_by_status_department_assignee_and_text_and_the_queue_is_the_callers() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (technician, technician_id) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "列表").await;
    take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let mut other = intake(&c, "fault", "hardware", "important");
    other["title"] = json!("UPS 断电");
    take_in(&app, &admin, other).await;

    let total = |path: String, token: String| {
        let app = &app;
        async move {
            let reply = app.call("GET", &path, Some(&token), None).await;
            assert_eq!(reply.status, 200, "{path}: {}", reply.body);
            reply.body["total"].as_u64().unwrap()
        }
    };

    assert_eq!(total("/api/v1/requests".into(), admin.clone()).await, 2);
    assert_eq!(
        total("/api/v1/requests?status=new".into(), admin.clone()).await,
        1
    );
    assert_eq!(
        total("/api/v1/requests?status=assigned".into(), admin.clone()).await,
        1
    );
    assert_eq!(
        total(
            "/api/v1/requests?department=technical_hardware".into(),
            admin.clone()
        )
        .await,
        1
    );
    assert_eq!(
        total(
            format!("/api/v1/requests?assignee_id={technician_id}"),
            admin.clone()
        )
        .await,
        1
    );
    assert_eq!(
        total("/api/v1/requests/queue".into(), technician.clone()).await,
        1
    );
    assert_eq!(
        total("/api/v1/requests/queue".into(), admin.clone()).await,
        0
    );
    assert_eq!(
        total("/api/v1/requests?priority=important".into(), admin.clone()).await,
        1
    );
    assert_eq!(
        total("/api/v1/requests?q=ups".into(), admin.clone()).await,
        1
    );
    assert_eq!(
        total("/api/v1/requests?q=SR-2025-000002".into(), admin.clone()).await,
        1
    );
    // `_` and `%` are searched for as themselves, not as wildcards.
    assert_eq!(total("/api/v1/requests?q=_".into(), admin.clone()).await, 0);
    assert_eq!(
        total("/api/v1/requests?q=%25".into(), admin.clone()).await,
        0
    );
    assert_eq!(
        total(format!("/api/v1/requests?customer_id={c}"), admin.clone()).await,
        2
    );
}

#[tokio::test]
async fn the_list_tells_open_from_finished_and_unassigned_and_shows_each_nearest_deadline() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_technician, technician_id) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "视图").await;
    let assigned = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let unassigned = take_in(&app, &admin, intake(&c, "fault", "hardware", "important")).await;
    let cancelled = take_in(&app, &admin, intake(&c, "fault", "hardware", "urgent")).await;
    let reply = app
        .call(
            "POST",
            &format!(
                "/api/v1/requests/{}/actions",
                cancelled["id"].as_str().unwrap()
            ),
            Some(&admin),
            Some(json!({"action": "cancel", "version": cancelled["version"], "reason": "重复"})),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    let numbers = |path: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let reply = app.call("GET", path, Some(admin), None).await;
            assert_eq!(reply.status, 200, "{path}: {}", reply.body);
            let mut numbers: Vec<String> = reply.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["number"].as_str().unwrap().to_owned())
                .collect();
            numbers.sort();
            numbers
        }
    };
    let number = |request: &Value| request["number"].as_str().unwrap().to_owned();
    assert_eq!(
        numbers("/api/v1/requests?open=true").await,
        vec![number(&assigned), number(&unassigned)]
    );
    assert_eq!(
        numbers("/api/v1/requests?open=false").await,
        vec![number(&cancelled)]
    );
    assert_eq!(
        numbers("/api/v1/requests?open=true&unassigned=true").await,
        vec![number(&unassigned)]
    );
    assert_eq!(
        numbers("/api/v1/requests?unassigned=false").await,
        vec![number(&assigned)]
    );
    assert_eq!(assigned["assignee_id"], json!(technician_id));

    // Each item carries its nearest unmet deadline: the detail's earliest
    // running clock, with the instant it turns at risk.
    let reply = app
        .call("GET", "/api/v1/requests?open=true", Some(&admin), None)
        .await;
    for item in reply.body["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let detail = app
            .call("GET", &format!("/api/v1/requests/{id}"), Some(&admin), None)
            .await;
        let nearest = detail.body["sla"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|clock| clock["met_at"].is_null())
            .min_by_key(|clock| clock["deadline"].as_str().unwrap().to_owned())
            .unwrap();
        assert_eq!(item["due"]["deadline"], nearest["deadline"], "{item}");
        assert_eq!(item["due"]["target"], nearest["target"], "{item}");
        assert_eq!(
            item["due"]["at_risk_from"], nearest["at_risk_from"],
            "{item}"
        );
        assert_eq!(detail.body["due"], item["due"]);
    }
    // A finished request has nothing due.
    let reply = app
        .call("GET", "/api/v1/requests?open=false", Some(&admin), None)
        .await;
    assert!(reply.body["items"][0]["due"].is_null(), "{}", reply.body);
}

#[tokio::test]
async fn the_list_keeps_requests_taken_in_from_an_instant() {
    let start: chrono::DateTime<chrono::Utc> = "2025-03-03T02:00:00Z".parse().unwrap();
    let app = TestApp::spawn_at(start).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "今日").await;
    let early = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    app.clock.advance(TimeDelta::minutes(10));
    let late = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;

    let from = |instant: &str| {
        let (app, admin) = (&app, &admin);
        let path = format!(
            "/api/v1/requests?created_from={}",
            instant.replace('+', "%2B")
        );
        async move {
            let reply = app.call("GET", &path, Some(admin), None).await;
            assert_eq!(reply.status, 200, "{path}: {}", reply.body);
            reply.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["number"].clone())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        from("2025-03-03T02:00:00Z").await,
        vec![late["number"].clone(), early["number"].clone()]
    );
    assert_eq!(
        from("2025-03-03T10:05:00+08:00").await,
        vec![late["number"].clone()]
    );
    assert!(from("2025-03-03T02:30:00Z").await.is_empty());
}

/// The desk reads names, not ids: a listed request carries its customer's
/// and assignee's names, and a request's page the names of the staff its
/// timeline mentions, the one who took it in and whom it was assigned to.
#[tokio::test]
async fn requests_read_with_the_names_of_their_customer_and_staff() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, first) = app.user_with_role("technician").await;
    let (_, second) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "名称客户").await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    let target = if request["assignee_id"] == json!(first) {
        &second
    } else {
        &first
    };

    let assigned = app
        .call(
            "POST",
            &format!(
                "/api/v1/requests/{}/actions",
                request["id"].as_str().unwrap()
            ),
            Some(&admin),
            Some(json!({"action": "assign", "version": request["version"], "assignee_id": target})),
        )
        .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    assert_eq!(assigned.body["customer_name"], json!("名称客户"));
    assert_eq!(assigned.body["assignee_name"], json!("technician"));

    let listed = app
        .call(
            "GET",
            &format!("/api/v1/requests?customer_id={c}"),
            Some(&admin),
            None,
        )
        .await;
    let item = &listed.body["items"][0];
    assert_eq!(item["customer_name"], json!("名称客户"), "{}", listed.body);
    assert_eq!(item["assignee_name"], json!("technician"));

    let detail = app
        .call(
            "GET",
            &format!("/api/v1/requests/{}", request["id"].as_str().unwrap()),
            Some(&admin),
            None,
        )
        .await;
    let people = detail.body["people"].as_object().unwrap();
    let created_by = request["created_by"].as_str().unwrap();
    assert!(people.contains_key(created_by), "{people:?}");
    assert_eq!(people[target.as_str()], json!("technician"));
    for event in detail.body["timeline"].as_array().unwrap() {
        if let Some(actor) = event["actor_id"].as_str() {
            assert!(people.contains_key(actor), "no name for actor {actor}");
        }
    }
}

/// A bar of the monthly report opens the requests behind it: the list
/// keeps one category taken in within the report's month (from its first
/// instant, included, to the next month's, not), and finds exactly as many
/// as the report counts.
#[tokio::test]
async fn the_list_keeps_a_category_taken_in_within_a_month_as_the_report_counts_it() {
    // Friday 2025-02-28 23:30 in Shanghai: still February.
    let start: chrono::DateTime<chrono::Utc> = "2025-02-28T15:30:00Z".parse().unwrap();
    let app = TestApp::spawn_at(start).await;
    let admin = app.admin_token().await;
    let c = customer(&app, &admin, "月报").await;
    take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    // Access tokens last 15 minutes: a fresh one after each leap.
    app.clock.advance(TimeDelta::hours(1));
    let admin = app.admin_token().await;
    let first = take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;
    take_in(
        &app,
        &admin,
        intake(&c, "consultation", "software", "routine"),
    )
    .await;
    app.clock.advance(TimeDelta::days(10));
    let admin = app.admin_token().await;
    let second = take_in(&app, &admin, intake(&c, "fault", "hardware", "urgent")).await;
    app.clock.advance(TimeDelta::days(30));
    let admin = app.admin_token().await;
    take_in(&app, &admin, intake(&c, "fault", "software", "routine")).await;

    let listed = |query: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let path = format!("/api/v1/requests?{query}");
            let reply = app.call("GET", &path, Some(admin), None).await;
            assert_eq!(reply.status, 200, "{path}: {}", reply.body);
            reply.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["number"].clone())
                .collect::<Vec<_>>()
        }
    };
    // March in Shanghai: 2025-03-01T00:00+08:00 up to 2025-04-01T00:00+08:00.
    let march =
        "category=fault&created_from=2025-02-28T16:00:00Z&created_before=2025-03-31T16:00:00Z";
    assert_eq!(
        listed(march).await,
        vec![second["number"].clone(), first["number"].clone()]
    );
    let report = app
        .call(
            "GET",
            "/api/v1/reports/monthly?month=2025-03",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(
        report.body["current"]["requests"]["opened"]["by_category"]["fault"],
        json!(2)
    );
    assert_eq!(
        listed("category=consultation&created_before=2025-03-31T16:00:00Z")
            .await
            .len(),
        1
    );
    let bad = app
        .call(
            "GET",
            "/api/v1/requests?category=printer",
            Some(&admin),
            None,
        )
        .await;
    assert_problem(&bad, 400);
}

#[tokio::test]
async fn a_renamed_customer_or_assignee_reads_in_the_list_at_once_on_every_instance() {
    let app = TestApp::spawn().await;
    // SQLite serves one instance.
    let beside = if TestApp::on_postgres() {
        Some(app.spawn_beside().await)
    } else {
        None
    };
    let instances: Vec<&TestApp> = std::iter::once(&app).chain(beside.as_ref()).collect();
    let admin = app.admin_token().await;
    let (_, technician_id) = app.user_with_role("technician").await;
    let c = customer(&app, &admin, "旧名").await;
    let taken = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    assert_eq!(taken["assignee_id"], json!(technician_id), "{taken}");
    for instance in &instances {
        assert_eq!(
            names(instance, &admin).await,
            (json!("旧名"), json!("technician"))
        );
    }

    let customer_version = app
        .call("GET", &format!("/api/v1/customers/{c}"), Some(&admin), None)
        .await
        .body["version"]
        .clone();
    let renamed = app
        .call(
            "PATCH",
            &format!("/api/v1/customers/{c}"),
            Some(&admin),
            Some(json!({"version": customer_version, "name": "新名"})),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    let renamed = app
        .call(
            "PATCH",
            &format!("/api/v1/users/{technician_id}"),
            Some(&admin),
            Some(json!({"version": 1, "display_name": "王工"})),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);

    // The renaming instance at once; another once the notification, sent
    // on commit, arrives: a moment, not the minute a copy may live.
    let want = (json!("新名"), json!("王工"));
    assert_eq!(names(instances[0], &admin).await, want);
    for instance in &instances[1..] {
        let mut read = names(instance, &admin).await;
        for _ in 0..50 {
            if read == want {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            read = names(instance, &admin).await;
        }
        assert_eq!(read, want);
    }
}

/// The customer's and assignee's names on the newest request's row.
async fn names(app: &TestApp, token: &str) -> (Value, Value) {
    let reply = app.call("GET", "/api/v1/requests", Some(token), None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let item = &reply.body["items"][0];
    (item["customer_name"].clone(), item["assignee_name"].clone())
}
