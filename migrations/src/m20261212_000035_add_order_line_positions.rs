//! `order_lines.position`: where a line stands in its order (0, 1, …), so
//! an order's lines come back in the order they were entered; the lines of
//! one order share their `created_at` and have random ids. Lines entered
//! before this keep 0 and stay in id order.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrderLines::Table)
                    .add_column(integer(OrderLines::Position).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrderLines::Table)
                    .drop_column(OrderLines::Position)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    Position,
}
