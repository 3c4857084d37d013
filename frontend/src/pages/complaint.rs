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

use crate::components::cells::{customer_heading, overdue_tag, request_link};
use crate::components::form::beside;
use crate::components::loaded::{keep, ready, use_get};
use crate::components::steps::use_steps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct ComplaintProps {
    pub id: Uuid,
}

#[component]
pub fn ComplaintPage(props: &ComplaintProps) -> Html {
    let lang = use_lang();
    let detail = use_get::<ComplaintDetail>(format!("/api/v1/complaints/{}", props.id), 0);
    let shown = match ready(&detail, lang) {
        Ok(shown) => shown.clone(),
        Err(other) => return other,
    };
    let c = &shown.complaint;
    let on_done = keep(&detail);
    html! {
        <section class="complaint-page">
            { customer_heading(&c.summary, c.customer_id, c.customer_name.clone()) }
            <dl class="facts">
                <dt>{ T::Status.get(lang) }</dt>
                <dd id="complaint-status">{ c.status.label(lang) }{ overdue_tag(c.overdue, lang) }</dd>
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
                if c.request_id.is_some() {
                    <dt>{ T::Request.get(lang) }</dt><dd>{ request_link(c.request_id, lang) }</dd>
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
    let steps = use_steps(Step::code);
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
        let (steps, on_done) = (steps.clone(), props.on_done.clone());
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
            steps.post(format!("/api/v1/complaints/{id}/actions"), asked, &on_done);
        })
    };
    let failure = &*steps.failure;
    let fields = |step: Step| {
        let (required, optional) = step.fields();
        let takes = |field: &str| required.contains(&field) || optional.contains(&field);
        let text_field = ["solution", "reason", "note"]
            .into_iter()
            .find(|field| takes(field));
        html! {
            <>
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
                    { beside(failure, field) }
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
            </>
        }
    };
    let opens = |step: Step| {
        let (required, optional) = step.fields();
        !(required.is_empty() && optional.is_empty())
    };
    steps.view(lang, &allowed, opens, &send, fields)
}
