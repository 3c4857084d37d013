//! Page-based lists: `?page=1&limit=50`, `limit` at most 200; and, for
//! the lists that grow without bound, `?cursor=` (keyset: a page starts
//! after the last row of the one before, found through an index in the
//! list's order, so the ten-thousandth page costs what the first does).
//!
//! Counts stop at [`COUNT_CAP`] rows, or at the end of the page asked when
//! that is deeper: a list of a million rows is not counted on every page.
//! `total_exact` says whether the count got to the end.

use sea_orm::sea_query::{Alias, Expr, SelectStatement};
use sea_orm::{
    Condition, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable, ModelTrait,
    PrimaryKeyToColumn, PrimaryKeyTrait, QueryFilter, QueryResult, QuerySelect, QueryTrait, Select,
};

use chrono::{DateTime, NaiveDateTime, Utc};
use rapport_types::page::{PageQuery, Paged};
use uuid::Uuid;

use crate::error::ApiError;

/// Largest page a client may ask for.
pub const MAX_LIMIT: u64 = 200;
/// Page size when the client does not say.
pub const DEFAULT_LIMIT: u64 = 50;

/// A checked page request.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// 1-based page number.
    pub page: u64,
    /// Items per page.
    pub limit: u64,
}

impl Page {
    /// Checks the bounds of what the client asked for, naming the parameter at fault.
    pub fn from_query(query: PageQuery) -> Result<Page, ApiError> {
        let page = query.page.unwrap_or(1);
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
        if page == 0 || page > 1_000_000 {
            return Err(ApiError::field("page", "must be between 1 and 1000000"));
        }
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        Ok(Page { page, limit })
    }

    /// As [`Page::from_query`], for a list that also takes `cursor`: a
    /// page number and a cursor together are refused.
    pub fn from_query_or_cursor(query: PageQuery, cursor: Option<&str>) -> Result<Page, ApiError> {
        if cursor.is_some() && query.page.is_some() {
            return Err(ApiError::field("cursor", "cannot be given with `page`"));
        }
        Page::from_query(query)
    }

    /// Rows to skip.
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.limit
    }

    /// How far to count: [`COUNT_CAP`], or the end of this page if deeper.
    fn count_cap(self) -> u64 {
        Ord::max(COUNT_CAP, self.offset() + self.limit)
    }

    /// How many rows `query` finds, counted as far as [`Page::count_cap`];
    /// whether that is all of them.
    pub async fn count<E: EntityTrait>(
        self,
        conn: &impl ConnectionTrait,
        query: Select<E>,
    ) -> Result<(u64, bool), ApiError> {
        count_capped(conn, query, self.count_cap()).await
    }

    /// This page of the rows `query` finds, each made into an item by
    /// `item`, with how many rows it finds in all (counted as far as
    /// [`Page::count`]). A row this version cannot read
    /// ([`all_readable`]) or `item` cannot (a JSON column in a shape it
    /// does not know, say) is logged with its id and left out of the page,
    /// so one bad row does not fail the list for everyone; `total` still
    /// counts it.
    pub async fn fetch<E, T>(
        self,
        conn: &impl ConnectionTrait,
        query: Select<E>,
        item: impl FnMut(E::Model) -> Result<T, ApiError>,
    ) -> Result<Paged<T>, ApiError>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        let (total, total_exact) = self.count(conn, query.clone()).await?;
        let rows =
            all_readable::<E, E::Model>(conn, &query.offset(self.offset()).limit(self.limit))
                .await?;
        Ok(Paged {
            items: readable::<E, T>(rows, item),
            page: self.page,
            limit: self.limit,
            total,
            total_exact,
            next_cursor: None,
        })
    }

    /// As [`Page::fetch`], for a list `query` ordered by a key no two rows
    /// share: the page after the row `after` describes (the condition
    /// keeping the rows past it in the order) when given, else this page
    /// by number; `next_cursor` is `cursor` of its last row when more
    /// follow. A page reached by cursor is numbered 0 (its number is not
    /// known). `total` counts the rows of `query`, not only those past
    /// the cursor.
    pub async fn fetch_keyed<E, T>(
        self,
        conn: &impl ConnectionTrait,
        query: Select<E>,
        after: Option<Condition>,
        item: impl FnMut(E::Model) -> Result<T, ApiError>,
        cursor: impl Fn(&E::Model) -> String,
    ) -> Result<Paged<T>, ApiError>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        let (total, total_exact) = self.count(conn, query.clone()).await?;
        let (page, query) = match after {
            Some(after) => (0, query.filter(after)),
            None => (self.page, query.offset(self.offset())),
        };
        let mut rows = conn
            .query_all(query.limit(self.limit + 1).as_query())
            .await?;
        // Whether more follow is told by the rows fetched, readable or not.
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let rows = read::<E, E::Model>(rows);
        let next_cursor = if more { rows.last().map(cursor) } else { None };
        Ok(Paged {
            items: readable::<E, T>(rows, item),
            page,
            limit: self.limit,
            total,
            total_exact,
            next_cursor,
        })
    }
}

/// The 422 for a cursor this list did not hand out (or that names
/// another sort of it).
pub fn bad_cursor() -> ApiError {
    ApiError::field(
        "cursor",
        "is not a cursor of this list: pass a `next_cursor` it returned",
    )
}

/// The instant format of cursors: sortable, URL-safe, to the nanosecond.
const INSTANT: &str = "%Y%m%dT%H%M%S%.9fZ";

/// A cursor's part naming the row at `at` with id `id`.
pub fn instant_and_id(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}_{}", at.format(INSTANT), id.simple())
}

/// What [`instant_and_id`] wrote; [`bad_cursor`] for anything else.
pub fn parse_instant_and_id(text: &str) -> Result<(DateTime<Utc>, Uuid), ApiError> {
    let (at, id) = text.split_once('_').ok_or_else(bad_cursor)?;
    let at = NaiveDateTime::parse_from_str(at, INSTANT)
        .map_err(|_| bad_cursor())?
        .and_utc();
    let id = Uuid::try_parse(id).map_err(|_| bad_cursor())?;
    Ok((at, id))
}

/// Counts stop here (or at the end of a deeper page): a larger total is
/// answered as the bound, marked inexact.
pub const COUNT_CAP: u64 = 1_000;

/// How many rows `select` finds, up to `cap`; whether that is all of them.
/// Reads at most `cap + 1` rows (in no particular order).
pub async fn count_capped<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    select: Select<E>,
    cap: u64,
) -> Result<(u64, bool), ApiError> {
    let backend = conn.get_database_backend();
    let mut inner = select.select_only().expr(Expr::val(1)).limit(cap + 1);
    QueryTrait::query(&mut inner).clear_order_by();
    let outer = sea_orm::sea_query::Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(inner.into_query(), Alias::new("capped"))
        .to_owned();
    let row = conn
        .query_one_raw(backend.build(&outer))
        .await?
        .ok_or_else(|| {
            ApiError::internal(
                format!("counting {}", E::default().table_name()),
                std::io::Error::other("no row"),
            )
        })?;
    let counted: i64 = row.try_get_by_index(0)?;
    let counted = u64::try_from(counted).unwrap_or(0);
    Ok((Ord::min(counted, cap), counted <= cap))
}

/// The rows `query` finds, each read as `M` on its own: a row whose coded
/// column holds a code this version does not know (a newer version, which
/// added the code, wrote it while this one still serves) is logged with
/// its id and left out, instead of failing the whole list as sea-orm's
/// `all` would.
pub async fn all_readable<E, M>(
    conn: &impl ConnectionTrait,
    query: &impl QueryTrait<QueryStatement = SelectStatement>,
) -> Result<Vec<M>, ApiError>
where
    E: EntityTrait,
    M: FromQueryResult,
{
    Ok(read::<E, M>(conn.query_all(query.as_query()).await?))
}

/// Each of `rows` read as `M`, as [`all_readable`] does.
fn read<E, M>(rows: Vec<QueryResult>) -> Vec<M>
where
    E: EntityTrait,
    M: FromQueryResult,
{
    let mut read = Vec::with_capacity(rows.len());
    for row in rows {
        match M::from_query_result(&row, "") {
            Ok(model) => read.push(model),
            Err(error) => log::error!(
                "left row {} of {} out of a list, it cannot be read: {error}",
                key_of::<E>(&row),
                E::default().table_name(),
            ),
        }
    }
    read
}

/// The primary key of a row of `E`, for a log line.
fn key_of<E: EntityTrait>(row: &QueryResult) -> String {
    let columns: Vec<String> = E::PrimaryKey::iter()
        .map(|key| key.into_column().as_str().to_owned())
        .collect();
    match row.try_get_many::<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>("", &columns) {
        Ok(key) => format!("{key:?}"),
        Err(_) => "(unreadable key)".to_owned(),
    }
}

/// The items of the `rows` that `item` can read; each one it cannot is
/// logged, naming its table and id, and left out.
pub fn readable<E, T>(
    rows: Vec<E::Model>,
    mut item: impl FnMut(E::Model) -> Result<T, ApiError>,
) -> Vec<T>
where
    E: EntityTrait,
{
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let id: Vec<String> = E::PrimaryKey::iter()
            .map(|key| format!("{:?}", row.get(key.into_column())))
            .collect();
        match item(row) {
            Ok(read) => items.push(read),
            Err(error) => log::error!(
                "left row {} of {} out of a list, it cannot be read: {error:?}",
                id.join(", "),
                E::default().table_name(),
            ),
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instant_cursors_read_back_as_written() {
        let at: DateTime<Utc> = "2025-03-05T06:00:00.123456789Z".parse().unwrap();
        let id = Uuid::now_v7();
        let text = instant_and_id(at, id);
        assert!(
            text.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{text}"
        );
        assert_eq!(parse_instant_and_id(&text).unwrap(), (at, id));
        for bad in ["", "_", "2025_", "20250305T060000Z_x", "x_{id}"] {
            assert!(parse_instant_and_id(bad).is_err(), "{bad}");
        }
    }
}
