//! Page-based lists: `?page=1&limit=50`, `limit` at most 200; and, for
//! the lists that grow without bound, `?cursor=` (keyset: a page starts
//! after the last row of the one before, found through an index in the
//! list's order, so the ten-thousandth page costs what the first does).
//! A numbered page of such a list finds the last row of the page before it
//! by reading only the list's keys up to there, from an index alone where
//! one holds them and the filters' columns ([`Keyset::start`]).
//!
//! Counts stop at [`COUNT_CAP`] rows, or at the end of the page asked when
//! that is deeper: a list of a million rows is not counted on every page,
//! and a deeper numbered page is counted by its own rows.
//! `total_exact` says whether the count got to the end.

use std::marker::PhantomData;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, SelectStatement};
use sea_orm::{
    Condition, ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable, ModelTrait,
    Order, PrimaryKeyToColumn, PrimaryKeyTrait, QueryFilter, QueryResult, QuerySelect, QueryTrait,
    Select, TryGetable,
};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rapport_domain::msg;
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
            return Err(ApiError::field(
                "page",
                msg!("must be between 1 and 1000000"),
            ));
        }
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::field(
                "limit",
                msg!("must be between {min} and {max}", min = 1, max = MAX_LIMIT),
            ));
        }
        Ok(Page { page, limit })
    }

    /// As [`Page::from_query`], for a list that also takes `cursor`: a
    /// page number and a cursor together are refused.
    pub fn from_query_or_cursor(query: PageQuery, cursor: Option<&str>) -> Result<Page, ApiError> {
        if cursor.is_some() && query.page.is_some() {
            return Err(ApiError::field(
                "cursor",
                msg!("cannot be given with `page`"),
            ));
        }
        Page::from_query(query)
    }

    /// A page past the last row: no items, the count `counted`.
    fn empty<T>(self, (total, total_exact): (u64, bool)) -> Paged<T> {
        Paged {
            items: Vec::new(),
            page: self.page,
            limit: self.limit,
            total,
            total_exact,
            next_cursor: None,
        }
    }

    /// Rows to skip.
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.limit
    }

    /// How far to count: [`COUNT_CAP`], or the end of this page if deeper.
    pub fn count_cap(self) -> u64 {
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

    /// As [`Page::fetch`], for a list paged by cursor too: `query` (its
    /// filters) in the order of `keyset`; the page after the row `cursor`
    /// names when given (422 on `cursor` for one `keyset` did not write),
    /// else this page by number; `next_cursor` names its last row when more
    /// follow. A page reached by cursor is numbered 0 (its number is not
    /// known). `total` counts the rows of `query`, not only those past the
    /// cursor.
    pub async fn fetch_keyed<E, T, K>(
        self,
        conn: &impl ConnectionTrait,
        query: Select<E>,
        keyset: &Keyset<K>,
        cursor: Option<&str>,
        item: impl FnMut(E::Model) -> Result<T, ApiError>,
    ) -> Result<Paged<T>, ApiError>
    where
        E: EntityTrait,
        E::Model: Sync,
        K: CursorKey,
    {
        self.fetch_keyed_counting(conn, query.clone(), query, keyset, cursor, item)
            .await
    }

    /// As [`Page::fetch_keyed`], with `total` counted over `counted`: the
    /// same rows as `query`, written for a cheaper count (a search may
    /// count its matches by id but walk its order's index for a page).
    pub async fn fetch_keyed_counting<E, T, K>(
        self,
        conn: &impl ConnectionTrait,
        counted: Select<E>,
        query: Select<E>,
        keyset: &Keyset<K>,
        cursor: Option<&str>,
        item: impl FnMut(E::Model) -> Result<T, ApiError>,
    ) -> Result<Paged<T>, ApiError>
    where
        E: EntityTrait,
        E::Model: Sync,
        K: CursorKey,
    {
        let start = keyset
            .start(conn, self, cursor, query.clone().into_query())
            .await?;
        let Some(start) = start else {
            return Ok(self.empty(self.count(conn, counted).await?));
        };
        let counted = match self.counted_by_rows(&start) {
            true => None,
            false => Some(self.count(conn, counted).await?),
        };
        self.fetch_from(conn, counted, query, keyset, start, item)
            .await
    }

    /// Whether the page beginning at `start` tells the count itself: a
    /// numbered page ending past [`COUNT_CAP`] is counted to its end, and
    /// with the row before it found, its rows say how far the list goes
    /// that far (counting again would read every row before it a second
    /// time).
    fn counted_by_rows(self, start: &Start) -> bool {
        start.number > 1 && self.count_cap() > COUNT_CAP
    }

    /// The page of `query` in the order of `keyset` from `start`, with
    /// `total` and `total_exact` counted already, or none for a page that
    /// [`Page::counted_by_rows`]; `next_cursor` names its last row when
    /// more follow.
    async fn fetch_from<E, T, K>(
        self,
        conn: &impl ConnectionTrait,
        counted: Option<(u64, bool)>,
        query: Select<E>,
        keyset: &Keyset<K>,
        start: Start,
        item: impl FnMut(E::Model) -> Result<T, ApiError>,
    ) -> Result<Paged<T>, ApiError>
    where
        E: EntityTrait,
        E::Model: Sync,
        K: CursorKey,
    {
        let mut query = keyset.order(query);
        if let Some(after) = start.after {
            query = query.filter(after);
        }
        let mut rows = conn
            .query_all(query.limit(self.limit + 1).as_query())
            .await?;
        // Whether more follow is told by the rows fetched, readable or not.
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = match rows.last() {
            Some(last) if more => Some(keyset.cursor_of(last)?),
            _ => None,
        };
        let (total, total_exact) = counted.unwrap_or((self.offset() + rows.len() as u64, !more));
        Ok(Paged {
            items: readable::<E, T>(read::<E, E::Model>(rows), item),
            page: start.number,
            limit: self.limit,
            total,
            total_exact,
            next_cursor,
        })
    }
}

/// Where a page of a list in a [`Keyset`]'s order begins, and its number.
struct Start {
    /// The rows after the one a cursor names or, for a numbered page, the
    /// last row of the page before; none for the first page.
    after: Option<Condition>,
    /// The page's number: 0 after a cursor (its number is not known).
    number: u64,
}

/// A list's order for paging by cursor: a key, then the row's `id` (no two
/// rows share it), each ascending or descending. A cursor is a tag naming
/// the order, the key written by [`CursorKey::write`], `_` and the id; the
/// page after it starts with `key >= k AND (key > k OR id > i)` (directions
/// as the order's), the bound an index on `(key, id)` starts from.
#[derive(Debug, Clone)]
pub struct Keyset<K> {
    tag: char,
    key: Expr,
    key_order: Order,
    id: Expr,
    id_order: Order,
    kind: PhantomData<fn() -> K>,
}

/// The column the cursor's key is read back from, beside the row's own.
const CURSOR_KEY: &str = "cursor_key";

impl<K: CursorKey> Keyset<K> {
    /// The order by `key` then `id` (the rows' id column), tagged `tag` in
    /// its cursors.
    pub fn new(tag: char, key: Expr, key_order: Order, id: Expr, id_order: Order) -> Keyset<K> {
        Keyset {
            tag,
            key,
            key_order,
            id,
            id_order,
            kind: PhantomData,
        }
    }

    /// `query` in this order, reading each row's key for its cursor.
    pub(crate) fn order<E: EntityTrait>(&self, query: Select<E>) -> Select<E> {
        let mut query = query.expr_as(self.key.clone(), CURSOR_KEY);
        self.sort(QueryTrait::query(&mut query));
        query
    }

    /// Orders `statement` by this order's key, then id.
    fn sort(&self, statement: &mut SelectStatement) {
        statement
            .order_by_expr(self.key.clone(), self.key_order.clone())
            .order_by_expr(self.id.clone(), self.id_order.clone());
    }

    /// The cursor naming `row` (read in this order).
    fn cursor_of(&self, row: &QueryResult) -> Result<String, ApiError> {
        let key: K = row.try_get("", CURSOR_KEY)?;
        let id: Uuid = row.try_get("", "id")?;
        Ok(format!("{}{}_{}", self.tag, key.write(), id.simple()))
    }

    /// Where the page `page` begins: after the row `cursor` names (422
    /// on `cursor` for one this order did not write), else at the top for
    /// the first page, else after the last row of the page before, found
    /// by reading only the order's keys of the rows before it from `rows`
    /// (the list's filters): where an index holds the keys and the
    /// filters' columns, it alone is read, not every row passed over.
    /// None for a numbered page past the last row.
    async fn start(
        &self,
        conn: &impl ConnectionTrait,
        page: Page,
        cursor: Option<&str>,
        rows: SelectStatement,
    ) -> Result<Option<Start>, ApiError> {
        if let Some(cursor) = cursor {
            let after = self.after(cursor)?;
            return Ok(Some(Start {
                after: Some(after),
                number: 0,
            }));
        }
        if page.page == 1 {
            return Ok(Some(Start {
                after: None,
                number: 1,
            }));
        }
        let key = self.key_at(rows, page.offset() - 1);
        let backend = conn.get_database_backend();
        let Some(before) = conn.query_one_raw(backend.build(&key)).await? else {
            return Ok(None);
        };
        let after = self.past(before.try_get("", CURSOR_KEY)?, before.try_get("", "id")?);
        Ok(Some(Start {
            after: Some(after),
            number: page.page,
        }))
    }

    /// The statement reading the key and id of the row `offset` rows into
    /// `rows` in this order.
    pub(crate) fn key_at(&self, rows: SelectStatement, offset: u64) -> SelectStatement {
        let mut keys = self.keys(rows);
        keys.offset(offset).limit(1);
        keys
    }

    /// The id and cursor of each of `rows`, in this order.
    pub(crate) async fn cursors(
        &self,
        conn: &impl ConnectionTrait,
        rows: SelectStatement,
    ) -> Result<Vec<(Uuid, String)>, ApiError> {
        let backend = conn.get_database_backend();
        let keys = conn.query_all_raw(backend.build(&self.keys(rows))).await?;
        keys.iter()
            .map(|row| Ok((row.try_get("", "id")?, self.cursor_of(row)?)))
            .collect()
    }

    /// `rows` in this order, reading only each one's key and id.
    fn keys(&self, mut rows: SelectStatement) -> SelectStatement {
        rows.clear_selects()
            .expr_as(self.key.clone(), Alias::new(CURSOR_KEY))
            .expr_as(self.id.clone(), Alias::new("id"))
            .clear_order_by();
        self.sort(&mut rows);
        rows
    }

    /// The rows after the one `cursor` names; [`bad_cursor`] for a cursor
    /// of another order, or not a cursor.
    pub(crate) fn after(&self, cursor: &str) -> Result<Condition, ApiError> {
        let rest = cursor.strip_prefix(self.tag).ok_or_else(bad_cursor)?;
        let (key, id) = rest.rsplit_once('_').ok_or_else(bad_cursor)?;
        let key = K::read(key).ok_or_else(bad_cursor)?;
        let id = Uuid::try_parse(id).map_err(|_| bad_cursor())?;
        Ok(self.past(key, id))
    }

    /// The rows after the one whose key is `key` and id `id`.
    fn past(&self, key: K, id: Uuid) -> Condition {
        let key: sea_orm::Value = key.into();
        let past = |expr: &Expr, order: &Order, value: sea_orm::Value| match order {
            Order::Desc => expr.clone().lt(value),
            _ => expr.clone().gt(value),
        };
        let from = match self.key_order {
            Order::Desc => self.key.clone().lte(key.clone()),
            _ => self.key.clone().gte(key.clone()),
        };
        Condition::all().add(from).add(
            Condition::any()
                .add(past(&self.key, &self.key_order, key))
                .add(past(&self.id, &self.id_order, id.into())),
        )
    }
}

/// What a cursor names a row's place by: its sort key, written URL-safe.
pub trait CursorKey: Sized + Into<sea_orm::Value> + TryGetable {
    /// The key as a cursor holds it: letters, digits, `-`, `.` (no `_`).
    fn write(&self) -> String;
    /// What [`CursorKey::write`] wrote; none for anything else.
    fn read(text: &str) -> Option<Self>;
}

/// The instant format of cursors: sortable, URL-safe, to the nanosecond.
const INSTANT: &str = "%Y%m%dT%H%M%S%.9fZ";

impl CursorKey for DateTime<Utc> {
    fn write(&self) -> String {
        self.format(INSTANT).to_string()
    }

    fn read(text: &str) -> Option<Self> {
        NaiveDateTime::parse_from_str(text, INSTANT)
            .ok()
            .map(|at| at.and_utc())
    }
}

impl CursorKey for NaiveDate {
    fn write(&self) -> String {
        self.format("%Y%m%d").to_string()
    }

    fn read(text: &str) -> Option<Self> {
        NaiveDate::parse_from_str(text, "%Y%m%d").ok()
    }
}

/// Text in hex: any text stays URL-safe.
impl CursorKey for String {
    fn write(&self) -> String {
        hex::encode(self)
    }

    fn read(text: &str) -> Option<Self> {
        String::from_utf8(hex::decode(text).ok()?).ok()
    }
}

/// The 422 for a cursor this list did not hand out (or that names
/// another sort of it).
pub fn bad_cursor() -> ApiError {
    ApiError::field(
        "cursor",
        msg!("is not a cursor of this list: pass a `next_cursor` it returned"),
    )
}

/// Counts stop here (or at the end of a deeper page): a larger total is
/// answered as the bound, marked inexact.
pub const COUNT_CAP: u64 = 1_000;

/// Counts of long lists that reached their cap, by list and filter, so
/// that a list asked again within a minute (the next page of a view, the
/// same view open on many desks) is not counted again. Only capped counts
/// are kept: they are answered as "at least", which a minute's changes
/// seldom make wrong, while an exact count must include the request just
/// taken in.
pub type RecentCounts = crate::recent::Recent<String, (u64, bool), 60>;

/// The count `count` answers for the list `key` names, or the capped one
/// `recent` remembers for it.
pub async fn count_remembered(
    recent: &RecentCounts,
    key: String,
    count: impl Future<Output = Result<(u64, bool), ApiError>>,
) -> Result<(u64, bool), ApiError> {
    if let Some(counted) = recent.get(&key) {
        return Ok(counted);
    }
    let counted = count.await?;
    if !counted.1 {
        recent.put(key, counted);
    }
    Ok(counted)
}

/// How many rows `select` finds, up to `cap`; whether that is all of them.
/// Reads at most `cap + 1` rows (in no particular order).
pub async fn count_capped<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    select: Select<E>,
    cap: u64,
) -> Result<(u64, bool), ApiError> {
    let mut select = select;
    QueryTrait::query(&mut select).clear_order_by();
    count_capped_in_order(conn, select, cap).await
}

/// [`count_capped`] reading the rows in `select`'s order: where the order
/// has an index, the count reads the same newest rows the first page does.
/// In no order, PostgreSQL stopped a sequential scan at the cap, which on
/// a table whose oldest pages updates had left nearly empty read tens of
/// thousands of pages for a thousand rows.
pub async fn count_capped_in_order<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    select: Select<E>,
    cap: u64,
) -> Result<(u64, bool), ApiError> {
    let rows = select.select_only().expr(Expr::val(1)).into_query();
    count_rows_capped(conn, rows, cap, E::default().table_name()).await
}

/// How many rows `rows` (any statement without a limit) reads, up to
/// `cap`; whether that is all of them. `what` names them in an error.
pub async fn count_rows_capped(
    conn: &impl ConnectionTrait,
    mut rows: SelectStatement,
    cap: u64,
    what: &str,
) -> Result<(u64, bool), ApiError> {
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(backend.build(&counting(rows.limit(cap + 1).to_owned())))
        .await?
        .ok_or_else(|| {
            ApiError::internal(format!("counting {what}"), std::io::Error::other("no row"))
        })?;
    let counted: i64 = row.try_get_by_index(0)?;
    let counted = u64::try_from(counted).unwrap_or(0);
    Ok((Ord::min(counted, cap), counted <= cap))
}

/// The statement counting the rows of `select` (in its order) up to
/// `limit`: one row, one column.
pub fn counting_up_to<E: EntityTrait>(select: Select<E>, limit: u64) -> SelectStatement {
    let rows = select.select_only().expr(Expr::val(1)).limit(limit);
    counting(rows.into_query())
}

/// The statement counting the rows `rows` reads (bounded by its own
/// limit): one row, one column, to run alone or as a value of another.
pub fn counting(rows: SelectStatement) -> SelectStatement {
    sea_orm::sea_query::Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(rows, Alias::new("capped"))
        .to_owned()
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

    fn keyset<K: CursorKey>(tag: char) -> Keyset<K> {
        Keyset::new(
            tag,
            Expr::cust("k"),
            Order::Asc,
            Expr::cust("id"),
            Order::Asc,
        )
    }

    fn round_trip<K: CursorKey + Clone + std::fmt::Debug + PartialEq>(key: K) {
        let id = Uuid::now_v7();
        let text = format!("x{}_{}", key.write(), id.simple());
        assert!(
            text.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{text}"
        );
        assert_eq!(K::read(&key.write()), Some(key));
        assert!(keyset::<K>('x').after(&text).is_ok(), "{text}");
        assert!(keyset::<K>('y').after(&text).is_err(), "{text}");
    }

    #[test]
    fn cursors_read_back_as_written() {
        round_trip::<DateTime<Utc>>("2025-03-05T06:00:00.123456789Z".parse().unwrap());
        round_trip(NaiveDate::from_ymd_opt(2025, 3, 5).unwrap());
        round_trip("北方 Acme_1 %/".to_owned());
        let instants = keyset::<DateTime<Utc>>('t');
        for bad in [
            "",
            "t",
            "t_",
            "t2025_",
            "t20250305T060000Z_x",
            "tx_00000000000000000000000000000000",
        ] {
            assert!(instants.after(bad).is_err(), "{bad}");
        }
    }
}
