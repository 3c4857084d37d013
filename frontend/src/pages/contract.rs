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
use yew_router::prelude::*;

use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::contract_details::MaintenanceDetails;
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct ContractProps {
    pub id: Uuid,
}

#[component]
pub fn ContractPage(props: &ContractProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let detail = use_state(|| None::<Result<ContractDetail, Failure>>);
    let reload = {
        let (detail, id) = (detail.clone(), props.id);
        Callback::from(move |()| {
            let detail = detail.clone();
            wasm_bindgen_futures::spawn_local(async move {
                detail.set(Some(
                    services::get(&format!("/api/v1/contracts/{id}")).await,
                ));
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with(props.id, move |_| reload.emit(()));
    }
    let contract = match &*detail {
        None => return html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => return html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(detail)) => detail.clone(),
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
    let on_done = {
        let detail = detail.clone();
        Callback::from(move |after: ContractDetail| detail.set(Some(Ok(after))))
    };
    html! {
        <section class="contract-page">
            <h2>
                { format!("{} · ", T::Contract.get(lang)) }
                <Link<Route> to={Route::Customer { id: c.customer_id }}>{ c.customer_name.clone().unwrap_or_default() }</Link<Route>>
            </h2>
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
    let picked = use_state(|| None::<Step>);
    let failure = use_state(|| None::<Failure>);
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
        let (picked, failure, on_done) = (picked.clone(), failure.clone(), props.on_done.clone());
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
            let (picked, failure, on_done) = (picked.clone(), failure.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/api/v1/contracts/{id}/actions");
                match services::post::<_, ContractDetail>(&path, &asked).await {
                    Ok(after) => {
                        picked.set(None);
                        failure.set(None);
                        on_done.emit(after);
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let today = format::now()
        .with_timezone(&format::ORG_TZ)
        .date_naive()
        .to_string();
    let buttons = allowed.iter().map(|&step| {
        let (picked, send, day, today) = (picked.clone(), send.clone(), day.clone(), today.clone());
        let needs_fields = matches!(step, Step::Invoice | Step::Pay | Step::Cancel);
        let onclick = Callback::from(move |_| {
            if needs_fields {
                day.set(today.clone());
                picked.set(Some(step));
            } else {
                send.emit(step);
            }
        });
        html! { <button class="step" data-step={step.code()} {onclick}>{ step.label(lang) }</button> }
    });
    let on_day = {
        let day = day.clone();
        Callback::from(move |event: InputEvent| {
            day.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let fields = picked.map(|step| {
        let field_error = |name: &str| {
            failure
                .as_ref()
                .and_then(|failure| failure.field(name))
                .map(|message| html! { <span class="field-error">{ message }</span> })
        };
        let confirm = {
            let send = send.clone();
            Callback::from(move |event: SubmitEvent| {
                event.prevent_default();
                send.emit(step);
            })
        };
        html! {
            <form class="step-fields" onsubmit={confirm}>
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
                        <input type="date" id="step-day" value={(*day).clone()} oninput={on_day.clone()} />
                    </label>
                    { field_error(if step == Step::Invoice { "invoice_sent_on" } else { "paid_on" }).unwrap_or_default() }
                }
                if step == Step::Cancel {
                    <label>{ T::Reason.get(lang) }
                        <input type="text" id="cancel-reason" ref={reason.clone()} />
                    </label>
                    { field_error("reason").unwrap_or_default() }
                }
                <button type="submit" class="primary" id="confirm-step">{ T::Confirm.get(lang) }</button>
            </form>
        }
    });
    html! {
        <div class="steps">
            <div class="buttons">{ for buttons }</div>
            { fields.unwrap_or_default() }
            if let Some(failure) = &*failure {
                <p class="error">{ failure.detail() }</p>
            }
        </div>
    }
}
