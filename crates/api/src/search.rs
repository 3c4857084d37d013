//! Text search in lists (`?q=`).
//!
//! Two ways, by the size of the list:
//!
//! - [`text_in`]: the text, trimmed, found anywhere in one of some columns,
//!   ignoring case (`LIKE`). Reads every row: for small tables (products,
//!   a few thousand customers).
//! - [`FullText`]: a full-text index of one kind of record, the same on
//!   both databases in what it finds: the terms of
//!   [`rapport_domain::text`] (words, overlapping pairs of Chinese
//!   characters, a number whole or by its tail) stored in a side table
//!   (`ddl::search_table` in the migrations) that SQLite indexes with FTS5
//!   and PostgreSQL with a GIN index over a `tsvector`. The record's
//!   service writes its terms in the transaction that writes it
//!   ([`FullText::store`]); lists find records with [`FullText::matching`]
//!   (any size of result, no order) or [`FullText::newest_first`] (in the
//!   order they were indexed, newest first, reading no more of the index
//!   than the page needs). README "Search" says why it is built so.
//!
//! To make another table searchable: a migration calling
//! `ddl::search_table(manager, "<things>_search")`, a
//! `const INDEX: FullText = FullText::new("<things>_search")`, a call to
//! [`FullText::store`] wherever the searched fields are written (with
//! [`rapport_domain::text::document`] of them), and [`FullText::matching`]
//! in the list's filter (with [`FullText::count_up_to`] where the list
//! must know whether the matches are few).

use std::sync::{Arc, Mutex, PoisonError};

use rapport_domain::msg;
use rapport_domain::text::{Query, Term};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, IntoColumnRef, JoinType, LikeExpr, OnConflict, Order,
    SelectStatement,
};
use sea_orm::{
    Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryTrait, Select,
};
use uuid::Uuid;

use crate::error::ApiError;
use crate::writes::Writes;

mod stretch;

pub use stretch::{Pace, Stretch};

/// Whether each search asked lately finds more than [`FEW_MATCHES`]
/// records ([`FullText::common`]), by index and query, so that the same
/// search asked again (a common fault, looked up from many desks; the
/// next page of a word) is not counted again for five minutes. How many
/// records hold a word changes slowly, and an answer a little stale only
/// reads the same matches the other way.
pub type CommonSearches = crate::recent::Recent<(&'static str, String), bool, 300>;

/// Searches alone whose last walk of the newest rows below a page's top
/// ([`Reading::Newest`]) found none of their matches, by index and query:
/// a word the last weeks' or a year's intake lacks (a retired product).
/// Asked again within five minutes, a page of one reads those rows as a
/// stretch too ([`FullText::newest_first_below`]), which the GIN index
/// passes over in a look, where the walk read each of them. Whichever way
/// they are read, the page is the same.
pub type FarSearches = crate::recent::Recent<(&'static str, String), (), 300>;

/// The matches of common searches in a list's order, each row as its id
/// and its cursor, kept by index, order (its cursor tag) and query while
/// the index has had as many writes as when they were read
/// ([`FullText::changes`]): paging through a word thousands of records
/// hold sorts its matches once, not for every page, and a record written
/// since, on any server, is listed on the next page asked. At most
/// [`MAX_SORTED`] rows are kept in all, the lists kept longest forgotten
/// first.
#[derive(Debug, Default)]
pub struct SortedMatches {
    lists: Mutex<Vec<Sorted>>,
}

/// What names a list of [`SortedMatches`]: its index's table, its order's
/// cursor tag and its search.
pub type SortedList = (&'static str, char, String);

/// The rows of one list of [`SortedMatches`]: each id with its cursor.
pub type SortedRows = Arc<[(Uuid, String)]>;

/// A list of [`SortedMatches`]: its index, cursor tag and query, the
/// index's count of writes it was read at, and its rows.
#[derive(Debug)]
struct Sorted {
    list: SortedList,
    changes: i64,
    rows: SortedRows,
}

/// The most rows [`SortedMatches`] keeps (about 150 bytes each).
const MAX_SORTED: usize = 100_000;

impl SortedMatches {
    /// The rows kept for `list` when the index's count of writes is still
    /// `changes`.
    pub fn get(&self, list: &SortedList, changes: i64) -> Option<SortedRows> {
        let lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        lists
            .iter()
            .find(|sorted| sorted.list == *list && sorted.changes == changes)
            .map(|sorted| sorted.rows.clone())
    }

    /// Keeps `rows` for `list`, read at the count of writes `changes`, in
    /// place of what was kept for it; forgets the lists kept longest while
    /// more than [`MAX_SORTED`] rows are kept.
    pub fn put(&self, list: SortedList, changes: i64, rows: SortedRows) {
        let mut lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        lists.retain(|sorted| sorted.list != list);
        lists.push(Sorted {
            list,
            changes,
            rows,
        });
        let mut kept: usize = lists.iter().map(|sorted| sorted.rows.len()).sum();
        while kept > MAX_SORTED && lists.len() > 1 {
            kept -= lists.remove(0).rows.len();
        }
    }
}

/// The table of each index's count of writes.
const CHANGES: &str = rapport_migrations::m20261218_000053_count_customer_search_changes::TABLE;

/// The longest search text, in characters.
const MAX_QUERY: usize = 100;

/// The text of `q`, trimmed; none for no or blank text; 422 on `q` when
/// it is too long.
fn checked(q: Option<&str>) -> Result<Option<&str>, ApiError> {
    let Some(text) = q.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_QUERY {
        return Err(ApiError::field(
            "q",
            msg!("must be at most {max} characters long", max = MAX_QUERY),
        ));
    }
    Ok(Some(text))
}

/// The condition that `q` appears in one of `columns`; none for no or blank
/// text; 422 on `q` when it is too long. `%`, `_` and `\` in it match
/// themselves.
pub fn text_in<C: IntoColumnRef + Copy>(
    q: Option<&str>,
    columns: &[C],
) -> Result<Option<Condition>, ApiError> {
    let Some(text) = checked(q)? else {
        return Ok(None);
    };
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let pattern = format!("%{escaped}%");
    let condition = columns.iter().fold(Condition::any(), |any, &column| {
        any.add(
            Expr::expr(Func::lower(Expr::col(column)))
                .like(LikeExpr::new(pattern.as_str()).escape('\\')),
        )
    });
    Ok(Some(condition))
}

/// What `q` asks of a full-text index; none for no or blank text; 422 on
/// `q` when it is too long. Text with no letter or digit (`--`) asks for
/// something nothing has: it finds nothing rather than everything.
pub fn query(q: Option<&str>) -> Result<Option<Query>, ApiError> {
    Ok(checked(q)?.map(Query::parse))
}

/// Which records of an index a search wants.
#[derive(Debug, Clone, Copy)]
pub enum Wanted<'a> {
    /// Those whose code (number) the query names, or that hold all its words.
    Any(&'a Query),
    /// Those whose code the query names.
    Code(&'a Term),
    /// Those holding all of `words`, but not (already found by it) `code`.
    Words {
        words: &'a [Term],
        but_not: Option<&'a Term>,
    },
}

/// How a full-text engine writes a query: its quote around a term, its
/// prefix mark and its operators.
struct Syntax {
    quote: char,
    prefix: &'static str,
    and: &'static str,
    or: &'static str,
    and_not: &'static str,
}

/// SQLite FTS5: `"a" AND "b"`, a prefix `"a"*`, `OR`, `NOT`.
const FTS5: Syntax = Syntax {
    quote: '"',
    prefix: "*",
    and: " AND ",
    or: " OR ",
    and_not: " NOT ",
};

/// A PostgreSQL `tsquery`: `'a' & 'b'`, a prefix `'a':*`, `|`, `!`.
const TSQUERY: Syntax = Syntax {
    quote: '\'',
    prefix: ":*",
    and: " & ",
    or: " | ",
    and_not: " & !",
};

impl Wanted<'_> {
    /// As an FTS5 query.
    fn fts5(&self) -> Option<String> {
        self.written(&FTS5)
    }

    /// As a PostgreSQL `tsquery` (also what names a search in what a
    /// server remembers).
    pub(crate) fn tsquery(&self) -> Option<String> {
        self.written(&TSQUERY)
    }

    /// In `syntax`; none if there is nothing to look for. Terms are letters
    /// and digits only (the domain makes them so), so quoting them is enough.
    fn written(&self, syntax: &Syntax) -> Option<String> {
        let term = |term: &Term| {
            let star = if term.prefix { syntax.prefix } else { "" };
            format!("{q}{}{q}{star}", term.text, q = syntax.quote)
        };
        let all = |words: &[Term]| {
            (!words.is_empty()).then(|| {
                let all: Vec<String> = words.iter().map(term).collect();
                format!("({})", all.join(syntax.and))
            })
        };
        match *self {
            Wanted::Any(query) => {
                let any: Vec<String> = query
                    .code
                    .iter()
                    .map(term)
                    .chain(all(&query.words))
                    .collect();
                (!any.is_empty()).then(|| any.join(syntax.or))
            }
            Wanted::Code(code) => Some(term(code)),
            Wanted::Words { words, but_not } => {
                let all = all(words)?;
                Some(match but_not {
                    Some(code) => format!("{all}{}{}", syntax.and_not, term(code)),
                    None => all,
                })
            }
        }
    }
}

/// The full-text index of one kind of record: the side table `table` (and
/// on SQLite its FTS5 table `<table>_fts`) that `ddl::search_table` made.
#[derive(Debug, Clone, Copy)]
pub struct FullText {
    table: &'static str,
}

/// How a search's matches are put in the index's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Walk the index's order testing each record: a page of a common word
    /// reads about a page of the index.
    Walk,
    /// Find every match and sort them: a word few records hold, which a
    /// walk would look for through the whole index.
    Sort,
    /// PostgreSQL, a common word, a page's first read: walk the newest
    /// [`NEWEST_WALKED`] rows below its top testing each, which finds a
    /// page of a word the newest rows hold as a walk would.
    Newest,
    /// PostgreSQL, a common word, after [`Reading::Newest`]: find the
    /// matches within one stretch of the index's order and sort them (see
    /// [`stretch`]), past rows without the word in a few statements. Only
    /// for `request_search`, whose rows hold their blocks of the order.
    Stretch(Stretch),
}

/// The rows [`Reading::Newest`] walks.
pub const NEWEST_WALKED: u64 = 2_048;

/// Up to this many matches a search sorts them rather than walking.
pub const FEW_MATCHES: u64 = 1_000;

/// The column holding the `tsvector` of a row's terms, with the GIN index
/// on it (no other table joined in a search has a `tsv` column).
const TSVECTOR: &str = "tsv";

impl FullText {
    /// The index kept in `table`.
    pub const fn new(table: &'static str) -> FullText {
        FullText { table }
    }

    /// Adds the statement (re)indexing records: each id with its terms,
    /// [`rapport_domain::text::document`] of its searched fields. A record
    /// indexed before keeps its place in the index's order.
    pub fn store(
        &self,
        writes: &mut Writes,
        rows: impl IntoIterator<Item = (Uuid, String)>,
    ) -> Result<(), ApiError> {
        let (id, terms) = (Alias::new("id"), Alias::new("terms"));
        let mut insert = sea_orm::sea_query::Query::insert()
            .into_table(Alias::new(self.table))
            .columns([id.clone(), terms.clone()])
            .on_conflict(OnConflict::column(id).update_column(terms).to_owned())
            .to_owned();
        let mut any = false;
        for (id, document) in rows {
            insert
                .values([id.into(), document.into()])
                .map_err(|error| ApiError::internal("indexing a record for search", error))?;
            any = true;
        }
        if any {
            writes.push(insert);
        }
        Ok(())
    }

    /// (Re)indexes one record now, with `document` its terms.
    pub async fn set(
        &self,
        conn: &impl ConnectionTrait,
        id: Uuid,
        document: String,
    ) -> Result<(), ApiError> {
        let mut writes = Writes::default();
        self.store(&mut writes, [(id, document)])?;
        Ok(writes.execute(conn).await?)
    }

    /// The match of `wanted` against this index's rows, as SQL on `backend`
    /// with its one value, written so the index can find the matches;
    /// `None` when it wants nothing.
    fn test(&self, backend: DbBackend, wanted: Wanted<'_>) -> Option<Expr> {
        // Sorting the matches is reading them through the index.
        self.test_read(backend, wanted, Reading::Sort)
    }

    /// [`FullText::test`] for a search read as `reading` says. A walk on
    /// PostgreSQL tests each row along the order's index, the match written
    /// as an expression the planner cannot estimate (`coalesce`), so that
    /// it takes the default share of rows and walks. Its own estimate
    /// multiplies the words of a query as if independent (打印 AND 印机:
    /// a few dozen rows, where 83,000 of a million hold both): it would
    /// fetch every match through the GIN index and sort them.
    ///
    /// A stretch's blocks are a match of their own, not ANDed into the
    /// search's `tsquery`: the GIN index steps through the items of one
    /// `tsquery` one by one (all of a rare word's, or all of its blocks'),
    /// but skips from one match of a `tsquery` to the next of another.
    /// A stretch without the word cost 1–2 ms at a million requests as
    /// one `tsquery`, and a tenth of that as two.
    fn test_read(&self, backend: DbBackend, wanted: Wanted<'_>, reading: Reading) -> Option<Expr> {
        let table = self.table;
        Some(match backend {
            DbBackend::Postgres => {
                let wanted = wanted.tsquery()?;
                match reading {
                    Reading::Walk | Reading::Newest => Expr::cust_with_values(
                        format!("coalesce({TSVECTOR} @@ CAST($1 AS tsquery), false)"),
                        [wanted],
                    ),
                    Reading::Sort => holds(wanted),
                    // The newest block may hold rows above the stretch.
                    Reading::Stretch(stretch) => holds(wanted)
                        .and(holds(stretch.blocks()))
                        .and(Expr::cust(format!("{table}.seq + 0 < {}", stretch.to()))),
                }
            }
            _ => Expr::cust_with_values(format!("{table}_fts MATCH ?"), [wanted.fts5()?]),
        })
    }

    /// The condition that `id_column` is the id of a record `wanted`
    /// finds. For lists where any order will do or the matches are few;
    /// see [`FullText::newest_first`] for the others. A query that wants
    /// nothing finds nothing.
    pub fn matching(
        &self,
        backend: DbBackend,
        id_column: impl IntoColumnRef,
        wanted: Wanted<'_>,
    ) -> Condition {
        self.id_matching(backend, Expr::col(id_column), wanted)
    }

    /// As [`FullText::matching`], for `id` written as the list needs it
    /// (`+customers.id`, say, so SQLite walks the order's index testing
    /// each row against the matches rather than finding the rows by id).
    pub fn id_matching(&self, backend: DbBackend, id: Expr, wanted: Wanted<'_>) -> Condition {
        match self.matches(backend, wanted) {
            Some(rows) => Condition::all().add(id.in_subquery(rows)),
            None => Condition::all().add(Expr::cust("1 = 0")),
        }
    }

    /// The index's rows `wanted` finds, selecting their `id` (in no
    /// order, unlimited; more columns of the table may be added, see
    /// [`FullText::column`]); `None` when it wants nothing.
    pub fn matches(&self, backend: DbBackend, wanted: Wanted<'_>) -> Option<SelectStatement> {
        let table = self.table;
        let test = self.test(backend, wanted)?;
        let mut rows = sea_orm::sea_query::Query::select();
        rows.column((Alias::new(table), Alias::new("id")))
            .from(Alias::new(table));
        if backend != DbBackend::Postgres {
            rows.join(
                JoinType::InnerJoin,
                Alias::new(format!("{table}_fts")),
                Expr::cust(format!("{table}_fts.rowid = {table}.seq")),
            );
        }
        Some(rows.and_where(test).to_owned())
    }

    /// The index's table.
    pub const fn table(&self) -> &'static str {
        self.table
    }

    /// The column `name` of the index's table.
    pub fn column(&self, name: &str) -> Expr {
        Expr::col((Alias::new(self.table), Alias::new(name)))
    }

    /// PostgreSQL: where the stretches below a page's top (the record
    /// `after`, of an earlier page, or the newest) begin: the `seq` just
    /// above the newest row below it but the newest `walked` (which a walk
    /// of them read: [`Reading::Newest`]); none when no row is left.
    pub async fn below_walked(
        &self,
        conn: &impl ConnectionTrait,
        after: Option<Uuid>,
        walked: u64,
    ) -> Result<Option<i64>, ApiError> {
        let backend = conn.get_database_backend();
        let after = after.map(|after| self.below(backend, &format!("{}.seq", self.table), after));
        let newest = self.newest_below(after).offset(walked).limit(1).to_owned();
        let Some(row) = conn.query_one_raw(backend.build(&newest)).await? else {
            return Ok(None);
        };
        Ok(Some(row.try_get::<i64>("", "seq")? + 1))
    }

    /// How many times this index's table has been written (migration
    /// `m20261218_000053_count_customer_search_changes`): read before its
    /// rows, what they are read as is never older than the count says.
    pub async fn changes(&self, conn: &impl ConnectionTrait) -> Result<i64, ApiError> {
        let count = sea_orm::sea_query::Query::select()
            .column(Alias::new("changes"))
            .from(Alias::new(CHANGES))
            .and_where(Expr::col(Alias::new("name")).eq(self.table))
            .to_owned();
        let backend = conn.get_database_backend();
        let row = conn.query_one_raw(backend.build(&count)).await?;
        let row = row.ok_or_else(|| {
            let missing = std::io::Error::other(format!("no count of {} in {CHANGES}", self.table));
            ApiError::internal("reading a search index's count of writes", missing)
        })?;
        Ok(row.try_get("", "changes")?)
    }

    /// How many records `wanted` finds, counted no further than `cap`
    /// (reading at most that many of the index's matches): how a list
    /// tells a word the index holds for a few records from a common one.
    pub async fn count_up_to(
        &self,
        conn: &impl ConnectionTrait,
        wanted: Wanted<'_>,
        cap: u64,
    ) -> Result<u64, ApiError> {
        let backend = conn.get_database_backend();
        let Some(count) = self.counting_up_to(backend, wanted, cap) else {
            return Ok(0);
        };
        let counted: Option<i64> = match conn.query_one_raw(backend.build(&count)).await? {
            Some(row) => Some(row.try_get_by_index(0)?),
            None => None,
        };
        Ok(counted.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
    }

    /// The statement [`FullText::count_up_to`] runs (one row, one
    /// column), to run alone or as a value of another; `None` when
    /// `wanted` wants nothing.
    pub fn counting_up_to(
        &self,
        backend: DbBackend,
        wanted: Wanted<'_>,
        cap: u64,
    ) -> Option<SelectStatement> {
        let test = self.test(backend, wanted)?;
        let searched = match backend {
            DbBackend::Postgres => self.table.to_owned(),
            _ => format!("{}_fts", self.table),
        };
        let matches = sea_orm::sea_query::Query::select()
            .expr(Expr::val(1))
            .from(Alias::new(searched))
            .and_where(test)
            .limit(cap)
            .to_owned();
        Some(crate::pagination::counting(matches))
    }

    /// How to read the matches of `wanted` in the index's order. SQLite's
    /// FTS5 hands them out in rowid order whatever their number: it walks.
    /// PostgreSQL's planner, asked for a page in `seq` order, walks `seq`
    /// backwards testing each row even for a request number, which only one
    /// record holds (seconds at 200,000 requests): up to [`FEW_MATCHES`]
    /// matches, counted through the GIN index, are sorted instead.
    /// Remembered in `recent` for a few minutes.
    pub async fn reading(
        &self,
        conn: &impl ConnectionTrait,
        recent: &CommonSearches,
        wanted: Wanted<'_>,
    ) -> Result<Reading, ApiError> {
        if conn.get_database_backend() != DbBackend::Postgres {
            return Ok(Reading::Walk);
        }
        Ok(match self.common(conn, recent, wanted).await? {
            true => Reading::Walk,
            false => Reading::Sort,
        })
    }

    /// Whether `wanted` finds more than [`FEW_MATCHES`] records (counted
    /// that far), as `recent` remembers it or counted now and remembered.
    /// PostgreSQL's planner reads a common word's count from the table, not
    /// the GIN index (14 ms for 长江 among 100,000 customers).
    pub async fn common(
        &self,
        conn: &impl ConnectionTrait,
        recent: &CommonSearches,
        wanted: Wanted<'_>,
    ) -> Result<bool, ApiError> {
        let Some(text) = wanted.tsquery() else {
            return Ok(false);
        };
        let key = (self.table, text);
        if let Some(common) = recent.get(&key) {
            return Ok(common);
        }
        let common = self.count_up_to(conn, wanted, FEW_MATCHES + 1).await? > FEW_MATCHES;
        recent.put(key, common);
        Ok(common)
    }

    /// `select` (of records `E`, keyed by their column `id`) narrowed to
    /// those `wanted` finds, newest in the index first, after `after` (a
    /// record of an earlier page) if given, read as `reading` says: a
    /// common word walks the index's order (FTS5 by rowid), so a page
    /// reads about a page of the index, not every match, or on PostgreSQL
    /// walks the newest rows ([`Reading::Newest`]) and then reads a
    /// [`Stretch`] at a time (the stretch, which starts below
    /// [`FullText::below_walked`], bounds the page; `after` is ignored);
    /// a rare one sorts its matches. An unbounded walk on PostgreSQL
    /// ([`Reading::Walk`]) tests every row it passes: what a count reads,
    /// up to its cap.
    ///
    /// `alone`: when `select` filters nothing itself, the most records the
    /// page reads. PostgreSQL then reads that many matches from the index
    /// alone and joins only those to their records: asked for the join,
    /// it planned and made it for every match, which was most of the time
    /// of a search by a number's tail. SQLite joins in the index's order
    /// and stops at the page either way.
    pub fn newest_first<E: EntityTrait>(
        &self,
        select: Select<E>,
        backend: DbBackend,
        wanted: Wanted<'_>,
        after: Option<Uuid>,
        reading: Reading,
        alone: Option<u64>,
    ) -> Select<E> {
        let table = self.table;
        let Some(test) = self.test_read(backend, wanted, reading) else {
            return select.filter(Expr::cust("1 = 0"));
        };
        let order = self.order(backend, reading);
        let below = after.map(|after| self.below(backend, &order, after));
        let (newest, after) = match reading {
            // The stretch bounds the page.
            Reading::Stretch(_) => (None, None),
            // The newest rows, walked, stand for the table, named as it is.
            Reading::Newest => (Some(self.newest_rows(below)), None),
            Reading::Walk | Reading::Sort => (None, below),
        };
        if let (DbBackend::Postgres, Some(limit)) = (backend, alone) {
            return self.join_first_matches(select, newest, test, after, order, limit);
        }
        let mut select = select;
        match newest {
            Some(rows) => QueryTrait::query(&mut select).join_subquery(
                JoinType::InnerJoin,
                rows,
                Alias::new(table),
                id_of::<E>(table),
            ),
            None => QueryTrait::query(&mut select).join(
                JoinType::InnerJoin,
                Alias::new(table),
                id_of::<E>(table),
            ),
        };
        if backend != DbBackend::Postgres {
            QueryTrait::query(&mut select).join(
                JoinType::InnerJoin,
                Alias::new(format!("{table}_fts")),
                Expr::cust(format!("{table}_fts.rowid = {table}.seq")),
            );
        }
        let mut select = select.filter(test);
        if let Some(after) = after {
            select = select.filter(after);
        }
        QueryTrait::query(&mut select).order_by_expr(Expr::cust(order), Order::Desc);
        select
    }

    /// The condition that a row (its `seq` written as `order`) is below
    /// the record `after` in the index's order.
    fn below(&self, backend: DbBackend, order: &str, after: Uuid) -> Expr {
        let placeholder = match backend {
            DbBackend::Postgres => "$1",
            _ => "?",
        };
        let table = self.table;
        Expr::cust_with_values(
            format!("{order} < (SELECT seq FROM {table} WHERE id = {placeholder})"),
            [after],
        )
    }

    /// PostgreSQL: the newest [`NEWEST_WALKED`] rows of the index (below
    /// `after`, a condition), newest first, with what a search tests.
    fn newest_rows(&self, after: Option<Expr>) -> SelectStatement {
        self.newest_below(after)
            .columns([Alias::new("id"), Alias::new(TSVECTOR)])
            .limit(NEWEST_WALKED)
            .to_owned()
    }

    /// The `seq` of the index's rows (below `after`, a condition), newest
    /// first.
    fn newest_below(&self, after: Option<Expr>) -> SelectStatement {
        let seq = Alias::new("seq");
        sea_orm::sea_query::Query::select()
            .column(seq.clone())
            .from(Alias::new(self.table))
            .and_where_option(after)
            .order_by(seq, Order::Desc)
            .to_owned()
    }

    /// `select` joined to the first `limit` matches of `test` (after
    /// `after`) in `order`, read from the index alone (or from `newest`,
    /// its newest rows: see [`Reading::Newest`]; see `alone` in
    /// [`FullText::newest_first`]), newest first.
    fn join_first_matches<E: EntityTrait>(
        &self,
        select: Select<E>,
        newest: Option<SelectStatement>,
        test: Expr,
        after: Option<Expr>,
        order: String,
        limit: u64,
    ) -> Select<E> {
        let matches = self.first_matches(newest, test, after, order, limit);
        join_found(select, matches)
    }

    /// PostgreSQL: `select` joined to the first `limit` matches of
    /// `wanted` below `top` (where [`Reading::Newest`] stopped), newest
    /// first, read from the index alone and joined to their records once;
    /// for a `select` that filters nothing itself (`alone` in
    /// [`FullText::newest_first`]).
    ///
    /// Every [`Stretch`] (at [`Pace::Coarse`]) is a row of a `VALUES` list,
    /// its blocks and where it ends, and a lateral subquery reads a
    /// stretch's first matches: one statement and one small plan however
    /// many stretches there are. The nested loop takes the rows in turn and
    /// the limit stops it at the page, so the stretches past the page are
    /// never looked into.
    pub fn newest_first_below<E: EntityTrait>(
        &self,
        select: Select<E>,
        wanted: Wanted<'_>,
        top: i64,
        limit: u64,
    ) -> Select<E> {
        let first = Stretch::first(top, Pace::Coarse);
        let stretches: Vec<(String, i64)> = std::iter::successors(first, |stretch| stretch.next())
            .map(|stretch| (stretch.blocks(), stretch.to()))
            .collect();
        let (Some(wanted), false) = (wanted.tsquery(), stretches.is_empty()) else {
            return select.filter(Expr::cust("1 = 0"));
        };
        let (table, stretch) = (self.table, "stretch");
        // VALUES columns are column1, column2, … on PostgreSQL.
        let test = holds(wanted)
            .and(Expr::cust(format!(
                "{TSVECTOR} @@ CAST({stretch}.column1 AS tsquery)"
            )))
            .and(Expr::cust(format!("{table}.seq + 0 < {stretch}.column2")));
        let order = self.order(DbBackend::Postgres, Reading::Sort);
        let matches = self.first_matches(None, test, None, order, limit);
        let matched = Alias::new("matched");
        let found = sea_orm::sea_query::Query::select()
            .columns([
                (matched.clone(), Alias::new("id")),
                (matched.clone(), Alias::new("seq")),
            ])
            .from_values(stretches, Alias::new(stretch))
            .join_lateral(JoinType::InnerJoin, matches, matched, Expr::cust("true"))
            .limit(limit)
            .to_owned();
        join_found(select, found)
    }

    /// The index's order as `reading` reads it on `backend`, newest last.
    fn order(&self, backend: DbBackend, reading: Reading) -> String {
        let table = self.table;
        match (backend, reading) {
            (DbBackend::Postgres, Reading::Walk | Reading::Newest) => format!("{table}.seq"),
            // The same order, which no index gives.
            (DbBackend::Postgres, Reading::Sort | Reading::Stretch(_)) => {
                format!("({table}.seq + 0)")
            }
            _ => format!("{table}_fts.rowid"),
        }
    }

    /// The ids and `seq`s of the first `limit` matches of `test` (after
    /// `after`) in `order`, from the index alone (or from `newest`, its
    /// newest rows), newest first.
    fn first_matches(
        &self,
        newest: Option<SelectStatement>,
        test: Expr,
        after: Option<Expr>,
        order: String,
        limit: u64,
    ) -> SelectStatement {
        let table = Alias::new(self.table);
        let mut matches = sea_orm::sea_query::Query::select();
        matches.columns([Alias::new("id"), Alias::new("seq")]);
        match newest {
            Some(rows) => matches.from_subquery(rows, table),
            None => matches.from(table),
        };
        matches
            .and_where(test)
            .and_where_option(after)
            .order_by_expr(Expr::cust(order), Order::Desc)
            .limit(limit);
        matches
    }
}

/// `select` joined to `matches` (ids and `seq`s of the index, newest
/// first) as `found`, in their order.
fn join_found<E: EntityTrait>(select: Select<E>, matches: SelectStatement) -> Select<E> {
    let found = "found";
    let mut select = select;
    QueryTrait::query(&mut select)
        .join_subquery(
            JoinType::InnerJoin,
            matches,
            Alias::new(found),
            id_of::<E>(found),
        )
        .order_by_expr(
            Expr::col((Alias::new(found), Alias::new("seq"))),
            Order::Desc,
        );
    select
}

/// PostgreSQL: the condition that a row's terms match `tsquery`, which
/// the GIN index can answer.
fn holds(tsquery: String) -> Expr {
    Expr::cust_with_values(format!("{TSVECTOR} @@ CAST($1 AS tsquery)"), [tsquery])
}

/// The join of the search table (or its page of matches) named `joined`
/// to the records `E` by their column `id`.
fn id_of<E: EntityTrait>(joined: &str) -> Expr {
    Expr::col((Alias::new(joined), Alias::new("id"))).equals((E::default(), Alias::new("id")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(count: usize) -> SortedRows {
        (0..count)
            .map(|n| (Uuid::now_v7(), format!("n{n}")))
            .collect::<Vec<_>>()
            .into()
    }

    #[test]
    fn sorted_matches_are_kept_while_their_index_is_unchanged_and_within_bounds() {
        let kept = SortedMatches::default();
        let list = |word: &str| ("customers_search", 'n', word.to_owned());
        kept.put(list("'长江'"), 7, rows(3));
        assert_eq!(kept.get(&list("'长江'"), 7).map(|rows| rows.len()), Some(3));
        // Written since, or another order or search: not kept.
        assert!(kept.get(&list("'长江'"), 8).is_none());
        assert!(
            kept.get(&("customers_search", 'c', "'长江'".to_owned()), 7)
                .is_none()
        );
        assert!(kept.get(&list("'北方'"), 7).is_none());
        // Read again: in place of what was kept.
        kept.put(list("'长江'"), 8, rows(4));
        assert_eq!(kept.get(&list("'长江'"), 8).map(|rows| rows.len()), Some(4));
        assert!(kept.get(&list("'长江'"), 7).is_none());
        // Past the bound, the list kept longest goes first.
        kept.put(list("'北方'"), 8, rows(MAX_SORTED - 4));
        kept.put(list("'华东'"), 8, rows(1));
        assert!(kept.get(&list("'长江'"), 8).is_none());
        assert!(kept.get(&list("'北方'"), 8).is_some());
        assert!(kept.get(&list("'华东'"), 8).is_some());
    }

    #[test]
    fn queries_are_written_for_each_index() {
        let query = Query::parse("0001 打印机");
        assert_eq!(
            Wanted::Any(&query).fts5().as_deref(),
            Some(r#"("0001" AND "打印" AND "印机")"#)
        );
        let query = Query::parse("0001");
        assert_eq!(
            Wanted::Any(&query).fts5().as_deref(),
            Some(r#""t0001" OR ("0001")"#)
        );
        assert_eq!(
            Wanted::Any(&query).tsquery().as_deref(),
            Some("'t0001' | ('0001')")
        );
        let words = Wanted::Words {
            words: &query.words,
            but_not: query.code.as_ref(),
        };
        assert_eq!(words.fts5().as_deref(), Some(r#"("0001") NOT "t0001""#));
        assert_eq!(words.tsquery().as_deref(), Some("('0001') & !'t0001'"));
        let query = Query::parse("机");
        assert_eq!(Wanted::Any(&query).tsquery().as_deref(), Some("('机':*)"));
        assert_eq!(Wanted::Any(&Query::parse("--")).fts5(), None);
    }
}
