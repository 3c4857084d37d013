//! The needs tab (seed 002): what the customer asked for, with its kind,
//! priority, where it stands and who owns it; each opens its page.

use rapport_types::needs::Need;
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::components::loaded::{Head, shown, use_page};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;

#[component]
pub fn Needs(props: &TabProps) -> Html {
    let lang = use_lang();
    let list = use_page::<Need>(
        format!("/api/v1/needs?customer_id={}&limit=50", props.customer.id),
        0,
    );
    shown(&list, lang, T::NoNeeds, |page| {
        html! {
            <table class="needs">
                <Head columns={vec![T::Title, T::Kind, T::Priority, T::Status, T::Owner]} />
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
        }
    })
}
