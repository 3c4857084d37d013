//! The requests tab: the customer's service requests, newest first, each
//! opening its page.

use rapport_types::requests::{RequestFilter, RequestPage};
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

#[component]
pub fn Requests(props: &TabProps) -> Html {
    let lang = use_lang();
    let list = use_state(|| None::<Result<RequestPage, Failure>>);
    {
        let list = list.clone();
        use_effect_with(props.customer.id, move |id| {
            let filter = RequestFilter {
                customer_id: Some(*id),
                limit: Some(50),
                ..RequestFilter::default()
            };
            wasm_bindgen_futures::spawn_local(async move {
                list.set(Some(services::get_with("/api/v1/requests", &filter).await));
            });
        });
    }
    match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NothingHere.get(lang) }</p> }
        }
        Some(Ok(page)) => html! {
            <table class="queue">
                <thead><tr>
                    <th>{ T::Number.get(lang) }</th>
                    <th>{ T::Title.get(lang) }</th>
                    <th>{ T::Category.get(lang) }</th>
                    <th>{ T::Priority.get(lang) }</th>
                    <th>{ T::Status.get(lang) }</th>
                    <th>{ T::TakenIn.get(lang) }</th>
                </tr></thead>
                <tbody>
                    { for page.items.iter().map(|request| html! {
                        <tr data-number={request.number.clone()}>
                            <td><Link<Route> to={Route::Request { id: request.id }}>{ request.number.clone() }</Link<Route>></td>
                            <td>{ request.title.clone() }</td>
                            <td>{ request.category.label(lang) }</td>
                            <td class={classes!("priority", format::code(request.priority))}>{ request.priority.label(lang) }</td>
                            <td>{ request.status.label(lang) }</td>
                            <td>{ format::time(request.created_at) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    }
}
