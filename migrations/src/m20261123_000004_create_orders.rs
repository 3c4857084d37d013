//! Products and the orders that sell them (SPEC section 5). Each order line
//! carries the delivery dates its warranty start is derived from; money is
//! integer fen.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};

use super::m20261123_000002_create_users::Users;
use super::m20261123_000003_create_customers::Customers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(uuid(Products::Id).primary_key())
                    .col(string_len(Products::Sku, 64))
                    .col(string_len(Products::Name, 200))
                    .col(string_len(Products::Kind, 32))
                    .col(big_integer(Products::ListPriceCents))
                    .col(timestamp_with_time_zone_null(Products::ArchivedAt))
                    .version_and_times()
                    .to_owned(),
            )
            .await?;
        ddl::unique_index(manager, "ux_products_sku", Products::Table, [Products::Sku]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(uuid(Orders::Id).primary_key())
                    .col(uuid(Orders::CustomerId))
                    .col(date(Orders::OrderDate))
                    .col(text(Orders::Note).default(""))
                    .col(big_integer(Orders::TotalCents))
                    .col(uuid(Orders::CreatedBy))
                    .col(timestamp_with_time_zone_null(Orders::ArchivedAt))
                    .version_and_times()
                    .references("fk_orders_customer", Orders::CustomerId, Customers::Table)
                    .references("fk_orders_created_by", Orders::CreatedBy, Users::Table)
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_orders_customer_id", Orders::CustomerId),
            ("ix_orders_order_date", Orders::OrderDate),
        ] {
            ddl::index(manager, name, Orders::Table, [column]).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OrderLines::Table)
                    .col(uuid(OrderLines::Id).primary_key())
                    .col(uuid(OrderLines::OrderId))
                    .col(uuid(OrderLines::ProductId))
                    .col(string_len(OrderLines::ProductKind, 32))
                    .col(integer(OrderLines::Quantity))
                    .col(big_integer(OrderLines::UnitPriceCents))
                    .col(big_integer(OrderLines::LineTotalCents))
                    .col(date_null(OrderLines::InstallationCompletedOn))
                    .col(date_null(OrderLines::InvoicedOn))
                    .col(date_null(OrderLines::AcceptanceSignedOn))
                    .col(date_null(OrderLines::WarrantyStart))
                    .version_and_times()
                    .references("fk_order_lines_order", OrderLines::OrderId, Orders::Table)
                    .references(
                        "fk_order_lines_product",
                        OrderLines::ProductId,
                        Products::Table,
                    )
                    .to_owned(),
            )
            .await?;
        ddl::index(
            manager,
            "ix_order_lines_order_id",
            OrderLines::Table,
            [OrderLines::OrderId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_tables(
            manager,
            [
                OrderLines::Table.into_iden(),
                Orders::Table.into_iden(),
                Products::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Sku,
    Name,
    Kind,
    ListPriceCents,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    CustomerId,
    OrderDate,
    Note,
    TotalCents,
    CreatedBy,
    ArchivedAt,
}

#[derive(DeriveIden)]
pub(crate) enum OrderLines {
    Table,
    Id,
    OrderId,
    ProductId,
    ProductKind,
    Quantity,
    UnitPriceCents,
    LineTotalCents,
    InstallationCompletedOn,
    InvoicedOn,
    AcceptanceSignedOn,
    WarrantyStart,
}
