//! The scheduler's tables. `jobs`: one row per scheduled job, which an
//! instance claims for a while (`leased_until`) before running it, so that
//! with several instances on one database each run happens once, and which
//! keeps what the last run did for `GET /jobs`. `scheduled_occurrences`:
//! one row per thing a job announced (a target turning at risk, a contract
//! ending, a birthday in a given year), written in the transaction that
//! announces it; its key (what was announced, about which record, which
//! time of it) makes a second announcement impossible, also when a job
//! catches up after downtime or two instances race past a lease.
//! `jobs.progress` keeps how far a job has looked (the SLA job's
//! watermarks), so a run reads what came since rather than everything.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{drop_index, drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(string_len(Jobs::Name, 64).primary_key())
                    .col(string_len_null(Jobs::LeasedBy, 64))
                    .col(timestamp_with_time_zone_null(Jobs::LeasedUntil))
                    .col(timestamp_with_time_zone_null(Jobs::LastStartedAt))
                    .col(timestamp_with_time_zone_null(Jobs::LastFinishedAt))
                    .col(big_integer_null(Jobs::LastDurationMs))
                    .col(json_binary_null(Jobs::LastOutcome))
                    .col(text_null(Jobs::LastError))
                    .col(timestamp_with_time_zone_null(Jobs::LastErrorAt))
                    .col(big_integer(Jobs::Runs).default(0))
                    .col(big_integer(Jobs::Failures).default(0))
                    .col(json_binary_null(Jobs::Progress))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScheduledOccurrences::Table)
                    .col(string_len(ScheduledOccurrences::Kind, 64))
                    .col(uuid(ScheduledOccurrences::Subject))
                    .col(string_len(ScheduledOccurrences::Occasion, 160))
                    .col(timestamp_with_time_zone(ScheduledOccurrences::OccurredAt))
                    .primary_key(
                        Index::create()
                            .col(ScheduledOccurrences::Kind)
                            .col(ScheduledOccurrences::Subject)
                            .col(ScheduledOccurrences::Occasion),
                    )
                    .to_owned(),
            )
            .await?;
        // The purge deletes by age.
        index(
            manager,
            "idx_scheduled_occurrences_occurred_at",
            ScheduledOccurrences::Table,
            [ScheduledOccurrences::OccurredAt],
        )
        .await?;
        // The SLA job reads the running targets whose at-risk instant or
        // deadline came since its last run: a few rows of an index that
        // holds only running targets (the same statement on both databases).
        let connection = manager.get_connection();
        for (name, column) in [
            ("idx_request_sla_running_at_risk", "at_risk_from"),
            ("idx_request_sla_running_deadline", "deadline"),
        ] {
            connection
                .execute_unprepared(&format!(
                    "CREATE INDEX {name} ON request_sla ({column}) WHERE met_at IS NULL"
                ))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "idx_request_sla_running_at_risk",
            "idx_request_sla_running_deadline",
        ] {
            drop_index(manager, name, Alias::new("request_sla")).await?;
        }
        drop_tables(
            manager,
            [
                ScheduledOccurrences::Table.into_iden(),
                Jobs::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Name,
    LeasedBy,
    LeasedUntil,
    LastStartedAt,
    LastFinishedAt,
    LastDurationMs,
    LastOutcome,
    LastError,
    LastErrorAt,
    Runs,
    Failures,
    Progress,
}

#[derive(DeriveIden)]
enum ScheduledOccurrences {
    Table,
    Kind,
    Subject,
    Occasion,
    OccurredAt,
}
