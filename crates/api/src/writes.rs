//! Writes that go to the database together.
//!
//! A batch of intakes inserts into half a dozen tables. One statement per
//! table is one round trip each, and the intake task waits on every one of
//! them while holding the year's request counter, so on PostgreSQL the round
//! trips, not the work, set the pace. There the writes go as ONE statement:
//! all but the last as data-modifying `WITH` clauses, which PostgreSQL runs
//! exactly once each, whether or not anything reads their output. SQLite
//! has no such clauses; it runs them one by one, in order (in-process, a
//! statement costs a thread hand-off, not a network round trip).
//!
//! The rule that makes both the same: no write may depend on another's
//! effects, since PostgreSQL runs them all against one snapshot (inserting
//! rows that refer to each other is fine: foreign keys are checked at the
//! end of the statement), and none may touch the same row twice. One
//! statement binds at most 65,535 parameters on PostgreSQL; a full batch
//! of intakes ([`MAX_BATCH`]) binds at most about 8,200 (all complaints).
//!
//! [`MAX_BATCH`]: crate::services::requests::intake::MAX_BATCH

use sea_orm::sea_query::{
    Alias, CommonTableExpression, InsertStatement, SubQueryStatement, UpdateStatement, WithQuery,
};
use sea_orm::{ConnectionTrait, DbBackend, DbErr};

/// Statements to execute together, in order.
#[derive(Debug, Default)]
pub struct Writes {
    statements: Vec<Write>,
}

/// One write: what [`Writes`] takes.
#[derive(Debug)]
pub enum Write {
    Insert(InsertStatement),
    Update(UpdateStatement),
}

impl From<InsertStatement> for Write {
    fn from(insert: InsertStatement) -> Write {
        Write::Insert(insert)
    }
}

impl From<UpdateStatement> for Write {
    fn from(update: UpdateStatement) -> Write {
        Write::Update(update)
    }
}

impl Writes {
    /// Adds `statement`.
    pub fn push(&mut self, statement: impl Into<Write>) {
        self.statements.push(statement.into());
    }

    /// Executes the writes on `conn`: in one statement on PostgreSQL, one
    /// by one elsewhere.
    pub async fn execute(self, conn: &impl ConnectionTrait) -> Result<(), DbErr> {
        let backend = conn.get_database_backend();
        let mut statements = self.statements;
        if backend == DbBackend::Postgres && statements.len() > 1 {
            let Some(last) = statements.pop() else {
                return Ok(());
            };
            // Built in place: sea-query's chained builders (`.to_owned()`,
            // `WithClause::query`) copy every statement, values and all,
            // while the batch holds the year's counter.
            let mut with = WithQuery::new();
            for (i, statement) in statements.into_iter().enumerate() {
                let mut cte = CommonTableExpression::new();
                cte.query(SubQueryStatement::from(statement))
                    .table_name(Alias::new(format!("write_{i}")));
                with.cte(cte);
            }
            with.query(SubQueryStatement::from(last));
            conn.execute_raw(backend.build(&with)).await?;
            return Ok(());
        }
        for statement in statements {
            let statement = match &statement {
                Write::Insert(insert) => backend.build(insert),
                Write::Update(update) => backend.build(update),
            };
            conn.execute_raw(statement).await?;
        }
        Ok(())
    }
}

impl From<Write> for SubQueryStatement {
    fn from(write: Write) -> SubQueryStatement {
        match write {
            Write::Insert(insert) => insert.into(),
            Write::Update(update) => update.into(),
        }
    }
}
