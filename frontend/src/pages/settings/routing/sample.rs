//! The sample request routed by the rules as edited, and where it would go.

use std::collections::HashMap;

use rapport_domain::request::{Category, Priority, ProductKind};
use rapport_types::customers::Customer;
use rapport_types::page::Paged;
use rapport_types::routing::PreviewResponse;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::draft::change_of;
use crate::components::form::choice;
use crate::format;
use crate::i18n::{Label, S, T, use_lang};
use crate::services::{self, Failure};

/// A sample request to route.
#[derive(Clone, PartialEq)]
pub(super) struct Sample {
    pub(super) customer: Option<Customer>,
    pub(super) category: Category,
    pub(super) product_kind: ProductKind,
    pub(super) priority: Priority,
    pub(super) title: String,
}

impl Default for Sample {
    fn default() -> Sample {
        Sample {
            customer: None,
            category: Category::Fault,
            product_kind: ProductKind::Software,
            priority: Priority::Routine,
            title: String::new(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct SamplePanelProps {
    pub(super) sample: Sample,
    pub(super) on_change: Callback<Sample>,
    pub(super) preview: Option<Result<PreviewResponse, Failure>>,
    pub(super) people: HashMap<Uuid, String>,
}

/// The sample request and where it would go.
#[component]
pub(super) fn SamplePanel(props: &SamplePanelProps) -> Html {
    let lang = use_lang();
    let found = use_state(Vec::<Customer>::new);
    let sample = &props.sample;
    let set = |apply: fn(&mut Sample, String)| change_of(sample, &props.on_change, apply);
    let search = {
        let found = found.clone();
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlInputElement>().value();
            let found = found.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if text.trim().is_empty() {
                    found.set(Vec::new());
                    return;
                }
                let query = [("q", text.as_str()), ("limit", "6")];
                if let Ok(page) =
                    services::get_with::<_, Paged<Customer>>("/api/v1/customers", &query).await
                {
                    found.set(page.items);
                }
            });
        })
    };
    let outcome = match &props.preview {
        None => html! {},
        // Rules a save would refuse are named beside them; the preview waits for them.
        Some(Err(Failure::Refused { errors, .. }))
            if errors.keys().any(|field| field.starts_with("rules")) =>
        {
            html! { <p class="error" id="routing-preview-error">{ S::FixRulesFirst.get(lang) }</p> }
        }
        Some(Err(failure)) => {
            html! { <p class="error" id="routing-preview-error">{ failure.detail() }</p> }
        }
        Some(Ok(answer)) => {
            let person = answer
                .assignee_id
                .map(|id| {
                    props
                        .people
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_else(|| T::Nobody.get(lang).to_owned());
            html! {
                <dl class="outcome" id="routing-preview">
                    <dt>{ S::MatchedRule.get(lang) }</dt>
                    <dd id="preview-rule">{ answer.routing.rule.clone().unwrap_or_else(|| S::NoRuleMatched.get(lang).to_owned()) }</dd>
                    <dt>{ T::Department.get(lang) }</dt>
                    <dd id="preview-department" data-code={format::code(answer.routing.department)}>{ answer.routing.department.label(lang) }</dd>
                    <dt>{ T::Assignee.get(lang) }</dt>
                    <dd id="preview-person">{ person }</dd>
                    <dt>{ T::Eligible.get(lang) }</dt>
                    <dd>{ answer.routing.eligible_count }</dd>
                    <dt>{ T::Contract.get(lang) }</dt>
                    <dd>{ if answer.billable { T::NotCovered.get(lang) } else { T::Covered.get(lang) } }</dd>
                </dl>
            }
        }
    };
    html! {
        <aside class="card sample" id="routing-sample">
            <h3>{ S::SampleRequest.get(lang) }</h3>
            <label class="field">
                <span>{ T::Customer.get(lang) }</span>
                if let Some(customer) = &sample.customer {
                    <span class="chosen" id="sample-customer">{ format!("{} · {}", customer.name, customer.tier.label(lang)) }</span>
                }
                <input id="sample-customer-search" type="search" placeholder={T::FindCustomerHint.get(lang)} oninput={search} />
            </label>
            if !found.is_empty() {
                <ul class="choices">
                    { for found.iter().map(|customer| {
                        let (chosen, sample, on_change, found) =
                            (customer.clone(), sample.clone(), props.on_change.clone(), found.clone());
                        let pick = Callback::from(move |_| {
                            on_change.emit(Sample { customer: Some(chosen.clone()), ..sample.clone() });
                            found.set(Vec::new());
                        });
                        html! { <li><button type="button" onclick={pick}>{ format!("{} · {}", customer.name, customer.tier.label(lang)) }</button></li> }
                    }) }
                </ul>
            }
            { choice(lang, "sample-category", T::Category, sample.category, &Category::ALL,
                set(|sample, value| if let Some(value) = format::from_code(&value) { sample.category = value })) }
            { choice(lang, "sample-product-kind", T::ProductKind, sample.product_kind, &ProductKind::ALL,
                set(|sample, value| if let Some(value) = format::from_code(&value) { sample.product_kind = value })) }
            { choice(lang, "sample-priority", T::Priority, sample.priority, &Priority::ALL,
                set(|sample, value| if let Some(value) = format::from_code(&value) { sample.priority = value })) }
            <label class="field">
                <span>{ T::Title.get(lang) }</span>
                <input id="sample-title" value={sample.title.clone()}
                    oninput={set(|sample, value| sample.title = value).reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value())} />
            </label>
            <h4>{ T::RoutesTo.get(lang) }</h4>
            { outcome }
        </aside>
    }
}
