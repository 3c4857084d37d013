//! What several pages show alike of a record: the overdue tag, the link
//! to the request it is about, the link to its customer and the heading
//! naming them.

use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Lang, T};
use crate::route::Route;

/// The overdue tag, when `overdue`.
pub fn overdue_tag(overdue: bool, lang: Lang) -> Html {
    if !overdue {
        return html! {};
    }
    html! { <span class="tag overdue">{ T::Overdue.get(lang) }</span> }
}

/// A link to the request a record is about, if any.
pub fn request_link(request_id: Option<Uuid>, lang: Lang) -> Html {
    match request_id {
        Some(id) => {
            html! { <Link<Route> to={Route::Request { id }}>{ T::Request.get(lang) }</Link<Route>> }
        }
        None => html! {},
    }
}

/// The customer's name, opening their page.
pub fn customer_link(id: Uuid, name: String) -> Html {
    html! { <Link<Route> to={Route::Customer { id }}>{ name }</Link<Route>> }
}

/// A page's heading: what it shows, then the customer's name opening them.
pub fn customer_heading(title: &str, customer_id: Uuid, name: Option<String>) -> Html {
    html! {
        <h2>
            { format!("{title} · ") }
            { customer_link(customer_id, name.unwrap_or_default()) }
        </h2>
    }
}
