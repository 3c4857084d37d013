//! Paging the request list and the queue by cursor (keyset): a page
//! starts after the last request of the one before, found through an index
//! in the list's order, so the ten-thousandth page costs what the first
//! does. `page` (an offset) still works: the list finds the key of the row
//! before the page, reading only the keys of the rows before it, then
//! reads the page as the one after that key; a search reads every row
//! before the page.
//!
//! Orders, each total (no two requests tie):
//! - the list: newest first, `(created_at, id)` descending;
//! - a search: requests whose number the text names, then those holding
//!   its words, each newest first in the search index's order;
//! - the queue: the nearest running deadline first (none last), then by
//!   number.
//!
//! A cursor is opaque to clients; it names the kind of list it continues,
//! so one from another list is refused (422 on `cursor`).

use chrono::{DateTime, Utc};
use rapport_domain::msg;
use rapport_domain::text::Query;
use rapport_entity::service_requests;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select,
};

use crate::error::ApiError;
use crate::pagination::{DEFAULT_LIMIT, MAX_LIMIT, all_readable};
use crate::search::{FarSearches, NEWEST_WALKED, Pace, Reading, Stretch, Wanted};

use super::text_search;

mod cursor;
mod readings;
mod row;

pub(super) use cursor::Cursor;
use cursor::bad_cursor;
pub(super) use readings::Readings;
pub(super) use row::Listed;
use row::{Counted, counted, counted_by, keys_first, listed};

/// Counts stop here: a larger total is answered as this, marked inexact.
pub const COUNT_CAP: u64 = crate::pagination::COUNT_CAP;

/// What page the client asked for: the first, a numbered one, or the one
/// after a cursor; and how many rows.
#[derive(Debug, Clone)]
pub(super) struct Paging {
    pub(super) page: Option<u64>,
    pub(super) cursor: Option<Cursor>,
    pub(super) limit: u64,
}

impl Paging {
    /// Checks the parameters, naming the one at fault.
    pub(super) fn of(
        page: Option<u64>,
        cursor: Option<&str>,
        limit: Option<u64>,
    ) -> Result<Paging, ApiError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::field(
                "limit",
                msg!("must be between {min} and {max}", min = 1, max = MAX_LIMIT),
            ));
        }
        if let Some(page) = page
            && (page == 0 || page > 1_000_000)
        {
            return Err(ApiError::field(
                "page",
                msg!("must be between 1 and 1000000"),
            ));
        }
        let cursor = cursor.map(Cursor::parse).transpose()?;
        if cursor.is_some() && page.is_some() {
            return Err(ApiError::field(
                "cursor",
                msg!("cannot be given with `page`"),
            ));
        }
        Ok(Paging {
            page,
            cursor,
            limit,
        })
    }

    /// Rows before the page, when it is asked by number.
    pub(super) fn offset(&self) -> u64 {
        self.page.map_or(0, |page| (page - 1) * self.limit)
    }

    /// The page number to answer: as asked, 1 for the first page, 0 after a cursor.
    pub(super) fn number(&self) -> u64 {
        match (&self.cursor, self.page) {
            (Some(_), _) => 0,
            (None, page) => page.unwrap_or(1),
        }
    }
}

/// One page of rows and the cursor of the next, if there is a next.
pub(super) struct Rows {
    pub(super) rows: Vec<Listed>,
    pub(super) next: Option<Cursor>,
    /// The list's total, counted by the statement that read the page.
    counted: Option<(u64, bool)>,
}

impl Rows {
    /// `rows`, the cursor of the page after them, no count.
    fn new(rows: Vec<Listed>, next: Option<Cursor>) -> Rows {
        Rows {
            rows,
            next,
            counted: None,
        }
    }

    /// The list's exact total when this page shows where the list ends: a
    /// page asked by number (or the first) with no next and, past the
    /// first, at least a row; else the total the page was read with.
    /// Otherwise the total needs counting.
    pub(super) fn known_total(&self, paging: &Paging) -> Option<(u64, bool)> {
        let last = paging.cursor.is_none()
            && self.next.is_none()
            && (paging.offset() == 0 || !self.rows.is_empty());
        last.then(|| (paging.offset() + self.rows.len() as u64, true))
            .or(self.counted)
    }
}

/// How many requests a list's filters may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Share {
    /// Open requests only, or those at risk: a small share at any size.
    Few,
    /// Possibly most requests ever taken in.
    Many,
}

/// A page of `select` (the list's filters, keeping `share` of the
/// requests) in the list's order. `sorted_whole`: no index gives the
/// order of what `select` keeps, so a page reads and sorts every row of
/// it; the first page then counts them as it goes, which saves reading
/// them again for the count. Otherwise `count` (see [`counting`]), if
/// given, is read beside the page.
pub(super) async fn newest(
    conn: &impl ConnectionTrait,
    select: Select<service_requests::Entity>,
    share: Share,
    paging: &Paging,
    sorted_whole: bool,
    count: Option<SelectStatement>,
) -> Result<Rows, ApiError> {
    let backend = conn.get_database_backend();
    // A numbered page is read as the page after the row before it.
    let after = match paging.offset() {
        0 => paging.clone(),
        offset => match key_before(conn, select.clone(), share, offset).await? {
            Some(cursor) => Paging {
                page: None,
                cursor: Some(cursor),
                limit: paging.limit,
            },
            None => return Ok(Rows::new(Vec::new(), None)),
        },
    };
    let counts_itself = sorted_whole && after.cursor.is_none();
    let query = newest_page(select, backend, share, &after, sorted_whole)?;
    let (mut rows, counted) = match count {
        _ if counts_itself => {
            let (rows, total) = read_counted(conn, &query).await?;
            (rows, Some((total.unwrap_or(0), true)))
        }
        Some(count) => {
            let (rows, total) = read_counted(conn, &counted_by(query, count)).await?;
            (rows, total.map(capped))
        }
        None => (
            all_readable::<service_requests::Entity, _>(conn, &query).await?,
            None,
        ),
    };
    let next = more(&mut rows, paging.limit).map(|last| Cursor::Newest {
        at: last.created_at,
        id: last.id,
    });
    Ok(Rows {
        rows,
        next,
        counted,
    })
}

/// The first page of the breached requests on PostgreSQL, or the page
/// after a cursor: each of the two `parts` of
/// [`breached_parts`](super::filter::breached_parts) read for a page,
/// merged in the list's order.
pub(super) async fn newest_breached(
    conn: &impl ConnectionTrait,
    parts: [Select<service_requests::Entity>; 2],
    paging: &Paging,
) -> Result<Rows, ApiError> {
    let backend = conn.get_database_backend();
    let [marked, running] = parts.map(|part| newest_query(part, backend, Share::Many, paging));
    let (marked, running) = (listed(marked?), listed(running?));
    let (mut rows, running): (Vec<Listed>, Vec<Listed>) = tokio::try_join!(
        all_readable::<service_requests::Entity, _>(conn, &marked),
        all_readable::<service_requests::Entity, _>(conn, &running),
    )?;
    rows.extend(running);
    rows.sort_by_key(|row| std::cmp::Reverse((row.created_at, row.id)));
    let next = more(&mut rows, paging.limit).map(|last| Cursor::Newest {
        at: last.created_at,
        id: last.id,
    });
    Ok(Rows::new(rows, next))
}

/// How many requests the two `parts` of
/// [`breached_parts`](super::filter::breached_parts) keep together, up to
/// [`COUNT_CAP`], as [`count`] counts.
pub(super) async fn count_breached(
    conn: &impl ConnectionTrait,
    [marked, running]: [Select<service_requests::Entity>; 2],
) -> Result<(u64, bool), ApiError> {
    let (marked, running) = tokio::try_join!(count(conn, marked), count(conn, running))?;
    let total = marked.0 + running.0;
    Ok((
        std::cmp::min(total, COUNT_CAP),
        marked.1 && running.1 && total <= COUNT_CAP,
    ))
}

/// The statement of [`newest`]'s first page or page after a cursor
/// (`after`): its [`listed`] rows, the first page counting them too when
/// `sorted_whole`. SQLite then sorts their keys first ([`keys_first`]);
/// PostgreSQL sorted whole rows as fast, and spent longer planning the
/// join than it saved.
pub(super) fn newest_page(
    select: Select<service_requests::Entity>,
    backend: DbBackend,
    share: Share,
    after: &Paging,
    sorted_whole: bool,
) -> Result<Select<service_requests::Entity>, ApiError> {
    let query = newest_query(select, backend, share, after)?;
    let first = after.cursor.is_none();
    Ok(match (sorted_whole, backend) {
        (true, DbBackend::Sqlite) => keys_first(query, first),
        (true, _) if first => counted(listed(query)),
        _ => listed(query),
    })
}

/// The rows of `query` (read as [`Counted`]) and the total the first of
/// them carries; `None` when there are none.
async fn read_counted(
    conn: &impl ConnectionTrait,
    query: &Select<service_requests::Entity>,
) -> Result<(Vec<Listed>, Option<u64>), ApiError> {
    let rows: Vec<Counted> = all_readable::<service_requests::Entity, _>(conn, query).await?;
    let total = rows.first().map(|row| row.total);
    Ok((rows.into_iter().map(|row| row.row).collect(), total))
}

/// The list's key of the row just before the first `offset` rows end;
/// `None` when there are fewer. Only the key is read, from the index of the
/// list's order alone where the filters allow, rather than every column of
/// every row passed over.
async fn key_before(
    conn: &impl ConnectionTrait,
    select: Select<service_requests::Entity>,
    share: Share,
    offset: u64,
) -> Result<Option<Cursor>, ApiError> {
    use service_requests::Column as C;
    let first = Paging {
        page: None,
        cursor: None,
        limit: 1,
    };
    let key: Option<(DateTime<Utc>, uuid::Uuid)> =
        newest_query(select, conn.get_database_backend(), share, &first)?
            .select_only()
            .columns([C::CreatedAt, C::Id])
            .offset(offset - 1)
            .limit(1)
            .into_tuple()
            .all(conn)
            .await?
            .pop();
    Ok(key.map(|(at, id)| Cursor::Newest { at, id }))
}

/// The query of [`newest`]'s page (one row more, to tell if one follows).
///
/// SQLite, without statistics, prefers an index that gives the list's
/// order and tests each row: right when the filters keep many requests (a
/// page is found after a few pages of entries), wrong when they keep few
/// (it would read the whole index to find them). For `Share::Few` the order
/// is written so no index gives it (unary `+`): SQLite then reads the
/// filters' own index and sorts the few rows found.
fn newest_query(
    select: Select<service_requests::Entity>,
    backend: DbBackend,
    share: Share,
    paging: &Paging,
) -> Result<Select<service_requests::Entity>, ApiError> {
    use service_requests::Column as C;
    let few = backend == DbBackend::Sqlite && share == Share::Few;
    let mut select = select;
    match &paging.cursor {
        None => {}
        // The rows of a few are tested, not found by their instant.
        Some(Cursor::Newest { at, id }) if few => {
            select = select.filter(Expr::cust_with_values(
                "+service_requests.created_at <= ? AND \
                 (+service_requests.created_at < ? OR +service_requests.id < ?)",
                [sea_orm::Value::from(*at), (*at).into(), (*id).into()],
            ));
        }
        Some(Cursor::Newest { at, id }) => {
            select = select.filter(C::CreatedAt.lte(*at)).filter(
                Condition::any()
                    .add(C::CreatedAt.lt(*at))
                    .add(C::Id.lt(*id)),
            );
        }
        Some(_) => return Err(bad_cursor()),
    }
    let select = if few {
        let mut select = select;
        QueryTrait::query(&mut select)
            .order_by_expr(Expr::cust("+service_requests.created_at"), Order::Desc)
            .order_by_expr(Expr::cust("+service_requests.id"), Order::Desc);
        select
    } else {
        newest_order(select)
    };
    Ok(select.offset(paging.offset()).limit(paging.limit + 1))
}

/// Drops the row beyond `limit`, if fetched; the last row kept when it was.
fn more(rows: &mut Vec<Listed>, limit: u64) -> Option<&Listed> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        rows.last()
    } else {
        None
    }
}

/// The two parts of a search's order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Number,
    Words,
}

/// A page of the requests of `select` that `query` finds: number matches
/// first, then word matches, each newest first. `alone`: `select` filters
/// nothing itself (see [`FullText::newest_first`]). On PostgreSQL its
/// first statement then also counts what the text finds, as
/// [`count_found`] does, unless `readings` already tell the count: one
/// statement fewer to plan and send. SQLite, which has neither cost, read
/// a common word's page more slowly with the count beside it.
///
/// [`FullText::newest_first`]: crate::search::FullText::newest_first
pub(super) async fn searched(
    conn: &impl ConnectionTrait,
    select: Select<service_requests::Entity>,
    query: &Query,
    readings: &Readings,
    far: &FarSearches,
    paging: &Paging,
    alone: bool,
) -> Result<Rows, ApiError> {
    let backend = conn.get_database_backend();
    let (mut part, mut after) = match &paging.cursor {
        None if query.code.is_some() => (Part::Number, None),
        None => (Part::Words, None),
        Some(Cursor::Number(id)) if query.code.is_some() => (Part::Number, Some(*id)),
        Some(Cursor::Words(after)) => (Part::Words, *after),
        Some(_) => return Err(bad_cursor()),
    };
    // A numbered page reads through the rows before it.
    let wanted_rows = paging.offset() + paging.limit + 1;
    let mut found: Vec<(Part, Listed)> = Vec::new();
    let mut count = if alone && readings.capped_count().is_none() && backend == DbBackend::Postgres
    {
        text_search::INDEX.counting_up_to(backend, Wanted::Any(query), COUNT_CAP + 1)
    } else {
        None
    };
    let mut counted = None;
    loop {
        let wanted = match part {
            Part::Number => match &query.code {
                Some(code) => Wanted::Code(code),
                None => break,
            },
            Part::Words => Wanted::Words {
                words: &query.words,
                but_not: query.code.as_ref(),
            },
        };
        let mut reading = match part {
            Part::Number => readings.number,
            Part::Words => readings.words,
        };
        // PostgreSQL walks a common word's newest rows below the page's
        // top, then reads its older matches a stretch of the index's order
        // at a time (see `Stretch`).
        if reading == Reading::Walk && backend == DbBackend::Postgres {
            reading = Reading::Newest;
        }
        // A search alone whose walk of those rows found nothing lately reads
        // them as a stretch too (see `FarSearches`).
        let far_key = match (reading, alone) {
            (Reading::Newest, true) => wanted
                .tsquery()
                .map(|text| (text_search::INDEX.table(), text)),
            _ => None,
        };
        let far_lately = far_key.as_ref().is_some_and(|key| far.get(key).is_some());
        loop {
            let left = wanted_rows - found.len() as u64;
            if reading == Reading::Newest && far_lately {
                let rows = stretches_alone(conn, &select, wanted, after, 0, left).await?;
                found.extend(rows.into_iter().map(|row| (part, row)));
                break;
            }
            let part_query = text_search::INDEX
                .newest_first(
                    listed(select.clone()),
                    backend,
                    wanted,
                    after,
                    reading,
                    alone.then_some(left),
                )
                .limit(left);
            let rows: Vec<Listed> = match count.take() {
                Some(count) => {
                    let (rows, total) = read_counted(conn, &counted_by(part_query, count)).await?;
                    counted = total.map(capped);
                    rows
                }
                None => all_readable::<service_requests::Entity, _>(conn, &part_query).await?,
            };
            let walked_to_none = reading == Reading::Newest && rows.is_empty();
            found.extend(rows.into_iter().map(|row| (part, row)));
            if found.len() as u64 >= wanted_rows {
                break;
            }
            let stretch = match reading {
                // The search alone: every stretch in one statement.
                Reading::Newest if alone => {
                    if let (true, Some(key)) = (walked_to_none, far_key.clone()) {
                        far.put(key, ());
                    }
                    let left = wanted_rows - found.len() as u64;
                    let rows =
                        stretches_alone(conn, &select, wanted, after, NEWEST_WALKED, left).await?;
                    found.extend(rows.into_iter().map(|row| (part, row)));
                    break;
                }
                Reading::Newest => {
                    let top = text_search::INDEX.below_walked(conn, after, NEWEST_WALKED);
                    let Some(top) = top.await? else { break };
                    Stretch::first(top, Pace::Fine)
                }
                Reading::Stretch(stretch) => stretch.next(),
                Reading::Walk | Reading::Sort => None,
            };
            let Some(stretch) = stretch else { break };
            reading = Reading::Stretch(stretch);
        }
        if found.len() as u64 >= wanted_rows || part == Part::Words || query.words.is_empty() {
            break;
        }
        (part, after) = (Part::Words, None);
    }
    let skip = usize::try_from(paging.offset()).unwrap_or(usize::MAX);
    let mut found: Vec<(Part, Listed)> = found.into_iter().skip(skip).collect();
    let limit = usize::try_from(paging.limit).unwrap_or(usize::MAX);
    let next = if found.len() > limit {
        found.truncate(limit);
        found.last().map(|(part, last)| match part {
            Part::Number => Cursor::Number(last.id),
            Part::Words => Cursor::Words(Some(last.id)),
        })
    } else {
        None
    };
    Ok(Rows {
        rows: found.into_iter().map(|(_, row)| row).collect(),
        next,
        counted,
    })
}

/// PostgreSQL, a search alone: a page of `limit` requests holding
/// `wanted`, newest first, below the record `after` (of an earlier page;
/// or the newest) but the newest `walked` rows below it (which a walk
/// read), every stretch of the index's order in one statement.
async fn stretches_alone(
    conn: &impl ConnectionTrait,
    select: &Select<service_requests::Entity>,
    wanted: Wanted<'_>,
    after: Option<uuid::Uuid>,
    walked: u64,
    limit: u64,
) -> Result<Vec<Listed>, ApiError> {
    let Some(top) = text_search::INDEX.below_walked(conn, after, walked).await? else {
        return Ok(Vec::new());
    };
    let page = text_search::INDEX.newest_first_below(listed(select.clone()), wanted, top, limit);
    all_readable::<service_requests::Entity, _>(conn, &page).await
}

/// The queue's order: the nearest running deadline first, none last, then
/// by number.
pub(super) async fn due_first(
    conn: &impl ConnectionTrait,
    select: Select<service_requests::Entity>,
    paging: &Paging,
) -> Result<Rows, ApiError> {
    use service_requests::Column as C;
    let due = || {
        Expr::col((
            service_requests::Entity,
            Alias::new(super::clocks::NEXT_DEADLINE),
        ))
    };
    let mut select = select;
    match &paging.cursor {
        None => {}
        Some(Cursor::Due {
            due: Some(at),
            number,
        }) => {
            select = select.filter(
                Condition::any()
                    .add(due().gt(*at))
                    .add(due().eq(*at).and(C::Number.gt(number.as_str())))
                    .add(due().is_null()),
            );
        }
        Some(Cursor::Due { due: None, number }) => {
            select = select
                .filter(due().is_null())
                .filter(C::Number.gt(number.as_str()));
        }
        Some(_) => return Err(bad_cursor()),
    }
    QueryTrait::query(&mut select)
        .order_by_expr(due().is_null(), Order::Asc)
        .order_by_expr(due(), Order::Asc);
    let query = listed(select)
        .order_by_asc(C::Number)
        .offset(paging.offset())
        .limit(paging.limit + 1);
    let mut rows = all_readable::<service_requests::Entity, Listed>(conn, &query).await?;
    let next = more(&mut rows, paging.limit).map(|last| Cursor::Due {
        due: last.sla_due,
        number: last.number.clone(),
    });
    Ok(Rows::new(rows, next))
}

/// How many rows `select` finds, up to [`COUNT_CAP`]; whether that is all.
/// PostgreSQL counts in `select`'s order (see [`to_count`]), which its planner
/// weighs against the filters' own indexes; SQLite, which would take the
/// order's index whatever the filters keep, counts in no order.
pub(super) async fn count(
    conn: &impl ConnectionTrait,
    select: Select<service_requests::Entity>,
) -> Result<(u64, bool), ApiError> {
    match conn.get_database_backend() {
        DbBackend::Postgres => {
            crate::pagination::count_capped_in_order(conn, select, COUNT_CAP).await
        }
        _ => crate::pagination::count_capped(conn, select, COUNT_CAP).await,
    }
}

/// The statement counting `select` as [`count`] does on PostgreSQL, to
/// be read beside a page ([`newest`]): one statement fewer to plan and
/// send for a list short enough to be counted each time.
pub(super) fn counting(select: Select<service_requests::Entity>, share: Share) -> SelectStatement {
    crate::pagination::counting_up_to(to_count(select, share), COUNT_CAP + 1)
}

/// `select` as [`count`] reads it. Filters that may keep many are counted
/// in the list's order, newest first, which PostgreSQL weighs against
/// their own indexes (walking the order stops at the cap). Filters that
/// keep few are counted in no order: from their indexes alone, where the
/// order would fetch each row for its instant.
pub(super) fn to_count(
    select: Select<service_requests::Entity>,
    share: Share,
) -> Select<service_requests::Entity> {
    match share {
        Share::Many => newest_order(select),
        Share::Few => select,
    }
}

/// `select` in the list's order, newest first.
fn newest_order(select: Select<service_requests::Entity>) -> Select<service_requests::Entity> {
    use service_requests::Column as C;
    select.order_by_desc(C::CreatedAt).order_by_desc(C::Id)
}

/// The requests of `select` that `query` finds: what a search beside a
/// filter counts. SQLite reads them newest first in the index (FTS5 hands
/// them out so, reading the index no further than the cap). PostgreSQL
/// reads them in no order, as its planner judges best: from the GIN
/// index, or along a filter's index testing each request. Walking the
/// index's order testing each row, it read every row newer than a word's
/// matches (seconds, for a word only last year's requests hold).
pub(super) fn search_matches(
    select: Select<service_requests::Entity>,
    backend: DbBackend,
    query: &Query,
    readings: &Readings,
) -> Select<service_requests::Entity> {
    let wanted = Wanted::Any(query);
    match backend {
        DbBackend::Postgres => {
            let id = service_requests::Column::Id;
            select.filter(text_search::INDEX.matching(backend, id, wanted))
        }
        _ => text_search::INDEX.newest_first(select, backend, wanted, None, readings.any, None),
    }
}

/// How many requests `query` finds by its text alone, up to [`COUNT_CAP`];
/// whether that is all. Every request is in the search index, so its
/// matches are counted there without reading a request.
pub(super) async fn count_found(
    conn: &impl ConnectionTrait,
    query: &Query,
) -> Result<(u64, bool), ApiError> {
    let found = text_search::INDEX
        .count_up_to(conn, Wanted::Any(query), COUNT_CAP + 1)
        .await?;
    Ok(capped(found))
}

/// A count of up to [`COUNT_CAP`] and one as the list answers it: at most
/// the cap, and whether that is all.
fn capped(found: u64) -> (u64, bool) {
    (Ord::min(found, COUNT_CAP), found <= COUNT_CAP)
}
