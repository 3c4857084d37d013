//! Previous and next under a paged list, with where the page stands.

use yew::prelude::*;

use crate::i18n::{T, use_lang};

#[derive(Properties, PartialEq)]
pub struct PagerProps {
    /// This page's number, from 1.
    pub page: u64,
    /// Items per page.
    pub limit: u64,
    /// Items in the whole list.
    pub total: u64,
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
            <span>{ format!("{} / {} {}", props.page, pages, T::PageOf.get(lang)) }</span>
            { button(T::Next, props.page + 1, props.page < pages) }
        </nav>
    }
}
