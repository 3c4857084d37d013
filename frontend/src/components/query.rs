//! A page whose state lives in its URL's query: reading it, and going to
//! another state (a new history entry, so Back returns to this one).
//!
//! A query (or a list's question to the API) is a struct of `Option`s
//! with no serde attributes: the URL encoding leaves out a `None`, and a
//! field the URL leaves out reads as `None`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

/// What the URL's query holds, or the default when it holds nothing readable.
#[hook]
pub fn use_query<Q>() -> Q
where
    Q: DeserializeOwned + Default + 'static,
{
    use_location()
        .and_then(|location| location.query::<Q>().ok())
        .unwrap_or_default()
}

/// Opens `route` with the query it is given.
#[hook]
pub fn use_go<Q>(route: Route) -> Callback<Q>
where
    Q: Serialize + 'static,
{
    let navigator = use_navigator();
    Callback::from(move |next: Q| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&route, &next);
        }
    })
}

/// The query of a list shown in views (tabs), a page at a time.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct ViewPage<V> {
    view: Option<V>,
    page: Option<u64>,
}

/// A list shown in views (tabs) a page at a time, both in the URL
/// (`?view=…&page=…`).
pub struct Views<V> {
    /// The view shown.
    pub view: V,
    /// The page shown, from 1.
    pub page: u64,
    /// Opens a view, at its first page.
    pub on_pick: Callback<V>,
    /// Opens another page of the view.
    pub on_page: Callback<u64>,
}

/// The view and page `route`'s URL names, and the ways to others.
#[hook]
pub fn use_views<V>(route: Route) -> Views<V>
where
    V: Copy + Default + Serialize + DeserializeOwned + 'static,
{
    let query: ViewPage<V> = use_query();
    let go = use_go(route);
    let view = query.view.unwrap_or_default();
    Views {
        view,
        page: query.page.unwrap_or(1),
        on_pick: go.reform(|view| ViewPage {
            view: Some(view),
            page: None,
        }),
        on_page: go.reform(move |page| ViewPage {
            view: Some(view),
            page: Some(page),
        }),
    }
}
