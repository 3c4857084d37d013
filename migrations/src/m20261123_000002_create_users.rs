//! Staff accounts and the credentials that authenticate them: rotating
//! refresh tokens (grouped by family so a replayed token revokes its whole
//! chain) and scoped API tokens for integrations. Tokens are stored only as
//! SHA-256 hex digests.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(uuid(Users::Id).primary_key())
                    // Stored lowercase by the API, so the unique index is case-insensitive in effect.
                    .col(string_len(Users::Email, 254))
                    .col(string_len(Users::DisplayName, 100))
                    .col(string_len(Users::PasswordHash, 255))
                    .col(string_len(Users::Role, 32))
                    .col(string_len(Users::Department, 32))
                    .col(json_binary(Users::Skills))
                    .col(boolean(Users::Active).default(true))
                    .col(timestamp_with_time_zone_null(Users::LastAssignedAt))
                    .version_and_times()
                    .to_owned(),
            )
            .await?;
        ddl::unique_index(manager, "ux_users_email", Users::Table, [Users::Email]).await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(uuid(RefreshTokens::Id).primary_key())
                    .col(uuid(RefreshTokens::UserId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_len(RefreshTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .references(
                        "fk_refresh_tokens_user",
                        RefreshTokens::UserId,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        ddl::unique_index(
            manager,
            "ux_refresh_tokens_hash",
            RefreshTokens::Table,
            [RefreshTokens::TokenHash],
        )
        .await?;
        ddl::index(
            manager,
            "ix_refresh_tokens_family_id",
            RefreshTokens::Table,
            [RefreshTokens::FamilyId],
        )
        .await?;
        ddl::index(
            manager,
            "ix_refresh_tokens_user_id",
            RefreshTokens::Table,
            [RefreshTokens::UserId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(uuid(ApiTokens::Id).primary_key())
                    .col(uuid(ApiTokens::UserId))
                    .col(string_len(ApiTokens::Name, 100))
                    .col(string_len(ApiTokens::TokenHash, 64))
                    .col(json_binary(ApiTokens::Scopes))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .references("fk_api_tokens_user", ApiTokens::UserId, Users::Table)
                    .to_owned(),
            )
            .await?;
        ddl::unique_index(
            manager,
            "ux_api_tokens_hash",
            ApiTokens::Table,
            [ApiTokens::TokenHash],
        )
        .await?;
        ddl::index(
            manager,
            "ix_api_tokens_user_id",
            ApiTokens::Table,
            [ApiTokens::UserId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                ApiTokens::Table.into_iden(),
                RefreshTokens::Table.into_iden(),
                Users::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    Department,
    Skills,
    Active,
    LastAssignedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    Scopes,
    LastUsedAt,
    RevokedAt,
    CreatedAt,
}
