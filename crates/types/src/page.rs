//! Page-based lists: `?page=1&limit=50`, and one page of a list.

use serde::{Deserialize, Serialize};

/// Which page of a list to return.
#[derive(Debug, PartialEq, Clone, Copy, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// 1-based page number (default 1).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Items per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u64>,
}

/// One page of a list and where it sits in the whole.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paged<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// This page's number: `page` as asked (1 when not), or 0 for a page
    /// reached by `cursor` (its number is not known).
    pub page: u64,
    /// The page size used.
    pub limit: u64,
    /// How many items match in all, counted no further than 1,000 or the
    /// end of this page, whichever is larger: when more match, that bound
    /// and `total_exact` is false.
    pub total: u64,
    /// Whether `total` is the exact count (absent from older servers: exact).
    #[serde(default = "exact")]
    pub total_exact: bool,
    /// On the lists that take a `cursor` (customers, contracts, visits,
    /// complaints, needs, the audit log): pass it as `cursor` for the page
    /// after this one. Absent on the last page and on lists paged by number
    /// only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// What `total_exact` is when an answer leaves it out.
pub(crate) fn exact() -> bool {
    true
}
