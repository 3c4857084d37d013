//! `order_lines.position`: where a line stands in its order (0, 1, …), so
//! an order's lines come back in the order they were entered; the lines of
//! one order share their `created_at` and have random ids. Lines entered
//! before this keep 0 and stay in id order.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::add_column(
            manager,
            OrderLines::Table,
            integer(OrderLines::Position).default(0),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_column(manager, OrderLines::Table, OrderLines::Position).await
    }
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    Position,
}
