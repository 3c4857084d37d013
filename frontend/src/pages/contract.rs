//! One contract: whose, what kind, where it stands, its period and fee,
//! the order lines it covers, and the lifecycle steps its state allows
//! (the domain's transition table decides which buttons show): agree,
//! sign, invoice (how and when sent), pay (when it arrived), expire,
//! cancel (why); and its maintenance details (`contract_details`).

use chrono::NaiveDate;
use rapport_domain::lifecycle::contract::{Action as Step, InvoiceMethod};
use rapport_domain::permissions::Action;
use rapport_types::contracts::{ContractAction, ContractDetail};
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::cells::customer_heading;
use crate::components::form::{beside, keep_typed};
use crate::components::loaded::{keep, ready, use_get};
use crate::components::steps::use_steps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::contract_details::MaintenanceDetails;
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct ContractProps {
    pub id: Uuid,
}

#[component]
pub fn ContractPage(props: &ContractProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let generation = use_state(|| 0u32);
    let detail = use_get::<ContractDetail>(format!("/api/v1/contracts/{}", props.id), *generation);
    let reload = Callback::from(move |()| generation.set(*generation + 1));
    let contract = match ready(&detail, lang) {
        Ok(detail) => detail.clone(),
        Err(other) => return other,
    };
    let c = &contract.contract;
    let lines = contract.covered_lines.iter().map(|line| {
        html! {
            <tr>
                <td><code>{ line.order_line_id.to_string()[..8].to_owned() }</code></td>
                <td class="number">{ format::money(line.covered_value_cents) }</td>
                <td>{ line.free_until.map(|day| day.to_string()).unwrap_or_default() }</td>
            </tr>
        }
    });
    let on_done = keep(&detail);
    html! {
        <section class="contract-page">
            { customer_heading(T::Contract.get(lang), c.customer_id, c.customer_name.clone()) }
            <dl class="facts">
                <dt>{ T::Kind.get(lang) }</dt><dd>{ c.kind.label(lang) }</dd>
                <dt>{ T::Status.get(lang) }</dt><dd id="contract-status">{ c.status.label(lang) }</dd>
                <dt>{ T::Period.get(lang) }</dt><dd>{ format!("{} – {}", c.period_start, c.period_end) }</dd>
                <dt>{ T::Fee.get(lang) }</dt><dd>{ format::money(c.fee_cents) }</dd>
                if let Some(method) = c.invoice_method {
                    <dt>{ T::InvoiceMethodField.get(lang) }</dt>
                    <dd>{ format!("{} {}", method.label(lang), c.invoice_sent_on.map(|day| day.to_string()).unwrap_or_default()) }</dd>
                }
                if let Some(paid_on) = c.paid_on {
                    <dt>{ T::PaidOn.get(lang) }</dt><dd>{ paid_on.to_string() }</dd>
                }
                if let Some(reason) = &c.cancel_reason {
                    <dt>{ T::Reason.get(lang) }</dt><dd>{ reason.clone() }</dd>
                }
            </dl>
            if context.session.may(Action::WriteContracts) {
                <Steps detail={contract.clone()} on_done={on_done.clone()} />
            }
            <MaintenanceDetails contract={c.clone()} on_saved={on_done} on_reload={reload} />
            if !contract.covered_lines.is_empty() {
            <h3>{ T::CoveredLines.get(lang) }</h3>
            <table class="covered-lines">
                <thead><tr>
                    <th></th>
                    <th class="number">{ T::CoveredValue.get(lang) }</th>
                    <th>{ T::FreeUntil.get(lang) }</th>
                </tr></thead>
                <tbody>{ for lines }</tbody>
            </table>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepsProps {
    detail: ContractDetail,
    on_done: Callback<ContractDetail>,
}

/// The steps the contract's state allows, each a button; a step that
/// records something opens its few fields first.
#[component]
fn Steps(props: &StepsProps) -> Html {
    let lang = use_lang();
    let steps = use_steps(Step::code);
    let method = use_node_ref();
    // The day as typed, so a render in between (a notification) keeps it.
    let day = use_state(String::new);
    let reason = use_node_ref();
    let contract = &props.detail.contract;
    let allowed: Vec<Step> = Step::ALL
        .into_iter()
        .filter(|&step| contract.status.apply(step).is_ok())
        .collect();
    if allowed.is_empty() {
        return html! { <p class="empty">{ T::NoSteps.get(lang) }</p> };
    }
    let send = {
        let (id, version) = (contract.id, contract.version);
        let (method, day, reason) = (method.clone(), day.clone(), reason.clone());
        let (steps, on_done) = (steps.clone(), props.on_done.clone());
        Callback::from(move |step: Step| {
            let date = day.parse::<NaiveDate>().ok();
            let asked = ContractAction {
                action: step,
                version,
                invoice_method: (step == Step::Invoice)
                    .then(|| method.cast::<HtmlSelectElement>())
                    .flatten()
                    .and_then(|select| serde_json::from_value(select.value().into()).ok()),
                invoice_sent_on: date.filter(|_| step == Step::Invoice),
                paid_on: date.filter(|_| step == Step::Pay),
                reason: (step == Step::Cancel)
                    .then(|| reason.cast::<HtmlInputElement>())
                    .flatten()
                    .map(|input| input.value()),
            };
            steps.post(format!("/api/v1/contracts/{id}/actions"), asked, &on_done);
        })
    };
    // A step's day starts as today.
    let steps = {
        let day = day.clone();
        let today = format::today().to_string();
        steps.opening(Callback::from(move |_| day.set(today.clone())))
    };
    let failure = &*steps.failure;
    let fields = |step: Step| {
        html! {
            <>
                if step == Step::Invoice {
                    <label>{ T::InvoiceMethodField.get(lang) }
                        <select id="invoice-method" ref={method.clone()}>
                            { for InvoiceMethod::ALL.iter().map(|method| html! {
                                <option value={serde_json::to_value(method).ok().and_then(|code| code.as_str().map(str::to_owned)).unwrap_or_default()}>
                                    { method.label(lang) }
                                </option>
                            }) }
                        </select>
                    </label>
                }
                if matches!(step, Step::Invoice | Step::Pay) {
                    <label>{ if step == Step::Invoice { T::SentOn.get(lang) } else { T::PaidOn.get(lang) } }
                        <input type="date" id="step-day" value={(*day).clone()} oninput={keep_typed(&day)} />
                    </label>
                    { beside(failure, if step == Step::Invoice { "invoice_sent_on" } else { "paid_on" }) }
                }
                if step == Step::Cancel {
                    <label>{ T::Reason.get(lang) }
                        <input type="text" id="cancel-reason" ref={reason.clone()} />
                    </label>
                    { beside(failure, "reason") }
                }
            </>
        }
    };
    let opens = |step: Step| matches!(step, Step::Invoice | Step::Pay | Step::Cancel);
    steps.view(lang, &allowed, opens, &send, fields)
}
