//! A need's timeline, append-only, like a complaint's: who did what, when,
//! the fields it changed as they were and became, and what was said (a
//! rework or rejection reason, a note), which the audit log alone kept
//! from the people who work the needs.

use rapport_types::needs::EventKind;
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};
use crate::m20261202_000014_check_coded_columns::{self as coded, Coded, codes};

use super::m20261123_000002_create_users::Users;

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
        manager
            .create_table(
                Table::create()
                    .table(NeedEvents::Table)
                    .col(uuid(NeedEvents::Id).primary_key())
                    .col(uuid(NeedEvents::NeedId))
                    // The need's version this event produced: the timeline's order.
                    .col(integer(NeedEvents::Version))
                    .col(timestamp_with_time_zone(NeedEvents::At))
                    .col(uuid(NeedEvents::ActorId))
                    .col(string_len(NeedEvents::Kind, 32))
                    .col(json_binary_null(NeedEvents::Before))
                    .col(json_binary_null(NeedEvents::After))
                    .references("fk_need_events_need", NeedEvents::NeedId, Needs::Table)
                    .references("fk_need_events_actor", NeedEvents::ActorId, Users::Table)
                    .to_owned(),
            )
            .await?;
        ddl::unique_index(
            manager,
            "ux_need_events_need_version",
            NeedEvents::Table,
            [NeedEvents::NeedId, NeedEvents::Version],
        )
        .await?;
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
    Id,
    NeedId,
    Version,
    At,
    ActorId,
    Kind,
    Before,
    After,
}

#[derive(DeriveIden)]
enum Needs {
    Table,
}
