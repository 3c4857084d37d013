//! One complaint: what the customer complained of, the promised time,
//! who investigates, the cause and solution, and the steps its state
//! allows to the caller (the domain's table and permission per step): the
//! service desk investigates, proposes a solution, resolves and makes the
//! return visit; a manager approves the solution or sends it back.

use rapport_domain::lifecycle::complaint::Action as Step;
use rapport_domain::org::Department;
use rapport_types::complaints::{ComplaintAction, ComplaintDetail};
use uuid::Uuid;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct ComplaintProps {
    pub id: Uuid,
}

#[component]
pub fn ComplaintPage(props: &ComplaintProps) -> Html {
    let lang = use_lang();
    let detail = use_state(|| None::<Result<ComplaintDetail, Failure>>);
    {
        let detail = detail.clone();
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                detail.set(Some(
                    services::get(&format!("/api/v1/complaints/{id}")).await,
                ));
            });
        });
    }
    let shown = match &*detail {
        None => return html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => return html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(shown)) => shown.clone(),
    };
    let c = &shown.complaint;
    let on_done = {
        let detail = detail.clone();
        Callback::from(move |after: ComplaintDetail| detail.set(Some(Ok(after))))
    };
    html! {
        <section class="complaint-page">
            <h2>
                { format!("{} · ", c.summary) }
                <Link<Route> to={Route::Customer { id: c.customer_id }}>{ c.customer_name.clone().unwrap_or_default() }</Link<Route>>
            </h2>
            <dl class="facts">
                <dt>{ T::Status.get(lang) }</dt>
                <dd id="complaint-status">
                    { c.status.label(lang) }
                    if c.overdue { <span class="tag overdue">{ T::Overdue.get(lang) }</span> }
                </dd>
                <dt>{ T::PromisedBy.get(lang) }</dt><dd>{ format::time(c.promised_by) }</dd>
                <dt>{ T::Details.get(lang) }</dt><dd>{ c.details.clone() }</dd>
                if let Some(department) = c.responsible_department {
                    <dt>{ T::Department.get(lang) }</dt><dd>{ department.label(lang) }</dd>
                }
                if let Some(cause) = &c.cause {
                    <dt>{ T::Cause.get(lang) }</dt><dd>{ cause.clone() }</dd>
                }
                if let Some(solution) = &c.solution {
                    <dt>{ T::Solution.get(lang) }</dt><dd id="complaint-solution">{ solution.clone() }</dd>
                }
                if let Some(score) = c.satisfaction {
                    <dt>{ T::Satisfaction.get(lang) }</dt><dd>{ format!("{score} / 5") }</dd>
                }
                if let Some(request_id) = c.request_id {
                    <dt>{ T::Request.get(lang) }</dt>
                    <dd><Link<Route> to={Route::Request { id: request_id }}>{ T::Request.get(lang) }</Link<Route>></dd>
                }
            </dl>
            <Steps detail={shown.clone()} {on_done} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepsProps {
    detail: ComplaintDetail,
    on_done: Callback<ComplaintDetail>,
}

/// The steps the complaint's state and the caller's role allow; a step
/// that records something opens exactly its fields (the domain's list).
#[component]
fn Steps(props: &StepsProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let picked = use_state(|| None::<Step>);
    let failure = use_state(|| None::<Failure>);
    let department = use_node_ref();
    let text = use_node_ref();
    let cause = use_node_ref();
    let score = use_node_ref();
    let complaint = &props.detail.complaint;
    let allowed: Vec<Step> = Step::ALL
        .into_iter()
        .filter(|&step| complaint.status.apply(step).is_ok())
        .filter(|&step| context.session.may(step.permission()))
        .collect();
    if allowed.is_empty() {
        return html! {};
    }
    let send = {
        let (id, version) = (complaint.id, complaint.version);
        let (department, text, cause, score) = (
            department.clone(),
            text.clone(),
            cause.clone(),
            score.clone(),
        );
        let (picked, failure, on_done) = (picked.clone(), failure.clone(), props.on_done.clone());
        Callback::from(move |step: Step| {
            let (required, optional) = step.fields();
            let takes = |field: &str| required.contains(&field) || optional.contains(&field);
            let area = |node: &NodeRef| {
                node.cast::<HtmlTextAreaElement>()
                    .map(|area| area.value())
                    .filter(|value| !value.trim().is_empty())
            };
            let select = |node: &NodeRef| {
                node.cast::<HtmlSelectElement>()
                    .map(|select| select.value())
            };
            // The one free-text field the step takes besides the cause.
            let main_text = area(&text);
            let asked = ComplaintAction {
                action: step,
                version,
                responsible_department: select(&department)
                    .filter(|_| takes("responsible_department"))
                    .and_then(|code| serde_json::from_value(code.into()).ok()),
                cause: area(&cause).filter(|_| takes("cause")),
                solution: main_text.clone().filter(|_| takes("solution")),
                reason: main_text.clone().filter(|_| takes("reason")),
                satisfaction: select(&score)
                    .filter(|_| takes("satisfaction"))
                    .and_then(|value| value.parse().ok()),
                note: main_text.filter(|_| takes("note")),
            };
            let (picked, failure, on_done) = (picked.clone(), failure.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/api/v1/complaints/{id}/actions");
                match services::post::<_, ComplaintDetail>(&path, &asked).await {
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
    let buttons = allowed.iter().map(|&step| {
        let (picked, send) = (picked.clone(), send.clone());
        let (required, optional) = step.fields();
        let records = !(required.is_empty() && optional.is_empty());
        let onclick = Callback::from(move |_| {
            if records {
                picked.set(Some(step));
            } else {
                send.emit(step);
            }
        });
        html! { <button class="step" data-step={step.code()} {onclick}>{ step.label(lang) }</button> }
    });
    let error_of = |field: &str| {
        failure
            .as_ref()
            .and_then(|failure| failure.field(field))
            .map(|message| html! { <span class="field-error">{ message }</span> })
            .unwrap_or_default()
    };
    let fields = picked.map(|step| {
        let (required, optional) = step.fields();
        let takes = |field: &str| required.contains(&field) || optional.contains(&field);
        let text_field = ["solution", "reason", "note"]
            .into_iter()
            .find(|field| takes(field));
        let confirm = {
            let send = send.clone();
            Callback::from(move |event: SubmitEvent| {
                event.prevent_default();
                send.emit(step);
            })
        };
        html! {
            <form class="step-fields" onsubmit={confirm}>
                if takes("responsible_department") {
                    <label>{ T::Department.get(lang) }
                        <select id="complaint-department" ref={department.clone()}>
                            { for Department::ALL.iter().map(|department| html! {
                                <option value={department.code()}>{ department.label(lang) }</option>
                            }) }
                        </select>
                    </label>
                }
                if let Some(field) = text_field {
                    <label>{ match field { "solution" => T::Solution, "reason" => T::Reason, _ => T::Note }.get(lang) }
                        <textarea id="complaint-text" rows="2" ref={text.clone()} />
                    </label>
                    { error_of(field) }
                }
                if takes("cause") {
                    <label>{ T::Cause.get(lang) }
                        <textarea id="complaint-cause" rows="2" ref={cause.clone()} />
                    </label>
                }
                if takes("satisfaction") {
                    <label>{ T::Satisfaction.get(lang) }
                        <select id="complaint-score" ref={score.clone()}>
                            { for (1..=5).rev().map(|value| html! { <option value={value.to_string()}>{ value }</option> }) }
                        </select>
                    </label>
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
