//! CHECK constraints on every coded column (statuses, kinds, priorities,
//! channels, roles, departments, tiers, stages, invoice methods, …), so the
//! database refuses a code the application cannot read back: one such row
//! once turned whole lists into 500s.
//!
//! The allowed codes are taken from the enums' own lists (`ALL`) when the
//! migration runs, never typed out again. A code added to an enum later
//! needs a migration that calls [`apply`] again (it replaces the
//! constraints of the columns it is given), since a database already
//! migrated keeps the list of its day.
//!
//! PostgreSQL adds each constraint with `ALTER TABLE … ADD CONSTRAINT`.
//! SQLite cannot add a constraint to a table, so each table is rebuilt (the
//! procedure of <https://sqlite.org/lang_altertable.html#otheralter>): its
//! stored `CREATE TABLE` with the constraints appended creates a copy, the
//! rows are copied, the old table dropped, the copy renamed and the indexes
//! recreated, with foreign key enforcement off meanwhile (dropping a table
//! others refer to would otherwise fail) and checked before it is back on.
//! Nullable columns accept NULL: `NULL IN (…)` is not false.

use rapport_domain::customer::{Channel, Stage, Tier};
use rapport_domain::lifecycle::{complaint, contract, request};
use rapport_domain::org::{Department, Role};
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::sla::SlaTarget;
use rapport_types::complaints::EventKind;
use rapport_types::contracts::{ContractKind, InvoiceMethod};
use rapport_types::customers::Verification;
use rapport_types::follow_ups::Method;
use rapport_types::visits::{VisitKind, VisitStatus};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use serde::Serialize;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One coded column and the codes it may hold.
#[derive(Debug, Clone)]
pub struct Coded {
    /// The table.
    pub table: &'static str,
    /// The column.
    pub column: &'static str,
    /// Every code the application reads.
    pub codes: Vec<String>,
}

impl Coded {
    /// The constraint's name: `ck_<table>_<column>`.
    pub fn constraint(&self) -> String {
        format!("ck_{}_{}", self.table, self.column)
    }

    fn check(&self) -> String {
        format!(
            "CONSTRAINT \"{}\" CHECK (\"{}\" IN ({}))",
            self.constraint(),
            self.column,
            ddl::sql_list(self.codes.iter().map(String::as_str))
        )
    }
}

/// The stored codes of `values`: their serde names, which is what the API
/// stores (the entities' active enums write the same codes).
pub(crate) fn codes<T: Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .filter_map(|value| match serde_json::to_value(value) {
            Ok(serde_json::Value::String(code)) => Some(code),
            _ => None,
        })
        .collect()
}

/// Every coded column of the schema with its codes.
pub fn coded_columns() -> Vec<Coded> {
    let column = |table, column, codes| Coded {
        table,
        column,
        codes,
    };
    let roles = Role::ALL.map(|role| role.code().to_owned()).to_vec();
    let departments = Department::ALL.map(|d| d.code().to_owned()).to_vec();
    vec![
        column("users", "role", roles),
        column("users", "department", departments.clone()),
        column("customers", "stage", codes(&Stage::ALL)),
        column("customers", "tier", codes(&Tier::ALL)),
        column("customers", "preferred_channel", codes(&Channel::ALL)),
        column("customers", "verification", codes(&Verification::ALL)),
        column("contacts", "preferred_channel", codes(&Channel::ALL)),
        column("products", "kind", codes(&ProductKind::ALL)),
        column("order_lines", "product_kind", codes(&ProductKind::ALL)),
        column("contracts", "kind", codes(&ContractKind::ALL)),
        column(
            "contracts",
            "status",
            contract::Status::ALL.map(|s| s.code().to_owned()).to_vec(),
        ),
        column("contracts", "invoice_method", codes(&InvoiceMethod::ALL)),
        column("follow_ups", "method", codes(&Method::ALL)),
        column("service_requests", "channel", codes(&IntakeChannel::ALL)),
        column("service_requests", "category", codes(&Category::ALL)),
        column("service_requests", "product_kind", codes(&ProductKind::ALL)),
        column("service_requests", "work_type", codes(&WorkType::ALL)),
        column("service_requests", "priority", codes(&Priority::ALL)),
        column(
            "service_requests",
            "status",
            request::Status::ALL.map(|s| s.code().to_owned()).to_vec(),
        ),
        column("service_requests", "department", departments.clone()),
        column(
            "service_requests",
            "resolution_method",
            codes(&ResolutionMethod::ALL),
        ),
        column("request_sla", "target", codes(&SlaTarget::ALL)),
        column("assignee_loads", "priority", codes(&Priority::ALL)),
        column("return_visits", "kind", codes(&VisitKind::ALL)),
        column("return_visits", "status", codes(&VisitStatus::ALL)),
        column(
            "complaints",
            "status",
            complaint::Status::ALL.map(|s| s.code().to_owned()).to_vec(),
        ),
        column("complaints", "responsible_department", departments),
        column("complaint_events", "kind", codes(&EventKind::ALL)),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        apply(manager, &coded_columns()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        remove(manager, &coded_columns()).await
    }
}

/// The tables of `columns`, each once, in order.
fn tables(columns: &[Coded]) -> Vec<&'static str> {
    let mut tables: Vec<&'static str> = Vec::new();
    for coded in columns {
        if !tables.contains(&coded.table) {
            tables.push(coded.table);
        }
    }
    tables
}

/// Puts (or replaces) the CHECK constraint of each of `columns`.
pub async fn apply(manager: &SchemaManager<'_>, columns: &[Coded]) -> Result<(), DbErr> {
    let conn = manager.get_connection();
    match conn.get_database_backend() {
        DbBackend::Postgres => {
            for coded in columns {
                conn.execute_unprepared(&format!(
                    "ALTER TABLE \"{table}\" DROP CONSTRAINT IF EXISTS \"{name}\"; \
                     ALTER TABLE \"{table}\" ADD {check}",
                    table = coded.table,
                    name = coded.constraint(),
                    check = coded.check(),
                ))
                .await?;
            }
            Ok(())
        }
        _ => {
            ddl::rebuild_sqlite(manager, &tables(columns), |table, sql| {
                let mut sql = strip_checks(sql, columns, table);
                let checks: Vec<String> = columns
                    .iter()
                    .filter(|coded| coded.table == table)
                    .map(Coded::check)
                    .collect();
                let close = sql.rfind(')').unwrap_or(sql.len());
                sql.insert_str(close, &format!(", {}", checks.join(", ")));
                sql
            })
            .await
        }
    }
}

/// Removes the CHECK constraints of `columns`.
pub async fn remove(manager: &SchemaManager<'_>, columns: &[Coded]) -> Result<(), DbErr> {
    let conn = manager.get_connection();
    match conn.get_database_backend() {
        DbBackend::Postgres => {
            for coded in columns {
                conn.execute_unprepared(&format!(
                    "ALTER TABLE \"{}\" DROP CONSTRAINT IF EXISTS \"{}\"",
                    coded.table,
                    coded.constraint()
                ))
                .await?;
            }
            Ok(())
        }
        _ => {
            ddl::rebuild_sqlite(manager, &tables(columns), |table, sql| {
                strip_checks(sql, columns, table)
            })
            .await
        }
    }
}

/// `sql` (a stored `CREATE TABLE`) without the constraints of `columns` on `table`.
fn strip_checks(sql: &str, columns: &[Coded], table: &str) -> String {
    let mut sql = sql.to_owned();
    for coded in columns.iter().filter(|coded| coded.table == table) {
        let marker = format!(", CONSTRAINT \"{}\" CHECK (", coded.constraint());
        let Some(start) = sql.find(&marker) else {
            continue;
        };
        // The constraint ends at the parenthesis closing its CHECK.
        let mut depth = 0usize;
        let mut end = sql.len();
        for (offset, character) in sql[start + marker.len() - 1..].char_indices() {
            match character {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = start + marker.len() - 1 + offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        sql.replace_range(start..end, "");
    }
    sql
}
