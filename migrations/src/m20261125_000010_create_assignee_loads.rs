//! `assignee_loads`: how many open requests of each priority every person
//! has, kept by the API as requests are taken in, assigned, resolved,
//! reopened, closed and cancelled. Routing read these counts by counting
//! the open requests of a whole department on every intake, which grew with
//! the backlog (thousands of index entries per intake at a million requests,
//! inside the intake's write lock).
//!
//! The backfill counts what is open now. The open states are those of the
//! domain's `Status::is_open` when this migration was written.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::TableParts;

use super::m20261123_000002_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Counts every open request by assignee and priority.
pub const BACKFILL: &str = "INSERT INTO assignee_loads (user_id, priority, open) \
     SELECT assignee_id, priority, COUNT(*) FROM service_requests \
     WHERE assignee_id IS NOT NULL \
     AND status IN ('new', 'assigned', 'in_progress', 'waiting_customer', 'reopened') \
     GROUP BY assignee_id, priority";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AssigneeLoads::Table)
                    .col(uuid(AssigneeLoads::UserId))
                    .col(string_len(AssigneeLoads::Priority, 32))
                    .col(integer(AssigneeLoads::Open).default(0))
                    .primary_key(
                        Index::create()
                            .col(AssigneeLoads::UserId)
                            .col(AssigneeLoads::Priority),
                    )
                    .references(
                        "fk_assignee_loads_user",
                        AssigneeLoads::UserId,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(BACKFILL)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AssigneeLoads::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum AssigneeLoads {
    Table,
    UserId,
    Priority,
    Open,
}
