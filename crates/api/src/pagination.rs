//! Page-based lists: `?page=1&limit=50`, `limit` at most 200.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ConnectionTrait, EntityTrait, FromQueryResult, IdenStatic, Iterable, ModelTrait,
    PaginatorTrait, PrimaryKeyToColumn, PrimaryKeyTrait, QueryResult, QuerySelect, QueryTrait,
    Select,
};

use rapport_types::page::{PageQuery, Paged};

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

    /// Rows to skip.
    pub fn offset(self) -> u64 {
        (self.page - 1) * self.limit
    }

    /// This page of the rows `query` finds, each made into an item by
    /// `item`, with how many rows it finds in all. A row this version
    /// cannot read ([`all_readable`]) or `item` cannot (a JSON column in a
    /// shape it does not know, say) is logged with its id and left out of
    /// the page, so one bad row does not fail the list for everyone;
    /// `total` still counts it.
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
        let total = query.clone().count(conn).await?;
        let rows =
            all_readable::<E, E::Model>(conn, &query.offset(self.offset()).limit(self.limit))
                .await?;
        Ok(Paged {
            items: readable::<E, T>(rows, item),
            page: self.page,
            limit: self.limit,
            total,
        })
    }
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
    let rows = conn.query_all(query.as_query()).await?;
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
    Ok(read)
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
