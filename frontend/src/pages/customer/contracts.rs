//! The contracts tab: the customer's contracts, free years included, each
//! opening its page (the quote for their next contract is in the page's
//! header).

use rapport_types::contracts::Contract;
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::components::loaded::{Head, shown, use_page};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;

#[component]
pub fn Contracts(props: &TabProps) -> Html {
    let lang = use_lang();
    let list = use_page::<Contract>(
        format!(
            "/api/v1/contracts?customer_id={}&limit=50",
            props.customer.id
        ),
        0,
    );
    shown(&list, lang, T::NoContracts, |page| {
        html! {
            <table class="contracts">
                <Head columns={vec![T::Kind, T::Status, T::Period, T::Package]}>
                    <th class="number">{ T::Fee.get(lang) }</th>
                </Head>
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
        }
    })
}
