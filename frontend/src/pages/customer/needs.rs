//! The needs tab (seed 002): what the customer asked for, with its kind,
//! priority, where it stands and who owns it; each opens its page.

use rapport_types::needs::Need;
use rapport_types::page::Paged;
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

#[component]
pub fn Needs(props: &TabProps) -> Html {
    let lang = use_lang();
    let list = use_state(|| None::<Result<Paged<Need>, Failure>>);
    {
        let list = list.clone();
        use_effect_with(props.customer.id, move |id| {
            let path = format!("/api/v1/needs?customer_id={id}&limit=50");
            wasm_bindgen_futures::spawn_local(async move {
                list.set(Some(services::get(&path).await));
            });
        });
    }
    match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoNeeds.get(lang) }</p> }
        }
        Some(Ok(page)) => html! {
            <table class="needs">
                <thead><tr>
                    <th>{ T::Title.get(lang) }</th>
                    <th>{ T::Kind.get(lang) }</th>
                    <th>{ T::Priority.get(lang) }</th>
                    <th>{ T::Status.get(lang) }</th>
                    <th>{ T::Owner.get(lang) }</th>
                </tr></thead>
                <tbody>
                    { for page.items.iter().map(|need| html! {
                        <tr class="need" data-status={format::code(need.status)}>
                            <td><Link<Route> to={Route::Need { id: need.id }}>{ need.title.clone() }</Link<Route>></td>
                            <td>{ need.kind.label(lang) }</td>
                            <td>{ need.priority.label(lang) }</td>
                            <td>{ need.status.label(lang) }</td>
                            <td>{ need.owner_name.clone().unwrap_or_default() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    }
}
