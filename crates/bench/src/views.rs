//! The views of the request list people open (SPEC section 12), each a
//! phase: mine, unassigned, my department, at risk, breached, waiting on
//! the customer, all; the filters on their own (customer, assignee,
//! priority, remote, billable, department) and in the app's combinations;
//! search by number, by its tail, by an English word and by Chinese words
//! (打印, 打印机), and by a word only requests older than a year hold; and
//! the deepest page by cursor. A benchmark of one list
//! shape proves that shape only.
//!
//! First each view is asked once at a time on the idle server (mean,
//! 99th percentile and worst of a few dozen calls, with the page at
//! `page=2000` by offset for comparison), then each runs as a load phase
//! like the others. The views a day's intake changes most run again after
//! the intake phases ([`measure_after_intake`]).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;

use crate::args::Args;
use crate::error::{BenchError, Context};
use crate::http::{self, Connection};
use crate::load::{Phase, login, run_phase};
use crate::server::Server;

/// Calls per view in the one-at-a-time pass.
const ONE_AT_A_TIME: usize = 40;

/// What the views need to know of the seeded data, read through the API.
struct Facts {
    assignee: String,
    customer: String,
    number: String,
    deep_cursor: String,
}

/// The views: each phase's name and path.
fn views(facts: &Facts) -> Vec<(&'static str, String)> {
    let list = "/api/v1/requests?limit=50";
    let Facts {
        assignee,
        customer,
        number,
        deep_cursor,
    } = facts;
    let tail = &number[number.len().saturating_sub(4)..];
    vec![
        (
            "view: mine",
            format!("{list}&assignee_id={assignee}&open=true"),
        ),
        (
            "view: unassigned",
            format!("{list}&unassigned=true&open=true"),
        ),
        (
            "view: my department",
            format!("{list}&department=technical_software&open=true"),
        ),
        ("view: at risk", format!("{list}&sla_status=at_risk")),
        (
            "view: at risk, department",
            format!("{list}&sla_status=at_risk&department=technical_software"),
        ),
        ("view: breached", format!("{list}&breached=true")),
        (
            "view: breached, urgent",
            format!("{list}&sla_status=breached&priority=urgent"),
        ),
        (
            "view: breached, department",
            format!("{list}&breached=true&department=technical_software"),
        ),
        ("view: waiting", format!("{list}&status=waiting_customer")),
        ("view: all", list.to_owned()),
        (
            "filter: department",
            format!("{list}&department=technical_software"),
        ),
        ("filter: customer", format!("{list}&customer_id={customer}")),
        ("filter: assignee", format!("{list}&assignee_id={assignee}")),
        ("filter: priority", format!("{list}&priority=urgent")),
        (
            "filter: assigned, urgent",
            format!("{list}&status=assigned&priority=urgent"),
        ),
        ("filter: remote", format!("{list}&remote=true")),
        ("filter: billable", format!("{list}&billable=true")),
        ("search: number", format!("{list}&q={number}")),
        ("search: number tail", format!("{list}&q={tail}")),
        ("search: printer", format!("{list}&q=printer")),
        ("search: 打印", format!("{list}&q=%E6%89%93%E5%8D%B0")),
        (
            "search: 打印机",
            format!("{list}&q=%E6%89%93%E5%8D%B0%E6%9C%BA"),
        ),
        // A word only requests older than a year hold (the seed's retired product).
        ("search: retired", format!("{list}&q=legacy")),
        // The queue's search box searches within the view shown.
        (
            "search in view: printer, breached",
            format!("{list}&breached=true&q=printer"),
        ),
        (
            "search in view: printer, waiting",
            format!("{list}&status=waiting_customer&q=printer"),
        ),
        (
            "search in view: retired, my department",
            format!("{list}&department=technical_software&open=true&q=legacy"),
        ),
        (
            "deep page, cursor",
            format!("/api/v1/requests?limit=100&cursor={deep_cursor}"),
        ),
    ]
}

/// Runs every view against `server`: the one-at-a-time pass (printed),
/// then a load phase each.
pub async fn measure(server: &Server, args: &Args) -> Result<Vec<Phase>, BenchError> {
    let address = server.address;
    let token = login(address).await?;
    let facts = facts(address, &token, args.rows).await?;
    let views = views(&facts);

    println!("  views one at a time ({ONE_AT_A_TIME} calls each, idle server):");
    println!(
        "    {:<28} {:>9} {:>9} {:>9}",
        "view", "mean", "p99", "worst"
    );
    let deep_by_page = format!("/api/v1/requests?limit=100&page={}", deep_page(args.rows));
    for (name, path) in views
        .iter()
        .map(|(name, path)| (*name, path.as_str()))
        .chain([("deep page, page=N", deep_by_page.as_str())])
    {
        let (mean, p99, worst) = one_at_a_time(address, &token, path).await?;
        println!(
            "    {name:<28} {:>9} {:>9} {:>9}",
            ms(mean),
            ms(p99),
            ms(worst)
        );
    }

    load_phases(address, args, views).await
}

/// Each of `views` (name, path) as a load phase, with a fresh token each.
async fn load_phases(
    address: SocketAddr,
    args: &Args,
    views: Vec<(&'static str, String)>,
) -> Result<Vec<Phase>, BenchError> {
    let mut phases = Vec::with_capacity(views.len());
    for (name, path) in views {
        let token = login(address).await?;
        phases.push(
            run_phase(name, address, args, move |_: &mut SmallRng| {
                http::request(address, "GET", &path, &token, None)
            })
            .await?,
        );
    }
    Ok(phases)
}

/// The views a day's intake changes most (its requests are the newest,
/// running and not at risk yet, and hold some of the searched words), by
/// their names as [`views`] gives them and as measured after intake.
const AFTER_INTAKE: [(&str, &str); 6] = [
    ("view: at risk", "after intake: at risk"),
    ("view: breached", "after intake: breached"),
    ("search: number tail", "after intake: number tail"),
    ("search: printer", "after intake: printer"),
    ("search: 打印", "after intake: 打印"),
    ("search: 打印机", "after intake: 打印机"),
];

/// Runs the views of [`AFTER_INTAKE`] again, as load phases, once the
/// intake phases have added their requests.
pub async fn measure_after_intake(server: &Server, args: &Args) -> Result<Vec<Phase>, BenchError> {
    let address = server.address;
    let token = login(address).await?;
    let views = views(&facts(address, &token, args.rows).await?);
    let mut again = Vec::with_capacity(AFTER_INTAKE.len());
    for (view, name) in AFTER_INTAKE {
        let Some((_, path)) = views.iter().find(|(named, _)| *named == view) else {
            return Err(BenchError::msg(format!("no view named {view:?}")));
        };
        again.push((name, path.clone()));
    }
    load_phases(address, args, again).await
}

pub(crate) fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// The page `page=N&limit=100` that holds the last seeded requests.
fn deep_page(rows: u64) -> u64 {
    (rows / 100).max(1)
}

/// Mean, 99th percentile and worst of [`ONE_AT_A_TIME`] calls of `path`.
pub(crate) async fn one_at_a_time(
    address: SocketAddr,
    token: &str,
    path: &str,
) -> Result<(Duration, Duration, Duration), BenchError> {
    let mut connection = Connection::open(address).await?;
    let request = http::request(address, "GET", path, token, None);
    // One unmeasured call warms the statement cache and the pages.
    get(&mut connection, &request, path).await?;
    let mut took = Vec::with_capacity(ONE_AT_A_TIME);
    for _ in 0..ONE_AT_A_TIME {
        let started = Instant::now();
        get(&mut connection, &request, path).await?;
        took.push(started.elapsed());
    }
    took.sort();
    let mean = took.iter().sum::<Duration>() / u32::try_from(took.len()).unwrap_or(1);
    let p99 = took[(took.len() * 99 / 100).min(took.len() - 1)];
    let worst = took[took.len() - 1];
    Ok((mean, p99, worst))
}

pub(crate) async fn get(
    connection: &mut Connection,
    request: &[u8],
    path: &str,
) -> Result<serde_json::Value, BenchError> {
    let answer = connection
        .expect(request, 200, &format!("GET {path}"))
        .await?;
    serde_json::from_slice(answer).context(format!("reading GET {path}"))
}

/// Reads, through the API, an assignee with open requests, a customer, a
/// request number and the cursor of the deepest page.
async fn facts(address: SocketAddr, token: &str, rows: u64) -> Result<Facts, BenchError> {
    let mut connection = Connection::open(address).await?;
    let mut read = async |path: String| {
        let request = http::request(address, "GET", &path, token, None);
        get(&mut connection, &request, &path).await
    };
    let open = read("/api/v1/requests?limit=1&status=in_progress".to_owned()).await?;
    let first = &open["items"][0];
    let missing = || BenchError::msg("the seeded data has no request in progress");
    let assignee = first["assignee_id"]
        .as_str()
        .ok_or_else(missing)?
        .to_owned();
    let customer = first["customer_id"]
        .as_str()
        .ok_or_else(missing)?
        .to_owned();
    let number = first["number"].as_str().ok_or_else(missing)?.to_owned();
    // Reached once by offset (slow, unmeasured); then measured by cursor.
    let deep = read(format!(
        "/api/v1/requests?limit=100&page={}",
        deep_page(rows).saturating_sub(1).max(1)
    ))
    .await?;
    let deep_cursor = deep["next_cursor"]
        .as_str()
        .ok_or_else(|| BenchError::msg("the deep page has no next_cursor"))?
        .to_owned();
    Ok(Facts {
        assignee,
        customer,
        number,
        deep_cursor,
    })
}
