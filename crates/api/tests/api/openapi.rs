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

    let served = served_document(&app).await;

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
    let document = served_document(&TestApp::spawn().await).await;

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

/// Schema names are one namespace in an OpenAPI document, and utoipa keeps
/// the last type registered under a name: the two previews' bodies and
/// answers, and a request's quote against the contract quote, overwrote
/// each other's schemas. Each operation must document its own fields.
#[tokio::test]
async fn same_named_types_keep_schemas_of_their_own() {
    let document = served_document(&TestApp::spawn().await).await;
    let fields = |schema: &serde_json::Value| -> Vec<String> {
        let name = schema["$ref"]
            .as_str()
            .and_then(|reference| reference.rsplit('/').next())
            .unwrap_or_else(|| panic!("not a reference: {schema}"));
        document["components"]["schemas"][name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name} has no properties"))
            .keys()
            .cloned()
            .collect()
    };
    let operation = |path: &str| &document["paths"][path]["post"];
    let body = |path: &str| {
        fields(&operation(path)["requestBody"]["content"]["application/json"]["schema"])
    };
    let answer = |path: &str| {
        fields(&operation(path)["responses"]["200"]["content"]["application/json"]["schema"])
    };

    assert!(body("/api/v1/sla/preview").contains(&"clock".to_owned()));
    assert!(answer("/api/v1/sla/preview").contains(&"deadline".to_owned()));
    assert!(body("/api/v1/routing/preview").contains(&"customer_id".to_owned()));
    assert!(answer("/api/v1/routing/preview").contains(&"assignee_id".to_owned()));
    assert!(answer("/api/v1/contracts/quote").contains(&"quotes".to_owned()));
    let quote = serde_json::json!({"$ref": "#/components/schemas/Quote"});
    assert!(fields(&quote).contains(&"fee_cents".to_owned()));
}

/// The OpenAPI document as the server serves it.
async fn served_document(app: &TestApp) -> serde_json::Value {
    app.get("/api-docs/openapi.json")
        .await
        .json()
        .await
        .unwrap()
}
