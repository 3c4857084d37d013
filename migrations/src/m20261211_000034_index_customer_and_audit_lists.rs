//! Indexes for the two lists that grow without bound, so a page, the first
//! or the ten-thousandth by cursor, reads about a page of index entries
//! (issue 14: 100,000 customers, 1,000,000 audit entries).
//!
//! - The audit log, newest first `(at, id)`: alone (and for a time range),
//!   and after each filter: the record (`entity_type`, `entity_id`), the
//!   actor, the action.
//! - Customers, by name `(name, id)` and newest first `(created_at DESC,
//!   id)`: alone, and after each filter (tier, stage, review status,
//!   account manager). The search (`LIKE` in name, industry, address) walks
//!   the name order and tests each row.
//!
//! They replace the indexes they begin with (and the monthly report's
//! `(action, at)`, which `(action, at, id)` serves as well).

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index: its name, its table and its columns, each with its order.
type Spec = ddl::IndexSpec<Table, Column>;

fn asc(column: Column) -> (Column, IndexOrder) {
    (column, IndexOrder::Asc)
}

/// The indexes this migration creates.
fn created() -> Vec<Spec> {
    use Column::*;
    let newest = || vec![asc(At), asc(Id)];
    let mut specs: Vec<Spec> = vec![
        ("ix_audit_log_at_id", Table::AuditLog, newest()),
        (
            "ix_audit_log_entity_at_id",
            Table::AuditLog,
            [asc(EntityType), asc(EntityId)]
                .into_iter()
                .chain(newest())
                .collect(),
        ),
        (
            "ix_audit_log_actor_id_at_id",
            Table::AuditLog,
            [asc(ActorId)].into_iter().chain(newest()).collect(),
        ),
        (
            "ix_audit_log_action_at_id",
            Table::AuditLog,
            [asc(Action)].into_iter().chain(newest()).collect(),
        ),
        (
            "ix_customers_name_id",
            Table::Customers,
            vec![asc(Name), asc(Id)],
        ),
        (
            "ix_customers_created_at_id",
            Table::Customers,
            vec![(CreatedAt, IndexOrder::Desc), asc(Id)],
        ),
    ];
    // Each filter: its index by name, its index newest first.
    let filters = [
        (
            "ix_customers_tier_name_id",
            "ix_customers_tier_created_at_id",
            Tier,
        ),
        (
            "ix_customers_stage_name_id",
            "ix_customers_stage_created_at_id",
            Stage,
        ),
        (
            "ix_customers_verification_name_id",
            "ix_customers_verification_created_at_id",
            Verification,
        ),
        (
            "ix_customers_account_manager_id_name_id",
            "ix_customers_account_manager_id_created_at_id",
            AccountManagerId,
        ),
    ];
    for (by_name, by_newest, column) in filters {
        specs.push((
            by_name,
            Table::Customers,
            vec![asc(column), asc(Name), asc(Id)],
        ));
        specs.push((
            by_newest,
            Table::Customers,
            vec![asc(column), (CreatedAt, IndexOrder::Desc), asc(Id)],
        ));
    }
    specs
}

/// The indexes this migration replaces, as their migrations made them.
fn replaced() -> Vec<Spec> {
    use Column::*;
    vec![
        ("ix_audit_log_at", Table::AuditLog, vec![asc(At)]),
        (
            "ix_audit_log_entity",
            Table::AuditLog,
            vec![asc(EntityType), asc(EntityId)],
        ),
        (
            "ix_audit_log_action_at",
            Table::AuditLog,
            vec![asc(Action), asc(At)],
        ),
        ("ix_customers_name", Table::Customers, vec![asc(Name)]),
        ("ix_customers_tier", Table::Customers, vec![asc(Tier)]),
        (
            "ix_customers_account_manager_id",
            Table::Customers,
            vec![asc(AccountManagerId)],
        ),
        (
            "ix_customers_verification",
            Table::Customers,
            vec![asc(Verification)],
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::replace_indexes(manager, created(), replaced()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::replace_indexes(manager, replaced(), created()).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Table {
    #[sea_orm(iden = "audit_log")]
    AuditLog,
    Customers,
}

#[derive(DeriveIden, Clone, Copy)]
enum Column {
    Id,
    At,
    ActorId,
    Action,
    EntityType,
    EntityId,
    Name,
    Tier,
    Stage,
    Verification,
    AccountManagerId,
    CreatedAt,
}
