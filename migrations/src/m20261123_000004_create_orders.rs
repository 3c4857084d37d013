//! Products and the orders that sell them (SPEC section 5). Each order line
//! carries the delivery dates its warranty start is derived from; money is
//! integer fen.

use sea_orm_migration::{prelude::*, schema::*};

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
                    .col(integer(Products::Version).default(1))
                    .col(timestamp_with_time_zone(Products::CreatedAt))
                    .col(timestamp_with_time_zone(Products::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_products_sku")
                    .table(Products::Table)
                    .col(Products::Sku)
                    .unique()
                    .to_owned(),
            )
            .await?;

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
                    .col(integer(Orders::Version).default(1))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone(Orders::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orders_customer")
                            .from(Orders::Table, Orders::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_orders_created_by")
                            .from(Orders::Table, Orders::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_orders_customer_id", Orders::CustomerId),
            ("ix_orders_order_date", Orders::OrderDate),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Orders::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
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
                    .col(integer(OrderLines::Version).default(1))
                    .col(timestamp_with_time_zone(OrderLines::CreatedAt))
                    .col(timestamp_with_time_zone(OrderLines::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_lines_order")
                            .from(OrderLines::Table, OrderLines::OrderId)
                            .to(Orders::Table, Orders::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_lines_product")
                            .from(OrderLines::Table, OrderLines::ProductId)
                            .to(Products::Table, Products::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_order_lines_order_id")
                    .table(OrderLines::Table)
                    .col(OrderLines::OrderId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OrderLines::Table.into_iden(),
            Orders::Table.into_iden(),
            Products::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
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
    Version,
    CreatedAt,
    UpdatedAt,
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
    Version,
    CreatedAt,
    UpdatedAt,
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
    Version,
    CreatedAt,
    UpdatedAt,
}
