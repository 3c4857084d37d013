//! The append-only audit log (SPEC section 9) and the stored first answers
//! that make a retried POST with the same `Idempotency-Key` return the same
//! result (SPEC section 10).

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

use super::m20261123_000002_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(uuid(AuditLog::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditLog::At))
                    // NULL for the system itself (scheduled jobs, the free batch).
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::EntityType, 32))
                    // A string, so entities keyed by a code or a month fit too.
                    .col(string_len(AuditLog::EntityId, 64))
                    .col(json_binary_null(AuditLog::Before))
                    .col(json_binary_null(AuditLog::After))
                    .references("fk_audit_log_actor", AuditLog::ActorId, Users::Table)
                    .to_owned(),
            )
            .await?;
        ddl::index(manager, "ix_audit_log_at", AuditLog::Table, [AuditLog::At]).await?;
        ddl::index(
            manager,
            "ix_audit_log_entity",
            AuditLog::Table,
            [AuditLog::EntityType, AuditLog::EntityId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(uuid(IdempotencyKeys::UserId))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    .col(string_len(IdempotencyKeys::RequestHash, 64))
                    .col(integer(IdempotencyKeys::ResponseStatus))
                    .col(text(IdempotencyKeys::ResponseBody))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_idempotency_keys")
                            .col(IdempotencyKeys::UserId)
                            .col(IdempotencyKeys::Key),
                    )
                    .references(
                        "fk_idempotency_keys_user",
                        IdempotencyKeys::UserId,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        // Expired keys are purged by age.
        ddl::index(
            manager,
            "ix_idempotency_keys_created_at",
            IdempotencyKeys::Table,
            [IdempotencyKeys::CreatedAt],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                IdempotencyKeys::Table.into_iden(),
                AuditLog::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    UserId,
    Key,
    RequestHash,
    ResponseStatus,
    ResponseBody,
    CreatedAt,
}
