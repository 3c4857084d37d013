//! `request_search`: the full-text index of service requests (their number,
//! title and description; see `ddl::search_table` and README "Search"),
//! filled here for the requests taken in before it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::{DateTimeUtc, Uuid};
use sea_orm_migration::sea_orm::{ConnectionTrait, Value};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The index's table.
pub const TABLE: &str = "request_search";

/// Requests read and indexed per statement.
const CHUNK: u64 = 1_000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::search_table(manager, TABLE).await?;
        backfill(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_search_table(manager, TABLE).await
    }
}

/// Indexes every request not yet in `request_search`, oldest first (so the
/// index's order is the order they were taken in); the benchmark's seed
/// calls it after loading requests directly.
pub async fn backfill(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut after: Option<(Value, Value)> = None;
    loop {
        let mut select = Query::select()
            .columns([
                Requests::Id,
                Requests::Number,
                Requests::Title,
                Requests::Description,
                Requests::CreatedAt,
            ])
            .from(Requests::Table)
            .and_where(
                // NOT EXISTS, not NOT IN: PostgreSQL runs NOT IN over a subquery
                // larger than its work memory as a scan of it per row.
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(Alias::new(TABLE))
                        .and_where(
                            Expr::col((Alias::new(TABLE), Alias::new("id")))
                                .equals((Requests::Table, Requests::Id)),
                        )
                        .to_owned(),
                )
                .not(),
            )
            .order_by(Requests::CreatedAt, Order::Asc)
            .order_by(Requests::Id, Order::Asc)
            .limit(CHUNK)
            .to_owned();
        if let Some((at, id)) = after.take() {
            select.and_where(
                Expr::tuple([Expr::col(Requests::CreatedAt), Expr::col(Requests::Id)])
                    .gt(Expr::tuple([Expr::val(at), Expr::val(id)])),
            );
        }
        let rows = db.query_all_raw(backend.build(&select)).await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        let last_at: DateTimeUtc = last.try_get("", "created_at")?;
        let last_id: Uuid = last.try_get("", "id")?;
        let mut insert = Query::insert()
            .into_table(Alias::new(TABLE))
            .columns([Alias::new("id"), Alias::new("terms")])
            .to_owned();
        for row in &rows {
            let id: Uuid = row.try_get("", "id")?;
            let number: String = row.try_get("", "number")?;
            let title: String = row.try_get("", "title")?;
            let description: String = row.try_get("", "description")?;
            let terms = rapport_domain::text::document(&[&title, &description], &[&number]);
            insert
                .values([id.into(), terms.into()])
                .map_err(|error| DbErr::Custom(format!("indexing request {number}: {error}")))?;
        }
        db.execute_raw(backend.build(&insert)).await?;
        if (rows.len() as u64) < CHUNK {
            return Ok(());
        }
        after = Some((last_at.into(), last_id.into()));
    }
}

#[derive(DeriveIden)]
enum Requests {
    #[sea_orm(iden = "service_requests")]
    Table,
    Id,
    Number,
    Title,
    Description,
    CreatedAt,
}
