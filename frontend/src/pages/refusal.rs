//! What a page says when the user may not open it, or it does not exist.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{T, use_lang};
use crate::route::Route;

#[component]
pub fn NotAllowed() -> Html {
    let lang = use_lang();
    html! {
        <section class="refusal" id="not-allowed">
            <h2>{ T::NotAllowedTitle.get(lang) }</h2>
            <p>{ T::NotAllowedBody.get(lang) }</p>
            <Link<Route> to={Route::Home}>{ T::BackHome.get(lang) }</Link<Route>>
        </section>
    }
}

#[component]
pub fn NotFound() -> Html {
    let lang = use_lang();
    html! {
        <section class="refusal" id="not-found">
            <h2>{ T::NotFoundTitle.get(lang) }</h2>
            <Link<Route> to={Route::Home}>{ T::BackHome.get(lang) }</Link<Route>>
        </section>
    }
}
