//! The plans SQLite makes for each view of the list (without statistics,
//! as on a database nobody ran `ANALYZE` on: the plan then does not depend
//! on the table's size, so an empty database shows the plan of a full
//! one). Each view reads an index; those that may hold most requests read
//! it in the list's order, so a page stops after a page of matches rather
//! than sorting them all.

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Department;
use rapport_domain::request::{Category, Priority};
use rapport_domain::sla::SlaStatus;
use rapport_domain::text::Query;
use rapport_types::requests::RequestFilter;
use sea_orm::{ColumnTrait, DbBackend, QueryFilter, QuerySelect, QueryTrait};
use uuid::Uuid;

use super::filter::{filtered, share, sorted_whole};
use super::listing::{self, Paging};
use super::text_search;
use crate::search::{Reading, Wanted};
use crate::test_fixtures::sqlite_plan;

/// The views read from an index of their own, in the list's order (no
/// sort): the partial indexes of open requests by department and by
/// assignee (or with none); the breached ones from the indexes of the
/// list's order that hold where the clocks stand, so that the requests
/// not breached are passed over in the index.
const OWN_INDEXES: [(&str, &str); 5] = [
    (
        "my department",
        "USING INDEX ix_service_requests_open_department_created_at",
    ),
    (
        "mine",
        "USING INDEX ix_service_requests_open_assignee_created_at",
    ),
    ("unassigned", "USING INDEX ix_service_requests_open_"),
    (
        "breached",
        "USING INDEX ix_service_requests_created_at_id_sla",
    ),
    (
        "breached, urgent",
        "USING INDEX ix_service_requests_priority_created_at_id_sla",
    ),
];

fn filter(edit: impl FnOnce(&mut RequestFilter)) -> RequestFilter {
    let mut filter = RequestFilter::default();
    edit(&mut filter);
    filter
}

#[tokio::test]
async fn every_view_reads_an_index_and_the_large_ones_in_the_lists_order() {
    let now: DateTime<Utc> = "2025-03-05T06:00:00Z".parse().unwrap();
    let (db, _) = crate::test_fixtures::database_with_desk_user(now).await;
    if db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    let someone = Uuid::now_v7();
    let open = |filter: &mut RequestFilter| filter.open = Some(true);
    // (view, filter, whether it may hold most requests: then no sort).
    let views: Vec<(&str, RequestFilter, bool)> = vec![
        ("all", filter(|_| {}), true),
        (
            "mine",
            filter(|f| {
                f.assignee_id = Some(someone);
                open(f)
            }),
            false,
        ),
        (
            "unassigned",
            filter(|f| {
                f.unassigned = Some(true);
                open(f)
            }),
            false,
        ),
        (
            "my department",
            filter(|f| {
                f.department = Some(Department::TechnicalSoftware);
                open(f)
            }),
            false,
        ),
        (
            "at risk",
            filter(|f| f.sla_status = Some(SlaStatus::AtRisk)),
            false,
        ),
        (
            "at risk, department",
            filter(|f| {
                f.sla_status = Some(SlaStatus::AtRisk);
                f.department = Some(Department::TechnicalSoftware)
            }),
            false,
        ),
        ("breached", filter(|f| f.breached = Some(true)), true),
        (
            "breached, urgent",
            filter(|f| {
                f.sla_status = Some(SlaStatus::Breached);
                f.priority = Some(Priority::Urgent)
            }),
            true,
        ),
        (
            "running",
            filter(|f| f.sla_status = Some(SlaStatus::Running)),
            true,
        ),
        ("met", filter(|f| f.sla_status = Some(SlaStatus::Met)), true),
        (
            "waiting",
            filter(|f| f.status = Some(Status::WaitingCustomer)),
            true,
        ),
        ("closed", filter(|f| f.status = Some(Status::Closed)), true),
        (
            "department",
            filter(|f| f.department = Some(Department::TechnicalSoftware)),
            true,
        ),
        ("customer", filter(|f| f.customer_id = Some(someone)), true),
        ("assignee", filter(|f| f.assignee_id = Some(someone)), true),
        (
            "priority",
            filter(|f| f.priority = Some(Priority::Urgent)),
            true,
        ),
        (
            "the benchmark's filtered list",
            filter(|f| {
                f.status = Some(Status::Assigned);
                f.department = Some(Department::TechnicalSoftware);
                f.priority = Some(Priority::Urgent)
            }),
            true,
        ),
        (
            "assigned, urgent",
            filter(|f| {
                f.status = Some(Status::Assigned);
                f.priority = Some(Priority::Urgent)
            }),
            true,
        ),
        ("remote", filter(|f| f.remote = Some(true)), true),
        ("billable", filter(|f| f.billable = Some(true)), true),
        ("finished", filter(|f| f.open = Some(false)), true),
        ("today", filter(|f| f.created_from = Some(now)), true),
        (
            "a report bar: a category taken in within a month",
            filter(|f| {
                f.category = Some(Category::Fault);
                f.created_from = Some(now - chrono::TimeDelta::days(31));
                f.created_before = Some(now);
            }),
            true,
        ),
    ];
    let cursor = listing::Cursor::Newest {
        at: now,
        id: someone,
    }
    .encode();
    let pages = [
        Paging::of(None, None, Some(50)).unwrap(),
        Paging::of(None, Some(&cursor), Some(50)).unwrap(),
    ];
    let mut failures = Vec::new();
    for (name, filter, large) in &views {
        for paging in &pages {
            let select = filtered(filter, now, DbBackend::Sqlite).unwrap();
            let query = listing::newest_page(
                select,
                DbBackend::Sqlite,
                share(filter),
                paging,
                sorted_whole(filter),
            )
            .unwrap();
            let steps = sqlite_plan(&db, query.as_query()).await;
            println!("{name}: {steps:?}");
            // Reading the whole table, or a whole index in order for a
            // few rows, or sorting many.
            let scans_table = steps.iter().any(|step| step == "SCAN service_requests");
            let walks = steps
                .iter()
                .any(|step| step.starts_with("SCAN service_requests USING"));
            let sorts = steps
                .iter()
                .any(|step| step.contains("USE TEMP B-TREE FOR ORDER BY"));
            // The status, department and priority list reads the composite
            // index on all three.
            let composite = !name.starts_with("the benchmark")
                || steps
                    .iter()
                    .any(|step| step.contains("(status=? AND department=? AND priority=?"));
            let own_index = OWN_INDEXES
                .iter()
                .filter(|(view, _)| view == name)
                .all(|(_, index)| steps.iter().any(|step| step.contains(index)) && !sorts);
            if scans_table || (*large && sorts) || (!large && walks) || !composite || !own_index {
                failures.push(format!("{name}: {steps:?}"));
            }
        }
    }
    // Searches: the index hands out its matches newest first.
    for q in ["SR-2025-000001", "0001", "printer", "打印", "打印机"] {
        let query = Query::parse(q);
        let select = filtered(&RequestFilter::default(), now, DbBackend::Sqlite).unwrap();
        let mut wanted = vec![Wanted::Words {
            words: &query.words,
            but_not: query.code.as_ref(),
        }];
        if let Some(code) = &query.code {
            wanted.push(Wanted::Code(code));
        }
        for wanted in wanted {
            let found = text_search::INDEX
                .newest_first(
                    select.clone(),
                    DbBackend::Sqlite,
                    wanted,
                    Some(Uuid::now_v7()),
                    Reading::Walk,
                    None,
                )
                .limit(51);
            let steps = sqlite_plan(&db, found.as_query()).await;
            println!("search {q}: {steps:?}");
            let driven_by_index = steps
                .first()
                .is_some_and(|step| step.starts_with("SCAN request_search_fts VIRTUAL TABLE"));
            let sorts = steps.iter().any(|step| step.contains("TEMP B-TREE"));
            if !driven_by_index || sorts {
                failures.push(format!("search {q}: {steps:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn a_persons_open_work_reads_the_open_requests_by_assignee() {
    let now: DateTime<Utc> = "2025-03-05T06:00:00Z".parse().unwrap();
    let (db, _) = crate::test_fixtures::database_with_desk_user(now).await;
    if db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    let someone = Uuid::now_v7();
    let select = super::open_work_of(someone);
    let steps = sqlite_plan(&db, QueryTrait::query(&mut select.clone())).await;
    assert!(
        steps.iter().any(|step| step
            .contains("USING INDEX ix_service_requests_open_assignee_created_at (assignee_id=?)")),
        "{steps:?}"
    );
    // Whether they work one of a customer's: read by either index, not the table.
    let select = select.filter(rapport_entity::service_requests::Column::CustomerId.eq(someone));
    let steps = sqlite_plan(&db, QueryTrait::query(&mut select.clone())).await;
    assert!(
        steps
            .iter()
            .all(|step| !step.starts_with("SCAN service_requests")),
        "{steps:?}"
    );
}
