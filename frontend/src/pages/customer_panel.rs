//! The customer beside a request: name, tier, contract cover, masked
//! contacts, and their other requests.

use rapport_domain::permissions::Action;
use rapport_types::contacts::Contact;
use rapport_types::customers::Customer;
use rapport_types::page::Paged;
use rapport_types::requests::{RequestFilter, ServiceRequest};
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::cells::customer_link;
use crate::i18n::{Label, T, use_lang};
use crate::pages::customer::ContactRow;
use crate::route::Route;
use crate::services;
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct CustomerPanelProps {
    pub customer_id: Uuid,
}

#[component]
pub fn CustomerPanel(props: &CustomerPanelProps) -> Html {
    let lang = use_lang();
    let customer = use_state(|| None::<Customer>);
    let contacts = use_state(Vec::<Contact>::new);
    let recent = use_state(Vec::<ServiceRequest>::new);
    {
        let (customer, contacts, recent) = (customer.clone(), contacts.clone(), recent.clone());
        use_effect_with(props.customer_id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(found) = services::get(&format!("/api/v1/customers/{id}")).await {
                    customer.set(Some(found));
                }
            });
            wasm_bindgen_futures::spawn_local(async move {
                let page: Result<Paged<Contact>, _> =
                    services::get(&format!("/api/v1/customers/{id}/contacts")).await;
                if let Ok(page) = page {
                    contacts.set(page.items);
                }
            });
            wasm_bindgen_futures::spawn_local(async move {
                let filter = RequestFilter {
                    customer_id: Some(id),
                    limit: Some(5),
                    ..RequestFilter::default()
                };
                let page: Result<Paged<ServiceRequest>, _> =
                    services::get_with("/api/v1/requests", &filter).await;
                if let Ok(page) = page {
                    recent.set(page.items);
                }
            });
        });
    }
    let may_reveal = use_session().session.may(Action::RevealContacts);
    let Some(customer) = &*customer else {
        return html! { <div class="card customer-panel">{ T::Loading.get(lang) }</div> };
    };
    html! {
        <div class="card customer-panel" id="customer-panel">
            <h3>{ customer_link(customer.id, customer.name.clone()) }</h3>
            <p>{ format!("{}: {}", T::Tier.get(lang), customer.tier.label(lang)) }</p>
            <h4>{ T::Contact.get(lang) }</h4>
            <ul class="contacts">
                { for contacts.iter().map(|contact| html! { <ContactRow contact={contact.clone()} {may_reveal} /> }) }
            </ul>
            <h4>{ T::Queue.get(lang) }</h4>
            <ul class="recent">
                { for recent.iter().map(|request| html! {
                    <li>
                        <Link<Route> to={Route::Request { id: request.id }}>{ request.number.clone() }</Link<Route>>
                        { format!(" {} · {}", request.title, request.status.label(lang)) }
                    </li>
                }) }
            </ul>
        </div>
    }
}
