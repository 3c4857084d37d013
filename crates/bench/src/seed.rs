//! Seeding a fresh database: the schema and first administrator through the
//! server's own code, then staff, customers with contracts, and `rows`
//! service requests spread over two years with their SLA rows and timeline,
//! written in large batched transactions.

mod big_lists;
pub mod postgres;
mod requests;

pub(crate) use requests::TITLES;

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rapport_api::config::{Config, FirstAdmin, Secret};
use rapport_api::services::requests::intake::{Connections, Queue};
use rapport_api::state::AppState;
use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use rapport_domain::lifecycle::contract;
use rapport_domain::org::{Department, Role};
use rapport_entity::{contracts, customers, request_events, request_sla, service_requests, users};
use rapport_types::contracts::ContractKind;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DbBackend, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::args::BigLists;
use crate::error::{BenchError, Context};
use crate::server::{ADMIN_EMAIL, ADMIN_PASSWORD};

use self::requests::{Generator, Staff};

/// What the load phases need to know about the seeded data.
pub struct Seeded {
    /// How long seeding took.
    pub elapsed: Duration,
    /// Every seeded request, for get-by-id.
    pub request_ids: Vec<Uuid>,
    /// Every customer, for intake.
    pub customer_ids: Vec<Uuid>,
    /// A salesperson: with the big lists, the account manager of many
    /// customers and the actor of many audit entries.
    pub salesperson: Uuid,
}

pub use self::big_lists::customer_name;

/// Requests per transaction: large enough that commits cost nothing, small
/// enough that the progress bar moves.
const CHUNK: u64 = 10_000;

/// Seeds `rows` requests into the empty database at `url`, and the big
/// lists when asked.
pub async fn seed(url: &str, rows: u64, big: Option<BigLists>) -> Result<Seeded, BenchError> {
    let started = Instant::now();
    let admin = migrate_and_create_admin(url).await?;
    let db = connect_for_seeding(url).await?;
    let mut rng = SmallRng::seed_from_u64(20261124);
    let staff = insert_staff(&db, &mut rng).await?;
    let customers = insert_customers(&db, &mut rng, admin, rows).await?;
    let customer_ids: Vec<Uuid> = customers.iter().map(|customer| customer.id).collect();
    let managers = staff.of(Department::Sales).to_vec();
    let actors = staff.all();
    let salesperson = managers.first().copied().unwrap_or(admin);

    let mut generator = Generator::new(rng, admin, staff, customers, rows, Utc::now());
    let bar = ProgressBar::new(rows);
    bar.set_style(
        ProgressStyle::with_template(
            "  requests [{bar:40}] {human_pos}/{human_len} {per_sec} eta {eta}",
        )
        .context("styling the progress bar")?
        .progress_chars("=> "),
    );
    let mut request_ids = Vec::with_capacity(usize::try_from(rows).unwrap_or_default());
    let mut done = 0;
    while done < rows {
        let count = CHUNK.min(rows - done);
        let batch = generator.batch(count);
        request_ids.extend_from_slice(&batch.ids);
        insert_batch(&db, batch).await?;
        done += count;
        bar.set_position(done);
    }
    bar.finish();
    set_counters(&db, &generator.last_seq_by_year()).await?;
    if let Some(big) = big {
        let mut rng = SmallRng::seed_from_u64(20261211);
        big_lists::seed(&db, &mut rng, big, &customer_ids, &managers, &actors).await?;
    }
    // The open-load counts the server keeps as requests change, counted once
    // for the bulk-loaded requests exactly as the migration does.
    db.execute_unprepared(rapport_migrations::m20261125_000010_create_assignee_loads::BACKFILL)
        .await
        .context("counting the open loads")?;
    // The search index, as the migration fills it for requests already stored.
    rapport_migrations::m20261209_000030_create_request_search::backfill(&db)
        .await
        .context("indexing the requests for search")?;
    rapport_migrations::m20261217_000051_add_customer_search_order::backfill(&db)
        .await
        .context("indexing the customers for search")?;
    // Where each request's clocks stand, as the server keeps it.
    rapport_migrations::sla_summary::summarize_all(&db)
        .await
        .context("summarizing the requests' clocks")?;
    // The breaches the SLA job would have marked by now.
    rapport_migrations::sla_summary::mark_breached(&db, Utc::now())
        .await
        .context("marking the breached requests")?;
    if db.get_database_backend() == DbBackend::Postgres {
        postgres::analyze_filled(&db)
            .await
            .context("analysing the seeded tables")?;
    }
    db.close().await.context("closing the seeding connection")?;
    Ok(Seeded {
        elapsed: started.elapsed(),
        request_ids,
        customer_ids,
        salesperson,
    })
}

/// What the load phases need of a database an earlier run seeded and kept.
pub async fn existing(url: &str) -> Result<Seeded, BenchError> {
    let started = Instant::now();
    let db = connect_for_seeding(url).await?;
    let request_ids = ids::<service_requests::Entity>(&db, service_requests::Column::Id).await?;
    let customer_ids = ids::<customers::Entity>(&db, customers::Column::Id).await?;
    // The first salesperson `insert_staff` made, as `seed` picks it.
    let salesperson = users::Entity::find()
        .filter(users::Column::Email.eq(format!("{}-000@rapport.bench", Department::Sales.code())))
        .one(&db)
        .await
        .context("reading the kept salesperson")?
        .ok_or_else(|| {
            BenchError::msg(format!(
                "{} holds no seeded staff",
                crate::args::redact(url)
            ))
        })?;
    db.close().await.context("closing the reading connection")?;
    Ok(Seeded {
        elapsed: started.elapsed(),
        request_ids,
        customer_ids,
        salesperson: salesperson.id,
    })
}

/// Every id of `E`, whose column `id` is.
async fn ids<E: EntityTrait>(
    db: &DatabaseConnection,
    id: E::Column,
) -> Result<Vec<Uuid>, BenchError> {
    E::find()
        .select_only()
        .column(id)
        .into_tuple()
        .all(db)
        .await
        .context(format!("reading the kept {}", E::default().table_name()))
}

/// Runs the migrations and creates the first administrator exactly as the
/// server does at its first start; returns the administrator's id.
async fn migrate_and_create_admin(url: &str) -> Result<Uuid, BenchError> {
    let db = rapport_api::db::connect_and_migrate(url, rapport_api::db::POSTGRES_POOL)
        .await
        .context("migrating the benchmark database")?;
    let config = Config {
        bind: "127.0.0.1:0".to_owned(),
        database_url: url.to_owned(),
        database_connections: rapport_api::db::POSTGRES_POOL,
        frontend_dir: std::path::PathBuf::new(),
        jwt_secret: Secret::new("unused-by-the-bootstrap-unused-by-the-bootstrap"),
        first_admin: Some(FirstAdmin {
            email: ADMIN_EMAIL.to_owned(),
            password: Secret::new(ADMIN_PASSWORD),
        }),
        demo_data: false,
        clock: rapport_api::clock::Clock::system(),
        hsts: false,
        trusted_proxies: Default::default(),
        scheduler_tick: None,
    };
    let settings =
        std::sync::Arc::new(rapport_api::settings::Cache::new(db.get_database_backend()));
    let state = AppState {
        db: db.clone(),
        reader: db.clone(),
        lists: db.clone(),
        settings: settings.clone(),
        keys: rapport_api::auth::tokens::JwtKeys::from_secret(
            config.jwt_secret.expose().as_bytes(),
        ),
        clock: config.clock.clone(),
        intake: Queue::start(Connections::shared(&db), settings, config.clock.clone())
            .await
            .map_err(|error| BenchError::msg(format!("starting the intake task: {error:?}")))?,
        common_searches: Default::default(),
        far_searches: Default::default(),
        recent_counts: Default::default(),
        sorted_matches: Default::default(),
    };
    rapport_api::bootstrap::first_start(&state, &config)
        .await
        .map_err(|error| BenchError::msg(format!("creating the administrator: {error:?}")))?;
    let admin = users::Entity::find()
        .filter(users::Column::Email.eq(ADMIN_EMAIL))
        .one(&db)
        .await
        .context("reading the administrator back")?
        .ok_or_else(|| BenchError::msg("the administrator was not created"))?;
    db.close()
        .await
        .context("closing the migration connection")?;
    Ok(admin.id)
}

/// One connection; on SQLite without fsync and with a large page cache,
/// which only the bulk load uses (the server opens its own connections).
async fn connect_for_seeding(url: &str) -> Result<DatabaseConnection, BenchError> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.pragma("synchronous", "OFF")
                .pragma("cache_size", "-524288")
                .foreign_keys(true)
        });
    Database::connect(options)
        .await
        .context("connecting to seed the database")
}

/// Staff by department, as routing picks them: (department, role, how many).
const TEAM: [(Department, Role, usize); 4] = [
    (Department::TechnicalSoftware, Role::Technician, 24),
    (Department::TechnicalHardware, Role::Technician, 16),
    (Department::Service, Role::Service, 10),
    (Department::Sales, Role::Sales, 8),
];

async fn insert_staff(db: &DatabaseConnection, rng: &mut SmallRng) -> Result<Staff, BenchError> {
    let now = Utc::now();
    let mut staff = Staff::default();
    let mut rows = Vec::new();
    for (department, role, count) in TEAM {
        for index in 0..count {
            let id = Uuid::new_v4();
            let skills = if rng.random_bool(0.5) {
                serde_json::json!(["erp"])
            } else {
                serde_json::json!([])
            };
            rows.push(users::ActiveModel {
                id: Set(id),
                email: Set(format!("{}-{index:03}@rapport.bench", department.code())),
                display_name: Set(format!("{} {index}", department.code())),
                // Staff never log in during the benchmark: no valid hash.
                password_hash: Set("!".to_owned()),
                role: Set(role),
                department: Set(department),
                skills: Set(skills),
                active: Set(true),
                last_assigned_at: Set(None),
                version: Set(1),
                token_epoch: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
            });
            staff.add(department, id);
        }
    }
    users::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await
        .context("inserting the staff")?;
    Ok(staff)
}

/// A seeded customer and the contract that covers it, if any.
pub struct SeededCustomer {
    pub id: Uuid,
    pub contract: Option<Uuid>,
}

/// One customer per hundred requests (at least 500); 60% have a paid
/// contract in force today.
async fn insert_customers(
    db: &DatabaseConnection,
    rng: &mut SmallRng,
    admin: Uuid,
    rows: u64,
) -> Result<Vec<SeededCustomer>, BenchError> {
    let now = Utc::now();
    let today = now.date_naive();
    let count = (rows / 100).max(500);
    let mut seeded = Vec::new();
    let txn = db.begin().await.context("starting the customer batch")?;
    let mut batch = Vec::new();
    let mut contracts = Vec::new();
    for index in 0..count {
        let id = Uuid::new_v4();
        let tier = match rng.random_range(0..100) {
            0..15 => Tier::Core,
            15..40 => Tier::Potential,
            _ => Tier::Ordinary,
        };
        batch.push(customers::ActiveModel {
            id: Set(id),
            name: Set(format!("基准客户 Bench customer {index}")),
            industry: Set("manufacturing".to_owned()),
            address: Set(format!("{index} 长江路, 南京")),
            stage: Set(Stage::LongTerm),
            tier: Set(tier),
            account_manager_id: Set(None),
            preferred_channel: Set(Channel::Phone),
            verification: Set(Verification::Verified),
            rejection_reason: Set(None),
            registered_by: Set(admin),
            reviewed_by: Set(Some(admin)),
            reviewed_at: Set(Some(now)),
            last_routine_visit_on: Set(None),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        });
        let contract = rng.random_bool(0.6).then(Uuid::new_v4);
        if let Some(contract) = contract {
            let start = today - TimeDelta::days(rng.random_range(1..300));
            contracts.push(contract_row(contract, id, admin, start, now));
        }
        seeded.push(SeededCustomer { id, contract });
        if batch.len() == 500 {
            insert_customer_batch(&txn, &mut batch, &mut contracts).await?;
        }
    }
    insert_customer_batch(&txn, &mut batch, &mut contracts).await?;
    txn.commit().await.context("committing the customers")?;
    Ok(seeded)
}

fn contract_row(
    id: Uuid,
    customer: Uuid,
    admin: Uuid,
    start: NaiveDate,
    now: chrono::DateTime<Utc>,
) -> contracts::ActiveModel {
    contracts::ActiveModel {
        id: Set(id),
        customer_id: Set(customer),
        kind: Set(ContractKind::Paid),
        status: Set(contract::Status::Paid),
        package_code: Set(None),
        period_start: Set(start),
        period_end: Set(start + TimeDelta::days(364)),
        covered_value_cents: Set(50_000_000),
        fee_cents: Set(5_000_000),
        previous_contract_id: Set(None),
        maintenance_contact_id: Set(None),
        technician_id: Set(None),
        sites: Set(1),
        installed_versions: Set("远景ERP 5.2".to_owned()),
        calendar_name: Set(None),
        invoice_method: Set(None),
        invoice_sent_on: Set(Some(start)),
        paid_on: Set(Some(start)),
        cancel_reason: Set(None),
        free_batch_month: Set(None),
        created_by: Set(admin),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

async fn insert_customer_batch(
    txn: &impl ConnectionTrait,
    batch: &mut Vec<customers::ActiveModel>,
    contracts: &mut Vec<contracts::ActiveModel>,
) -> Result<(), BenchError> {
    customers::Entity::insert_many(std::mem::take(batch))
        .exec_without_returning(txn)
        .await
        .context("inserting customers")?;
    contracts::Entity::insert_many(std::mem::take(contracts))
        .exec_without_returning(txn)
        .await
        .context("inserting contracts")?;
    Ok(())
}

/// Rows of one transaction.
pub struct Batch {
    pub ids: Vec<Uuid>,
    pub requests: Vec<service_requests::ActiveModel>,
    pub clocks: Vec<request_sla::ActiveModel>,
    pub events: Vec<request_events::ActiveModel>,
}

async fn insert_batch(db: &DatabaseConnection, batch: Batch) -> Result<(), BenchError> {
    let txn = db.begin().await.context("starting a request batch")?;
    // Statements stay under SQLite's 32,766 bound parameters.
    insert_chunked(&txn, batch.requests, 500, "inserting service requests").await?;
    insert_chunked(&txn, batch.clocks, 2_000, "inserting SLA rows").await?;
    insert_chunked(&txn, batch.events, 2_000, "inserting timeline events").await?;
    txn.commit().await.context("committing a request batch")
}

pub(crate) async fn insert_chunked<A>(
    txn: &impl ConnectionTrait,
    mut rows: Vec<A>,
    size: usize,
    what: &str,
) -> Result<(), BenchError>
where
    A: ActiveModelTrait + Send,
{
    while !rows.is_empty() {
        let rest = rows.split_off(size.min(rows.len()));
        let chunk = std::mem::replace(&mut rows, rest);
        A::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await
            .context(what.to_owned())?;
    }
    Ok(())
}

/// Leaves each year's counter at its last seeded number, so intake goes on
/// from there as it would in production.
async fn set_counters(db: &DatabaseConnection, last: &[(i32, i32)]) -> Result<(), BenchError> {
    use rapport_entity::request_counters;
    for &(year, seq) in last {
        request_counters::Entity::insert(request_counters::ActiveModel {
            year: Set(year),
            last_seq: Set(seq),
        })
        .on_conflict(
            OnConflict::column(request_counters::Column::Year)
                .update_column(request_counters::Column::LastSeq)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .context(format!("setting the request counter of {year}"))?;
    }
    Ok(())
}
