//! A customer's contacts (masked everywhere, revealed to the roles the spec
//! names, audited) and follow-up log.

use rapport_entity::audit_log;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::customers::{new_customer, register};
use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn contacts_are_masked_in_lists_and_details() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = register(&app, &admin, new_customer("遮罩测试")).await;
    let id = customer["id"].as_str().unwrap();

    let created = app
        .call(
            "POST",
            &format!("/api/v1/customers/{id}/contacts"),
            Some(&admin),
            Some(json!({"name": "张伟", "position": "IT经理", "phone": "13812345678", "email": "zhang.wei@example.com", "preferred_channel": "wechat"})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["phone"], "138****5678");
    assert_eq!(created.body["email"], "z***@example.com");

    let listed = app
        .call(
            "GET",
            &format!("/api/v1/customers/{id}/contacts"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(listed.body[0]["phone"], "138****5678");
    let contact_id = created.body["id"].as_str().unwrap();
    let detail = app
        .call(
            "GET",
            &format!("/api/v1/contacts/{contact_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(detail.body["email"], "z***@example.com");
    assert!(!detail.body.to_string().contains("12345678"));
}

#[tokio::test]
async fn reveal_is_allowed_to_the_spec_roles_and_own_account_manager_and_is_audited() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (own_am, own_am_id) = app.user_with_role("account_manager").await;
    let (other_am, _) = app.user_with_role("account_manager").await;
    let mut body = new_customer("揭示测试");
    body["account_manager_id"] = json!(own_am_id);
    let customer_id = register(&app, &admin, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{customer_id}/contacts"),
            Some(&admin),
            Some(json!({"name": "李娜", "phone": "010-62345678", "email": "li.na@example.cn", "preferred_channel": "phone"})),
        )
        .await;
    let path = format!(
        "/api/v1/contacts/{}/reveal",
        contact.body["id"].as_str().unwrap()
    );

    let mut allowed = vec![("admin", admin.clone()), ("own account manager", own_am)];
    for role in ["manager", "service", "assistant"] {
        allowed.push((role, app.user_with_role(role).await.0));
    }
    for (who, token) in &allowed {
        let reply = app.call("POST", &path, Some(token), None).await;
        assert_eq!(reply.status, 200, "{who}: {}", reply.body);
        assert_eq!(reply.body["phone"], "010-62345678");
        assert_eq!(reply.body["email"], "li.na@example.cn");
    }
    let mut refused = vec![("other account manager", other_am)];
    for role in ["marketing", "sales", "technician"] {
        refused.push((role, app.user_with_role(role).await.0));
    }
    for (who, token) in &refused {
        let reply = app.call("POST", &path, Some(token), None).await;
        assert_eq!(
            reply.status, 403,
            "{who} must not see unmasked details: {}",
            reply.body
        );
    }

    let reveals = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("contact.reveal"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(reveals, allowed.len() as u64);
}

#[tokio::test]
async fn follow_ups_are_logged_and_listed_newest_first() {
    let app = TestApp::spawn().await;
    let (sales, _) = app.user_with_role("sales").await;
    let id = register(&app, &sales, new_customer("回访记录")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/customers/{id}/follow-ups");
    for (at, summary) in [
        ("2025-02-20T10:00:00+08:00", "first call"),
        ("2025-02-27T15:30:00+08:00", "demo visit"),
    ] {
        let reply = app
            .call("POST", &path, Some(&sales), Some(json!({"occurred_at": at, "method": "phone", "summary": summary, "next_step": "quote"})))
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
    let future = app
        .call(
            "POST",
            &path,
            Some(&sales),
            Some(json!({"occurred_at": "2030-01-01T00:00:00Z", "method": "phone", "summary": "x"})),
        )
        .await;
    assert!(assert_problem(&future, 422)["errors"]["occurred_at"].is_array());
    let (marketing, _) = app.user_with_role("marketing").await;
    let forbidden = app
        .call("POST", &path, Some(&marketing), Some(json!({"occurred_at": "2025-02-20T10:00:00+08:00", "method": "phone", "summary": "x"})))
        .await;
    assert_problem(&forbidden, 403);

    let listed = app.call("GET", &path, Some(&marketing), None).await;

    assert_eq!(listed.body["total"], 2);
    assert_eq!(listed.body["items"][0]["summary"], "demo visit");
}

#[tokio::test]
async fn the_demo_data_gives_the_account_manager_customers_with_masked_contacts() {
    let app = TestApp::spawn_with_demo_data().await;
    let login = app
        .login("am@rapport.local", rapport_api::bootstrap::DEMO_PASSWORD)
        .await;
    assert_eq!(login.status, 200, "{}", login.body);
    let token = login.body["access_token"].as_str().unwrap();

    let listed = app
        .call("GET", "/api/v1/customers", Some(token), None)
        .await;

    assert_eq!(listed.body["total"], 6, "{}", listed.body);
    let id = listed.body["items"][0]["id"].as_str().unwrap();
    let contacts = app
        .call(
            "GET",
            &format!("/api/v1/customers/{id}/contacts"),
            Some(token),
            None,
        )
        .await;
    assert!(contacts.body[0]["phone"].as_str().unwrap().contains("****"));
}
