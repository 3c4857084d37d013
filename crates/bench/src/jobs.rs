//! The scheduler's SLA job over the seeded backlog: one administrator
//! running `sla_clocks` again and again (`POST /api/v1/jobs/sla_clocks/run`).
//! The seed's open requests are mostly past their deadlines and nothing
//! was announced of them, so every run announces a full batch (500 turning
//! at risk, 500 breached: each a transaction with its notifications), the
//! heaviest run the job makes; a steady day announces a handful. The
//! server under the other phases runs no scheduler (`RAPPORT_SCHEDULER_TICK
//! = off`), so that this backlog does not land in their figures.

use crate::args::Args;
use crate::error::BenchError;
use crate::http;
use crate::load::{Phase, login, run_phase};
use crate::server::Server;

/// Runs the phase against `server`.
pub async fn measure(server: &Server, args: &Args) -> Result<Phase, BenchError> {
    let address = server.address;
    let token = login(address).await?;
    let args = Args {
        connections: 1,
        ..args.clone()
    };
    run_phase("sla job, full batch", address, &args, move |_| {
        http::request(address, "POST", "/api/v1/jobs/sla_clocks/run", &token, None)
    })
    .await
}
