//! Every migration must go up, come down and go up again, on SQLite and on
//! PostgreSQL. PostgreSQL runs when `RAPPORT_TEST_POSTGRES_URL` names a
//! server whose role may create databases; each run gets its own database,
//! dropped afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rapport_migrations::sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use rapport_migrations::{Expr, Migrator, MigratorTrait, Order, Query, SchemaManager};

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
    let Some(server) = rapport_testdb::server_from_env() else {
        eprintln!(
            "{} is not set; skipping the PostgreSQL run",
            rapport_testdb::SERVER_VAR
        );
        return;
    };
    let database = rapport_testdb::Throwaway::create(&server).await;
    let db = Database::connect(database.url()).await.unwrap();
    up_down_up(&db).await;
    db.close().await.unwrap();
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

#[tokio::test]
async fn coded_columns_refuse_codes_the_application_cannot_read_on_sqlite() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        folder.path().join("rapport.db").display()
    );
    let db = Database::connect(&url).await.unwrap();

    refuses_unknown_codes(&db).await;

    db.close().await.unwrap();
}

#[tokio::test]
async fn coded_columns_refuse_codes_the_application_cannot_read_on_postgres() {
    let Some(server) = rapport_testdb::server_from_env() else {
        eprintln!(
            "{} is not set; skipping the PostgreSQL run",
            rapport_testdb::SERVER_VAR
        );
        return;
    };
    let database = rapport_testdb::Throwaway::create(&server).await;
    let db = Database::connect(database.url()).await.unwrap();
    refuses_unknown_codes(&db).await;
    db.close().await.unwrap();
}

/// Inserts a user with `role` and `department`; the database's answer.
async fn insert_user(
    db: &DatabaseConnection,
    id: u32,
    email: &str,
    role: &str,
    department: &str,
) -> Result<(), rapport_migrations::DbErr> {
    db.execute_unprepared(&format!(
        "INSERT INTO users (id, email, display_name, password_hash, role, department, skills, \
         active, version, created_at, updated_at) VALUES \
         ('00000000-0000-0000-0000-{id:012}', '{email}', '用户', '', '{role}', '{department}', \
         '[]', TRUE, 1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')"
    ))
    .await
    .map(|_| ())
}

/// Arrange: a database one migration short of the checks, holding a row.
/// Act: the check migration. Assert: the row survived (on SQLite its table
/// was rebuilt, with its indexes), every coded column has its constraint,
/// and codes outside the enums' lists are refused.
async fn refuses_unknown_codes(db: &DatabaseConnection) {
    use rapport_migrations::m20261202_000014_check_coded_columns::coded_columns;
    let before_checks = u32::try_from(Migrator::migrations().len() - 1).unwrap();
    Migrator::up(db, Some(before_checks)).await.unwrap();
    insert_user(db, 1, "old@example.com", "admin", "management")
        .await
        .unwrap();

    Migrator::up(db, None).await.unwrap();

    let count = |sql: &'static str| async move {
        db.query_one_raw(rapport_migrations::sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
    };
    assert_eq!(count("SELECT COUNT(*) FROM users").await, 1);
    for coded in coded_columns() {
        let present = match db.get_database_backend() {
            rapport_migrations::sea_orm::DbBackend::Postgres => format!(
                "SELECT COUNT(*) FROM pg_constraint WHERE conname = '{}'",
                coded.constraint()
            ),
            _ => format!(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = '{}' AND sql LIKE '%\"{}\" CHECK%'",
                coded.table,
                coded.constraint()
            ),
        };
        let found = db
            .query_one_raw(rapport_migrations::sea_orm::Statement::from_string(
                db.get_database_backend(),
                present,
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        assert_eq!(found, 1, "{} has no check", coded.constraint());
        assert!(
            !coded.codes.is_empty(),
            "{} allows nothing",
            coded.constraint()
        );
    }

    assert!(
        insert_user(db, 2, "wizard@example.com", "wizard", "management")
            .await
            .is_err()
    );
    assert!(
        insert_user(db, 3, "lost@example.com", "technician", "nowhere")
            .await
            .is_err()
    );
    insert_user(
        db,
        4,
        "tech@example.com",
        "technician",
        "technical_software",
    )
    .await
    .unwrap();
    // The unique email index came through the rebuild.
    assert!(
        insert_user(
            db,
            5,
            "tech@example.com",
            "technician",
            "technical_software"
        )
        .await
        .is_err()
    );
    assert!(
        db.execute_unprepared("UPDATE users SET role = 'root'")
            .await
            .is_err()
    );
    assert_eq!(count("SELECT COUNT(*) FROM users").await, 2);
}
