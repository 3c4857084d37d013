//! One customer, as the service desk needs them on the phone: who they
//! are, their contacts (masked; revealed one at a time where the role
//! allows, and audited by the server), their contracts and requests, and a
//! shortcut to take in a request for them.

use rapport_domain::permissions::Action;
use rapport_types::contacts::{Contact, Revealed};
use rapport_types::contracts::Contract;
use rapport_types::customers::{Customer, Review, ReviewDecision, Verification};
use rapport_types::page::Paged;
use rapport_types::requests::{RequestFilter, ServiceRequest};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::intake::IntakeQuery;
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct CustomerProps {
    pub id: Uuid,
}

#[component]
pub fn CustomerPage(props: &CustomerProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let customer = use_state(|| None::<Result<Customer, Failure>>);
    let contacts = use_state(Vec::<Contact>::new);
    let contracts = use_state(Vec::<Contract>::new);
    let requests = use_state(Vec::<ServiceRequest>::new);
    {
        let (customer, contacts, contracts, requests) = (
            customer.clone(),
            contacts.clone(),
            contracts.clone(),
            requests.clone(),
        );
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                customer.set(Some(
                    services::get(&format!("/api/v1/customers/{id}")).await,
                ));
            });
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(found) = services::get(&format!("/api/v1/customers/{id}/contacts")).await
                {
                    contacts.set(found);
                }
            });
            wasm_bindgen_futures::spawn_local(async move {
                let page: Result<Paged<Contract>, _> =
                    services::get(&format!("/api/v1/contracts?customer_id={id}&limit=20")).await;
                if let Ok(page) = page {
                    contracts.set(page.items);
                }
            });
            wasm_bindgen_futures::spawn_local(async move {
                let filter = RequestFilter {
                    customer_id: Some(id),
                    limit: Some(20),
                    ..RequestFilter::default()
                };
                let page: Result<Paged<ServiceRequest>, _> =
                    services::get_with("/api/v1/requests", &filter).await;
                if let Ok(page) = page {
                    requests.set(page.items);
                }
            });
        });
    }
    let customer_state = customer.clone();
    let customer = match &*customer {
        None => return html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => return html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(customer)) => customer.clone(),
    };
    let on_reviewed = {
        let state = customer_state.clone();
        Callback::from(move |after: Customer| state.set(Some(Ok(after))))
    };
    let may_reveal = context.session.may(Action::RevealContacts);
    let may_take_in = context.session.may(Action::WriteRequests);
    let take_in = {
        let (navigator, id) = (navigator.clone(), customer.id);
        Callback::from(move |_| {
            if let Some(navigator) = &navigator {
                let _ = navigator.push_with_query(
                    &Route::Intake,
                    &IntakeQuery {
                        customer_id: Some(id),
                    },
                );
            }
        })
    };
    html! {
        <section class="customer-page">
            <header class="request-head">
                <h2>{ customer.name.clone() }</h2>
                <p class="facts">
                    <span>{ customer.tier.label(lang) }</span>
                    <span>{ customer.stage.label(lang) }</span>
                    <span class="verification">{ customer.verification.label(lang) }</span>
                    <span>{ customer.industry.clone() }</span>
                    <span>{ customer.address.clone() }</span>
                </p>
                if may_take_in {
                    <button class="primary" id="take-in-for-customer" onclick={take_in}>{ T::TakeIn.get(lang) }</button>
                }
            </header>
            if let Some(reason) = customer.rejection_reason.clone() {
                <p class="error" id="rejection-reason">{ format!("{}：{reason}", T::Rejected.get(lang)) }</p>
            }
            if customer.verification == Verification::PendingReview && context.session.may(Action::ReviewCustomers) {
                <ReviewForm customer={customer.clone()} on_reviewed={on_reviewed} />
            }
            <div class="columns">
                <div class="main-column">
                    <h3>{ T::Queue.get(lang) }</h3>
                    <table class="queue"><tbody>
                        { for requests.iter().map(|request| html! {
                            <tr data-number={request.number.clone()}>
                                <td><Link<Route> to={Route::Request { id: request.id }}>{ request.number.clone() }</Link<Route>></td>
                                <td>{ request.title.clone() }</td>
                                <td>{ request.status.label(lang) }</td>
                                <td>{ format::time(request.created_at) }</td>
                            </tr>
                        }) }
                    </tbody></table>
                    <h3>
                        { T::Contracts.get(lang) }
                        if context.session.may(Action::ReadContracts) {
                            <Link<Route> to={Route::Quote { id: props.id }} classes="quote-link">{ T::Quote.get(lang) }</Link<Route>>
                        }
                    </h3>
                    if contracts.is_empty() {
                        <p class="empty">{ T::NoContracts.get(lang) }</p>
                    }
                    <table class="contracts"><tbody>
                        { for contracts.iter().map(|contract| html! {
                            <tr>
                                <td>{ contract.status.label(lang) }</td>
                                <td>{ format!("{} – {}", contract.period_start, contract.period_end) }</td>
                                <td>{ contract.package_code.clone().unwrap_or_default() }</td>
                                <td>{ format::money(contract.fee_cents) }</td>
                            </tr>
                        }) }
                    </tbody></table>
                </div>
                <aside class="card">
                    <h3>{ T::Contact.get(lang) }</h3>
                    <ul class="contacts" id="contacts">
                        { for contacts.iter().map(|contact| html! { <ContactRow contact={contact.clone()} {may_reveal} /> }) }
                    </ul>
                </aside>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ContactRowProps {
    pub contact: Contact,
    pub may_reveal: bool,
}

/// A contact, masked until revealed.
#[component]
pub fn ContactRow(props: &ContactRowProps) -> Html {
    let lang = use_lang();
    let revealed = use_state(|| None::<Result<Revealed, Failure>>);
    let contact = &props.contact;
    let reveal = {
        let (revealed, id) = (revealed.clone(), contact.id);
        Callback::from(move |_| {
            let revealed = revealed.clone();
            wasm_bindgen_futures::spawn_local(async move {
                revealed.set(Some(
                    services::post(&format!("/api/v1/contacts/{id}/reveal"), &()).await,
                ));
            });
        })
    };
    let (phone, email) = match &*revealed {
        Some(Ok(full)) => (full.phone.clone(), full.email.clone()),
        _ => (contact.phone.clone(), contact.email.clone()),
    };
    html! {
        <li class="contact" data-contact={contact.name.clone()}>
            <strong>{ contact.name.clone() }</strong>
            { format!(" {} ", contact.position) }
            <span class="phone">{ phone }</span>
            { " · " }
            <span class="email">{ email }</span>
            if props.may_reveal && revealed.is_none() {
                <button class="link reveal" onclick={reveal}>{ T::Reveal.get(lang) }</button>
            }
            if let Some(Err(failure)) = &*revealed {
                <span class="error">{ failure.detail() }</span>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ReviewFormProps {
    customer: Customer,
    on_reviewed: Callback<Customer>,
}

/// Verify or reject a registration (a reviewer who did not register it);
/// a rejection says why.
#[component]
fn ReviewForm(props: &ReviewFormProps) -> Html {
    let lang = use_lang();
    let failure = use_state(|| None::<Failure>);
    let reason = use_node_ref();
    let review = {
        let (customer, on_reviewed) = (props.customer.clone(), props.on_reviewed.clone());
        let (failure, reason) = (failure.clone(), reason.clone());
        Callback::from(move |decision: ReviewDecision| {
            let review = Review {
                version: customer.version,
                decision,
                reason: reason
                    .cast::<HtmlInputElement>()
                    .map(|input| input.value())
                    .filter(|text| !text.trim().is_empty()),
            };
            let (on_reviewed, failure) = (on_reviewed.clone(), failure.clone());
            let path = format!("/api/v1/customers/{}/review", customer.id);
            wasm_bindgen_futures::spawn_local(async move {
                match services::post::<_, Customer>(&path, &review).await {
                    Ok(after) => on_reviewed.emit(after),
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let verify = review.reform(|_| ReviewDecision::Verified);
    let reject = review.reform(|_| ReviewDecision::Rejected);
    html! {
        <div class="review card">
            <strong>{ T::ReviewRegistration.get(lang) }</strong>
            <button class="primary" id="verify-customer" onclick={verify}>{ T::Verify.get(lang) }</button>
            <input id="rejection-input" placeholder={T::RejectionReason.get(lang)} ref={reason} />
            <button id="reject-customer" onclick={reject}>{ T::Reject.get(lang) }</button>
            if let Some(failure) = &*failure {
                <p class="error">{ failure.field("reason").unwrap_or_else(|| failure.detail()) }</p>
            }
        </div>
    }
}
