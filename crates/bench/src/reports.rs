//! The monthly report phase: `GET /api/v1/reports/monthly` for each of the
//! twelve months before this one in turn (the seed spreads its requests
//! over two years, so each holds a twelfth of a year's), every other call
//! for one department. A report is read by one person at a time, not by
//! sixteen: the phase keeps two connections, so its latency is one
//! report's, with a second one sharing the server.

use chrono::{Datelike, Months, Utc};
use rand::Rng;
use rand::rngs::SmallRng;

use crate::args::Args;
use crate::error::BenchError;
use crate::http;
use crate::load::{Phase, login, run_phase};
use crate::server::Server;

/// Concurrent report readers.
const READERS: usize = 2;

/// Runs the phase against `server`.
pub async fn measure(server: &Server, args: &Args) -> Result<Phase, BenchError> {
    let address = server.address;
    let token = login(address).await?;
    let today = Utc::now().with_timezone(&rapport_api::services::customers::ORG_TZ);
    let months: Vec<String> = (1..=12)
        .filter_map(|back| today.date_naive().checked_sub_months(Months::new(back)))
        .map(|day| format!("{:04}-{:02}", day.year(), day.month()))
        .collect();
    let args = Args {
        connections: READERS,
        ..args.clone()
    };
    run_phase(
        "monthly report",
        address,
        &args,
        move |rng: &mut SmallRng| {
            let month = &months[rng.random_range(0..months.len())];
            let filter = if rng.random_bool(0.5) {
                "&department=technical_software"
            } else {
                ""
            };
            http::request(
                address,
                "GET",
                &format!("/api/v1/reports/monthly?month={month}{filter}"),
                &token,
                None,
            )
        },
    )
    .await
}
