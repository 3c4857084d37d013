//! `Idempotency-Key`: a create commits with its key and answer or leaves no
//! trace, so a client that drops mid-request or a server killed mid-burst
//! never strands a key.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rapport_entity::{customers, service_requests};
use sea_orm::{ColumnTrait, Database, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use crate::requests::intake;

fn new_customer(name: &str) -> Value {
    json!({"name": name, "industry": "制造业", "address": "北京市海淀区", "stage": "new", "tier": "core", "preferred_channel": "phone"})
}

fn titled_intake(customer_id: &str, title: &str) -> Value {
    let mut body = intake(customer_id, "fault", "software", "routine");
    body["title"] = json!(title);
    body
}

/// POSTs `body` with `key` over a raw connection and resets the connection
/// (RST, not a polite close) after `after`, before reading any answer.
async fn post_and_drop(
    address: &str,
    path: &str,
    token: &str,
    key: &str,
    body: &Value,
    after: Duration,
) {
    let host = address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {key}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(after).await;
    stream.set_zero_linger().unwrap();
    drop(stream);
}

/// POSTs `body` with `key` and returns the status and body.
async fn post_with_key(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> (u16, Value) {
    let response = client
        .post(url)
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_client_that_drops_mid_request_and_retries_gets_one_record_and_never_a_409() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = crate::orders::customer(&app, &admin, "掉线的客户").await;
    let creates = [
        ("/api/v1/customers", "customer"),
        ("/api/v1/requests", "request"),
    ];

    // Dropped at different points of the create: before it ran, mid-way, after.
    for (path, kind) in creates {
        for attempt in 0..12u64 {
            let name = format!("{kind}-dropped-{attempt}");
            let body = match kind {
                "customer" => new_customer(&name),
                _ => titled_intake(&customer, &name),
            };
            let key = format!("{kind}-key-{attempt}");
            let after = Duration::from_millis(attempt * attempt / 2);
            post_and_drop(&app.address, path, &admin, &key, &body, after).await;

            let (status, retried) =
                post_with_key(&app.client, &app.url(path), &admin, &key, &body).await;

            assert_eq!(status, 201, "retry of {key}: {retried}");
            let (again, replayed) =
                post_with_key(&app.client, &app.url(path), &admin, &key, &body).await;
            assert_eq!(again, 201, "second retry of {key}: {replayed}");
            assert_eq!(replayed["id"], retried["id"]);
            assert_eq!(replayed, retried);
        }
    }

    for attempt in 0..12 {
        let name = format!("customer-dropped-{attempt}");
        let stored = customers::Entity::find()
            .filter(customers::Column::Name.eq(&name))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(stored, 1, "{name}");
        let title = format!("request-dropped-{attempt}");
        let stored = service_requests::Entity::find()
            .filter(service_requests::Column::Title.eq(&title))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(stored, 1, "{title}");
    }
}

#[tokio::test]
async fn concurrent_creates_with_one_key_store_one_record_and_all_get_its_answer() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = crate::orders::customer(&app, &admin, "并发的客户").await;

    for (path, body) in [
        ("/api/v1/customers", new_customer("同一把钥匙")),
        ("/api/v1/requests", titled_intake(&customer, "同一把钥匙")),
    ] {
        let sends: Vec<_> = (0..8)
            .map(|_| {
                // One key per path: a key is the caller's, across creates.
                let (client, url) = (app.client.clone(), app.url(path));
                let (admin, body) = (admin.clone(), body.clone());
                tokio::spawn(async move { post_with_key(&client, &url, &admin, &url, &body).await })
            })
            .collect();
        let mut answers = Vec::new();
        for send in sends {
            answers.push(send.await.unwrap());
        }

        for (status, answer) in &answers {
            assert_eq!(*status, 201, "{answer}");
            assert_eq!(answer["id"], answers[0].1["id"]);
        }
    }
    let stored = customers::Entity::find()
        .filter(customers::Column::Name.eq("同一把钥匙"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 1);
    let stored = service_requests::Entity::find()
        .filter(service_requests::Column::Title.eq("同一把钥匙"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

/// The real server binary, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Starts `rapport` on `database_url` and waits until it listens.
    fn start(database_url: &str, dir: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .env("RAPPORT_BIND", "127.0.0.1:0")
            .env("RAPPORT_DATABASE_URL", database_url)
            .env("RAPPORT_FRONTEND_DIR", dir.join("dist"))
            .env(
                "RAPPORT_JWT_SECRET",
                "kill-test-secret-kill-test-secret-0123",
            )
            .env("RAPPORT_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("RAPPORT_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting target/debug/rapport");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("the server exited before listening")
                .unwrap();
            if let Some(rest) = line.strip_prefix("Rapport is running at ") {
                break rest.trim_end_matches('/').to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, address }
    }

    /// SIGKILL: no graceful shutdown, no commit finished after this.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn login(client: &reqwest::Client, address: &str) -> String {
    let reply: Value = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn after_a_kill_mid_burst_every_acknowledged_create_is_there_once_and_retries_never_duplicate()
 {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    let (database_url, _database) = TestApp::fresh_database_url(dir.path()).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let server = Server::start(&database_url, dir.path());
    let token = login(&client, &server.address).await;
    let customer_url = format!("{}/api/v1/customers", server.address);
    let (status, customer) = post_with_key(
        &client,
        &customer_url,
        &token,
        "the-customer",
        &new_customer("断电的客户"),
    )
    .await;
    assert_eq!(status, 201, "{customer}");
    let customer = customer["id"].as_str().unwrap().to_owned();
    let bodies: Vec<(String, String, Value)> = (0..120)
        .map(|i| {
            let name = format!("burst-{i}");
            if i % 2 == 0 {
                (
                    "/api/v1/customers".to_owned(),
                    name.clone(),
                    new_customer(&name),
                )
            } else {
                (
                    "/api/v1/requests".to_owned(),
                    name.clone(),
                    titled_intake(&customer, &name),
                )
            }
        })
        .collect();

    // The burst, and a kill once the first few are acknowledged.
    let (acks, mut acked_so_far) = tokio::sync::watch::channel(0usize);
    let sends = bodies.iter().map(|(path, name, body)| {
        let url = format!("{}{path}", server.address);
        let (client, token, acks) = (client.clone(), token.clone(), acks.clone());
        let (key, body) = (format!("key-{name}"), body.clone());
        tokio::spawn(async move {
            let sent = client
                .post(url)
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await;
            let answer = match sent {
                Ok(response) if response.status() == 201 => response.json::<Value>().await.ok(),
                _ => None,
            };
            if answer.is_some() {
                acks.send_modify(|count| *count += 1);
            }
            answer
        })
    });
    let sends: Vec<_> = sends.collect();
    acked_so_far.wait_for(|count| *count >= 5).await.unwrap();
    server.kill();
    let mut acknowledged = Vec::new();
    for send in sends {
        acknowledged.push(send.await.unwrap());
    }

    // Restarted on the same database, every key retried.
    let server = Server::start(&database_url, dir.path());
    let token = login(&client, &server.address).await;
    for ((path, name, body), acked) in bodies.iter().zip(&acknowledged) {
        let url = format!("{}{path}", server.address);
        let (status, answer) =
            post_with_key(&client, &url, &token, &format!("key-{name}"), body).await;
        assert_eq!(status, 201, "retry of {name}: {answer}");
        if let Some(acked) = acked {
            assert_eq!(
                answer["id"], acked["id"],
                "{name} was acknowledged as another record"
            );
        }
    }
    server.kill();

    let db = Database::connect(&database_url).await.unwrap();
    for (path, name, _) in &bodies {
        let stored = if path.ends_with("customers") {
            customers::Entity::find()
                .filter(customers::Column::Name.eq(name))
                .count(&db)
                .await
                .unwrap()
        } else {
            service_requests::Entity::find()
                .filter(service_requests::Column::Title.eq(name))
                .count(&db)
                .await
                .unwrap()
        };
        assert_eq!(stored, 1, "{name}");
    }
    let acked = acknowledged.iter().flatten().count();
    assert!(
        acked < bodies.len(),
        "the kill came after the whole burst; nothing was tested"
    );
}
