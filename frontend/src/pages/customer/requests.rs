//! The requests tab: the customer's service requests, newest first, each
//! opening its page.

use rapport_types::requests::{RequestFilter, RequestPage};
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::components::loaded::{Head, shown, use_get_with};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;

#[component]
pub fn Requests(props: &TabProps) -> Html {
    let lang = use_lang();
    let filter = RequestFilter {
        customer_id: Some(props.customer.id),
        limit: Some(50),
        ..RequestFilter::default()
    };
    let list = use_get_with::<RequestPage, _>("/api/v1/requests", Some(filter));
    shown(&list, lang, T::NothingHere, |page| {
        html! {
            <table class="queue">
                <Head columns={vec![T::Number, T::Title, T::Category, T::Priority, T::Status, T::TakenIn]} />
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
        }
    })
}
