use crate::helpers::TestApp;

#[tokio::test]
async fn health_check_reports_ok_and_the_server_version() {
    let app = TestApp::spawn().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn the_app_shell_is_served_at_the_root() {
    let app = TestApp::spawn().await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Rapport test shell")
    );
}

#[tokio::test]
async fn client_side_routes_fall_back_to_their_programs_page() {
    let app = TestApp::spawn().await;

    for (path, page) in [
        ("/requests/42", "index.html"),
        ("/customers/42/contacts", "accounts.html"),
        ("/settings/sla", "settings.html"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let shell = response.text().await.unwrap();
        assert!(
            shell.contains(&format!("Rapport test shell ({page})")),
            "{path}: {shell}"
        );
    }
}

#[tokio::test]
async fn static_files_of_the_app_are_served_as_they_are() {
    let app = TestApp::spawn().await;

    let response = app.get("/app.js").await;

    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("export default function init")
    );
}

#[tokio::test]
async fn a_browser_accepting_brotli_gets_the_copy_compressed_at_build_time() {
    let app = TestApp::spawn().await;

    let response = app
        .client
        .get(app.url("/app.js"))
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-encoding"], "br");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(headers["vary"], "accept-encoding");
    assert_eq!(response.text().await.unwrap(), "brotli copy of app.js");
}

#[tokio::test]
async fn unknown_api_paths_are_not_answered_with_the_app_shell() {
    let app = TestApp::spawn().await;

    let response = app.get("/api/v1/no-such-thing").await;

    assert_eq!(response.status(), 404);
}
