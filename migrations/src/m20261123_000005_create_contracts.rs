//! Maintenance packages, contracts and the lines they cover, and the record
//! of each monthly free-first-year batch (SPEC section 5).
//!
//! A free contract carries the month of the batch that created it; the
//! unique index on (customer, month) is what makes a second run of the same
//! batch create nothing. Paid contracts leave the month NULL, and NULLs never
//! collide in a unique index on SQLite or PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

use super::m20261123_000002_create_users::Users;
use super::m20261123_000003_create_customers::{Contacts, Customers};
use super::m20261123_000004_create_orders::OrderLines;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The packages every organisation starts with: code, name, annual rate in basis points.
const DEFAULT_PACKAGES: [(&str, &str, i32); 3] = [
    ("BASIC", "基础", 800),
    ("STANDARD", "标准", 1200),
    ("PREMIUM", "高级", 1800),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Packages::Table)
                    .col(string_len(Packages::Code, 32).primary_key())
                    .col(string_len(Packages::Name, 100))
                    .col(integer(Packages::RateBp))
                    .col(boolean(Packages::Active).default(true))
                    .version_and_times()
                    .to_owned(),
            )
            .await?;
        let mut seed = Query::insert();
        seed.into_table(Packages::Table).columns([
            Packages::Code,
            Packages::Name,
            Packages::RateBp,
            Packages::Active,
            Packages::CreatedAt,
            Packages::UpdatedAt,
        ]);
        for (code, name, rate_bp) in DEFAULT_PACKAGES {
            seed.values([
                code.into(),
                name.into(),
                rate_bp.into(),
                true.into(),
                Expr::current_timestamp(),
                Expr::current_timestamp(),
            ])
            .map_err(|error| DbErr::Migration(format!("seeding the default packages: {error}")))?;
        }
        manager.execute(seed).await?;

        manager
            .create_table(
                Table::create()
                    .table(Contracts::Table)
                    .col(uuid(Contracts::Id).primary_key())
                    .col(uuid(Contracts::CustomerId))
                    .col(string_len(Contracts::Kind, 32))
                    .col(string_len(Contracts::Status, 32))
                    .col(string_len_null(Contracts::PackageCode, 32))
                    .col(date(Contracts::PeriodStart))
                    // Inclusive: the last day the contract covers.
                    .col(date(Contracts::PeriodEnd))
                    .col(big_integer(Contracts::CoveredValueCents))
                    .col(big_integer(Contracts::FeeCents))
                    .col(uuid_null(Contracts::PreviousContractId))
                    .col(uuid_null(Contracts::MaintenanceContactId))
                    .col(uuid_null(Contracts::TechnicianId))
                    .col(integer(Contracts::Sites).default(1))
                    .col(text(Contracts::InstalledVersions).default(""))
                    .col(string_len_null(Contracts::CalendarName, 100))
                    .col(string_len_null(Contracts::InvoiceMethod, 32))
                    .col(date_null(Contracts::InvoiceSentOn))
                    .col(date_null(Contracts::PaidOn))
                    .col(text_null(Contracts::CancelReason))
                    .col(string_len_null(Contracts::FreeBatchMonth, 7))
                    .col(uuid(Contracts::CreatedBy))
                    .version_and_times()
                    .references(
                        "fk_contracts_customer",
                        Contracts::CustomerId,
                        Customers::Table,
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contracts_package")
                            .from(Contracts::Table, Contracts::PackageCode)
                            .to(Packages::Table, Packages::Code),
                    )
                    .references(
                        "fk_contracts_previous",
                        Contracts::PreviousContractId,
                        Contracts::Table,
                    )
                    .references(
                        "fk_contracts_maintenance_contact",
                        Contracts::MaintenanceContactId,
                        Contacts::Table,
                    )
                    .references(
                        "fk_contracts_technician",
                        Contracts::TechnicianId,
                        Users::Table,
                    )
                    .references(
                        "fk_contracts_created_by",
                        Contracts::CreatedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_contracts_customer_id", Contracts::CustomerId),
            ("ix_contracts_status", Contracts::Status),
            ("ix_contracts_period_end", Contracts::PeriodEnd),
        ] {
            ddl::index(manager, name, Contracts::Table, [column]).await?;
        }
        ddl::unique_index(
            manager,
            "ux_contracts_free_batch",
            Contracts::Table,
            [Contracts::CustomerId, Contracts::FreeBatchMonth],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContractLines::Table)
                    .col(uuid(ContractLines::Id).primary_key())
                    .col(uuid(ContractLines::ContractId))
                    .col(uuid(ContractLines::OrderLineId))
                    .col(big_integer(ContractLines::CoveredValueCents))
                    .references(
                        "fk_contract_lines_contract",
                        ContractLines::ContractId,
                        Contracts::Table,
                    )
                    .references(
                        "fk_contract_lines_order_line",
                        ContractLines::OrderLineId,
                        OrderLines::Table,
                    )
                    .to_owned(),
            )
            .await?;
        // Leads with contract_id, so it also serves "the lines of a contract".
        ddl::unique_index(
            manager,
            "ux_contract_lines_contract_line",
            ContractLines::Table,
            [ContractLines::ContractId, ContractLines::OrderLineId],
        )
        .await?;
        // "Which contracts cover this order line" (free batch, renewals).
        ddl::index(
            manager,
            "ix_contract_lines_order_line_id",
            ContractLines::Table,
            [ContractLines::OrderLineId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(FreeBatches::Table)
                    .col(string_len(FreeBatches::Month, 7).primary_key())
                    .col(timestamp_with_time_zone(FreeBatches::RanAt))
                    .col(uuid(FreeBatches::RanBy))
                    .col(integer(FreeBatches::ContractsCreated))
                    .col(integer(FreeBatches::LinesCovered))
                    .references("fk_free_batches_ran_by", FreeBatches::RanBy, Users::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                FreeBatches::Table.into_iden(),
                ContractLines::Table.into_iden(),
                Contracts::Table.into_iden(),
                Packages::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Packages {
    Table,
    Code,
    Name,
    RateBp,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Contracts {
    Table,
    Id,
    CustomerId,
    Kind,
    Status,
    PackageCode,
    PeriodStart,
    PeriodEnd,
    CoveredValueCents,
    FeeCents,
    PreviousContractId,
    MaintenanceContactId,
    TechnicianId,
    Sites,
    InstalledVersions,
    CalendarName,
    InvoiceMethod,
    InvoiceSentOn,
    PaidOn,
    CancelReason,
    FreeBatchMonth,
    CreatedBy,
}

#[derive(DeriveIden)]
enum ContractLines {
    Table,
    Id,
    ContractId,
    OrderLineId,
    CoveredValueCents,
}

#[derive(DeriveIden)]
enum FreeBatches {
    Table,
    Month,
    RanAt,
    RanBy,
    ContractsCreated,
    LinesCovered,
}
