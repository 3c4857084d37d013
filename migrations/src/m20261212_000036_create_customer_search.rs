//! `customers_search`: the full-text index of customers (the words of their
//! name, industry and address, and the last digits of their live contacts'
//! phones; `rapport_domain::customer::search_document`, `ddl::search_table`,
//! README "Search"), filled here for the customers registered before it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::{DateTimeUtc, Uuid};
use sea_orm_migration::sea_orm::{ConnectionTrait, Value};

use std::collections::HashMap;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The index's table.
pub const TABLE: &str = "customers_search";

/// Customers read and indexed per statement.
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

/// Indexes every customer not yet in `customers_search`, oldest first (so
/// the index's order is the order they were registered in); the
/// benchmark's seed calls it after loading customers directly.
pub async fn backfill(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut after: Option<(Value, Value)> = None;
    loop {
        let mut select = Query::select()
            .columns([
                Customers::Id,
                Customers::Name,
                Customers::Industry,
                Customers::Address,
                Customers::CreatedAt,
            ])
            .from(Customers::Table)
            .and_where(
                // NOT EXISTS, not NOT IN: PostgreSQL runs NOT IN over a subquery
                // larger than its work memory as a scan of it per row.
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(Alias::new(TABLE))
                        .and_where(
                            Expr::col((Alias::new(TABLE), Alias::new("id")))
                                .equals((Customers::Table, Customers::Id)),
                        )
                        .to_owned(),
                )
                .not(),
            )
            .order_by(Customers::CreatedAt, Order::Asc)
            .order_by(Customers::Id, Order::Asc)
            .limit(CHUNK)
            .to_owned();
        if let Some((at, id)) = after.take() {
            select.and_where(
                Expr::tuple([Expr::col(Customers::CreatedAt), Expr::col(Customers::Id)])
                    .gt(Expr::tuple([Expr::val(at), Expr::val(id)])),
            );
        }
        let rows = db.query_all_raw(backend.build(&select)).await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        let last_at: DateTimeUtc = last.try_get("", "created_at")?;
        let last_id: Uuid = last.try_get("", "id")?;
        let ids: Vec<Uuid> = rows
            .iter()
            .map(|row| row.try_get("", "id"))
            .collect::<Result<_, _>>()?;
        let phones = phones_of(db, ids).await?;
        let mut insert = Query::insert()
            .into_table(Alias::new(TABLE))
            .columns([Alias::new("id"), Alias::new("terms")])
            .to_owned();
        for row in &rows {
            let id: Uuid = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            let industry: String = row.try_get("", "industry")?;
            let address: String = row.try_get("", "address")?;
            let phones: Vec<&str> = phones
                .get(&id)
                .map(|phones| phones.iter().map(String::as_str).collect())
                .unwrap_or_default();
            let terms =
                rapport_domain::customer::search_document(&name, &industry, &address, &phones);
            insert
                .values([id.into(), terms.into()])
                .map_err(|error| DbErr::Custom(format!("indexing customer {id}: {error}")))?;
        }
        db.execute_raw(backend.build(&insert)).await?;
        if (rows.len() as u64) < CHUNK {
            return Ok(());
        }
        after = Some((last_at.into(), last_id.into()));
    }
}

/// The phones of the live contacts of `customers`, by customer.
async fn phones_of(
    db: &impl ConnectionTrait,
    customers: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<String>>, DbErr> {
    let backend = db.get_database_backend();
    let select = Query::select()
        .columns([Contacts::CustomerId, Contacts::Phone])
        .from(Contacts::Table)
        .and_where(Expr::col(Contacts::CustomerId).is_in(customers))
        .and_where(Expr::col(Contacts::ArchivedAt).is_null())
        .to_owned();
    let mut phones: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in db.query_all_raw(backend.build(&select)).await? {
        let customer: Uuid = row.try_get("", "customer_id")?;
        phones
            .entry(customer)
            .or_default()
            .push(row.try_get("", "phone")?);
    }
    Ok(phones)
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Name,
    Industry,
    Address,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    CustomerId,
    Phone,
    ArchivedAt,
}
