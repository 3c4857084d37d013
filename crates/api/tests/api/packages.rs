//! Maintenance packages: read by everyone who sees sales, changed by admins.

use serde_json::json;

use crate::helpers::{TestApp, assert_problem};

#[tokio::test]
async fn packages_are_read_by_everyone_and_changed_only_by_admins_with_the_version() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (manager, _) = app.user_with_role("manager").await;
    let (marketing, _) = app.user_with_role("marketing").await;

    let listed = app
        .call("GET", "/api/v1/packages", Some(&marketing), None)
        .await;
    let by_manager = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&manager),
            Some(json!({"version": 1, "rate_bp": 900})),
        )
        .await;
    let changed = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&admin),
            Some(json!({"version": 1, "rate_bp": 900})),
        )
        .await;
    let stale = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&admin),
            Some(json!({"version": 1, "rate_bp": 950})),
        )
        .await;
    let no_version = app
        .call(
            "PUT",
            "/api/v1/packages/BASIC",
            Some(&admin),
            Some(json!({"rate_bp": 950})),
        )
        .await;
    let bad_code = app
        .call(
            "PUT",
            "/api/v1/packages/gold",
            Some(&admin),
            Some(json!({"name": "gold", "rate_bp": 1})),
        )
        .await;
    let bad_rate = app
        .call(
            "PUT",
            "/api/v1/packages/GOLD",
            Some(&admin),
            Some(json!({"name": "gold", "rate_bp": 100_001})),
        )
        .await;
    let negative_rate = app
        .call(
            "PUT",
            "/api/v1/packages/GOLD",
            Some(&admin),
            Some(json!({"name": "gold", "rate_bp": -1})),
        )
        .await;
    let incomplete = app
        .call(
            "PUT",
            "/api/v1/packages/GOLD",
            Some(&admin),
            Some(json!({"name": "gold"})),
        )
        .await;

    assert_eq!(listed.status, 200);
    let codes: Vec<&str> = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["BASIC", "STANDARD", "PREMIUM"]);
    assert_problem(&by_manager, 403);
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["rate_bp"], 900);
    assert_problem(&stale, 409);
    assert!(
        assert_problem(&no_version, 422)["errors"]
            .get("version")
            .is_some()
    );
    assert!(
        assert_problem(&bad_code, 422)["errors"]
            .get("code")
            .is_some()
    );
    assert!(
        assert_problem(&bad_rate, 422)["errors"]
            .get("rate_bp")
            .is_some()
    );
    assert!(
        assert_problem(&negative_rate, 400)["errors"]
            .get("rate_bp")
            .is_some()
    );
    assert_problem(&incomplete, 422);
    let after = app
        .call("GET", "/api/v1/packages", Some(&admin), None)
        .await;
    assert_eq!(after.body.as_array().unwrap().len(), 3);
}
