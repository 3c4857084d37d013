//! The connection pool under cancellation: a client that hangs up mid-request
//! cancels the server's statement (or its whole transaction) mid-flight, and
//! the connection goes back to the pool. No later request may meet what it
//! left behind: a statement still running, an error meant for someone else,
//! or a transaction still holding its locks.

use std::time::Duration;

use rapport_entity::{customers, service_requests};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::task::JoinSet;

use crate::helpers::TestApp;
use crate::requests::intake;

/// Customers the searched list scans, so that a search takes a while.
const SEEDED: u64 = 20_000;
/// What every seeded customer's name holds, and no other customer's.
const SEEDED_MARK: &str = "批量";
/// The page of five the searches ask for: deep, so each reads most rows.
const DEEP_PAGE: u64 = 3_000;

/// The search the clients send.
fn search_query() -> String {
    format!("q={SEEDED_MARK}&limit=5&page={DEEP_PAGE}&sort=-created_at")
}
/// Clients hanging up at once.
const HANG_UPS: u64 = 48;
/// Idempotency keys the creates that hang up share.
const KEYS: u64 = 6;
/// Clients answering correctly beside them, and how many rounds each.
const HONEST_CLIENTS: u64 = 4;
const ROUNDS: u64 = 12;

/// `SEEDED` copies of the customer `template`, written straight to the
/// database and indexed for search.
async fn seed_customers(app: &TestApp, template: &str) {
    let template = customers::Entity::find_by_id(template.parse::<uuid::Uuid>().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    for batch in 0..SEEDED / 500 {
        let rows = (0..500).map(|i| {
            let mut row = template.clone().into_active_model().reset_all();
            row.id = Set(uuid::Uuid::new_v4());
            row.name = Set(format!("{SEEDED_MARK}客户 {:05}", batch * 500 + i));
            row
        });
        customers::Entity::insert_many(rows)
            .exec(&app.db)
            .await
            .unwrap();
    }
    // Written past the service, so indexed for search as a migration would.
    rapport_migrations::m20261217_000051_add_customer_search_order::backfill(&app.db)
        .await
        .unwrap();
}

/// Sends `head` and `body` over a raw connection and resets it (RST, not a
/// polite close) after `after`, before reading any answer: the server
/// cancels the handler wherever it was.
async fn hang_up(address: String, head: String, body: String, after: Duration) {
    let host = address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!(
        "{head}\r\nHost: {host}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(after).await;
    stream.set_zero_linger().unwrap();
    drop(stream);
}

/// Waits until no session of the app's database but the settings listener
/// is in a transaction or running a statement: the pool rolls back a
/// cancelled transaction when its connection comes back, not whenever
/// someone next borrows it (until then it holds its locks). Looks from a
/// connection of its own, since borrowing the app's would do that rollback.
async fn no_transaction_is_left_open(app: &TestApp) {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let observer = Database::connect(app.database_url()).await.unwrap();
    let busy = Statement::from_string(
        DbBackend::Postgres,
        "SELECT coalesce(state, '') || ': ' || query AS session FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
         AND state <> 'idle'",
    );
    let mut left = Vec::new();
    // The pool rolls back in a task of its own: give it a moment, bounded
    // by attempts (a few seconds at most), not by a deadline it must meet.
    for _ in 0..200 {
        left = observer.query_all_raw(busy.clone()).await.unwrap();
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let left: Vec<String> = left
        .iter()
        .map(|row| row.try_get("", "session").unwrap())
        .collect();
    assert!(left.is_empty(), "cancelled work left open: {left:#?}");
    observer.close().await.unwrap();
}

/// The customer created with idempotency key `pool-key-{i}`.
fn new_customer(i: u64) -> Value {
    json!({"name": format!("挂断时新建的客户 {i}"), "stage": "new", "tier": "core", "preferred_channel": "phone"})
}

/// The head and body of an intake that a client will hang up on.
fn intake_request(token: &str, customer: &str, i: u64) -> (String, String) {
    let mut body = intake(customer, "fault", "software", "routine");
    body["title"] = json!(format!("挂断的请求 {i}"));
    let head = format!(
        "POST /api/v1/requests HTTP/1.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json"
    );
    (head, body.to_string())
}

/// A client that checks every answer it gets. Its timeout only turns a
/// request that would never answer (one waiting on locks a cancelled
/// transaction still holds) into a failure instead of a hung test.
struct Honest {
    client: reqwest::Client,
    address: String,
    token: String,
    customer: String,
}

impl Honest {
    async fn send(&self, request: reqwest::RequestBuilder, what: &str) -> (u16, Value) {
        let response = request
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap_or_else(|error| panic!("{what}: no answer ({error})"));
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// Takes in a request titled `title`; asserts it is stored and answered as sent.
    async fn take_in(&self, title: &str) {
        let mut body = intake(&self.customer, "fault", "software", "routine");
        body["title"] = json!(title);
        let url = format!("{}/api/v1/requests", self.address);
        let (status, answer) = self
            .send(
                self.client.post(url).json(&body),
                &format!("intake {title}"),
            )
            .await;
        assert_eq!(status, 201, "intake {title}: {answer}");
        assert_eq!(answer["title"], json!(title), "intake {title}: {answer}");
    }

    /// Creates (or, retried, gets again) customer `i` with its idempotency
    /// key; asserts the answer is that customer and returns it.
    async fn create_customer(&self, i: u64) -> Value {
        let url = format!("{}/api/v1/customers", self.address);
        let request = self
            .client
            .post(url)
            .header("Idempotency-Key", format!("pool-key-{i}"))
            .json(&new_customer(i));
        let (status, answer) = self.send(request, &format!("pool-key-{i}")).await;
        assert_eq!(status, 201, "pool-key-{i}: {answer}");
        assert_eq!(
            answer["name"],
            new_customer(i)["name"],
            "pool-key-{i}: {answer}"
        );
        answer
    }

    /// Searches the seeded customers, a deep page (a long read: the rows
    /// before it are skipped and counted); asserts the count got to its end.
    async fn search(&self) {
        let url = format!("{}/api/v1/customers?{}", self.address, search_query());
        let (status, page) = self.send(self.client.get(url), "search").await;
        assert_eq!(status, 200, "search: {page}");
        assert_eq!(page["total"], json!(DEEP_PAGE * 5), "search: {page}");
        assert_eq!(page["total_exact"], json!(false), "search: {page}");
        assert_eq!(page["items"].as_array().unwrap().len(), 5, "search: {page}");
    }

    /// Reads the customer the intakes are for.
    async fn read_customer(&self) {
        let url = format!("{}/api/v1/customers/{}", self.address, self.customer);
        let (status, customer) = self.send(self.client.get(url), "reading a customer").await;
        assert_eq!(status, 200, "reading a customer: {customer}");
        assert_eq!(customer["id"], json!(self.customer), "{customer}");
        assert_eq!(customer["name"], json!("挂断测试的客户"), "{customer}");
    }

    /// One of each, the intake titled `title`.
    async fn round(&self, title: &str) {
        self.take_in(title).await;
        self.search().await;
        self.read_customer().await;
    }
}

#[tokio::test]
async fn clients_hanging_up_mid_statement_leave_no_broken_connection_behind() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let customer = crate::orders::customer(&app, &admin, "挂断测试的客户").await;
    seed_customers(&app, &customer).await;
    let honest = std::sync::Arc::new(Honest {
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap(),
        address: app.address.clone(),
        token: admin.clone(),
        customer: customer.clone(),
    });
    honest.round("诚实的请求 before").await;

    // Many clients hang up at once, at staggered moments: during a search
    // (a long read outside a transaction) or during an intake (a
    // transaction holding the year's request counter), while honest
    // clients keep the pool busy and check every answer.
    let mut burst = JoinSet::new();
    for i in 0..HANG_UPS {
        let after = Duration::from_millis(i % 16);
        let (head, body) = if i % 2 == 0 {
            (
                format!(
                    "GET /api/v1/customers?{} HTTP/1.1\r\n\
                     Authorization: Bearer {admin}",
                    search_query()
                ),
                String::new(),
            )
        } else {
            intake_request(&admin, &customer, i)
        };
        burst.spawn(hang_up(app.address.clone(), head, body, after));
    }
    for client in 0..HONEST_CLIENTS {
        let honest = honest.clone();
        burst.spawn(async move {
            for round in 0..ROUNDS {
                honest.round(&format!("诚实的请求 {client}-{round}")).await;
            }
        });
    }
    while let Some(done) = burst.join_next().await {
        done.unwrap();
    }

    // Then more hang up on creates sharing a few idempotency keys, with
    // nobody else around to pick up, and so flush, the connections they
    // leave. A key is claimed in the create's transaction, so the first
    // create holds it while the others wait on it mid-statement; a
    // transaction whose ROLLBACK was never sent would keep holding it, and
    // the retry would wait on it for good.
    let mut quiet = JoinSet::new();
    for hang_up_number in 0..HANG_UPS {
        let i = hang_up_number % KEYS;
        let after = Duration::from_millis(hang_up_number);
        let head = format!(
            "POST /api/v1/customers HTTP/1.1\r\nAuthorization: Bearer {admin}\r\n\
             Content-Type: application/json\r\nIdempotency-Key: pool-key-{i}"
        );
        let body = new_customer(i).to_string();
        quiet.spawn(hang_up(app.address.clone(), head, body, after));
    }
    while let Some(done) = quiet.join_next().await {
        done.unwrap();
    }
    if TestApp::on_postgres() {
        no_transaction_is_left_open(&app).await;
    }

    // Afterwards, with the cancelled statements' connections back in the
    // pool: the retries, one at a time, then concurrent rounds.
    for i in 0..KEYS {
        let first = honest.create_customer(i).await;
        let again = honest.create_customer(i).await;
        assert_eq!(again, first, "retrying pool-key-{i}");
    }
    for round in 0..ROUNDS {
        honest.round(&format!("诚实的请求 last {round}")).await;
    }
    let mut after = JoinSet::new();
    for client in 0..HONEST_CLIENTS {
        let honest = honest.clone();
        after.spawn(async move {
            for round in 0..ROUNDS {
                honest
                    .round(&format!("诚实的请求 after {client}-{round}"))
                    .await;
            }
        });
    }
    while let Some(done) = after.join_next().await {
        done.unwrap();
    }

    // Every intake that was answered is stored, once.
    let answered = 1 + 2 * HONEST_CLIENTS * ROUNDS + ROUNDS;
    let stored = service_requests::Entity::find()
        .filter(service_requests::Column::Title.starts_with("诚实的请求"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, answered);
}
