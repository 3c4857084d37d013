//! `customers_search`: the full-text index of customers (the words of their
//! name, industry and address, and the last digits of their live contacts'
//! phones; `rapport_domain::customer::search_document`, `ddl::search_table`,
//! README "Search"), filled here for the customers registered before it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::prelude::Uuid;

use std::collections::HashMap;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The index's table.
pub const TABLE: &str = "customers_search";

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
    let columns = ["name", "industry", "address"];
    ddl::fill_search_table(db, TABLE, "customers", &columns, |rows| async move {
        let ids: Vec<Uuid> = rows
            .iter()
            .map(|row| row.try_get("", "id"))
            .collect::<Result<_, _>>()?;
        let phones = phones_of(db, ids).await?;
        rows.iter()
            .map(|row| {
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
                Ok((id, terms))
            })
            .collect()
    })
    .await
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
enum Contacts {
    Table,
    CustomerId,
    Phone,
    ArchivedAt,
}
