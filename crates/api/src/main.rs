//! `rapport`: starts the API server; `rapport migrate` only brings the
//! database schema up to date; `rapport openapi` prints the OpenAPI document.

use std::process::ExitCode;

use rapport_api::config::Config;
use rapport_api::error::error_chain;
use rapport_api::startup::Application;

/// mimalloc instead of glibc's malloc: the server allocates and frees small
/// buffers on every request on several threads (actix workers, one thread
/// per SQLite connection), and glibc's allocator was an eighth of a
/// get-by-id's CPU; SQLite get-by-id went from about 10,100 to 12,400/s.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("rapport: {}", error_chain(error.as_ref()));
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let command = std::env::args().nth(1);
    if command.as_deref() == Some("openapi") {
        println!(
            "{}",
            serde_json::to_string_pretty(&rapport_api::routes::openapi::document())?
        );
        return Ok(());
    }
    let config = Config::from_env()?;
    match command.as_deref() {
        Some("migrate") => {
            rapport_api::db::connect_and_migrate(&config.database_url, config.database_connections)
                .await?;
            println!("rapport: the database schema is up to date");
            Ok(())
        }
        None | Some("serve") => serve(config).await,
        Some(other) => {
            Err(format!("unknown command {other:?}; use `rapport [serve|migrate|openapi]`").into())
        }
    }
}

async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let host = config
        .bind
        .rsplit_once(':')
        .map_or("127.0.0.1", |(host, _)| host)
        .to_owned();
    let app = Application::build(config).await?;
    println!("Rapport is running at http://{host}:{}/", app.port());
    println!(
        "API documentation (Swagger UI): http://{host}:{}/swagger-ui/",
        app.port()
    );
    app.run_until_stopped().await?;
    Ok(())
}
