//! 需求 the customer needs list (seed 002): the needs, searchable, the
//! overdue answers first on demand; one need with its evaluation, owner and
//! milestones, and the steps its state allows, each asking exactly the
//! fields the domain says it records.

use chrono::NaiveDate;
use rapport_domain::lifecycle::need::Action as Step;
use rapport_domain::permissions::Action;
use rapport_types::needs::{MilestoneInput, Need, NeedAction, NeedDetail};
use rapport_types::page::Paged;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::cells::customer_heading;
use crate::components::filled::use_search;
use crate::components::form::beside;
use crate::components::loaded::{Head, keep, ready, shown_paged, use_get, use_get_with};
use crate::components::query::{use_go, use_query};
use crate::components::steps::use_steps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::session::use_session;

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NeedsQuery {
    pub q: Option<String>,
    pub overdue: Option<bool>,
    pub page: Option<u64>,
}

#[component]
pub fn Needs() -> Html {
    let lang = use_lang();
    let query: NeedsQuery = use_query();
    let go = use_go(Route::Needs);
    let list = use_get_with::<Paged<Need>, _>("/api/v1/needs", Some(query.clone()));
    let (search, on_search) = {
        let query = query.clone();
        use_search(
            query.q.clone(),
            go.reform(move |q| NeedsQuery {
                q,
                page: None,
                ..query.clone()
            }),
        )
    };
    let toggle_overdue = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |_| {
            let overdue = (query.overdue != Some(true)).then_some(true);
            go.emit(NeedsQuery {
                overdue,
                page: None,
                ..query.clone()
            });
        })
    };
    let on_page = {
        let query = query.clone();
        go.reform(move |page| NeedsQuery {
            page: Some(page),
            ..query.clone()
        })
    };
    let body = shown_paged(&list, lang, T::NoNeeds, on_page, |page| {
        html! {
            <table class="needs">
                <Head columns={vec![T::Title, T::Customer, T::Kind, T::Priority, T::Status, T::Owner]} />
                <tbody>
                    { for page.items.iter().map(|need| html! {
                        <tr data-need={need.id.to_string()}>
                            <td><Link<Route> to={Route::Need { id: need.id }}>{ need.title.clone() }</Link<Route>></td>
                            <td>{ need.customer_name.clone().unwrap_or_default() }</td>
                            <td>{ need.kind.label(lang) }</td>
                            <td>{ need.priority.label(lang) }</td>
                            <td>{ need.status.label(lang) }</td>
                            <td>{ need.owner_name.clone().unwrap_or_default() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    });
    html! {
        <section class="needs-page">
            <h2>{ T::Needs.get(lang) }</h2>
            <form class="search" onsubmit={on_search}>
                <input id="needs-search" type="search" ref={search} />
                <button type="submit">{ T::Search.get(lang) }</button>
                <label><input type="checkbox" id="needs-overdue" checked={query.overdue == Some(true)} onchange={toggle_overdue} />{ T::Overdue.get(lang) }</label>
            </form>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NeedProps {
    pub id: Uuid,
}

#[component]
pub fn NeedPage(props: &NeedProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let detail = use_get::<NeedDetail>(format!("/api/v1/needs/{}", props.id), 0);
    let need = match ready(&detail, lang) {
        Ok(shown) => shown.need.clone(),
        Err(other) => return other,
    };
    let on_done = keep(&detail);
    html! {
        <section class="need-page">
            { customer_heading(&need.title, need.customer_id, need.customer_name.clone()) }
            <dl class="facts">
                <dt>{ T::Status.get(lang) }</dt><dd id="need-status">{ need.status.label(lang) }</dd>
                <dt>{ T::Kind.get(lang) }</dt><dd>{ need.kind.label(lang) }</dd>
                <dt>{ T::Priority.get(lang) }</dt><dd>{ need.priority.label(lang) }</dd>
                <dt>{ T::AnswerBy.get(lang) }</dt><dd>{ format!("{} · {}", format::time(need.response.deadline), need.response.status.label(lang)) }</dd>
                <dt>{ T::Details.get(lang) }</dt><dd>{ need.description.clone() }</dd>
                if let Some(evaluation) = need.evaluation {
                    <dt>{ T::Evaluation.get(lang) }</dt>
                    <dd id="need-evaluation">{ format!("{} {} · {} {} · {} {}",
                        T::CustomerValue.get(lang), evaluation.customer_value.value(),
                        T::Fit.get(lang), evaluation.fit.value(),
                        T::Cost.get(lang), evaluation.cost.value()) }</dd>
                }
                if let Some(direction) = &need.solution_direction {
                    <dt>{ T::SolutionDirection.get(lang) }</dt><dd>{ direction.clone() }</dd>
                }
                if let Some(owner) = &need.owner_name {
                    <dt>{ T::Owner.get(lang) }</dt><dd>{ owner.clone() }</dd>
                }
                if let Some(who) = &need.confirmed_by {
                    <dt>{ T::ConfirmedBy.get(lang) }</dt><dd>{ who.clone() }</dd>
                }
                if let Some(reason) = &need.rejected_reason {
                    <dt>{ T::Reason.get(lang) }</dt><dd>{ reason.clone() }</dd>
                }
            </dl>
            if !need.milestones.is_empty() {
                <h3>{ T::Milestones.get(lang) }</h3>
                <ol class="milestones">
                    { for need.milestones.iter().map(|milestone| html! {
                        <li class={classes!(milestone.done_at.is_some().then_some("done"))}>
                            { format!("{} {}", milestone.due, milestone.title) }
                            if let Some(done) = milestone.done_at { <span class="tag done">{ format::time(done) }</span> }
                        </li>
                    }) }
                </ol>
            }
            if context.session.may(Action::WriteNeeds) {
                <Steps need={need.clone()} {on_done} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct StepsProps {
    need: Need,
    on_done: Callback<NeedDetail>,
}

/// The steps the need's state allows; each asks exactly its fields.
#[component]
fn Steps(props: &StepsProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let steps = use_steps(Step::code);
    let refs: [NodeRef; 6] = Default::default();
    let [value, fit, cost, text, milestones, milestone] = refs.clone();
    let need = &props.need;
    let me = context.session.user().map(|user| user.id);
    let allowed: Vec<Step> = Step::ALL
        .into_iter()
        .filter(|&step| need.status.apply(step).is_ok())
        .collect();
    if allowed.is_empty() {
        return html! {};
    }
    let send = {
        let (id, version) = (need.id, need.version);
        let (refs, steps, on_done) = (refs.clone(), steps.clone(), props.on_done.clone());
        Callback::from(move |step: Step| {
            let [value, fit, cost, text, milestones, milestone] = refs.clone();
            let (required, optional) = step.fields();
            let takes = |field: &str| required.contains(&field) || optional.contains(&field);
            let score = |node: &NodeRef| {
                node.cast::<HtmlSelectElement>()
                    .and_then(|select| select.value().parse::<i64>().ok())
            };
            let typed = text
                .cast::<HtmlTextAreaElement>()
                .map(|area| area.value())
                .filter(|value| !value.trim().is_empty());
            let planned: Option<Vec<MilestoneInput>> = milestones
                .cast::<HtmlTextAreaElement>()
                .map(|area| parse_milestones(&area.value()));
            let asked = NeedAction {
                action: step,
                version,
                customer_value: score(&value).filter(|_| takes("customer_value")),
                fit: score(&fit).filter(|_| takes("fit")),
                cost: score(&cost).filter(|_| takes("cost")),
                solution_direction: typed.clone().filter(|_| takes("solution_direction")),
                owner_id: me.filter(|_| takes("owner_id")),
                milestones: planned.filter(|_| takes("milestones")),
                milestone: score(&milestone).filter(|_| takes("milestone")),
                reason: typed.clone().filter(|_| takes("reason")),
                confirmed_by: typed.clone().filter(|_| takes("confirmed_by")),
                confirmed_at: None,
                note: typed.filter(|_| takes("note") && !takes("confirmed_by")),
            };
            steps.post(format!("/api/v1/needs/{id}/actions"), asked, &on_done);
        })
    };
    let scores = |id: &'static str, label: T, node: &NodeRef| {
        html! {
            <label>{ label.get(lang) }
                <select id={id} ref={node.clone()}>
                    { for (1..=5).rev().map(|score| html! { <option value={score.to_string()}>{ score }</option> }) }
                </select>
            </label>
        }
    };
    let failure = &*steps.failure;
    let fields = |step: Step| {
        let (required, optional) = step.fields();
        let takes = |field: &str| required.contains(&field) || optional.contains(&field);
        let text_field = ["confirmed_by", "reason", "solution_direction", "note"]
            .into_iter()
            .find(|field| takes(field));
        html! {
            <>
                if takes("customer_value") {
                    { scores("need-value", T::CustomerValue, &value) }
                    { scores("need-fit", T::Fit, &fit) }
                    { scores("need-cost", T::Cost, &cost) }
                }
                if takes("milestones") {
                    <label>{ T::MilestonesHint.get(lang) }
                        <textarea id="need-milestones" rows="3" ref={milestones.clone()} />
                    </label>
                    { beside(failure, "milestones") }
                }
                if takes("milestone") {
                    <label>{ T::Milestones.get(lang) }
                        <select id="need-milestone" ref={milestone.clone()}>
                            { for props.need.milestones.iter().enumerate().filter(|(_, m)| m.done_at.is_none()).map(|(index, m)| html! {
                                <option value={index.to_string()}>{ m.title.clone() }</option>
                            }) }
                        </select>
                    </label>
                }
                if let Some(field) = text_field {
                    <label>{ match field {
                            "confirmed_by" => T::ConfirmedBy,
                            "reason" => T::Reason,
                            "solution_direction" => T::SolutionDirection,
                            _ => T::Note,
                        }.get(lang) }
                        <textarea id="need-text" rows="2" ref={text.clone()} />
                    </label>
                    { beside(failure, field) }
                }
            </>
        }
    };
    let opens = |step: Step| !step.fields().0.is_empty();
    steps.view(lang, &allowed, opens, &send, fields)
}

/// Milestones typed one a line as `YYYY-MM-DD title`; a line that does not
/// start with a date is left out (the server then says none was given).
fn parse_milestones(text: &str) -> Vec<MilestoneInput> {
    text.lines()
        .filter_map(|line| {
            let (day, title) = line.trim().split_once(char::is_whitespace)?;
            Some(MilestoneInput {
                title: title.trim().to_owned(),
                due: day.parse::<NaiveDate>().ok()?,
                done_at: None,
            })
        })
        .collect()
}
