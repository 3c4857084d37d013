//! The monthly free batch (SPEC 5, seed 003): for a month, the orders dated
//! from the 25th of the month before up to (not including) the 25th become
//! one free first-year contract per customer. A month runs once: a second
//! run creates nothing and says so, with when the month first ran. The
//! month lives in the URL.

use chrono::{Datelike, Months};
use rapport_domain::warranty::BatchMonth;
use rapport_types::contracts::ContractDetail;
use rapport_types::free_batch::{FreeBatchOutcome, FreeBatchRun};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::format;
use crate::i18n::{T, use_lang};
use crate::pages::contracts::{ContractQuery, ContractView};
use crate::route::Route;
use crate::services::{self, Failure};

/// The latest month whose window has closed (on its 25th): this month from
/// the 25th on, else the month before.
pub fn latest_closed_month() -> String {
    let today = format::today();
    let month = if today.day() >= 25 {
        today
    } else {
        today.checked_sub_months(Months::new(1)).unwrap_or(today)
    };
    format!("{:04}-{:02}", month.year(), month.month())
}

/// How many created contracts the outcome names; the free years' list has them all.
const SHOWN: usize = 20;

#[derive(Properties, PartialEq)]
pub struct FreeBatchProps {
    /// `YYYY-MM`.
    pub month: String,
    /// Picks another month.
    pub on_month: Callback<String>,
}

#[component]
pub fn FreeBatch(props: &FreeBatchProps) -> Html {
    let lang = use_lang();
    let outcome = use_state(|| None::<Result<FreeBatchOutcome, Failure>>);
    let busy = use_state(|| false);
    {
        // Another month's outcome is not this one's.
        let outcome = outcome.clone();
        use_effect_with(props.month.clone(), move |_| outcome.set(None));
    }
    let parsed = BatchMonth::parse(&props.month).ok();
    let run = {
        let (outcome, busy) = (outcome.clone(), busy.clone());
        Callback::from(move |_| {
            let Some(month) = parsed else {
                return;
            };
            let (outcome, busy) = (outcome.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                outcome.set(Some(
                    services::post("/api/v1/contracts/free-batch", &FreeBatchRun { month }).await,
                ));
                busy.set(false);
            });
        })
    };
    let picked = {
        let on_month = props.on_month.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if !input.value().is_empty() {
                on_month.emit(input.value());
            }
        })
    };
    let shown = match &*outcome {
        None => html! {},
        Some(Err(failure)) => {
            html! { <p class="error" id="free-batch-refused" role="alert">{ failure.detail() }</p> }
        }
        Some(Ok(done)) if done.already_run => html! {
            <div class="card notice" id="free-batch-outcome" data-already-run="true">
                <strong>{ T::BatchAlreadyRan.get(lang) }</strong>
                <p>{ format!("{}: {}", T::RanAt.get(lang), format::time(done.ran_at)) }</p>
            </div>
        },
        Some(Ok(done)) => html! {
            <div class="card" id="free-batch-outcome" data-already-run="false">
                <strong>{ T::BatchRan.get(lang) }</strong>
                <dl class="outcome">
                    <dt>{ T::ContractsCreated.get(lang) }</dt>
                    <dd class="created">{ done.contracts_created }</dd>
                    <dt>{ T::CoveredLines.get(lang) }</dt>
                    <dd class="lines">{ done.lines_covered }</dd>
                    <dt>{ T::RanAt.get(lang) }</dt>
                    <dd>{ format::time(done.ran_at) }</dd>
                </dl>
                <ul class="created-contracts">
                    { for done.contract_ids.iter().take(SHOWN).map(|id| html! { <Created id={*id} /> }) }
                </ul>
                if done.contract_ids.len() > SHOWN {
                    <p><Link<Route, ContractQuery> to={Route::Contracts} query={Some(ContractQuery { view: Some(ContractView::Free), ..ContractQuery::default() })}>
                        { T::FreeYears.get(lang) }
                    </Link<Route, ContractQuery>></p>
                }
            </div>
        },
    };
    html! {
        <div class="free-batch">
            <p class="hint">{ T::FreeBatchHint.get(lang) }</p>
            <div class="filters">
                <label>
                    { format!("{} ", T::Month.get(lang)) }
                    <input type="month" id="free-batch-month" value={props.month.clone()} onchange={picked} />
                </label>
                if let Some(month) = parsed {
                    <span class="window" id="free-batch-window">
                        { format!("{}: {} – {}", T::OrdersDated.get(lang), month.window().from(),
                            month.window().until().pred_opt().unwrap_or(month.window().until())) }
                    </span>
                }
                <button class="primary" id="run-free-batch" onclick={run} disabled={*busy || parsed.is_none()}>
                    { T::RunBatch.get(lang) }
                </button>
            </div>
            { shown }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CreatedProps {
    id: Uuid,
}

/// A contract the run created: its customer and free period.
#[component]
fn Created(props: &CreatedProps) -> Html {
    let lang = use_lang();
    let detail = use_state(|| None::<ContractDetail>);
    {
        let detail = detail.clone();
        use_effect_with(props.id, move |id| {
            let path = format!("/api/v1/contracts/{id}");
            wasm_bindgen_futures::spawn_local(async move {
                detail.set(services::get(&path).await.ok());
            });
        });
    }
    let text = detail.as_ref().map_or_else(
        || props.id.to_string(),
        |detail| {
            let contract = &detail.contract;
            format!(
                "{} · {} – {} · {}: {}",
                contract.customer_name.clone().unwrap_or_default(),
                contract.period_start,
                contract.period_end,
                T::CoveredLines.get(lang),
                detail.covered_lines.len(),
            )
        },
    );
    html! {
        <li data-contract={props.id.to_string()}>
            <Link<Route> to={Route::Contract { id: props.id }}>{ text }</Link<Route>>
        </li>
    }
}
