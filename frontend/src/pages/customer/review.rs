//! Reviewing a registration: verified, or rejected with a reason, by a
//! reviewer other than the one who registered it (the server refuses the
//! registrant; the page does not offer it to them).

use rapport_types::customers::{Customer, Review, ReviewDecision};
use yew::prelude::*;

use crate::components::form::node_value;
use crate::i18n::{T, use_lang};
use crate::services::{self, Failure};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct ReviewFormProps {
    pub customer: Customer,
    pub on_reviewed: Callback<Customer>,
}

/// Verify or reject a registration; a rejection says why.
#[component]
pub fn ReviewForm(props: &ReviewFormProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let failure = use_state(|| None::<Failure>);
    let reason = use_node_ref();
    let registrant = context
        .session
        .user()
        .is_some_and(|user| user.id == props.customer.registered_by);
    if registrant {
        return html! {
            <p class="review card hint" id="review-by-another">{ T::ReviewByAnother.get(lang) }</p>
        };
    }
    let review = {
        let (customer, on_reviewed) = (props.customer.clone(), props.on_reviewed.clone());
        let (failure, reason) = (failure.clone(), reason.clone());
        Callback::from(move |decision: ReviewDecision| {
            let review = Review {
                version: customer.version,
                decision,
                reason: Some(node_value(&reason)).filter(|text| !text.trim().is_empty()),
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
