//! Webhooks (SPEC section 10): endpoints registered by administrators get
//! each event they subscribed to as a signed JSON POST from the outbox,
//! retried with backoff until a day has passed, in order per endpoint,
//! once even with two servers on one PostgreSQL. The receivers are real
//! HTTP servers started by the tests; time moves on the server's clock.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{TestApp, assert_problem};
use crate::orders::customer;
use crate::request_actions::done;
use crate::requests::{intake, take_in};

/// What a receiver does with each POST, counting from the first.
#[derive(Clone, Copy)]
enum Answer {
    /// 200 to everything.
    Ok,
    /// 500 to the first `n`, then 200.
    FailFirst(usize),
    /// 500 to the `n`th only (counting from 1).
    FailNth(usize),
    /// Never answers (keeps the connection open).
    Never,
}

/// One POST a receiver got.
#[derive(Clone, Debug)]
struct Received {
    signature: String,
    event_header: String,
    body: Vec<u8>,
    answered: u16,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A real HTTP receiver on a port of its own.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(answer: Answer) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let got = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&got);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let seen = Arc::clone(&seen);
                tokio::spawn(serve(stream, answer, seen));
            }
        });
        Receiver { url, got }
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits (real time, at most 20 s) until `n` POSTs have arrived.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let got = self.got();
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "waited for {n} POSTs, got {}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Answers each request on `stream` as `answer` says (keep-alive).
async fn serve(mut stream: TcpStream, answer: Answer, seen: Arc<Mutex<Vec<Received>>>) {
    let mut buffer = Vec::new();
    loop {
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
        let header = |name: &str| {
            head.lines()
                .find_map(|line| {
                    let (key, value) = line.split_once(':')?;
                    key.eq_ignore_ascii_case(name)
                        .then(|| value.trim().to_owned())
                })
                .unwrap_or_default()
        };
        let length: usize = header("content-length").parse().unwrap_or(0);
        while buffer.len() < head_end + length {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buffer[head_end..head_end + length].to_vec();
        buffer.drain(..head_end + length);
        let status = {
            let mut seen = seen.lock().unwrap();
            let status = match answer {
                Answer::Ok => 200,
                Answer::FailFirst(n) if seen.len() < n => 500,
                Answer::FailFirst(_) => 200,
                Answer::FailNth(n) if seen.len() + 1 == n => 500,
                Answer::FailNth(_) => 200,
                Answer::Never => 0,
            };
            seen.push(Received {
                signature: header("rapport-signature"),
                event_header: header("rapport-event"),
                body,
                answered: status,
            });
            status
        };
        if status == 0 {
            // Hold the connection, say nothing.
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
        let reason = if status == 200 {
            "OK"
        } else {
            "Internal Server Error"
        };
        let response = format!("HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\n\r\n");
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// What a receiver does: checks `Rapport-Signature` against the raw body
/// with the endpoint's secret; the signed time.
fn verify(secret: &str, received: &Received) -> i64 {
    let (t, v1) = received
        .signature
        .split_once(',')
        .map(|(t, v1)| {
            (
                t.strip_prefix("t=").unwrap().to_owned(),
                v1.strip_prefix("v1=").unwrap().to_owned(),
            )
        })
        .unwrap_or_else(|| panic!("a signature header: {:?}", received.signature));
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(t.as_bytes());
    mac.update(b".");
    mac.update(&received.body);
    mac.verify_slice(&hex::decode(v1).unwrap())
        .expect("the signature verifies");
    t.parse().unwrap()
}

/// Registers an endpoint at `url` for `events`; its record with the secret.
async fn register(app: &TestApp, admin: &str, url: &str, events: &[&str]) -> Value {
    let created = app
        .call(
            "POST",
            "/api/v1/webhooks",
            Some(admin),
            Some(json!({"url": url, "events": events, "description": "ERP"})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body
}

/// Endpoint `id`'s deliveries, newest first.
async fn deliveries(app: &TestApp, admin: &str, id: &str) -> Vec<Value> {
    let page = app
        .call(
            "GET",
            &format!("/api/v1/webhooks/{id}/deliveries?limit=200"),
            Some(admin),
            None,
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.body["items"].as_array().unwrap().clone()
}

/// Waits (real time, at most 20 s) until endpoint `id`'s newest delivery
/// has had `attempts` tries; that delivery.
async fn wait_for_attempts(app: &TestApp, admin: &str, id: &str, attempts: u64) -> Value {
    let started = Instant::now();
    loop {
        let newest = deliveries(app, admin, id).await.first().cloned();
        if let Some(delivery) = newest
            && delivery["attempts"].as_u64() >= Some(attempts)
        {
            return delivery;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited for {attempts} tries"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A customer with a contact whose phone and email lists mask; their ids.
async fn customer_with_contact(app: &TestApp, admin: &str) -> (String, String) {
    let c = customer(app, admin, "钩子客户").await;
    let contact = app
        .call(
            "POST",
            &format!("/api/v1/customers/{c}/contacts"),
            Some(admin),
            Some(
                json!({"name": "张伟", "position": "IT经理", "phone": "13812345678",
                "email": "zhang.wei@example.com", "preferred_channel": "phone"}),
            ),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.body);
    (c, contact.body["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn webhooks_send_signed_events_with_contacts_masked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let receiver = Receiver::start(Answer::Ok).await;
    let endpoint = register(&app, &admin, &receiver.url, &["request.created"]).await;
    let secret = endpoint["secret"].as_str().unwrap();
    let (c, contact) = customer_with_contact(&app, &admin).await;

    let mut asked = intake(&c, "fault", "software", "urgent");
    asked["contact_id"] = json!(contact);
    let request = take_in(&app, &admin, asked).await;

    let got = receiver.wait_for(1).await;
    let t = verify(secret, &got[0]);
    assert_eq!(t, app.clock.now().timestamp());
    assert_eq!(got[0].event_header, "request.created");
    let payload = got[0].json();
    assert_eq!(payload["event"], "request.created");
    assert_eq!(payload["data"]["request_id"], request["id"]);
    assert_eq!(payload["data"]["number"], request["number"]);
    assert_eq!(payload["data"]["customer_name"], "钩子客户");
    // Masked exactly as the contact list shows it.
    assert_eq!(
        payload["data"]["contact"],
        json!({"id": contact, "name": "张伟", "phone": "138****5678",
            "email": "z***@example.com"})
    );
    let body = String::from_utf8(got[0].body.clone()).unwrap();
    assert!(!body.contains("13812345678") && !body.contains("zhang.wei@"));
    // Not subscribed to: nothing else arrives.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receiver.got().len(), 1);
    // The log says it went through.
    let id = endpoint["id"].as_str().unwrap();
    let log = deliveries(&app, &admin, id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["event_id"], payload["id"]);
    assert_eq!(log[0]["log"][0]["status_code"], 200);
}

#[tokio::test]
async fn webhooks_tell_of_a_request_taken_in_and_then_assigned() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let receiver = Receiver::start(Answer::Ok).await;
    let events = [
        "request.created",
        "request.assigned",
        "request.resolved",
        "request.closed",
    ];
    register(&app, &admin, &receiver.url, &events).await;
    let c = customer(&app, &admin, "全程客户").await;
    let request = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    let (_, technician) = app.user_with_role("technician").await;
    done(
        &app,
        &admin,
        &request,
        json!({"action": "assign", "assignee_id": technician}),
    )
    .await;

    let got = receiver.wait_for(2).await;
    let names: Vec<String> = got
        .iter()
        .map(|r| r.json()["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names[0], "request.created");
    assert!(names.contains(&"request.assigned".to_owned()), "{names:?}");
    let assigned = got
        .iter()
        .rev()
        .find(|r| r.json()["event"] == "request.assigned")
        .unwrap()
        .json();
    assert_eq!(assigned["data"]["assignee_id"], json!(technician));
}

#[tokio::test]
async fn webhooks_secret_is_shown_once_and_rotating_it_shows_the_new_one_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let endpoint = register(
        &app,
        &admin,
        "https://erp.example.com/hooks",
        &["contract.signed"],
    )
    .await;
    let secret = endpoint["secret"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    assert_eq!(endpoint["active"], true);
    assert_eq!(endpoint["events"], json!(["contract.signed"]));
    let id = endpoint["id"].as_str().unwrap();

    let one = app
        .call("GET", &format!("/api/v1/webhooks/{id}"), Some(&admin), None)
        .await;
    assert_eq!(one.status, 200);
    assert!(one.body.get("secret").is_none(), "{}", one.body);
    let all = app
        .call("GET", "/api/v1/webhooks", Some(&admin), None)
        .await;
    assert_eq!(all.body.as_array().unwrap().len(), 1);
    assert!(!all.body.to_string().contains(&secret));

    let rotated = app
        .call(
            "POST",
            &format!("/api/v1/webhooks/{id}/rotate-secret"),
            Some(&admin),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let new_secret = rotated.body["secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    assert_eq!(rotated.body["version"], 2);
    // A stale version is refused.
    let stale = app
        .call(
            "PATCH",
            &format!("/api/v1/webhooks/{id}"),
            Some(&admin),
            Some(json!({"version": 1, "active": false})),
        )
        .await;
    assert_problem(&stale, 409);
    let paused = app
        .call(
            "PATCH",
            &format!("/api/v1/webhooks/{id}"),
            Some(&admin),
            Some(json!({"version": 2, "active": false})),
        )
        .await;
    assert_eq!(paused.status, 200, "{}", paused.body);
    assert_eq!(paused.body["active"], false);
    assert!(paused.body.get("secret").is_none());
    // The audit log never holds a secret.
    let audit = app
        .call("GET", "/api/v1/audit?limit=200", Some(&admin), None)
        .await;
    assert!(!audit.body.to_string().contains("whsec_"), "{}", audit.body);

    let deleted = app
        .call(
            "DELETE",
            &format!("/api/v1/webhooks/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(deleted.status, 204);
    let gone = app
        .call("GET", &format!("/api/v1/webhooks/{id}"), Some(&admin), None)
        .await;
    assert_problem(&gone, 404);
}

#[tokio::test]
async fn webhooks_bad_input_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let cases = [
        (
            json!({"url": "ftp://erp.example.com/x", "events": ["request.created"]}),
            "url",
        ),
        (
            json!({"url": "not a url", "events": ["request.created"]}),
            "url",
        ),
        (
            json!({"url": "https://user:pw@erp.example.com/", "events": ["request.created"]}),
            "url",
        ),
        (json!({"url": "   ", "events": ["request.created"]}), "url"),
        (
            json!({"url": "https://erp.example.com/", "events": ["request.created", "request.exploded"]}),
            "events[1]",
        ),
        (
            json!({"url": "https://erp.example.com/", "events": []}),
            "events",
        ),
    ];
    for (body, field) in cases {
        let refused = app
            .call("POST", "/api/v1/webhooks", Some(&admin), Some(body.clone()))
            .await;
        let problem = assert_problem(&refused, 422);
        assert!(
            problem["errors"].get(field).is_some(),
            "{body}: {}",
            refused.body
        );
    }
    // A list's length is told in entries, not characters.
    let empty = app
        .call(
            "POST",
            "/api/v1/webhooks",
            Some(&admin),
            Some(json!({"url": "https://erp.example.com/", "events": []})),
        )
        .await;
    assert_eq!(
        assert_problem(&empty, 422)["errors"]["events"][0],
        "must hold 1 to 12 entries"
    );
    let unknown = app
        .call(
            "POST",
            "/api/v1/webhooks",
            Some(&admin),
            Some(json!({"url": "https://erp.example.com/", "events": ["request.created"], "secret": "mine"})),
        )
        .await;
    assert_problem(&unknown, 400);
    // Only administrators.
    let (manager, _) = app.user_with_role("manager").await;
    let refused = app
        .call(
            "POST",
            "/api/v1/webhooks",
            Some(&manager),
            Some(json!({"url": "https://erp.example.com/", "events": ["request.created"]})),
        )
        .await;
    assert_problem(&refused, 403);
    let refused = app
        .call("GET", "/api/v1/webhooks", Some(&manager), None)
        .await;
    assert_problem(&refused, 403);
}

#[tokio::test]
async fn webhooks_retry_a_failing_receiver_until_it_takes_the_event_once() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin_token().await;
    let receiver = Receiver::start(Answer::FailFirst(3)).await;
    let endpoint = register(&app, &admin, &receiver.url, &["request.created"]).await;
    let id = endpoint["id"].as_str().unwrap().to_owned();
    let id = id.as_str();
    let c = customer(&app, &admin, "重试客户").await;
    take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;

    for tries in 1..=3 {
        let delivery = wait_for_attempts(&app, &admin, id, tries).await;
        assert_eq!(delivery["status"], "pending", "{delivery}");
        assert_eq!(delivery["last_status_code"], 500);
        assert!(delivery["last_error"].as_str().unwrap().contains("500"));
        // Not before its backoff: nothing is sent while the clock stands.
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(receiver.got().len() as u64, tries);
        // Past the longest backoff (an hour, plus a fifth of jitter).
        app.clock.advance(TimeDelta::minutes(75));
        // Access tokens age with the clock.
        admin = app.admin_token().await;
    }
    let delivery = wait_for_attempts(&app, &admin, id, 4).await;
    assert_eq!(delivery["status"], "delivered", "{delivery}");
    let codes: Vec<&Value> = delivery["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|attempt| &attempt["status_code"])
        .collect();
    assert_eq!(codes, [&json!(500), &json!(500), &json!(500), &json!(200)]);
    assert!(delivery["log"][0]["response_ms"].is_u64());
    // The same event each time, accepted once.
    let got = receiver.got();
    assert_eq!(got.len(), 4);
    assert_eq!(got.iter().filter(|r| r.answered == 200).count(), 1);
    let ids: Vec<Value> = got.iter().map(|r| r.json()["id"].clone()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]));
    // A delivered one is not re-sent.
    let delivery_id = delivery["id"].as_str().unwrap();
    let resend = app
        .call(
            "POST",
            &format!("/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend"),
            Some(&admin),
            None,
        )
        .await;
    assert_problem(&resend, 409);
}

#[tokio::test]
async fn webhooks_keep_each_endpoints_order_across_a_retry() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let receiver = Receiver::start(Answer::FailFirst(1)).await;
    register(&app, &admin, &receiver.url, &["request.created"]).await;
    let c = customer(&app, &admin, "顺序客户").await;
    let first = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
    receiver.wait_for(1).await;
    let second = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;

    // The second waits behind the first's retry.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receiver.got().len(), 1);
    app.clock.advance(TimeDelta::minutes(5));
    let got = receiver.wait_for(3).await;
    let numbers: Vec<Value> = got
        .iter()
        .map(|r| r.json()["data"]["number"].clone())
        .collect();
    assert_eq!(
        numbers,
        [
            first["number"].clone(),
            first["number"].clone(),
            second["number"].clone()
        ]
    );
}

#[tokio::test]
async fn webhooks_hold_the_events_behind_one_that_failed() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let receiver = Receiver::start(Answer::FailNth(2)).await;
    register(&app, &admin, &receiver.url, &["request.created"]).await;
    let c = customer(&app, &admin, "批量客户").await;
    let mut numbers = Vec::new();
    for _ in 0..5 {
        let request = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
        numbers.push(request["number"].clone());
    }

    receiver.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    // The second failed: nothing after it goes before it.
    assert_eq!(receiver.got().len(), 2);
    app.clock.advance(TimeDelta::minutes(5));
    let got = receiver.wait_for(6).await;
    let sent: Vec<(Value, u16)> = got
        .iter()
        .map(|r| (r.json()["data"]["number"].clone(), r.answered))
        .collect();
    let expected = vec![
        (numbers[0].clone(), 200),
        (numbers[1].clone(), 500),
        (numbers[1].clone(), 200),
        (numbers[2].clone(), 200),
        (numbers[3].clone(), 200),
        (numbers[4].clone(), 200),
    ];
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn webhooks_a_silent_receiver_slows_neither_intake_nor_other_receivers() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let silent = Receiver::start(Answer::Never).await;
    let fine = Receiver::start(Answer::Ok).await;
    register(&app, &admin, &silent.url, &["request.created"]).await;
    register(&app, &admin, &fine.url, &["request.created"]).await;
    let c = customer(&app, &admin, "沉默客户").await;

    let started = Instant::now();
    let mut numbers = Vec::new();
    for _ in 0..20 {
        let request = take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;
        numbers.push(request["number"].clone());
    }
    let took = started.elapsed();
    let got = fine.wait_for(20).await;
    // All twenty reached the other receiver, in order, while the silent one
    // still holds the first (a try waits up to 10 s).
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let delivered: Vec<Value> = got
        .iter()
        .map(|r| r.json()["data"]["number"].clone())
        .collect();
    assert_eq!(delivered, numbers);
    // Its first try may start after the other receiver's twenty on a busy
    // machine; once it has, nothing more is sent while it is held.
    assert_eq!(silent.wait_for(1).await.len(), 1);
    assert!(took < Duration::from_secs(5), "20 intakes took {took:?}");
}

#[tokio::test]
async fn webhooks_a_receiver_that_never_answers_ends_dead_after_a_day_and_can_be_resent() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin_token().await;
    // A port nobody listens on: every try fails at once.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hooks", listener.local_addr().unwrap())
    };
    let endpoint = register(&app, &admin, &closed, &["request.created"]).await;
    let id = endpoint["id"].as_str().unwrap().to_owned();
    let id = id.as_str();
    let c = customer(&app, &admin, "无人客户").await;
    take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;

    let started = app.clock.now();
    let mut tries = 1;
    let delivery = loop {
        let delivery = wait_for_attempts(&app, &admin, id, tries).await;
        if delivery["status"] == "dead" {
            break delivery;
        }
        assert_eq!(delivery["status"], "pending");
        assert!(
            app.clock.now() - started < TimeDelta::hours(26),
            "{delivery}"
        );
        tries = delivery["attempts"].as_u64().unwrap() + 1;
        app.clock.advance(TimeDelta::minutes(75));
        admin = app.admin_token().await;
    };
    assert!(
        app.clock.now() - started >= TimeDelta::hours(22),
        "dead too soon"
    );
    let attempts = delivery["attempts"].as_u64().unwrap();
    assert!((15..=40).contains(&attempts), "{attempts} tries");
    assert!(delivery["last_error"].as_str().unwrap().contains("connect"));
    assert_eq!(delivery["log"].as_array().unwrap().len() as u64, attempts);
    // Intake goes on meanwhile.
    take_in(&app, &admin, intake(&c, "fault", "software", "urgent")).await;

    // A dead one is sent again by hand, due at once.
    let delivery_id = delivery["id"].as_str().unwrap();
    let resent = app
        .call(
            "POST",
            &format!("/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    assert_eq!(resent.body["status"], "pending");
    let dead = app
        .call(
            "GET",
            &format!("/api/v1/webhooks/{id}/deliveries?status=dead"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(dead.body["total"], 0, "{}", dead.body);
}

#[tokio::test]
async fn webhooks_two_servers_on_one_database_deliver_each_event_once() {
    if !TestApp::on_postgres() {
        // One server per SQLite file: nothing to share.
        return;
    }
    let app = TestApp::spawn().await;
    let beside = app.spawn_beside().await;
    let admin = app.admin_token().await;
    let receiver = Receiver::start(Answer::Ok).await;
    register(&app, &admin, &receiver.url, &["request.created"]).await;
    let c = customer(&app, &admin, "双机客户").await;

    let mut numbers = Vec::new();
    for i in 0..30 {
        let server = if i % 2 == 0 { &app } else { &beside };
        let request = take_in(server, &admin, intake(&c, "fault", "software", "urgent")).await;
        numbers.push(request["number"].as_str().unwrap().to_owned());
    }
    receiver.wait_for(30).await;
    // Time enough for a second copy, had there been one.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let mut got: Vec<String> = receiver
        .got()
        .iter()
        .map(|r| r.json()["data"]["number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got.len(), 30, "{got:?}");
    got.sort();
    numbers.sort();
    assert_eq!(got, numbers);
}

#[tokio::test]
async fn webhooks_are_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let document: Value = app
        .get("/api-docs/openapi.json")
        .await
        .json()
        .await
        .unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let webhooks = document["webhooks"].as_object().unwrap();
    assert_eq!(webhooks.len(), 12);
    let created = &webhooks["request.created"]["post"];
    assert_eq!(
        created["requestBody"]["content"]["application/json"]["schema"]["properties"]["data"]["$ref"],
        "#/components/schemas/WebhookRequestData"
    );
    assert!(document["components"]["schemas"]["WebhookContact"].is_object());
    assert!(document["paths"]["/api/v1/webhooks"]["post"].is_object());
}
