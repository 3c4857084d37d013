//! Webhooks (SPEC section 10): the endpoints administrators register, the
//! outbox of events (`webhook_events`, written in the transaction of the
//! change that caused each), one delivery per event and subscribed endpoint
//! (`webhook_deliveries`, the delivery worker's queue) and the log of every
//! try (`webhook_attempts`).

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{TableParts, drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoints::Table)
                    .col(uuid(WebhookEndpoints::Id).primary_key())
                    .col(text(WebhookEndpoints::Url))
                    .col(string_len(WebhookEndpoints::Description, 200))
                    .col(json_binary(WebhookEndpoints::Events))
                    .col(string_len(WebhookEndpoints::Secret, 128))
                    .col(boolean(WebhookEndpoints::Active))
                    .col(timestamp_with_time_zone_null(WebhookEndpoints::ArchivedAt))
                    .version_and_times()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookEvents::Table)
                    .col(uuid(WebhookEvents::Id).primary_key())
                    .col(string_len(WebhookEvents::Event, 64))
                    // The body exactly as sent and signed: a re-send is byte for byte the same.
                    .col(text(WebhookEvents::Body))
                    .col(timestamp_with_time_zone(WebhookEvents::OccurredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(uuid(WebhookDeliveries::Id).primary_key())
                    .col(uuid(WebhookDeliveries::EventId))
                    .col(uuid(WebhookDeliveries::EndpointId))
                    .col(string_len(WebhookDeliveries::Event, 64))
                    .col(string_len(WebhookDeliveries::Status, 16))
                    .col(integer(WebhookDeliveries::Attempts).default(0))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    // Tries stop (the delivery is dead) past this: a day after
                    // the event, or after a re-send.
                    .col(timestamp_with_time_zone(WebhookDeliveries::RetryUntil))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::ClaimedUntil,
                    ))
                    .col(uuid_null(WebhookDeliveries::ClaimToken))
                    .col(integer_null(WebhookDeliveries::LastStatusCode))
                    .col(integer_null(WebhookDeliveries::LastResponseMs))
                    .col(text_null(WebhookDeliveries::LastError))
                    .col(timestamp_with_time_zone_null(
                        WebhookDeliveries::DeliveredAt,
                    ))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone(WebhookDeliveries::UpdatedAt))
                    .check(Expr::col(WebhookDeliveries::Status).is_in([
                        "pending",
                        "delivered",
                        "dead",
                    ]))
                    .references(
                        "fk_webhook_deliveries_event",
                        WebhookDeliveries::EventId,
                        WebhookEvents::Table,
                    )
                    .references(
                        "fk_webhook_deliveries_endpoint",
                        WebhookDeliveries::EndpointId,
                        WebhookEndpoints::Table,
                    )
                    .to_owned(),
            )
            .await?;
        // Each endpoint's queue in order: its first pending delivery.
        index(
            manager,
            "ix_webhook_deliveries_endpoint_queue",
            WebhookDeliveries::Table,
            [
                WebhookDeliveries::EndpointId,
                WebhookDeliveries::Status,
                WebhookDeliveries::Id,
            ],
        )
        .await?;
        // The worker's scan: pending deliveries by when they fall due.
        index(
            manager,
            "ix_webhook_deliveries_due",
            WebhookDeliveries::Table,
            [WebhookDeliveries::Status, WebhookDeliveries::NextAttemptAt],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookAttempts::Table)
                    .col(uuid(WebhookAttempts::Id).primary_key())
                    .col(uuid(WebhookAttempts::DeliveryId))
                    .col(timestamp_with_time_zone(WebhookAttempts::At))
                    .col(integer_null(WebhookAttempts::StatusCode))
                    .col(integer(WebhookAttempts::ResponseMs))
                    .col(text_null(WebhookAttempts::Error))
                    .references(
                        "fk_webhook_attempts_delivery",
                        WebhookAttempts::DeliveryId,
                        WebhookDeliveries::Table,
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_webhook_attempts_delivery",
            WebhookAttempts::Table,
            [WebhookAttempts::DeliveryId, WebhookAttempts::At],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                WebhookAttempts::Table.into_iden(),
                WebhookDeliveries::Table.into_iden(),
                WebhookEvents::Table.into_iden(),
                WebhookEndpoints::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    Url,
    Description,
    Events,
    Secret,
    Active,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum WebhookEvents {
    Table,
    Id,
    Event,
    Body,
    OccurredAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    EventId,
    EndpointId,
    Event,
    Status,
    Attempts,
    NextAttemptAt,
    RetryUntil,
    ClaimedUntil,
    ClaimToken,
    LastStatusCode,
    LastResponseMs,
    LastError,
    DeliveredAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookAttempts {
    Table,
    Id,
    DeliveryId,
    At,
    StatusCode,
    ResponseMs,
    Error,
}
