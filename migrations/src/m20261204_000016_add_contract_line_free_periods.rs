//! `contract_lines.free_from` / `free_until`: each line of a free contract
//! keeps its own free year (its warranty start + 1 year, SPEC section 5),
//! rather than one period per customer from the earliest line. Both stay
//! null on a paid contract's lines, and on a free line whose warranty has
//! not started yet: it is covered from the day it gets one. Free lines
//! written before take their contract's period, as they had.
//! Indexed on `free_until` for "free periods ending within N days".

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEX: &str = "ix_contract_lines_free_until";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one ALTER per statement.
        for column in [ContractLines::FreeFrom, ContractLines::FreeUntil] {
            ddl::add_column(manager, ContractLines::Table, date_null(column)).await?;
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
        ddl::index(
            manager,
            INDEX,
            ContractLines::Table,
            [ContractLines::FreeUntil],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite cannot drop an indexed column: the index goes first.
        ddl::drop_index(manager, INDEX, ContractLines::Table).await?;
        for column in [ContractLines::FreeUntil, ContractLines::FreeFrom] {
            ddl::drop_column(manager, ContractLines::Table, column).await?;
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
