//! `/api/v1/customers`: the customer registry (SPEC section 2): register,
//! review by a second person, edit with a version, archive, list and search,
//! and the routine-visit due list by tier cadence.

mod visits;

pub use visits::{record_routine_visit, visits_due};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::customer::{Admission, Tier, Use, search_document};
use rapport_domain::msg;
use rapport_domain::org::Role;
use rapport_domain::visits::next_routine_visit;
use rapport_entity::{contacts, customers, users};
use rapport_migrations::m20261217_000051_add_customer_search_order;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, IdenStatic, IntoActiveModel, Order, QueryFilter,
    QuerySelect, Set,
};
use uuid::Uuid;

use rapport_types::customers::{
    Customer, CustomerChanges, CustomerFilter, NewCustomer, Review, ReviewDecision, Verification,
};
use rapport_types::page::{PageQuery, Paged};

use crate::audit::{self, Entry};
use crate::codes::encode;
use crate::error::ApiError;
use crate::pagination::{CursorKey, Keyset, Page, all_readable, count_rows_capped, readable};
use crate::search::{self, CommonSearches, FullText, SortedMatches, SortedRows, Wanted};
use crate::state::AppState;

/// The organisation's time zone: "today" and registration dates are read in it.
pub const ORG_TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// Registers `new` as `pending_review`, audited, on `conn` (the caller's transaction).
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: Uuid,
    new: NewCustomer,
    now: DateTime<Utc>,
) -> Result<Customer, ApiError> {
    if let Some(id) = new.account_manager_id {
        check_account_manager(conn, id).await?;
    }
    let model = customers::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(new.name.trim().to_owned()),
        industry: Set(new.industry.trim().to_owned()),
        address: Set(new.address.trim().to_owned()),
        stage: Set(new.stage),
        tier: Set(new.tier),
        account_manager_id: Set(new.account_manager_id),
        preferred_channel: Set(new.preferred_channel),
        verification: Set(Verification::PendingReview),
        rejection_reason: Set(None),
        registered_by: Set(actor),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        last_routine_visit_on: Set(None),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    index_for_search(conn, &model).await?;
    let customer = customer_from_model(model, ORG_TZ)?;
    let entry = Entry::created(
        Some(actor),
        "customer.create",
        "customer",
        customer.id,
        &customer,
    );
    audit::record(conn, now, entry).await?;
    Ok(customer)
}

/// The full-text index of customers (migration
/// `m20261212_000036_create_customer_search`): the words of their name,
/// industry and address and the last digits of their live contacts' phones.
const INDEX: FullText = FullText::new("customers_search");

/// One page of the customers `filter` finds; `q` searches the words of
/// the name, industry and address (a full-text index), and 4 to 11 digits
/// also the tail of a live contact's phone. Paged by number or by cursor
/// in either order, each total (`id` breaks ties) and served by an index,
/// alone or after a filter's column (migration
/// `m20261211_000034_index_customer_and_audit_lists`).
pub async fn list(
    conn: &impl ConnectionTrait,
    common: &CommonSearches,
    kept: &SortedMatches,
    page: PageQuery,
    filter: CustomerFilter,
) -> Result<Paged<Customer>, ApiError> {
    let page = Page::from_query_or_cursor(page, filter.cursor.as_deref())?;
    let sort = Sort::of(filter.sort.as_deref())?;
    let backend = conn.get_database_backend();
    let mut query = customers::Entity::find();
    let live_only = !filter.include_archived.unwrap_or(false);
    // Whether the list is of the live customers alone, filtered by nothing
    // else: what the search table's live names can list on their own.
    let unfiltered = live_only
        && filter.stage.is_none()
        && filter.tier.is_none()
        && filter.account_manager_id.is_none()
        && filter.verification.is_none();
    if live_only {
        query = query.filter(customers::Column::ArchivedAt.is_null());
    }
    if let Some(stage) = filter.stage {
        query = query.filter(customers::Column::Stage.eq(stage));
    }
    if let Some(tier) = filter.tier {
        query = query.filter(customers::Column::Tier.eq(tier));
    }
    if let Some(id) = filter.account_manager_id {
        query = query.filter(customers::Column::AccountManagerId.eq(id));
    }
    if let Some(verification) = filter.verification {
        query = query.filter(customers::Column::Verification.eq(verification));
    }
    // The rows the page is read from and those counted: the same, each
    // written for its plan.
    let (mut counted, mut paged) = (query.clone(), query);
    // Whether the page sorts its rows (no index gives the order).
    let mut sorted = false;
    if let Some(found) = search::query(filter.q.as_deref())? {
        let wanted = match phone_tail(filter.q.as_deref()) {
            // On the phone the desk asks for the last digits of the caller's number.
            Some(_) => Wanted::Any(&found),
            None => Wanted::Words {
                words: &found.words,
                but_not: None,
            },
        };
        let id = Expr::col((customers::Entity, customers::Column::Id));
        counted = counted.filter(INDEX.id_matching(backend, id.clone(), wanted));
        // SQLite, without statistics, finds the matches by id and sorts
        // them all: right for a rare word, a sort of a good share of the
        // customers for a common one. Past a few matches the page walks
        // the order's index instead, testing each row (`+id`: no index
        // finds the rows by id); a few are sorted (`+` in the order too,
        // so that no index is walked from a cursor). PostgreSQL walks the
        // name index for a common word: where the names holding it sit
        // together late in name order (a firm's name begins with its
        // place), it read most names for a page; their matches are sorted
        // instead.
        // PostgreSQL's newest-first walk after a filter needs no count.
        let sqlite = backend == DbBackend::Sqlite;
        let many = if sqlite || unfiltered || matches!(sort, Sort::Name) {
            INDEX.common(conn, common, wanted).await?
        } else {
            false
        };
        if many
            && unfiltered
            && let Some(matches) = INDEX.matches(backend, wanted)
        {
            let search = Search {
                kept,
                query: wanted.tsquery().unwrap_or_default(),
                matches,
                cursor: filter.cursor.as_deref(),
            };
            return match sort {
                Sort::Name => {
                    let key = ('n', LIVE_NAME, Order::Asc);
                    in_search_order::<String>(conn, page, search, key).await
                }
                Sort::Newest => {
                    let key = ('c', LIVE_CREATED_AT, Order::Desc);
                    in_search_order::<DateTime<Utc>>(conn, page, search, key).await
                }
            };
        }
        let mut tested = id;
        match (sqlite, many) {
            (true, true) => tested = Expr::cust("+customers.id"),
            (true, false) => sorted = true,
            (false, many) => sorted = many,
        }
        paged = paged.filter(INDEX.id_matching(backend, tested, wanted));
    }
    let cursor = filter.cursor.as_deref();
    let item = |row| customer_from_model(row, ORG_TZ);
    // The same value, but no index gives the order: SQLite's unary `+`;
    // on PostgreSQL the name as text (only the name order is sorted there).
    let column = |column: customers::Column| match (sorted, backend) {
        (true, DbBackend::Sqlite) => Expr::cust(format!("+customers.{}", column.as_str())),
        (true, _) if matches!(column, customers::Column::Name) => {
            Expr::cust("(customers.name || '')")
        }
        _ => Expr::col((customers::Entity, column)),
    };
    let id = column(customers::Column::Id);
    match sort {
        Sort::Name => {
            let name = column(customers::Column::Name);
            let keyset: Keyset<String> = Keyset::new('n', name, Order::Asc, id, Order::Asc);
            page.fetch_keyed_counting(conn, counted, paged, &keyset, cursor, item)
                .await
        }
        Sort::Newest => {
            let at = column(customers::Column::CreatedAt);
            let keyset: Keyset<DateTime<Utc>> = Keyset::new('c', at, Order::Desc, id, Order::Asc);
            page.fetch_keyed_counting(conn, counted, paged, &keyset, cursor, item)
                .await
        }
    }
}

/// A search many customers match, listed from the search table.
struct Search<'a> {
    /// The sorted matches kept.
    kept: &'a SortedMatches,
    /// The search, as [`SortedMatches`] names it.
    query: String,
    /// The search index's rows it finds.
    matches: SelectStatement,
    /// Where the page asked begins.
    cursor: Option<&'a str>,
}

/// A page of the live customers among `search`'s matches in the order of
/// `key` (its cursor tag, its column in the search table and direction;
/// then `id`), for a search many customers match: the matches' keys are
/// sorted in the search table (kept for live customers only, migration
/// `m20261217_000051_add_customer_search_order`), kept while the table is
/// unchanged ([`SortedMatches`]), and only the page's customers are read.
/// Sorting the customers themselves read every match's row, walking the
/// order's index read every customer before the first match (a firm's
/// name begins with its place, so a common word's matches sit together),
/// and sorting the keys again for each page took most of its time
/// (docs/benchmarks.md). Its cursors are the list's own.
async fn in_search_order<K: CursorKey>(
    conn: &impl ConnectionTrait,
    page: Page,
    search: Search<'_>,
    (tag, column, order): (char, &str, Order),
) -> Result<Paged<Customer>, ApiError> {
    let Search {
        kept,
        query,
        mut matches,
        cursor,
    } = search;
    let key = INDEX.column(column);
    matches.and_where(key.clone().is_not_null());
    let keyset: Keyset<K> = Keyset::new(tag, key, order, INDEX.column("id"), Order::Asc);
    // The count first: the rows read after it are at least as new.
    let changes = INDEX.changes(conn).await?;
    let list = (INDEX.table(), tag, query);
    let rows = match kept.get(&list, changes) {
        Some(rows) => rows,
        None => {
            let rows: SortedRows = keyset.cursors(conn, matches.clone()).await?.into();
            kept.put(list, changes, rows.clone());
            rows
        }
    };
    let first = match cursor {
        None => usize::try_from(page.offset()).unwrap_or(usize::MAX),
        Some(cursor) => match rows.iter().position(|(_, at)| at == cursor) {
            Some(at) => at + 1,
            // A cursor of a customer renamed or archived since: the page
            // begins after the rows before its place.
            None => {
                matches.cond_where(keyset.after(cursor)?);
                let all = rows.len() as u64;
                let (after, _) = count_rows_capped(conn, matches, all, "customers").await?;
                rows.len() - usize::try_from(after).unwrap_or(rows.len())
            }
        },
    };
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let shown = rows.get(first..).unwrap_or_default();
    let shown = &shown[..shown.len().min(limit)];
    let ids: Vec<Uuid> = shown.iter().map(|(id, _)| *id).collect();
    let query = customers::Entity::find().filter(customers::Column::Id.is_in(ids.clone()));
    let mut read: BTreeMap<Uuid, customers::Model> =
        all_readable::<customers::Entity, customers::Model>(conn, &query)
            .await?
            .into_iter()
            .map(|customer| (customer.id, customer))
            .collect();
    let in_order = ids.iter().filter_map(|id| read.remove(id)).collect();
    let found = rows.len() as u64;
    let more = first + shown.len() < rows.len();
    Ok(Paged {
        items: readable::<customers::Entity, _>(in_order, |row| customer_from_model(row, ORG_TZ)),
        page: if cursor.is_some() { 0 } else { page.page },
        limit: page.limit,
        total: Ord::min(found, page.count_cap()),
        total_exact: found <= page.count_cap(),
        next_cursor: shown.last().filter(|_| more).map(|(_, at)| at.clone()),
    })
}

/// The columns of the search table holding a live customer's name and
/// registration instant (none once archived).
const LIVE_NAME: &str = m20261217_000051_add_customer_search_order::NAME;
const LIVE_CREATED_AT: &str = m20261217_000051_add_customer_search_order::CREATED_AT;

/// The orders of the customer list (their cursors tagged `n` and `c`).
#[derive(Debug, Clone, Copy)]
enum Sort {
    /// By name, then id.
    Name,
    /// Newest first, then by id.
    Newest,
}

impl Sort {
    fn of(sort: Option<&str>) -> Result<Sort, ApiError> {
        match sort {
            None | Some("name") => Ok(Sort::Name),
            Some("-created_at") => Ok(Sort::Newest),
            Some(_) => Err(ApiError::field(
                "sort",
                msg!("must be `name` or `-created_at`"),
            )),
        }
    }
}

/// One customer, archived or not.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Customer, ApiError> {
    customer_from_model(find(conn, id).await?, ORG_TZ)
}

/// Applies `changes` to customer `id`; a new name reads in every list at
/// once (see `crate::names`).
pub async fn update(
    state: &AppState,
    actor: Uuid,
    id: Uuid,
    changes: CustomerChanges,
) -> Result<Customer, ApiError> {
    let version = changes.version;
    let renamed = changes.name.is_some();
    let updated = change(
        &state.db,
        actor,
        id,
        version,
        "customer.update",
        state.clock.now(),
        async |txn, _, model| {
            if let Some(manager) = changes.account_manager_id {
                check_account_manager(txn, manager).await?;
                model.account_manager_id = Set(Some(manager));
            }
            if renamed {
                crate::names::announce(txn, id).await?;
            }
            set_if_given(&mut model.name, changes.name.as_deref().map(trimmed));
            set_if_given(
                &mut model.industry,
                changes.industry.as_deref().map(trimmed),
            );
            set_if_given(&mut model.address, changes.address.as_deref().map(trimmed));
            set_if_given(&mut model.stage, changes.stage);
            set_if_given(&mut model.tier, changes.tier);
            set_if_given(&mut model.preferred_channel, changes.preferred_channel);
            let visited = changes.last_routine_visit_on.map(Some);
            set_if_given(&mut model.last_routine_visit_on, visited);
            Ok(())
        },
    )
    .await?;
    if renamed {
        crate::names::forget(&state.settings, id);
    }
    Ok(updated)
}

/// Verifies or rejects the registration of customer `id`; the reviewer
/// must not be the registrant, and a rejection says why.
pub async fn review(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    review: Review,
    now: DateTime<Utc>,
) -> Result<Customer, ApiError> {
    let reason = review
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
        .map(str::to_owned);
    let (verification, reason) = match review.decision {
        ReviewDecision::Verified => (Verification::Verified, None),
        ReviewDecision::Rejected if reason.is_none() => {
            return Err(ApiError::field(
                "reason",
                msg!("is required when rejecting"),
            ));
        }
        ReviewDecision::Rejected => (Verification::Rejected, reason),
    };
    change(
        db,
        actor,
        id,
        review.version,
        "customer.review",
        now,
        async |_, current, model| {
            if current.registered_by == actor {
                return Err(ApiError::conflict(
                    "reviewer_is_registrant",
                    msg!("a registration must be reviewed by someone other than who registered it"),
                ));
            }
            let status: Verification = current.verification;
            if status != Verification::PendingReview {
                return Err(ApiError::conflict(
                    "already_reviewed",
                    msg!(
                        "this customer is already `{status}`",
                        status = encode(&status)
                    ),
                ));
            }
            model.verification = Set(verification);
            model.rejection_reason = Set(reason);
            model.reviewed_by = Set(Some(actor));
            model.reviewed_at = Set(Some(now));
            Ok(())
        },
    )
    .await
}

/// Archives customer `id` (nothing is deleted inside the retention period).
pub async fn archive(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<Customer, ApiError> {
    change(
        db,
        actor,
        id,
        version,
        "customer.archive",
        now,
        async |_, _, model| {
            model.archived_at = Set(Some(now));
            Ok(())
        },
    )
    .await
}

/// The one way a live customer changes: in a transaction, customer `id`
/// read at `version` (404, 409 archived, 409 stale) is edited by `edit`
/// (which sees the stored row and may refuse), saved as the next version
/// and audited as `action`.
async fn change(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    version: i32,
    action: &str,
    now: DateTime<Utc>,
    edit: impl AsyncFnOnce(
        &DatabaseTransaction,
        &customers::Model,
        &mut customers::ActiveModel,
    ) -> Result<(), ApiError>,
) -> Result<Customer, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    refuse_archived(&current)?;
    crate::db::expect_version(current.version, version)?;
    let before = customer_from_model(current.clone(), ORG_TZ)?;
    let mut model = current.clone().into_active_model();
    edit(&txn, &current, &mut model).await?;
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, customers::Column::Version, version).await?;
    index_for_search(&txn, &saved).await?;
    let after = customer_from_model(saved, ORG_TZ)?;
    let entry = Entry::changed(Some(actor), action, "customer", after.id, &before, &after);
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// (Re)indexes `customer` for the list's search as it is stored now, with
/// the phones of its live contacts, on `conn` (the writer's transaction):
/// after a customer's or a contact's change.
pub async fn index_for_search(
    conn: &impl ConnectionTrait,
    customer: &customers::Model,
) -> Result<(), ApiError> {
    let phones: Vec<String> = contacts::Entity::find()
        .select_only()
        .column(contacts::Column::Phone)
        .filter(contacts::Column::CustomerId.eq(customer.id))
        .filter(contacts::Column::ArchivedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    let phones: Vec<&str> = phones.iter().map(String::as_str).collect();
    let document = search_document(
        &customer.name,
        &customer.industry,
        &customer.address,
        &phones,
    );
    INDEX.set(conn, customer.id, document).await?;
    // The keys of the list's orders, for the live only.
    let live = customer.archived_at.is_none();
    let keys = sea_orm::sea_query::Query::update()
        .table(Alias::new(INDEX.table()))
        .value(Alias::new(LIVE_NAME), live.then(|| customer.name.clone()))
        .value(
            Alias::new(LIVE_CREATED_AT),
            live.then_some(customer.created_at),
        )
        .and_where(INDEX.column("id").eq(customer.id))
        .to_owned();
    conn.execute(&keys).await?;
    Ok(())
}

/// Sets `column` to `value` when one is given: how a partial change (a
/// customer's, a contact's) touches only the fields it names.
pub fn set_if_given<V: Into<sea_orm::Value>>(column: &mut ActiveValue<V>, value: Option<V>) {
    if let Some(value) = value {
        *column = Set(value);
    }
}

/// `text` without its surrounding blanks, as every text field is stored.
pub fn trimmed(text: &str) -> String {
    text.trim().to_owned()
}

/// The customer a stored row describes; the next routine visit is counted in `tz`.
fn customer_from_model(model: customers::Model, tz: chrono_tz::Tz) -> Result<Customer, ApiError> {
    let tier: Tier = model.tier;
    let created_at: DateTime<Utc> = model.created_at;
    let registered_on = created_at.with_timezone(&tz).date_naive();
    Ok(Customer {
        id: model.id,
        name: model.name,
        industry: model.industry,
        address: model.address,
        stage: model.stage,
        tier,
        account_manager_id: model.account_manager_id,
        preferred_channel: model.preferred_channel,
        verification: model.verification,
        rejection_reason: model.rejection_reason,
        registered_by: model.registered_by,
        reviewed_by: model.reviewed_by,
        reviewed_at: model.reviewed_at,
        last_routine_visit_on: model.last_routine_visit_on,
        next_routine_visit_on: next_routine_visit(tier, model.last_routine_visit_on, registered_on),
        archived_at: model.archived_at,
        version: model.version,
        created_at,
        updated_at: model.updated_at,
    })
}

/// `q` as the tail of a phone number: 4 to 11 digits.
fn phone_tail(q: Option<&str>) -> Option<&str> {
    let q = q?.trim();
    ((4..=11).contains(&q.len()) && q.bytes().all(|b| b.is_ascii_digit())).then_some(q)
}

/// The account manager named on a customer must be an active account manager.
async fn check_account_manager(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), ApiError> {
    let user = crate::db::unique(conn, users::Entity::find_by_id(id)).await?;
    match user {
        Some(user) if user.active && user.role == Role::AccountManager => Ok(()),
        _ => Err(ApiError::field(
            "account_manager_id",
            msg!("must be an active account manager"),
        )),
    }
}

/// Whether `customer`'s review lets it have `wanted` (SPEC 2): 409
/// `customer_rejected` or `customer_unverified`, naming its status, when
/// not; else whether to go ahead flagged (a `pending_review` customer's
/// request). Every place that enters an order, drafts a contract,
/// schedules a visit or takes in a request asks here, with the customer
/// it has just read.
pub fn admit(customer: &customers::Model, wanted: Use) -> Result<Admission, ApiError> {
    let status: Verification = customer.verification;
    status
        .allows(wanted)
        .map_err(|refusal| ApiError::conflict(refusal.code(), refusal.message()))
}

/// The names of the customers `ids` name, in one statement: what a list
/// of visits or complaints shows beside each customer id.
pub async fn names_of(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    crate::db::names_of::<customers::Entity>(
        conn,
        customers::Column::Id,
        customers::Column::Name,
        ids,
    )
    .await
}

/// Loads a customer, archived or not.
pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<customers::Model, ApiError> {
    crate::db::unique(conn, customers::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("customer")))
}

/// The customer `id` a body names as its `customer_id`, archived or not;
/// 422 on `customer_id` when there is none.
pub async fn named(conn: &impl ConnectionTrait, id: Uuid) -> Result<customers::Model, ApiError> {
    crate::db::unique(conn, customers::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| ApiError::field("customer_id", msg!("no such customer")))
}

/// 409 `archived` when `customer` is archived: it neither changes nor
/// gets anything new.
pub fn refuse_archived(customer: &customers::Model) -> Result<(), ApiError> {
    if customer.archived_at.is_some() {
        return Err(ApiError::conflict(
            "archived",
            msg!("this customer is archived"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::QueryTrait;

    /// A numbered page finds where it begins by reading the keys of the
    /// live customers before it from an order's index alone, in either
    /// order, alone and after a filter's column: not every row passed over.
    #[tokio::test]
    async fn a_numbered_page_finds_its_start_in_an_order_index_alone() {
        let now: DateTime<Utc> = "2025-03-05T06:00:00Z".parse().unwrap();
        let (db, _) = crate::test_fixtures::database_with_desk_user(now).await;
        let column = |column: customers::Column| Expr::col((customers::Entity, column));
        let id = || column(customers::Column::Id);
        let by_name: Keyset<String> = Keyset::new(
            'n',
            column(customers::Column::Name),
            Order::Asc,
            id(),
            Order::Asc,
        );
        let newest: Keyset<DateTime<Utc>> = Keyset::new(
            'c',
            column(customers::Column::CreatedAt),
            Order::Desc,
            id(),
            Order::Asc,
        );
        let live = customers::Entity::find().filter(customers::Column::ArchivedAt.is_null());
        let core = live.clone().filter(customers::Column::Tier.eq(Tier::Core));
        for (rows, index) in [
            (
                by_name.key_at(live.clone().into_query(), 99),
                "ix_customers_name_id_archived_at",
            ),
            (
                newest.key_at(live.into_query(), 99),
                "ix_customers_created_at_id_archived_at",
            ),
            (
                newest.key_at(core.into_query(), 99),
                "ix_customers_tier_created_at_id_archived_at",
            ),
        ] {
            let steps = crate::test_fixtures::sqlite_plan(&db, &rows).await;
            let read = format!("USING COVERING INDEX {index}");
            assert!(steps.iter().any(|step| step.contains(&read)), "{steps:?}");
            assert!(
                !steps.iter().any(|step| step.contains("TEMP B-TREE")),
                "{steps:?}"
            );
        }
    }
}
