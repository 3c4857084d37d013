//! 请求详情: the request's header, every clock with its deadline and time
//! left, the timeline, the customer panel, and the actions this role may
//! take in this state (the rule is `ActionKind::fits`, shared with the
//! server's types), each a small form with exactly the fields it takes.

use rapport_types::requests::ServiceRequestDetail;
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::loaded::Head;
use crate::components::sla_badge::SlaBadge;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::action_form::ActionForm;
use crate::pages::customer_panel::CustomerPanel;
use crate::pages::knowledge::RequestKnowledge;
use crate::pages::queue;
use crate::pages::survey_link::MakeSurveyLink;
use crate::pages::timeline;
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Role;
use rapport_types::request_actions::ActionKind;

#[derive(Properties, PartialEq)]
pub struct RequestProps {
    pub id: Uuid,
}

#[component]
pub fn RequestPage(props: &RequestProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let detail = use_state(|| None::<Result<ServiceRequestDetail, Failure>>);
    let reload = use_state(|| 0u32);
    let chosen = use_state(|| None::<ActionKind>);
    {
        let (detail, chosen) = (detail.clone(), chosen.clone());
        use_effect_with((props.id, *reload), move |(id, _)| {
            let id = *id;
            detail.set(None);
            chosen.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                detail.set(Some(services::get(&format!("/api/v1/requests/{id}")).await));
            });
        });
    }
    let Some(user) = context.session.user().cloned() else {
        return html! {};
    };
    let detail = match &*detail {
        None => return html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => return html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(detail)) => detail.clone(),
    };
    let request = &detail.request;

    // What this person may do to this request now.
    let own_work = user.role != Role::Technician || request.assignee_id == Some(user.id);
    let offered: Vec<ActionKind> = ActionKind::ALL
        .into_iter()
        .filter(|kind| kind.fits(request))
        .filter(|kind| {
            let needs = kind.permission(None);
            context.session.may(needs)
                && (own_work || needs != rapport_domain::permissions::Action::WorkRequests)
        })
        .collect();
    let buttons = offered.iter().map(|kind| {
        let kind = *kind;
        let chosen = chosen.clone();
        let current = *chosen == Some(kind);
        html! {
            <button class={classes!("action", current.then_some("current"))} data-action={format::code(kind)}
                onclick={Callback::from(move |_| chosen.set(Some(kind)))}>
                { kind.label(lang) }
            </button>
        }
    });
    let on_done = {
        let (reload, navigator) = (reload.clone(), navigator.clone());
        let id = request.id;
        Callback::from(
            move |go_next: bool| match (go_next, queue::next_after(id), &navigator) {
                (true, Some(next), Some(navigator)) => navigator.push(&Route::Request { id: next }),
                _ => reload.set(*reload + 1),
            },
        )
    };
    let on_reload = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };

    let clocks = detail.sla.iter().map(|clock| {
        let due = (clock.met_at.is_none()).then_some(rapport_types::requests::DueClock {
            target: clock.target,
            deadline: clock.deadline,
            at_risk_from: clock.at_risk_from,
        });
        html! {
            <tr data-target={format::code(clock.target)}>
                <td>{ clock.target.label(lang) }</td>
                <td class="deadline">{ format::time(clock.deadline) }</td>
                <td>{ clock.met_at.map(format::time).unwrap_or_default() }</td>
                <td class={classes!("sla-status", format::code(clock.status))}>
                    if clock.met_at.is_none() {
                        <SlaBadge {due} paused={request.paused_since.is_some()} />
                    } else {
                        { T::Met.get(lang) }
                    }
                </td>
            </tr>
        }
    });
    let timeline = detail.timeline.iter().rev().map(|event| {
        let kind = timeline::kind(&event.kind, lang);
        html! {
            <li data-kind={event.kind.clone()}>
                <time>{ format::time(event.at) }</time>
                <strong>{ kind }</strong>
                if let Some(actor) = event.actor_id.and_then(|id| detail.people.get(&id)) {
                    <span class="actor">{ actor.clone() }</span>
                }
                <ul class="changes">
                    { for timeline::changes(&event.kind, event.before.as_ref(), event.after.as_ref(), &detail.people, lang).into_iter().map(|line| html! { <li>{ line }</li> }) }
                </ul>
            </li>
        }
    });

    html! {
        <section class="request-page" data-status={format::code(request.status)} data-version={request.version.to_string()}>
            <header class="request-head">
                <h2><span class="number">{ request.number.clone() }</span>{ " " }{ request.title.clone() }</h2>
                <p class="facts">
                    <span class="status">{ request.status.label(lang) }</span>
                    <span class={classes!("priority", format::code(request.priority))}>{ request.priority.label(lang) }</span>
                    <span>{ request.category.label(lang) }</span>
                    <span>{ request.department.label(lang) }</span>
                    <span class="assignee">{ format!("{}: {}", T::Assignee.get(lang), request.assignee_name.clone().unwrap_or_else(|| T::Nobody.get(lang).to_owned())) }</span>
                    if request.remote { <span class="tag remote">{ T::Remote.get(lang) }</span> }
                    if request.customer_unverified { <span class="tag customer-unverified">{ T::CustomerUnverified.get(lang) }</span> }
                    if request.billable { <span class="tag billable">{ T::Billable.get(lang) }</span> }
                </p>
                if !request.description.is_empty() {
                    <p class="description">{ request.description.clone() }</p>
                }
                <p class="routing" id="routing-reason">
                    { format!("{}: {}", T::RoutesTo.get(lang), request.routing_reason.department.label(lang)) }
                    if let Some(rule) = &request.routing_reason.rule { { format!(" · {rule}") } }
                    if let Some(load) = request.routing_reason.weighted_load {
                        { format!(" · {} {load} · {} {}", T::WeightedLoad.get(lang), T::Eligible.get(lang), request.routing_reason.eligible_count) }
                    }
                </p>
                if let Some(quote) = &request.quote {
                    <p class="quote" id="quote">
                        { format!("{}: {} · {}", T::Quote.get(lang), format::money(quote.fee_cents), quote.method.label(lang)) }
                        if let Some(answer) = &quote.answer { { format!(" · {answer}") } }
                    </p>
                }
            </header>
            <div class="columns">
                <div class="main-column">
                    <h3>{ T::Clocks.get(lang) }</h3>
                    <table class="clocks">
                        <Head columns={vec![T::Target, T::Deadline, T::MetAt, T::Due]} />
                        <tbody>{ for clocks }</tbody>
                    </table>
                    <h3>{ T::Actions.get(lang) }</h3>
                    if offered.is_empty() {
                        <p class="hint" id="no-actions">{ T::NoActions.get(lang) }</p>
                    } else {
                        <div class="actions">{ for buttons }</div>
                    }
                    if let Some(kind) = *chosen {
                        <ActionForm {kind} request={request.clone()} on_done={on_done} on_reload={on_reload} />
                    }
                    if matches!(request.status, Status::Resolved | Status::Closed)
                        && context.session.may(rapport_domain::permissions::Action::WriteVisits) {
                        <MakeSurveyLink request_id={request.id} />
                    }
                    <h3>{ T::Timeline.get(lang) }</h3>
                    <ol class="timeline">{ for timeline }</ol>
                </div>
                <aside>
                    <CustomerPanel customer_id={request.customer_id} />
                    <RequestKnowledge request={request.clone()} />
                </aside>
            </div>
        </section>
    }
}
