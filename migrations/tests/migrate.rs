//! Every migration must go up, come down and go up again, on SQLite and on
//! PostgreSQL. PostgreSQL runs when `RAPPORT_TEST_POSTGRES_URL` names a
//! server whose role may create databases; each run gets its own database,
//! dropped afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rapport_migrations::sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use rapport_migrations::{Expr, Migrator, MigratorTrait, Order, Query, SchemaManager};

const POSTGRES_URL_VAR: &str = "RAPPORT_TEST_POSTGRES_URL";

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_sqlite() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        folder.path().join("rapport.db").display()
    );
    let db = Database::connect(&url).await.unwrap();

    up_down_up(&db).await;

    db.close().await.unwrap();
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_postgres() {
    let Ok(server_url) = std::env::var(POSTGRES_URL_VAR) else {
        eprintln!("{POSTGRES_URL_VAR} is not set; skipping the PostgreSQL run");
        return;
    };
    let name = fresh_database_name();
    let server = Database::connect(&server_url).await.unwrap();
    server
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();

    let db = Database::connect(&with_database(&server_url, &name))
        .await
        .unwrap();
    up_down_up(&db).await;
    db.close().await.unwrap();

    server
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    server.close().await.unwrap();
}

async fn up_down_up(db: &DatabaseConnection) {
    Migrator::up(db, None).await.unwrap();
    assert_eq!(default_packages(db).await, expected_packages());

    Migrator::down(db, None).await.unwrap();
    let manager = SchemaManager::new(db);
    for table in [
        "users",
        "customers",
        "contracts",
        "packages",
        "audit_log",
        "complaints",
        "complaint_events",
    ] {
        assert!(
            !manager.has_table(table).await.unwrap(),
            "{table} survived the way down"
        );
    }

    Migrator::up(db, None).await.unwrap();
    assert_eq!(default_packages(db).await, expected_packages());
    assert!(
        Migrator::get_pending_migrations(db)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn default_packages(db: &DatabaseConnection) -> Vec<(String, String, i32, bool)> {
    let query = Query::select()
        .columns(["code", "name", "rate_bp", "active"])
        .from("packages")
        .order_by_expr(Expr::col("rate_bp"), Order::Asc)
        .to_owned();
    db.query_all(&query)
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get("", "code").unwrap(),
                row.try_get("", "name").unwrap(),
                row.try_get("", "rate_bp").unwrap(),
                row.try_get("", "active").unwrap(),
            )
        })
        .collect()
}

fn expected_packages() -> Vec<(String, String, i32, bool)> {
    [
        ("BASIC", "基础", 800),
        ("STANDARD", "标准", 1200),
        ("PREMIUM", "高级", 1800),
    ]
    .into_iter()
    .map(|(code, name, rate)| (code.to_owned(), name.to_owned(), rate, true))
    .collect()
}

/// `rapport_mig_` and 16 hex digits, unique enough for parallel runs.
fn fresh_database_name() -> String {
    use std::hash::{BuildHasher, RandomState};
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let random = RandomState::new().hash_one((nanos, std::process::id()));
    format!("rapport_mig_{random:016x}")
}

/// The server URL with its database path replaced by `name`.
fn with_database(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server_url, None),
    };
    let authority_end = base
        .find("://")
        .map(|scheme| scheme + 3)
        .and_then(|start| base[start..].find('/').map(|slash| start + slash))
        .unwrap_or(base.len());
    let mut url = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}
