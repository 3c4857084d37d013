//! The contracts tab: the customer's contracts, free years included, each
//! opening its page (the quote for their next contract is in the page's
//! header).

use rapport_types::contracts::Contract;
use rapport_types::page::Paged;
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

#[component]
pub fn Contracts(props: &TabProps) -> Html {
    let lang = use_lang();
    let list = use_state(|| None::<Result<Paged<Contract>, Failure>>);
    {
        let list = list.clone();
        use_effect_with(props.customer.id, move |id| {
            let path = format!("/api/v1/contracts?customer_id={id}&limit=50");
            wasm_bindgen_futures::spawn_local(async move {
                list.set(Some(services::get(&path).await));
            });
        });
    }
    match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoContracts.get(lang) }</p> }
        }
        Some(Ok(page)) => html! {
            <table class="contracts">
                <thead><tr>
                    <th>{ T::Kind.get(lang) }</th>
                    <th>{ T::Status.get(lang) }</th>
                    <th>{ T::Period.get(lang) }</th>
                    <th>{ T::Package.get(lang) }</th>
                    <th class="number">{ T::Fee.get(lang) }</th>
                </tr></thead>
                <tbody>
                    { for page.items.iter().map(|contract| html! {
                        <tr data-contract={contract.id.to_string()}>
                            <td><Link<Route> to={Route::Contract { id: contract.id }}>{ contract.kind.label(lang) }</Link<Route>></td>
                            <td>{ contract.status.label(lang) }</td>
                            <td>{ format!("{} – {}", contract.period_start, contract.period_end) }</td>
                            <td>{ contract.package_code.clone().unwrap_or_default() }</td>
                            <td class="number">{ format::money(contract.fee_cents) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    }
}
