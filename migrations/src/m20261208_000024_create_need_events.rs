//! A need's timeline, append-only, like a complaint's: who did what, when,
//! the fields it changed as they were and became, and what was said (a
//! rework or rejection reason, a note), which the audit log alone kept
//! from the people who work the needs.

use rapport_types::needs::EventKind;
use sea_orm_migration::prelude::*;

use crate::ddl;
use crate::m20261202_000014_check_coded_columns::{self as coded, Coded, codes};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The coded column of `need_events` and the codes it may hold.
pub fn coded_columns() -> Vec<Coded> {
    vec![Coded {
        table: "need_events",
        column: "kind",
        codes: codes(&EventKind::ALL),
    }]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::timeline_table(manager, "need", "needs").await?;
        coded::apply(manager, &coded_columns()).await?;
        // Needs recorded before this migration start their timeline here.
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let id = match backend {
            sea_orm_migration::sea_orm::DbBackend::Postgres => "gen_random_uuid()",
            _ => "randomblob(16)",
        };
        db.execute_unprepared(&format!(
            "INSERT INTO need_events (id, need_id, version, at, actor_id, kind, before, after) \
             SELECT {id}, id, 1, created_at, created_by, 'created', NULL, NULL FROM needs"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(manager, [NeedEvents::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum NeedEvents {
    Table,
}
