//! The load phases: a fixed number of keep-alive connections, each sending
//! its next request as soon as the previous answer arrived (closed loop),
//! for a warm-up and then a measured stretch of time. Latencies go into an
//! HDR histogram (microseconds, three significant digits).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use tokio::task::JoinSet;
use uuid::Uuid;

use crate::args::{Args, Group};
use crate::error::{BenchError, Context};
use crate::http::{self, Connection};
use crate::seed::{Seeded, TITLES};
use crate::server::{ADMIN_EMAIL, ADMIN_PASSWORD, Server};

/// What one phase measured.
pub struct Phase {
    pub name: &'static str,
    pub requests: u64,
    pub errors: u64,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// The server's peak resident set while the phase's group ran (KiB).
    pub peak_rss_kib: u64,
}

/// The filtered list: every combination of these, in turn.
const LIST_STATUSES: [&str; 2] = ["assigned", "in_progress"];
const LIST_DEPARTMENTS: [&str; 2] = ["technical_software", "technical_hardware"];
const LIST_PRIORITIES: [&str; 2] = ["urgent", "important"];

/// Runs the phases `args` asks for against `server`: get-by-id and the
/// filtered list, the views, the big lists, the monthly report, the jobs,
/// and intake last, so that the reads see exactly the seeded data; then
/// the views a day's intake changes most, again.
pub async fn measure(
    server: &Server,
    seeded: &Seeded,
    args: &Args,
) -> Result<Vec<Phase>, BenchError> {
    let address = server.address;
    let logged = |error| with_log(error, server);
    let mut phases = Vec::new();
    server.reset_peak_rss()?;
    if args.measures(Group::Reads) {
        let group = reads(address, seeded, args).await.map_err(logged)?;
        phases.extend(with_peak_rss(group, server)?);
    }
    if args.measures(Group::Views) {
        let group = crate::views::measure(server, args).await.map_err(logged)?;
        phases.extend(with_peak_rss(group, server)?);
    }
    if let Some(big) = args.big_lists
        && args.measures(Group::BigLists)
    {
        let big_lists = crate::big_lists::measure(server, seeded, big, args).await;
        phases.extend(with_peak_rss(big_lists.map_err(logged)?, server)?);
    }
    if args.measures(Group::Report) {
        let report = crate::reports::measure(server, args)
            .await
            .map_err(logged)?;
        phases.extend(with_peak_rss(vec![report], server)?);
    }
    if args.measures(Group::Jobs) {
        let jobs = crate::jobs::measure(server, args).await.map_err(logged)?;
        phases.extend(with_peak_rss(vec![jobs], server)?);
    }
    if args.measures(Group::Intake) {
        let intake = intake(address, seeded, args).await.map_err(logged)?;
        phases.extend(with_peak_rss(vec![intake], server)?);
        let webhook = crate::webhook::measure(server, seeded, args).await;
        phases.extend(with_peak_rss(vec![webhook.map_err(logged)?], server)?);
        if args.measures(Group::Views) {
            let group = crate::views::measure_after_intake(server, args).await;
            phases.extend(with_peak_rss(group.map_err(logged)?, server)?);
        }
    }
    Ok(phases)
}

/// `group`'s phases with the server's peak resident set since the group
/// began (each group starts from the server's current set, so a phase
/// that needs much memory shows against its own row, not every later one).
fn with_peak_rss(mut group: Vec<Phase>, server: &Server) -> Result<Vec<Phase>, BenchError> {
    let peak = server.peak_rss_kib()?;
    server.reset_peak_rss()?;
    for phase in &mut group {
        phase.peak_rss_kib = peak;
    }
    Ok(group)
}

/// Get-by-id and the filtered list.
async fn reads(
    address: SocketAddr,
    seeded: &Seeded,
    args: &Args,
) -> Result<Vec<Phase>, BenchError> {
    let ids = Arc::new(seeded.request_ids.clone());
    let token = login(address).await?;
    let by_id = run_phase("get-by-id", address, args, move |rng: &mut SmallRng| {
        let id = ids[rng.random_range(0..ids.len())];
        http::request(
            address,
            "GET",
            &format!("/api/v1/requests/{id}"),
            &token,
            None,
        )
    })
    .await?;
    let token = login(address).await?;
    let list = run_phase("filtered list", address, args, move |rng: &mut SmallRng| {
        let status = LIST_STATUSES[rng.random_range(0..LIST_STATUSES.len())];
        let department = LIST_DEPARTMENTS[rng.random_range(0..LIST_DEPARTMENTS.len())];
        let priority = LIST_PRIORITIES[rng.random_range(0..LIST_PRIORITIES.len())];
        http::request(
            address,
            "GET",
            &format!(
                "/api/v1/requests?status={status}&department={department}&priority={priority}&limit=50"
            ),
            &token,
            None,
        )
    })
    .await?;
    Ok(vec![by_id, list])
}

/// Intake, last of all so that the reads see exactly the seeded data.
async fn intake(address: SocketAddr, seeded: &Seeded, args: &Args) -> Result<Phase, BenchError> {
    let customers = Arc::new(seeded.customer_ids.clone());
    let token = login(address).await?;
    run_phase("intake", address, args, move |rng: &mut SmallRng| {
        let body = intake_body(rng, &customers);
        http::request(
            address,
            "POST",
            "/api/v1/requests",
            &token,
            Some(body.as_bytes()),
        )
    })
    .await
}

fn with_log(error: BenchError, server: &Server) -> BenchError {
    BenchError::new(
        format!("the server's last log lines:\n{}\n", server.log_tail()),
        error,
    )
}

pub(crate) fn intake_body(rng: &mut SmallRng, customers: &[Uuid]) -> String {
    let customer = customers[rng.random_range(0..customers.len())];
    let category = [
        "fault",
        "fault",
        "service",
        "feature",
        "consultation",
        "complaint",
    ][rng.random_range(0..6)];
    let product_kind = ["software", "software", "hardware"][rng.random_range(0..3)];
    let work_type = [
        "maintenance",
        "maintenance",
        "maintenance",
        "implementation",
    ][rng.random_range(0..4)];
    let priority = [
        "urgent",
        "important",
        "important",
        "routine",
        "routine",
        "routine",
    ][rng.random_range(0..6)];
    serde_json::json!({
        "customer_id": customer,
        "channel": "phone",
        "category": category,
        "product_kind": product_kind,
        "work_type": work_type,
        "priority": priority,
        // The seed's titles: what intake adds to the search index is what
        // the searches measured after it find, or walk past.
        "title": TITLES[rng.random_range(0..TITLES.len())],
        "description": "客户反映系统登录缓慢。The customer reports slow logins since this morning.",
    })
    .to_string()
}

/// Logs in as the benchmark's administrator; a fresh token per phase stays
/// well inside the 15 minutes an access token lives.
pub(crate) async fn login(address: SocketAddr) -> Result<String, BenchError> {
    let mut connection = Connection::open(address).await?;
    let body = serde_json::json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).to_string();
    let request = http::request(
        address,
        "POST",
        "/api/v1/auth/login",
        "",
        Some(body.as_bytes()),
    );
    let answer = connection.expect(&request, 200, "logging in").await?;
    let tokens: serde_json::Value =
        serde_json::from_slice(answer).context("reading the login answer")?;
    tokens["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| BenchError::msg("the login answer has no access_token"))
}

/// What one connection saw during the measured stretch.
struct Tally {
    latencies: Histogram<u64>,
    errors: u64,
    first_error: Option<String>,
}

pub(crate) async fn run_phase<F>(
    name: &'static str,
    address: SocketAddr,
    args: &Args,
    next: F,
) -> Result<Phase, BenchError>
where
    F: Fn(&mut SmallRng) -> Vec<u8> + Clone + Send + 'static,
{
    println!(
        "  {name}: {} connections, {} s warm-up, {} s measured",
        args.connections,
        args.warmup.as_secs(),
        args.measure.as_secs()
    );
    let measure_from = Instant::now() + args.warmup;
    let until = measure_from + args.measure;
    let mut tasks = JoinSet::new();
    for connection in 0..args.connections {
        let next = next.clone();
        tasks.spawn(async move {
            let mut rng = SmallRng::seed_from_u64(connection as u64);
            let mut connection = Connection::open(address).await?;
            let mut tally = Tally {
                latencies: Histogram::new_with_bounds(1, 60_000_000, 3)
                    .context("creating a histogram")?,
                errors: 0,
                first_error: None,
            };
            loop {
                let request = next(&mut rng);
                let sent = Instant::now();
                if sent >= until {
                    break;
                }
                let response = connection.send(&request).await?;
                let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                if sent < measure_from {
                    continue;
                }
                if (200..300).contains(&response.status) {
                    tally.latencies.saturating_record(micros);
                } else {
                    tally.errors += 1;
                    if tally.first_error.is_none() {
                        tally.first_error = Some(format!(
                            "{} {}",
                            response.status,
                            String::from_utf8_lossy(response.body)
                        ));
                    }
                }
            }
            Ok::<Tally, BenchError>(tally)
        });
    }
    let mut latencies =
        Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).context("creating a histogram")?;
    let mut errors = 0;
    let mut first_error = None;
    while let Some(joined) = tasks.join_next().await {
        let tally = joined.context(format!("running a {name} connection"))??;
        latencies
            .add(&tally.latencies)
            .context("merging histograms")?;
        errors += tally.errors;
        first_error = first_error.or(tally.first_error);
    }
    if let Some(error) = &first_error {
        println!("  {name}: {errors} failed requests, the first: {error}");
    }
    let requests = latencies.len();
    Ok(Phase {
        name,
        requests,
        errors,
        per_second: requests as f64 / args.measure.as_secs_f64(),
        p50: Duration::from_micros(latencies.value_at_quantile(0.50)),
        p99: Duration::from_micros(latencies.value_at_quantile(0.99)),
        peak_rss_kib: 0,
    })
}
