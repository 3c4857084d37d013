//! The month's complaints and contracts: counts over a month's range of
//! their own dates, beside the requests' figures.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_types::reports::{ComplaintFigures, ContractFigures, Tally};
use sea_orm::{ConnectionTrait, Value};
use uuid::Uuid;

use super::{Range, Scope, count, rows};
use crate::error::ApiError;

/// Complaints received, resolved and overdue during the month.
pub(super) async fn complaints(
    conn: &impl ConnectionTrait,
    range: Range,
    scope: Scope,
    now: DateTime<Utc>,
) -> Result<ComplaintFigures, ApiError> {
    let scoped = |values: &mut Vec<Value>| {
        let mut sql = String::new();
        if let Some(department) = scope.department {
            sql.push_str(" AND c.responsible_department = ?");
            values.push(department.code().into());
        }
        if let Some(technician) = scope.technician {
            sql.push_str(" AND r.assignee_id = ?");
            values.push(technician.into());
        }
        sql
    };
    let from = if scope.technician.is_some() {
        "FROM complaints c JOIN service_requests r ON r.id = c.request_id"
    } else {
        "FROM complaints c"
    };
    let mut counts = [0; 3];
    let conditions = [
        "c.created_at >= ? AND c.created_at < ?",
        "c.resolved_at >= ? AND c.resolved_at < ?",
        "c.promised_by >= ? AND c.promised_by < ? AND c.promised_by <= ? \
         AND (c.resolved_at IS NULL OR c.resolved_at > c.promised_by)",
    ];
    for (index, condition) in conditions.iter().enumerate() {
        let mut values: Vec<Value> = vec![range.from.into(), range.to.into()];
        if index == 2 {
            values.push(now.into());
        }
        let filter = scoped(&mut values);
        let sql = format!("SELECT COUNT(*) AS n {from} WHERE {condition}{filter}");
        if let Some(row) = rows(conn, &sql, values).await?.first() {
            counts[index] = count(row, "n")?;
        }
    }
    let [opened, resolved, overdue] = counts;
    Ok(ComplaintFigures {
        opened,
        resolved,
        overdue,
    })
}

/// Contracts signed (from the audit log's `contract.sign` entries: the
/// contract keeps no signing date), expiring, invoiced and paid.
pub(super) async fn contracts(
    conn: &impl ConnectionTrait,
    range: Range,
    (first, next): (NaiveDate, NaiveDate),
    scope: Scope,
) -> Result<ContractFigures, ApiError> {
    let scoped = |values: &mut Vec<Value>| {
        let mut sql = String::new();
        if let Some(department) = scope.department {
            sql.push_str(
                " AND c.technician_id IN (SELECT u.id FROM users u WHERE u.department = ?)",
            );
            values.push(department.code().into());
        }
        if let Some(technician) = scope.technician {
            sql.push_str(" AND c.technician_id = ?");
            values.push(technician.into());
        }
        sql
    };
    let signed_ids: BTreeSet<Uuid> = rows(
        conn,
        "SELECT a.entity_id FROM audit_log a WHERE a.action = 'contract.sign' AND a.at >= ? AND a.at < ?",
        vec![range.from.into(), range.to.into()],
    )
    .await?
    .iter()
    .map(|row| row.try_get::<String>("", "entity_id"))
    .collect::<Result<Vec<String>, _>>()?
    .iter()
    .filter_map(|id| Uuid::parse_str(id).ok())
    .collect();
    let mut figures = ContractFigures::default();
    let ids: Vec<Uuid> = signed_ids.into_iter().collect();
    for chunk in ids.chunks(500) {
        let mut values: Vec<Value> = chunk.iter().map(|id| (*id).into()).collect();
        let marks = vec!["?"; chunk.len()].join(", ");
        let filter = scoped(&mut values);
        let sql = format!(
            "SELECT c.previous_contract_id IS NOT NULL AS renewal, COUNT(*) AS n, \
               COALESCE(CAST(SUM(c.fee_cents) AS BIGINT), 0) AS fees \
             FROM contracts c WHERE c.id IN ({marks}){filter} \
             GROUP BY c.previous_contract_id IS NOT NULL"
        );
        for row in rows(conn, &sql, values).await? {
            let renewal: bool = row.try_get("", "renewal")?;
            let tally = Tally {
                count: count(&row, "n")?,
                fee_cents: row.try_get("", "fees")?,
            };
            add(&mut figures.signed, tally);
            if renewal {
                add(&mut figures.renewed, tally);
            }
        }
    }
    let dated = [
        ("c.period_end", " AND c.status <> 'cancelled'"),
        ("c.invoice_sent_on", ""),
        ("c.paid_on", ""),
    ];
    let mut tallies = [Tally::default(); 3];
    for (index, (column, extra)) in dated.iter().enumerate() {
        let mut values: Vec<Value> = vec![first.into(), next.into()];
        let filter = scoped(&mut values);
        let sql = format!(
            "SELECT COUNT(*) AS n, COALESCE(CAST(SUM(c.fee_cents) AS BIGINT), 0) AS fees \
             FROM contracts c WHERE {column} >= ? AND {column} < ?{extra}{filter}"
        );
        if let Some(row) = rows(conn, &sql, values).await?.first() {
            tallies[index] = Tally {
                count: count(row, "n")?,
                fee_cents: row.try_get("", "fees")?,
            };
        }
    }
    [figures.expiring, figures.invoiced, figures.paid] = tallies;
    Ok(figures)
}

fn add(to: &mut Tally, more: Tally) {
    to.count += more.count;
    to.fee_cents += more.fee_cents;
}
