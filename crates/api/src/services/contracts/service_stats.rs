//! Last year's service to a customer, shown beside every quote so a
//! renewal is not negotiated blind (seed 003: 导出上年客户服务请求数量及维护的情况):
//! the requests taken in over the 12 months before the contract's start,
//! by category; those resolved on site; how each SLA target fared; the
//! average return-visit score. Read from the customer's own rows: a year
//! of one customer's requests is small, so the figures are summed here
//! rather than in SQL that would have to compare instants two ways.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::request::ResolutionMethod;
use rapport_entity::{request_sla, return_visits, service_requests};
use rapport_types::quotes::{ServiceStatistics, TargetCompliance};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::error::ApiError;
use crate::services::customers::ORG_TZ;

/// A request's id, category (its code, the answer's key), resolution
/// method and when it was resolved.
type Taken = (
    Uuid,
    String,
    Option<ResolutionMethod>,
    Option<DateTime<Utc>>,
);

/// Customer `customer`'s service from `from` to `to` (both included, days in
/// the organisation's zone), measured at `now`.
pub(super) async fn last_year(
    conn: &impl ConnectionTrait,
    customer: Uuid,
    (from, to): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
) -> Result<ServiceStatistics, ApiError> {
    let (begin, end) = (start_of(from), start_of(to.succ_opt().unwrap_or(to)));
    let requests: Vec<Taken> = service_requests::Entity::find()
        .select_only()
        .columns([
            service_requests::Column::Id,
            service_requests::Column::Category,
            service_requests::Column::ResolutionMethod,
            service_requests::Column::ResolvedAt,
        ])
        .filter(service_requests::Column::CustomerId.eq(customer))
        .filter(service_requests::Column::CreatedAt.gte(begin))
        .filter(service_requests::Column::CreatedAt.lt(end))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_category = BTreeMap::new();
    let mut on_site_visits = 0;
    for (_, category, method, resolved_at) in &requests {
        *by_category.entry(category.clone()).or_insert(0) += 1;
        if *method == Some(ResolutionMethod::OnSite) && resolved_at.is_some() {
            on_site_visits += 1;
        }
    }

    let ids: Vec<Uuid> = requests.iter().map(|(id, ..)| *id).collect();
    let mut sla_by_target: BTreeMap<String, TargetCompliance> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let targets: Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)> =
            request_sla::Entity::find()
                .select_only()
                .columns([
                    request_sla::Column::Target,
                    request_sla::Column::Deadline,
                    request_sla::Column::MetAt,
                ])
                .filter(request_sla::Column::RequestId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(conn)
                .await?;
        for (target, deadline, met_at) in targets {
            // Only targets whose outcome is known: met, or past their deadline.
            if met_at.is_none() && deadline > now {
                continue;
            }
            let fared = sla_by_target
                .entry(target)
                .or_insert(TargetCompliance { due: 0, met: 0 });
            fared.due += 1;
            if met_at.is_some_and(|met| met <= deadline) {
                fared.met += 1;
            }
        }
    }
    let (due, met) = sla_by_target.values().fold((0, 0), |(due, met), fared| {
        (due + fared.due, met + fared.met)
    });

    let scores: Vec<Option<i16>> = return_visits::Entity::find()
        .select_only()
        .column(return_visits::Column::Satisfaction)
        .filter(return_visits::Column::CustomerId.eq(customer))
        .filter(return_visits::Column::VisitedAt.gte(begin))
        .filter(return_visits::Column::VisitedAt.lt(end))
        .filter(return_visits::Column::Satisfaction.is_not_null())
        .into_tuple()
        .all(conn)
        .await?;
    let scores: Vec<f64> = scores.into_iter().flatten().map(f64::from).collect();

    Ok(ServiceStatistics {
        from,
        to,
        requests_by_category: by_category,
        on_site_visits,
        sla_by_target,
        sla_compliance: (due > 0).then(|| met as f64 / due as f64),
        average_satisfaction: (!scores.is_empty())
            .then(|| scores.iter().sum::<f64>() / scores.len() as f64),
    })
}

/// The instant the organisation's day `day` begins.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(ORG_TZ).earliest())
        .map_or(DateTime::<Utc>::MIN_UTC, |at| at.with_timezone(&Utc))
}
