//! The lists that grow without bound, at a large vendor's size (`--big-lists`,
//! issue 14): customers (100,000) by name and newest first, a deep page by
//! cursor, filters and search (a common word, a rare one); contracts,
//! visits (100,000), complaints and needs (20,000 each) in their orders,
//! the overdue ones, a deep page by cursor; the audit log (1,000,000
//! entries) newest first, a deep page by cursor, one record's history, one
//! actor's entries.
//! As for the request views: each asked once at a time on the idle server
//! (with the deep page by offset for comparison), then each a load phase.

use std::net::SocketAddr;

use rand::rngs::SmallRng;

use crate::args::{Args, BigLists};
use crate::error::BenchError;
use crate::http::{self, Connection};
use crate::load::{Phase, login, run_phase};
use crate::seed::Seeded;
use crate::server::Server;
use crate::views::{get, ms, one_at_a_time};

/// What the phases need to know of the seeded data.
struct Facts {
    customer: String,
    manager: String,
    actor: String,
    customers_deep: String,
    audit_deep: String,
    /// A cursor deep in each of contracts, visits, complaints and needs.
    contracts_deep: String,
    visits_deep: String,
    complaints_deep: String,
    needs_deep: String,
}

/// `长江` (a sixth of the names hold it), URL-encoded.
const COMMON_WORD: &str = "%E9%95%BF%E6%B1%9F";

fn phases(facts: &Facts) -> Vec<(&'static str, String)> {
    let customers = "/api/v1/customers?limit=50";
    let audit = "/api/v1/audit?limit=50";
    let Facts {
        customer,
        manager,
        actor,
        customers_deep,
        audit_deep,
        contracts_deep,
        visits_deep,
        complaints_deep,
        needs_deep,
    } = facts;
    let rare = crate::seed::customer_name(4242);
    let rare = rare.rsplit(' ').next().unwrap_or_default();
    vec![
        ("customers: by name", customers.to_owned()),
        ("customers: newest", format!("{customers}&sort=-created_at")),
        (
            "customers: deep, cursor",
            format!("/api/v1/customers?limit=100&cursor={customers_deep}"),
        ),
        ("customers: tier", format!("{customers}&tier=core")),
        (
            "customers: to review",
            format!("{customers}&verification=pending_review&sort=-created_at"),
        ),
        (
            "customers: manager",
            format!("{customers}&account_manager_id={manager}"),
        ),
        (
            "customers: search 长江",
            format!("{customers}&q={COMMON_WORD}"),
        ),
        ("customers: search one", format!("{customers}&q={rare}")),
        (
            "customers: search 长江 newest",
            format!("{customers}&q={COMMON_WORD}&sort=-created_at"),
        ),
        ("contracts: newest", "/api/v1/contracts?limit=50".to_owned()),
        (
            "contracts: deep, cursor",
            format!("/api/v1/contracts?limit=100&cursor={contracts_deep}"),
        ),
        ("visits: soonest due", "/api/v1/visits?limit=50".to_owned()),
        (
            "visits: overdue",
            "/api/v1/visits?limit=50&overdue=true".to_owned(),
        ),
        (
            "visits: deep, cursor",
            format!("/api/v1/visits?limit=100&cursor={visits_deep}"),
        ),
        (
            "complaints: newest",
            "/api/v1/complaints?limit=50".to_owned(),
        ),
        (
            "complaints: overdue",
            "/api/v1/complaints?limit=50&overdue=true".to_owned(),
        ),
        (
            "complaints: deep, cursor",
            format!("/api/v1/complaints?limit=100&cursor={complaints_deep}"),
        ),
        ("needs: newest", "/api/v1/needs?limit=50".to_owned()),
        (
            "needs: overdue",
            "/api/v1/needs?limit=50&overdue=true".to_owned(),
        ),
        (
            "needs: deep, cursor",
            format!("/api/v1/needs?limit=100&cursor={needs_deep}"),
        ),
        ("audit: newest", audit.to_owned()),
        (
            "audit: deep, cursor",
            format!("/api/v1/audit?limit=100&cursor={audit_deep}"),
        ),
        (
            "audit: one record",
            format!("{audit}&entity_type=customer&entity_id={customer}"),
        ),
        ("audit: actor", format!("{audit}&actor_id={actor}")),
        ("audit: action", format!("{audit}&action=contract.sign")),
    ]
}

/// Runs every big-list phase against `server`: the one-at-a-time pass
/// (printed), then a load phase each.
pub async fn measure(
    server: &Server,
    seeded: &Seeded,
    big: BigLists,
    args: &Args,
) -> Result<Vec<Phase>, BenchError> {
    let address = server.address;
    let token = login(address).await?;
    let facts = facts(address, &token, seeded, big, args.rows).await?;
    let phases = phases(&facts);

    println!("  big lists one at a time (idle server):");
    println!(
        "    {:<28} {:>9} {:>9} {:>9}",
        "list", "mean", "p99", "worst"
    );
    let by_offset = [
        (
            "customers: deep, page=N",
            format!(
                "/api/v1/customers?limit=100&page={}",
                deep_page(big.customers)
            ),
        ),
        (
            "visits: deep, page=N",
            format!("/api/v1/visits?limit=100&page={}", deep_page(big.customers)),
        ),
        (
            "audit: deep, page=N",
            format!(
                "/api/v1/audit?limit=100&page={}",
                deep_page(big.audit_entries)
            ),
        ),
    ];
    for (name, path) in phases.iter().chain(&by_offset) {
        let (mean, p99, worst) = one_at_a_time(address, &token, path).await?;
        println!(
            "    {name:<28} {:>9} {:>9} {:>9}",
            ms(mean),
            ms(p99),
            ms(worst)
        );
    }

    let mut measured = Vec::with_capacity(phases.len());
    for (name, path) in phases {
        let token = login(address).await?;
        measured.push(
            run_phase(name, address, args, move |_: &mut SmallRng| {
                http::request(address, "GET", &path, &token, None)
            })
            .await?,
        );
    }
    Ok(measured)
}

/// About how many contracts the seed makes for `rows` requests: one for
/// three in five of its customers (one per hundred requests, at least 500).
fn contracts_seeded(rows: u64) -> u64 {
    (rows / 100).max(500) * 3 / 5
}

/// The page `page=N&limit=100` about nine tenths of the way down `rows`.
fn deep_page(rows: u64) -> u64 {
    (rows * 9 / 10 / 100).max(1)
}

/// Reads, through the API, the cursors of pages deep in each list (reached
/// once by offset, unmeasured).
async fn facts(
    address: SocketAddr,
    token: &str,
    seeded: &Seeded,
    big: BigLists,
    rows: u64,
) -> Result<Facts, BenchError> {
    let mut connection = Connection::open(address).await?;
    let mut read = async |path: String| {
        let request = http::request(address, "GET", &path, token, None);
        get(&mut connection, &request, &path).await
    };
    let mut cursor = async |path: String| {
        let page = read(path.clone()).await?;
        page["next_cursor"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| BenchError::msg(format!("GET {path} has no next_cursor")))
    };
    let customers_deep = cursor(format!(
        "/api/v1/customers?limit=100&page={}",
        deep_page(big.customers)
    ))
    .await?;
    let audit_deep = cursor(format!(
        "/api/v1/audit?limit=100&page={}",
        deep_page(big.audit_entries)
    ))
    .await?;
    let contracts = contracts_seeded(rows);
    let contracts_deep = cursor(format!(
        "/api/v1/contracts?limit=100&page={}",
        deep_page(contracts)
    ))
    .await?;
    let visits_deep = cursor(format!(
        "/api/v1/visits?limit=100&page={}",
        deep_page(big.customers)
    ))
    .await?;
    let complaints_deep = cursor(format!(
        "/api/v1/complaints?limit=100&page={}",
        deep_page(big.customers / 5)
    ))
    .await?;
    let needs_deep = cursor(format!(
        "/api/v1/needs?limit=100&page={}",
        deep_page(big.customers / 5)
    ))
    .await?;
    let customer = seeded
        .customer_ids
        .first()
        .ok_or_else(|| BenchError::msg("no customer was seeded"))?
        .to_string();
    Ok(Facts {
        customer,
        manager: seeded.salesperson.to_string(),
        actor: seeded.salesperson.to_string(),
        customers_deep,
        audit_deep,
        contracts_deep,
        visits_deep,
        complaints_deep,
        needs_deep,
    })
}
