//! 客户 customer 360: who the customer is, their review, when their next
//! routine visit falls by their tier's cadence, and one tab for each side
//! of the relationship (contacts, follow-ups, orders, contracts, requests,
//! visits, complaints, needs, care). The tab lives in the URL, so a copied
//! link opens the same tab.

mod cadence;
mod care;
mod complaints;
mod contacts;
mod contracts;
mod follow_ups;
mod needs;
mod orders;
mod requests;
mod review;
mod visits;

use rapport_domain::permissions::Action;
use rapport_types::contacts::Contact;
use rapport_types::customers::{Customer, Verification};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::loaded::{keep, ready, use_get};
use crate::components::query::use_query;
use crate::components::tabs::Tabs;
use crate::i18n::{Label, T, use_lang};
use crate::pages::intake::IntakeQuery;
use crate::route::Route;
use crate::session::use_session;

pub use contacts::ContactRow;

/// The customer page's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerTab {
    /// Contacts, masked until revealed.
    #[default]
    Contacts,
    /// Logged contacts with the customer.
    FollowUps,
    /// Orders with their lines and warranty dates.
    Orders,
    /// Maintenance contracts.
    Contracts,
    /// Service requests.
    Requests,
    /// Return, executive and routine visits.
    Visits,
    /// Complaints.
    Complaints,
    /// The needs list.
    Needs,
    /// Greetings due this week.
    Care,
}

impl CustomerTab {
    const ALL: [(CustomerTab, T); 9] = [
        (CustomerTab::Contacts, T::Contacts),
        (CustomerTab::FollowUps, T::FollowUps),
        (CustomerTab::Orders, T::Orders),
        (CustomerTab::Contracts, T::Contracts),
        (CustomerTab::Requests, T::Queue),
        (CustomerTab::Visits, T::Visits),
        (CustomerTab::Complaints, T::Complaints),
        (CustomerTab::Needs, T::Needs),
        (CustomerTab::Care, T::Care),
    ];
}

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerPageQuery {
    pub tab: Option<CustomerTab>,
}

/// What every tab is given: the customer and their contacts.
#[derive(Properties, PartialEq)]
pub struct TabProps {
    pub customer: Customer,
    pub contacts: Vec<Contact>,
}

#[derive(Properties, PartialEq)]
pub struct CustomerProps {
    pub id: Uuid,
}

#[component]
pub fn CustomerPage(props: &CustomerProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let tab = use_query::<CustomerPageQuery>().tab.unwrap_or_default();
    let customer = use_get::<Customer>(format!("/api/v1/customers/{}", props.id), 0);
    let contacts = use_get::<Vec<Contact>>(format!("/api/v1/customers/{}/contacts", props.id), 0);
    let on_changed = keep(&customer);
    let customer = match ready(&customer, lang) {
        Ok(customer) => customer.clone(),
        Err(other) => return other,
    };
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
    let on_pick = {
        let (navigator, id) = (navigator.clone(), customer.id);
        Callback::from(move |tab: CustomerTab| {
            if let Some(navigator) = &navigator {
                let _ = navigator.replace_with_query(
                    &Route::Customer { id },
                    &CustomerPageQuery { tab: Some(tab) },
                );
            }
        })
    };
    let mine = context
        .session
        .user()
        .is_some_and(|user| customer.account_manager_id == Some(user.id));
    let shown = {
        let customer = customer.clone();
        let contacts = match &*contacts {
            Some(Ok(contacts)) => contacts.clone(),
            _ => Vec::new(),
        };
        match tab {
            CustomerTab::Contacts => html! { <contacts::Contacts {customer} {contacts} /> },
            CustomerTab::FollowUps => html! { <follow_ups::FollowUps {customer} {contacts} /> },
            CustomerTab::Orders => html! { <orders::Orders {customer} {contacts} /> },
            CustomerTab::Contracts => html! { <contracts::Contracts {customer} {contacts} /> },
            CustomerTab::Requests => html! { <requests::Requests {customer} {contacts} /> },
            CustomerTab::Visits => html! { <visits::Visits {customer} {contacts} /> },
            CustomerTab::Complaints => html! { <complaints::Complaints {customer} {contacts} /> },
            CustomerTab::Needs => html! { <needs::Needs {customer} {contacts} /> },
            CustomerTab::Care => html! { <care::Care {customer} {contacts} /> },
        }
    };
    html! {
        <section class="customer-page" data-tab={crate::format::code(tab)}>
            <header class="request-head">
                <h2>{ customer.name.clone() }</h2>
                <p class="facts">
                    <span class="tier">{ customer.tier.label(lang) }</span>
                    <span class="stage">{ customer.stage.label(lang) }</span>
                    <span class="verification">{ customer.verification.label(lang) }</span>
                    <span>{ customer.preferred_channel.label(lang) }</span>
                    <span>{ customer.industry.clone() }</span>
                    <span>{ customer.address.clone() }</span>
                    if mine {
                        <span class="tag mine">{ T::MyCustomers.get(lang) }</span>
                    }
                </p>
                <div class="buttons">
                    if may_take_in {
                        <button class="primary" id="take-in-for-customer" onclick={take_in}>{ T::TakeIn.get(lang) }</button>
                    }
                    if context.session.may(Action::ReadContracts) {
                        <Link<Route> to={Route::Quote { id: customer.id }} classes="quote-link">{ T::Quote.get(lang) }</Link<Route>>
                    }
                </div>
            </header>
            if let Some(reason) = customer.rejection_reason.clone() {
                <p class="error" id="rejection-reason">{ format!("{}: {reason}", T::Rejected.get(lang)) }</p>
            }
            if customer.verification == Verification::PendingReview && context.session.may(Action::ReviewCustomers) {
                <review::ReviewForm customer={customer.clone()} on_reviewed={on_changed.clone()} />
            }
            <cadence::Cadence customer={customer.clone()} />
            <Tabs<CustomerTab> tabs={CustomerTab::ALL.to_vec()} current={tab} {on_pick} />
            <div class="customer-tab" id={format!("tab-{}", crate::format::code(tab))}>
                { shown }
            </div>
        </section>
    }
}
