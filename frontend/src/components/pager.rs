//! Previous and next under a paged list, with where the page stands.

use rapport_types::page::Paged;
use yew::prelude::*;

use crate::i18n::{T, use_lang};

#[derive(Properties, PartialEq)]
pub struct PagerProps {
    /// This page's number, from 1.
    pub page: u64,
    /// Items per page.
    pub limit: u64,
    /// Items in the whole list (or as far as the server counted).
    pub total: u64,
    /// Whether `total` is the whole count; a list counted only so far
    /// shows its pages as "20+" and goes on while `more` says so.
    #[prop_or(true)]
    pub exact: bool,
    /// Whether a page follows this one (for a list not counted to its end).
    #[prop_or(false)]
    pub more: bool,
    /// Opens another page.
    pub on_page: Callback<u64>,
}

#[component]
pub fn Pager(props: &PagerProps) -> Html {
    let lang = use_lang();
    let pages = props.total.div_ceil(props.limit.max(1)).max(1);
    let button = |label: T, target: u64, enabled: bool| {
        let onclick = props.on_page.reform(move |_| target);
        html! { <button disabled={!enabled} {onclick}>{ label.get(lang) }</button> }
    };
    html! {
        <nav class="pager">
            { button(T::Previous, props.page.saturating_sub(1), props.page > 1) }
            <span>{ format!("{} / {pages}{} {}", props.page, if props.exact { "" } else { "+" }, T::PageOf.get(lang)) }</span>
            { button(T::Next, props.page + 1, props.page < pages || (!props.exact && props.more)) }
        </nav>
    }
}

/// Whether a page follows `page` of a list: it has a `next_cursor`, or
/// its count stopped short (the server counts past the page's end, so an
/// inexact count means rows lie beyond it).
pub fn more<T>(page: &Paged<T>) -> bool {
    page.next_cursor.is_some() || !page.total_exact
}
