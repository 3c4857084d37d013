//! Doors: the security headers on every kind of response, and a body that
//! trickles in is cut off.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::TestApp;

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_else(|| panic!("{} lacks {name}", response.url()))
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;

    let paths = [
        "/api/v1/health",
        "/api/v1/customers",
        "/api/v1/customers?q=%00",
        "/api/v1/nowhere",
        "/",
        "/swagger-ui/",
    ];
    for path in paths {
        let response = app.get(path).await;

        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(header(&response, "x-frame-options"), "DENY");
        assert_eq!(header(&response, "referrer-policy"), "no-referrer");
        let policy = header(&response, "content-security-policy");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none()
        );
    }
}

#[tokio::test]
async fn the_app_may_compile_its_wasm_and_swagger_ui_may_style_itself_but_neither_runs_inline_scripts()
 {
    let app = TestApp::spawn().await;

    let page = app.get("/").await;
    let swagger = app.get("/swagger-ui/").await;
    let api = app.get("/api/v1/health").await;

    let page = header(&page, "content-security-policy");
    assert!(
        page.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{page}"
    );
    let swagger = header(&swagger, "content-security-policy");
    assert!(swagger.contains("script-src 'self';"), "{swagger}");
    assert!(
        swagger.contains("style-src 'self' 'unsafe-inline'"),
        "{swagger}"
    );
    assert!(swagger.contains("img-src 'self' data:"), "{swagger}");
    for policy in [page, swagger] {
        assert!(
            !policy.contains("script-src 'self' 'unsafe-inline'"),
            "{policy}"
        );
    }
    assert!(header(&api, "content-security-policy").starts_with("default-src 'none'"));
}

#[tokio::test]
async fn a_body_that_trickles_in_a_byte_a_second_is_cut_off_within_the_timeout() {
    let app = TestApp::spawn().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {host}\r\n\
         Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
    );
    write.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let answer = tokio::spawn(async move {
        let mut answer = Vec::new();
        let _ = read.read_to_end(&mut answer).await;
        String::from_utf8_lossy(&answer).into_owned()
    });

    // A byte a second, until the server answers or hangs up.
    while !answer.is_finished() && started.elapsed() < Duration::from_secs(30) {
        if write.write_all(b" ").await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let answer = tokio::time::timeout(Duration::from_secs(5), answer)
        .await
        .expect("the connection stayed open")
        .unwrap();

    let cut_after = started.elapsed();
    let timeout = rapport_api::routes::extract::BODY_TIMEOUT;
    assert!(
        cut_after < timeout + Duration::from_secs(3),
        "cut off after {cut_after:?}"
    );
    assert!(
        cut_after >= timeout - Duration::from_secs(1),
        "cut off after {cut_after:?}"
    );
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}
