use crate::helpers::{TestApp, assert_problem};

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

/// A generator names a function after each operationId: a repeated one
/// loses an operation (the generated "create customer" posted a follow-up).
#[tokio::test]
async fn every_operation_id_is_unique_and_names_its_resource() {
    let document = served_document(&TestApp::spawn().await).await;
    let mut seen = std::collections::BTreeSet::new();

    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap().to_owned();
            assert!(seen.insert(id.clone()), "{method} {path}: {id} is repeated");
        }
    }

    for id in [
        "customers_create",
        "follow_ups_create",
        "requests_list",
        "contracts_act",
    ] {
        assert!(seen.contains(id), "no operation {id}");
    }
}

#[tokio::test]
async fn a_page_refers_to_its_item_schema() {
    let document = served_document(&TestApp::spawn().await).await;

    let answer = &document["paths"]["/api/v1/customers"]["get"]["responses"]["200"];
    assert_eq!(
        answer["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PagedCustomer"
    );
    let page = &document["components"]["schemas"]["PagedCustomer"];
    assert_eq!(
        page["properties"]["items"]["items"]["$ref"],
        "#/components/schemas/Customer"
    );
}

#[tokio::test]
async fn a_quote_body_is_closed_in_the_document_as_the_server_closes_it() {
    let document = served_document(&TestApp::spawn().await).await;

    let variants = document["components"]["schemas"]["QuoteRequest"]["oneOf"]
        .as_array()
        .expect("QuoteRequest is one of two shapes");
    assert_eq!(variants.len(), 2);
    for variant in variants {
        assert_eq!(variant["additionalProperties"], false, "{variant}");
    }
}

#[tokio::test]
async fn an_unknown_api_path_is_a_problem_404_and_a_wrong_method_a_405_with_allow() {
    let app = TestApp::spawn().await;

    let unknown = app.get("/api/v1/no-such-thing").await;
    let wrong = app
        .client
        .delete(format!("{}/api/v1/customers", app.address))
        .send()
        .await
        .unwrap();

    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(wrong.status(), 405);
    assert_eq!(wrong.headers()["allow"], "GET, POST");
    assert_eq!(wrong.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415_and_one_too_large_a_413() {
    let app = TestApp::spawn().await;
    let post = |content_type: &'static str, body: Vec<u8>| {
        app.client
            .post(format!("{}/api/v1/auth/login", app.address))
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };

    let text = post("text/plain", b"hello".to_vec()).await.unwrap();
    let large = post("application/json", vec![b' '; 300 * 1024])
        .await
        .unwrap();

    assert_eq!(text.status(), 415);
    assert_eq!(large.status(), 413);
}

/// JSON has one number type: `2.0` is an integer to JSON Schema and to the
/// document, so the server takes it where it wants one.
#[tokio::test]
async fn a_whole_number_written_as_a_float_is_an_integer() {
    let value: rapport_types::customers::VersionOnly =
        rapport_api::routes::extract::parse(br#"{"version": 2.0}"#).unwrap();

    assert_eq!(value.version, 2);
}

/// The OpenAPI document as the server serves it.
async fn served_document(app: &TestApp) -> serde_json::Value {
    app.get("/api-docs/openapi.json")
        .await
        .json()
        .await
        .unwrap()
}

/// A misspelt filter must not quietly answer the unfiltered list: every
/// operation that takes query parameters refuses one it does not know,
/// naming it.
#[tokio::test]
async fn every_query_refuses_an_unknown_parameter_naming_it() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let document = served_document(&app).await;
    let mut tried = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        let Some(operation) = item.get("get") else {
            continue;
        };
        let takes_query = operation["parameters"]
            .as_array()
            .is_some_and(|parameters| parameters.iter().any(|p| p["in"] == "query"));
        if !takes_query || path.contains('{') {
            continue;
        }
        let reply = app
            .call("GET", &format!("{path}?stauts=open"), Some(&token), None)
            .await;
        let problem = assert_problem(&reply, 400);
        assert_eq!(
            problem["errors"]["stauts"][0], "unknown parameter",
            "GET {path}: {problem}"
        );
        tried += 1;
    }
    assert!(tried >= 10, "only {tried} operations take a query");
}
