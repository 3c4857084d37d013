//! `contract_lines.free_from` / `free_until`: each line of a free contract
//! keeps its own free year (its warranty start + 1 year, SPEC section 5),
//! rather than one period per customer from the earliest line. Both stay
//! null on a paid contract's lines, and on a free line whose warranty has
//! not started yet: it is covered from the day it gets one. Free lines
//! written before take their contract's period, as they had.
//! Indexed on `free_until` for "free periods ending within N days".

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_contract_lines_free_until";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one ALTER per statement.
        for column in [ContractLines::FreeFrom, ContractLines::FreeUntil] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContractLines::Table)
                        .add_column(date_null(column))
                        .to_owned(),
                )
                .await?;
        }
        // Lines written before keep the period their contract gave them.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE contract_lines SET \
                 free_from = (SELECT c.period_start FROM contracts c WHERE c.id = contract_lines.contract_id), \
                 free_until = (SELECT c.period_end FROM contracts c WHERE c.id = contract_lines.contract_id) \
                 WHERE contract_id IN (SELECT id FROM contracts WHERE kind = 'free')",
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(ContractLines::Table)
                    .col(ContractLines::FreeUntil)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite cannot drop an indexed column: the index goes first.
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(ContractLines::Table)
                    .to_owned(),
            )
            .await?;
        for column in [ContractLines::FreeUntil, ContractLines::FreeFrom] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ContractLines::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractLines {
    Table,
    FreeFrom,
    FreeUntil,
}
