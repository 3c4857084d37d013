//! 起草合同 drafting a paid contract (SPEC 5), opened from the quote
//! calculator with its package and start: the page shows what the server
//! will draft for them (first paid contract or renewal, the value covered
//! and the fee, from the customer's real purchases, so the same figures
//! the server prices with), creates the draft under an `Idempotency-Key`
//! and opens the contract, whose page walks it through its lifecycle.

use chrono::NaiveDate;
use rapport_domain::warranty::free_period;
use rapport_types::contracts::{ContractDetail, NewContract};
use rapport_types::quotes::CustomerQuote;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::cells::customer_heading;
use crate::components::create::use_create;
use crate::components::form::{beside, keep_typed, value_of};
use crate::components::loaded::use_customer_name;
use crate::format;
use crate::i18n::{T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

/// What the URL may hold: the package and start chosen in the calculator.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewContractQuery {
    pub package: Option<String>,
    pub start: Option<NaiveDate>,
}

#[derive(Properties, PartialEq)]
pub struct NewContractProps {
    pub id: Uuid,
}

/// The last day of a contract starting on `start`: a year, counted as the
/// free year is (2025-03-10 → 2026-03-09).
fn year_from(start: NaiveDate) -> NaiveDate {
    free_period(start).end()
}

#[component]
pub fn NewContractPage(props: &NewContractProps) -> Html {
    let lang = use_lang();
    let asked = use_location()
        .and_then(|location| location.query::<NewContractQuery>().ok())
        .unwrap_or_default();
    let package = use_state(|| asked.package.clone().unwrap_or_default());
    let start = use_state(|| asked.start.map(|day| day.to_string()).unwrap_or_default());
    // The last day as typed; until then, a year from the start.
    let end = use_state(|| None::<String>);
    let quote = use_state(|| None::<Result<CustomerQuote, Failure>>);
    let name = use_customer_name(props.id);
    let creating =
        use_create::<NewContract, ContractDetail>("/api/v1/contracts", |detail| Route::Contract {
            id: detail.contract.id,
        });
    // The server's quote for the start: what the draft will cover and cost.
    let start_day = start.parse::<NaiveDate>().ok();
    {
        let (quote, start, package) = (quote.clone(), start.clone(), package.clone());
        use_effect_with((props.id, start_day), move |(id, day)| {
            let path = match day {
                Some(day) => format!("/api/v1/customers/{id}/quote?start={day}"),
                // Not a day yet: wait for one.
                None if !start.is_empty() => return,
                // None given: the server's (today), which fills the field.
                None => format!("/api/v1/customers/{id}/quote"),
            };
            let asked_day = *day;
            wasm_bindgen_futures::spawn_local(async move {
                let found: Result<CustomerQuote, Failure> = services::get(&path).await;
                if let Ok(found) = &found {
                    if asked_day.is_none() {
                        start.set(found.start.to_string());
                    }
                    let known = found.quotes.iter().any(|q| q.package == *package);
                    if !known && let Some(first) = found.quotes.first() {
                        package.set(first.package.clone());
                    }
                }
                quote.set(Some(found));
            });
        });
    }
    let end_day = match &*end {
        Some(typed) => typed.parse::<NaiveDate>().ok(),
        None => start_day.map(year_from),
    };
    let end_text = (*end)
        .clone()
        .unwrap_or_else(|| end_day.map(|day| day.to_string()).unwrap_or_default());
    let found = match &*quote {
        Some(Ok(found)) => Some(found.clone()),
        _ => None,
    };
    let priced = found
        .as_ref()
        .and_then(|found| found.quotes.iter().find(|q| q.package == *package).cloned());
    let onsubmit = {
        let (send, package, id) = (creating.send.clone(), package.clone(), props.id);
        let previous = found.as_ref().and_then(|found| found.previous_contract_id);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (Some(period_start), Some(period_end)) = (start_day, end_day) else {
                return;
            };
            send.emit(NewContract {
                customer_id: id,
                package_code: (*package).clone(),
                period_start,
                period_end,
                previous_contract_id: previous,
                maintenance_contact_id: None,
                technician_id: None,
                sites: 1,
                installed_versions: String::new(),
                calendar_name: None,
                order_line_ids: Vec::new(),
            });
        })
    };
    let on_package = {
        let package = package.clone();
        Callback::from(move |event: Event| package.set(value_of(&event)))
    };
    // A new start moves a last day not typed by hand with it.
    let on_end = {
        let end = end.clone();
        Callback::from(move |event: InputEvent| end.set(Some(value_of(&event))))
    };
    let failure = &creating.failure;
    let unshown = failure.as_ref().filter(|failure| {
        ["package_code", "period_start", "period_end"]
            .iter()
            .all(|field| failure.field(field).is_none())
    });
    let answer = match (&*quote, &priced) {
        (None, _) => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        (Some(Err(failure)), _) => html! { <p class="error">{ failure.detail() }</p> },
        (Some(Ok(_)), None) => html! {},
        (Some(Ok(found)), Some(priced)) => {
            let renewal = found.kind == "renewal";
            html! {
                <dl class="facts draft-answer" id="draft-answer" data-kind={found.kind.clone()}>
                    <dt>{ T::Kind.get(lang) }</dt>
                    <dd id="draft-kind">{ if renewal { T::RenewalContract.get(lang) } else { T::FirstContract.get(lang) } }</dd>
                    if let Some(previous) = found.previous_contract_id {
                        <dt>{ T::RenewsContract.get(lang) }</dt>
                        <dd><Link<Route> to={Route::Contract { id: previous }}>{ previous.to_string()[..8].to_owned() }</Link<Route>></dd>
                    }
                    <dt>{ T::PurchasesCounted.get(lang) }</dt>
                    <dd>{ format!("{} – {}", found.purchases_from, found.purchases_to) }</dd>
                    <dt>{ T::Package.get(lang) }</dt>
                    <dd>{ format!("{} · {:.2}%", priced.name, f64::from(priced.rate_bp) / 100.0) }</dd>
                    <dt>{ T::CoveredValue.get(lang) }</dt>
                    <dd id="draft-covered" class="number">{ format::money(priced.covered_value_cents) }</dd>
                    <dt>{ T::Fee.get(lang) }</dt>
                    <dd id="draft-fee" class="number fee">{ format::money(priced.fee_cents) }</dd>
                </dl>
            }
        }
    };
    let packages = found
        .as_ref()
        .map(|found| found.quotes.clone())
        .unwrap_or_default();
    let ready = priced.is_some() && start_day.is_some() && end_day.is_some();
    html! {
        <section class="new-contract-page">
            { customer_heading(T::NewContract.get(lang), props.id, name) }
            <form class="card" id="new-contract" {onsubmit}>
                <label class="field">
                    <span>{ T::Package.get(lang) }</span>
                    <select id="contract-package" onchange={on_package}>
                        { for packages.iter().map(|q| html! {
                            <option value={q.package.clone()} selected={q.package == *package}>{ q.name.clone() }</option>
                        }) }
                    </select>
                    { beside(failure, "package_code") }
                </label>
                <label class="field">
                    <span>{ T::PeriodStart.get(lang) }</span>
                    <input type="date" id="contract-start" required=true value={(*start).clone()} oninput={keep_typed(&start)} />
                    { beside(failure, "period_start") }
                </label>
                <label class="field">
                    <span>{ T::PeriodEnd.get(lang) }</span>
                    <input type="date" id="contract-end" required=true value={end_text} oninput={on_end} />
                    { beside(failure, "period_end") }
                </label>
                <h3>{ T::DraftAnswer.get(lang) }</h3>
                { answer }
                <p class="hint">{ T::DraftPricedHint.get(lang) }</p>
                <button type="submit" class="primary" id="create-contract" disabled={!ready || creating.busy}>
                    { if creating.busy { T::Saving.get(lang) } else { T::CreateDraft.get(lang) } }
                </button>
                if let Some(failure) = unshown {
                    <p class="error" role="alert" id="refusal">{ failure.detail() }</p>
                }
            </form>
        </section>
    }
}
