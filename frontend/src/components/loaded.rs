//! A list read from the API and shown with its three other states: still
//! loading, refused, and empty. The customer page's tabs are all this.

use rapport_types::page::Paged;
use serde::de::DeserializeOwned;
use yew::prelude::*;

use crate::components::latest::load_latest;
use crate::i18n::{Lang, T};
use crate::services::{self, Failure};

/// A page of a list as far as it has been read.
pub type Loaded<Item> = UseStateHandle<Option<Result<Paged<Item>, Failure>>>;

/// The page at `path`, read again whenever `path` or `generation` changes
/// (a form that adds to the list bumps its generation).
#[hook]
pub fn use_page<Item>(path: String, generation: u32) -> Loaded<Item>
where
    Item: DeserializeOwned + 'static,
{
    let list = use_state(|| None);
    {
        let list = list.clone();
        use_effect_with((path, generation), move |(path, _)| {
            let path = path.clone();
            load_latest(async move { services::get(&path).await }, move |answer| {
                list.set(Some(answer))
            })
        });
    }
    list
}

/// `list` as the page shows it: loading, the failure, `empty` when it has
/// no items, else `table`.
pub fn shown<Item>(
    list: &Option<Result<Paged<Item>, Failure>>,
    lang: Lang,
    empty: T,
    table: impl FnOnce(&Paged<Item>) -> Html,
) -> Html {
    match list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ empty.get(lang) }</p> }
        }
        Some(Ok(page)) => table(page),
    }
}
