use crate::helpers::TestApp;

/// The committed document is what clients generate code from; it must be
/// exactly what the code serves. Run `make openapi` after changing a route.
#[tokio::test]
async fn the_committed_openapi_document_matches_what_the_server_serves() {
    let app = TestApp::spawn().await;
    let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(committed_path).expect("reading openapi/openapi.json"),
    )
    .unwrap();

    let served: serde_json::Value = app
        .get("/api-docs/openapi.json")
        .await
        .json()
        .await
        .unwrap();

    assert!(
        served == committed,
        "openapi/openapi.json is out of date: run `make openapi` and commit it"
    );
}

#[tokio::test]
async fn swagger_ui_is_served() {
    let app = TestApp::spawn().await;

    let response = app.get("/swagger-ui/").await;

    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("swagger")
    );
}

#[tokio::test]
async fn every_operation_documents_its_error_responses() {
    let app = TestApp::spawn().await;
    let document: serde_json::Value = app
        .get("/api-docs/openapi.json")
        .await
        .json()
        .await
        .unwrap();

    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let secured = operation.get("security").is_some();
            if secured {
                assert!(responses.contains_key("401"), "{method} {path} lacks 401");
            }
            if path.starts_with("/api/v1/") {
                assert!(
                    responses.keys().any(|status| status.starts_with('4')),
                    "{method} {path} documents no 4xx"
                );
            }
        }
    }
}
