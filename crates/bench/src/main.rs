//! `rapport-bench`: the load benchmark behind `make bench`.
//!
//! For each database (a SQLite file in a temp folder, then PostgreSQL when a
//! server answers) it migrates and seeds a fresh database, starts the release
//! server on loopback, drives intake, get-by-id and a filtered list with a
//! fixed number of keep-alive connections for a fixed time each, with the
//! server's peak RSS during each group of phases, and stops it. One table
//! at the end.
//!
//! Timing lives here and only here: no test measures time.

mod args;
mod big_lists;
mod error;
mod http;
mod jobs;
mod load;
mod report;
mod reports;
mod seed;
mod server;
mod views;
mod webhook;

use std::process::ExitCode;

use crate::args::{Args, Backend};
use crate::error::{BenchError, Context};
use crate::report::{Run, Target};

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("rapport-bench: {error}\n\n{}", args::USAGE);
            return ExitCode::FAILURE;
        }
    };
    // One thread: the load generator shares two cores with the server, so it
    // must cost as little as possible and never compete with itself.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(&args)),
        Err(error) => Err(BenchError::new("starting the tokio runtime", error)),
    };
    match result {
        Ok(runs) => {
            println!("\n{}", report::table(&runs));
            println!("{}", report::verdicts(&runs, &Target::ALL));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("rapport-bench: {}", error.chain());
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &Args) -> Result<Vec<Run>, BenchError> {
    // Absolute: the server is started in a temp folder.
    let server = match std::fs::canonicalize(&args.server) {
        Ok(path) if path.is_file() => path,
        _ => {
            return Err(BenchError::msg(format!(
                "no server binary at {} (build it with `cargo build --release -p rapport-api`, or pass --server)",
                args.server.display()
            )));
        }
    };
    let args = &Args {
        server,
        ..args.clone()
    };
    println!("{}", report::machine());
    if let Some(url) = &args.reuse {
        return Ok(vec![bench_again(url, args).await?]);
    }
    let mut runs = Vec::new();
    for backend in &args.backends {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::Builder::new()
                    .prefix("rapport-bench-")
                    .tempdir()
                    .context("creating a temp folder for the SQLite database")?;
                let url = format!("sqlite://{}/rapport.db", dir.path().display());
                let result = bench_one("SQLite", &url, dir.path(), args).await;
                if args.keep {
                    println!("SQLite: kept {}", dir.keep().display());
                }
                runs.push(result?);
            }
            Backend::Postgres => {
                let Some(database) = seed::postgres::Throwaway::create(&args.postgres_url).await?
                else {
                    println!(
                        "PostgreSQL: SKIPPED, no server answers at {} (pass --postgres-url)",
                        args::redact(&args.postgres_url)
                    );
                    continue;
                };
                let dir = tempfile::Builder::new()
                    .prefix("rapport-bench-pg-")
                    .tempdir()
                    .context("creating a temp folder for the server's files")?;
                let result = bench_one("PostgreSQL", database.url(), dir.path(), args).await;
                if args.keep {
                    println!("PostgreSQL: kept {}", args::redact(database.url()));
                } else if let Err(error) = database.drop_now().await {
                    // The figures are worth more than the cleanup.
                    println!("PostgreSQL: {error}; drop it by hand");
                }
                runs.push(result?);
            }
        }
    }
    Ok(runs)
}

/// Serves the database a `--keep` run left at `url` and measures it again.
async fn bench_again(url: &str, args: &Args) -> Result<Run, BenchError> {
    let name = if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    println!("\n== {name}: reading {}", args::redact(url));
    let seeded = seed::existing(url).await?;
    let args = &Args {
        rows: seeded.request_ids.len() as u64,
        ..args.clone()
    };
    println!(
        "== {name}: {} service requests; starting the release server",
        args.rows
    );
    let dir = tempfile::Builder::new()
        .prefix("rapport-bench-again-")
        .tempdir()
        .context("creating a temp folder for the server's files")?;
    serve_and_measure(name, url, dir.path(), &seeded, args).await
}

/// Seeds `url`, serves it and measures every phase.
async fn bench_one(
    name: &str,
    url: &str,
    dir: &std::path::Path,
    args: &Args,
) -> Result<Run, BenchError> {
    match args.big_lists {
        Some(big) => println!(
            "\n== {name}: seeding {} service requests, {} customers, {} audit entries",
            args.rows, big.customers, big.audit_entries
        ),
        None => println!("\n== {name}: seeding {} service requests", args.rows),
    }
    let seeded = seed::seed(url, args.rows, args.big_lists).await?;
    println!(
        "== {name}: seeded in {:.0} s; starting the release server",
        seeded.elapsed.as_secs_f64()
    );
    serve_and_measure(name, url, dir, &seeded, args).await
}

/// Starts the release server on `url` and measures every phase.
async fn serve_and_measure(
    name: &str,
    url: &str,
    dir: &std::path::Path,
    seeded: &seed::Seeded,
    args: &Args,
) -> Result<Run, BenchError> {
    let server = server::Server::start(&args.server, url, dir).await?;
    let result = load::measure(&server, seeded, args).await;
    server.stop()?;
    Ok(Run {
        database: name.to_owned(),
        rows: args.rows,
        phases: result?,
    })
}
