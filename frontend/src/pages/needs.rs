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
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::filled::use_filled;
use crate::components::latest::load_latest;
use crate::components::pager::{Pager, more};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NeedsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

#[component]
pub fn Needs() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let query: NeedsQuery = use_location()
        .and_then(|location| location.query::<NeedsQuery>().ok())
        .unwrap_or_default();
    let list = use_state(|| None::<Result<Paged<Need>, Failure>>);
    {
        let list = list.clone();
        use_effect_with(query.clone(), move |query| {
            let asked = query.clone();
            list.set(None);
            load_latest(
                async move { services::get_with("/api/v1/needs", &asked).await },
                move |answer| list.set(Some(answer)),
            )
        });
    }
    let go = Callback::from(move |next: NeedsQuery| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&Route::Needs, &next);
        }
    });
    let search = use_node_ref();
    use_filled(&search, query.q.clone().unwrap_or_default());
    let on_search = {
        let (go, search, query) = (go.clone(), search.clone(), query.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let q = search
                .cast::<HtmlInputElement>()
                .map(|input| input.value())
                .filter(|q| !q.trim().is_empty());
            go.emit(NeedsQuery {
                q,
                page: None,
                ..query.clone()
            });
        })
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
    let body = match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoNeeds.get(lang) }</p> }
        }
        Some(Ok(page)) => {
            let on_page = {
                let (go, query) = (go.clone(), query.clone());
                go.reform(move |page| NeedsQuery {
                    page: Some(page),
                    ..query.clone()
                })
            };
            html! {
                <>
                    <table class="needs">
                        <thead><tr>
                            <th>{ T::Title.get(lang) }</th>
                            <th>{ T::Customer.get(lang) }</th>
                            <th>{ T::Kind.get(lang) }</th>
                            <th>{ T::Priority.get(lang) }</th>
                            <th>{ T::Status.get(lang) }</th>
                            <th>{ T::Owner.get(lang) }</th>
                        </tr></thead>
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
                    <Pager page={page.page} limit={page.limit} total={page.total}
                        exact={page.total_exact} more={more(page)} {on_page} />
                </>
            }
        }
    };
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
    let detail = use_state(|| None::<Result<NeedDetail, Failure>>);
    {
        let detail = detail.clone();
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                detail.set(Some(services::get(&format!("/api/v1/needs/{id}")).await));
            });
        });
    }
    let need = match &*detail {
        None => return html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => return html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(shown)) => shown.need.clone(),
    };
    let on_done = {
        let detail = detail.clone();
        Callback::from(move |after: NeedDetail| detail.set(Some(Ok(after))))
    };
    html! {
        <section class="need-page">
            <h2>
                { format!("{} · ", need.title) }
                <Link<Route> to={Route::Customer { id: need.customer_id }}>{ need.customer_name.clone().unwrap_or_default() }</Link<Route>>
            </h2>
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
    let picked = use_state(|| None::<Step>);
    let failure = use_state(|| None::<Failure>);
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
        let refs = refs.clone();
        let (picked, failure, on_done) = (picked.clone(), failure.clone(), props.on_done.clone());
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
            let (picked, failure, on_done) = (picked.clone(), failure.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/api/v1/needs/{id}/actions");
                match services::post::<_, NeedDetail>(&path, &asked).await {
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
        let (required, _) = step.fields();
        let asks = !required.is_empty();
        let onclick = Callback::from(move |_| if asks { picked.set(Some(step)) } else { send.emit(step) });
        html! { <button class="step" data-step={step.code()} {onclick}>{ step.label(lang) }</button> }
    });
    let scores = |id: &'static str, label: T, node: &NodeRef| {
        html! {
            <label>{ label.get(lang) }
                <select id={id} ref={node.clone()}>
                    { for (1..=5).rev().map(|score| html! { <option value={score.to_string()}>{ score }</option> }) }
                </select>
            </label>
        }
    };
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
        let text_field = ["confirmed_by", "reason", "solution_direction", "note"]
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
                if takes("customer_value") {
                    { scores("need-value", T::CustomerValue, &value) }
                    { scores("need-fit", T::Fit, &fit) }
                    { scores("need-cost", T::Cost, &cost) }
                }
                if takes("milestones") {
                    <label>{ T::MilestonesHint.get(lang) }
                        <textarea id="need-milestones" rows="3" ref={milestones.clone()} />
                    </label>
                    { error_of("milestones") }
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
                    { error_of(field) }
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
