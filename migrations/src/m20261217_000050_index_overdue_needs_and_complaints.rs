//! The overdue needs and complaints, most overdue first, read in their
//! order from indexes of the open ones alone: needs not yet responded to
//! `(respond_by, id DESC) WHERE` [`open_need_sql`], complaints whose
//! promise still runs `(promised_by, id) WHERE` [`open_complaint_sql`].
//! The indexes of every record by deadline they replace were walked from
//! the oldest deadline through all the closed records before reaching an
//! open one: most records of any age are closed, so a page read most of
//! the table (docs/benchmarks.md). These hold only what can still fall
//! due, so they stay small however many records were ever kept.

use rapport_domain::lifecycle::complaint::Status;
use sea_orm_migration::prelude::*;

use crate::ddl;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OPEN_NEEDS: &str = "ix_needs_open_respond_by_id";
const OPEN_COMPLAINTS: &str = "ix_complaints_open_promised_by_id";
const ALL_NEEDS: &str = "ix_needs_respond_by_id";
const ALL_COMPLAINTS: &str = "ix_complaints_promised_by_id";

/// SQL: the need has not been responded to, written the one way the
/// partial index and the list's filter share.
pub fn open_need_sql() -> String {
    "needs.responded_at IS NULL".to_owned()
}

/// SQL: the complaint's promise still runs (its status an open one),
/// written the one way the partial index and the list's filter share: a
/// bound status would not tell either database that the index holds the
/// rows. Compared with `true`, so that SQLite, which without statistics
/// takes any equality on an indexed column for the cheapest way in, does
/// not read each open status from the status index and sort them all
/// (PostgreSQL reads `x = true` as `x`).
pub fn open_complaint_sql() -> String {
    let open = Status::ALL.into_iter().filter(|status| status.is_open());
    let open = ddl::sql_list(open.map(Status::code));
    format!("(complaints.status IN ({open})) = true")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = [
            (OPEN_NEEDS, "needs", "respond_by, id DESC", open_need_sql()),
            (
                OPEN_COMPLAINTS,
                "complaints",
                "promised_by, id",
                open_complaint_sql(),
            ),
        ];
        for (name, table, columns, condition) in sql {
            ddl::partial_index(manager, name, table, columns, &condition).await?;
        }
        ddl::drop_index(manager, ALL_NEEDS, Alias::new("needs")).await?;
        ddl::drop_index(manager, ALL_COMPLAINTS, Alias::new("complaints")).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for statement in [
            format!("CREATE INDEX {ALL_NEEDS} ON needs (respond_by, id DESC)"),
            format!("CREATE INDEX {ALL_COMPLAINTS} ON complaints (promised_by, id)"),
        ] {
            db.execute_unprepared(&statement).await?;
        }
        ddl::drop_index(manager, OPEN_NEEDS, Alias::new("needs")).await?;
        ddl::drop_index(manager, OPEN_COMPLAINTS, Alias::new("complaints")).await
    }
}
