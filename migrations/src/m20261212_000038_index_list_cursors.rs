//! Indexes for contracts, visits, complaints and needs paged by cursor
//! (issue 14), so a page, the first or the ten-thousandth, reads about a
//! page of index entries: each ends in its list's order and the id that
//! breaks ties, alone and after each filter that keeps a small share.
//!
//! - Contracts, newest first `(created_at DESC, id)`: alone, after the
//!   customer, after the status. (Those ending soon are ordered by the
//!   next end of cover, a per-row expression over the contract's lines:
//!   they are the few in force within the window, read and sorted.)
//! - Visits, soonest due `(due_at, id)` (migration `..._000012`): after the
//!   status (the due list, overdue ones), after the customer.
//! - Complaints, newest first `(created_at DESC, id)`: alone, after the
//!   status, after the customer; the overdue, by the promised time
//!   `(promised_by, id)`.
//! - Needs, newest first `(created_at, id)` read backwards: alone, after
//!   the customer, the status, the owner; the overdue, by the response
//!   deadline `(respond_by, id DESC)`.
//!
//! They replace the indexes they begin with.

use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index: its name, its table and its columns, each with its order.
type Spec = ddl::IndexSpec<Listed, Column>;

fn asc(column: Column) -> (Column, IndexOrder) {
    (column, IndexOrder::Asc)
}

fn desc(column: Column) -> (Column, IndexOrder) {
    (column, IndexOrder::Desc)
}

/// The indexes this migration creates.
fn created() -> Vec<Spec> {
    use Column::*;
    use Listed::*;
    let newest = |first: Option<Column>| -> Vec<(Column, IndexOrder)> {
        first
            .map(asc)
            .into_iter()
            .chain([desc(CreatedAt), asc(Id)])
            .collect()
    };
    let needs_newest = |first: Option<Column>| -> Vec<(Column, IndexOrder)> {
        first
            .map(asc)
            .into_iter()
            .chain([asc(CreatedAt), asc(Id)])
            .collect()
    };
    vec![
        ("ix_contracts_created_at_id", Contracts, newest(None)),
        (
            "ix_contracts_customer_id_created_at_id",
            Contracts,
            newest(Some(CustomerId)),
        ),
        (
            "ix_contracts_status_created_at_id",
            Contracts,
            newest(Some(Status)),
        ),
        (
            "ix_return_visits_status_due_at_id",
            ReturnVisits,
            vec![asc(Status), asc(DueAt), asc(Id)],
        ),
        (
            "ix_return_visits_customer_id_due_at_id",
            ReturnVisits,
            vec![asc(CustomerId), asc(DueAt), asc(Id)],
        ),
        ("ix_complaints_created_at_id", Complaints, newest(None)),
        (
            "ix_complaints_status_created_at_id",
            Complaints,
            newest(Some(Status)),
        ),
        (
            "ix_complaints_customer_id_created_at_id",
            Complaints,
            newest(Some(CustomerId)),
        ),
        (
            "ix_complaints_promised_by_id",
            Complaints,
            vec![asc(PromisedBy), asc(Id)],
        ),
        ("ix_needs_created_at_id", Needs, needs_newest(None)),
        (
            "ix_needs_customer_id_created_at_id",
            Needs,
            needs_newest(Some(CustomerId)),
        ),
        (
            "ix_needs_status_created_at_id",
            Needs,
            needs_newest(Some(Status)),
        ),
        (
            "ix_needs_owner_id_created_at_id",
            Needs,
            needs_newest(Some(OwnerId)),
        ),
        (
            "ix_needs_respond_by_id",
            Needs,
            vec![asc(RespondBy), desc(Id)],
        ),
    ]
}

/// The indexes this migration replaces, as their migrations made them.
fn replaced() -> Vec<Spec> {
    use Column::*;
    use Listed::*;
    vec![
        ("ix_contracts_customer_id", Contracts, vec![asc(CustomerId)]),
        ("ix_contracts_status", Contracts, vec![asc(Status)]),
        (
            "ix_return_visits_status_due_at",
            ReturnVisits,
            vec![asc(Status), asc(DueAt)],
        ),
        (
            "ix_return_visits_customer_id_due_at",
            ReturnVisits,
            vec![asc(CustomerId), asc(DueAt)],
        ),
        ("ix_complaints_created_at", Complaints, vec![asc(CreatedAt)]),
        ("ix_complaints_status", Complaints, vec![asc(Status)]),
        (
            "ix_complaints_customer_id",
            Complaints,
            vec![asc(CustomerId)],
        ),
        (
            "ix_complaints_promised_by",
            Complaints,
            vec![asc(PromisedBy)],
        ),
        ("ix_needs_created_at", Needs, vec![asc(CreatedAt)]),
        (
            "ix_needs_customer_created",
            Needs,
            vec![asc(CustomerId), asc(CreatedAt)],
        ),
        (
            "ix_needs_status_created",
            Needs,
            vec![asc(Status), asc(CreatedAt)],
        ),
        (
            "ix_needs_owner_created",
            Needs,
            vec![asc(OwnerId), asc(CreatedAt)],
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
enum Listed {
    Contracts,
    ReturnVisits,
    Complaints,
    Needs,
}

#[derive(DeriveIden, Clone, Copy)]
enum Column {
    Id,
    CustomerId,
    Status,
    CreatedAt,
    DueAt,
    PromisedBy,
    OwnerId,
    RespondBy,
}
