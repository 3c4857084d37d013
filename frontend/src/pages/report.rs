//! 报表 the monthly report (seed 003): one month beside the month before,
//! as figures and as bar charts drawn in SVG whose numbers are text in the
//! page; a month switcher, and the CSV for Excel. The month lives in the
//! URL.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use rapport_domain::request::{Category, Priority};
use rapport_domain::sla::SlaTarget;
use rapport_types::reports::{MonthFigures, MonthlyReport};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::queue::{QueueQuery, View};
use crate::route::Route;
use crate::services::{self, Failure};

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReportQuery {
    /// `YYYY-MM`; last month when absent.
    pub month: Option<String>,
}

/// The month before the current one, `YYYY-MM`, in the organisation's zone.
fn last_month() -> String {
    let today = format::now().with_timezone(&format::ORG_TZ).date_naive();
    shift(&format!("{:04}-{:02}", today.year(), today.month()), -1)
}

/// `month` moved by `by` months.
fn shift(month: &str, by: i32) -> String {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .unwrap_or_else(|_| format::now().date_naive());
    let moved = if by >= 0 {
        first.checked_add_months(Months::new(by.unsigned_abs()))
    } else {
        first.checked_sub_months(Months::new(by.unsigned_abs()))
    }
    .unwrap_or(first);
    format!("{:04}-{:02}", moved.year(), moved.month())
}

/// The first and last day of `month` (`YYYY-MM`).
fn month_days(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

/// The queue on every request taken in within `month`.
fn month_queue(month: &str) -> QueueQuery {
    let days = month_days(month);
    QueueQuery {
        view: Some(View::All),
        from: days.map(|(first, _)| first),
        to: days.map(|(_, last)| last),
        ..QueueQuery::default()
    }
}

/// A code as its label in `lang` when it is one of `V`'s, else as it is.
fn named<V: DeserializeOwned + Label>(code: &str, lang: crate::i18n::Lang) -> String {
    serde_json::from_value::<V>(code.into())
        .map_or_else(|_| code.to_owned(), |value| value.label(lang).to_owned())
}

#[component]
pub fn Report() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let query: ReportQuery = use_location()
        .and_then(|location| location.query::<ReportQuery>().ok())
        .unwrap_or_default();
    let month = query.month.clone().unwrap_or_else(last_month);
    let report = use_state(|| None::<Result<MonthlyReport, Failure>>);
    {
        let report = report.clone();
        use_effect_with(month.clone(), move |month| {
            let path = format!("/api/v1/reports/monthly?month={month}");
            report.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                report.set(Some(services::get(&path).await));
            });
        });
    }
    let go = Callback::from(move |month: String| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&Route::Report, &ReportQuery { month: Some(month) });
        }
    });
    let earlier = {
        let (go, month) = (go.clone(), month.clone());
        Callback::from(move |_| go.emit(shift(&month, -1)))
    };
    let later = {
        let (go, month) = (go.clone(), month.clone());
        Callback::from(move |_| go.emit(shift(&month, 1)))
    };
    let picked = {
        let go = go.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if !input.value().is_empty() {
                go.emit(input.value());
            }
        })
    };
    let download = {
        let month = month.clone();
        Callback::from(move |_| {
            let path = format!("/api/v1/reports/monthly?month={month}&format=csv");
            let name = format!("rapport-{month}.csv");
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(text) = services::get_text(&path).await {
                    services::save_file(&name, "text/csv;charset=utf-8", &text);
                }
            });
        })
    };
    let body = match &*report {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(report)) => figures(report, lang),
    };
    html! {
        <section class="report-page">
            <div class="report-head">
                <h2>{ T::MonthlyReport.get(lang) }</h2>
                <button id="earlier-month" onclick={earlier}>{ "‹" }</button>
                <input type="month" id="report-month" value={month.clone()} onchange={picked} />
                <button id="later-month" onclick={later}>{ "›" }</button>
                <button id="report-csv" onclick={download}>{ T::DownloadCsv.get(lang) }</button>
            </div>
            { body }
        </section>
    }
}

/// The report's figures and charts.
fn figures(report: &MonthlyReport, lang: crate::i18n::Lang) -> Html {
    let (now, before) = (&report.current, &report.previous);
    let tile = |id: &'static str, name: T, current: String, previous: String| {
        html! {
            <div class="tile" id={id}>
                <span class="name">{ name.get(lang) }</span>
                <span class="figure">{ current }</span>
                <span class="before">{ format!("{} {previous}", T::MonthBefore.get(lang)) }</span>
            </div>
        }
    };
    let minutes =
        |value: Option<f64>| value.map_or("—".to_owned(), |minutes| format!("{minutes:.0} min"));
    let score = |value: Option<f64>| value.map_or("—".to_owned(), |score| format!("{score:.2}"));
    let keys = |pick: fn(&MonthFigures) -> &BTreeMap<String, u64>| {
        let mut keys: Vec<String> = pick(now)
            .keys()
            .chain(pick(before).keys())
            .cloned()
            .collect();
        keys.sort();
        keys.dedup();
        keys
    };
    let by = |pick: fn(&MonthFigures) -> &BTreeMap<String, u64>,
              label: fn(&str, crate::i18n::Lang) -> String| {
        keys(pick)
            .into_iter()
            .map(|key| {
                let count =
                    |figures: &MonthFigures| pick(figures).get(&key).copied().unwrap_or(0) as f64;
                (label(&key, lang), count(now), count(before))
            })
            .collect::<Vec<_>>()
    };
    // A bar of requests opened opens the queue on them: every view, the
    // bar's category or priority, taken in within the month.
    let links = |pick: fn(&MonthFigures) -> &BTreeMap<String, u64>,
                 set: fn(&mut QueueQuery, &str)| {
        keys(pick)
            .iter()
            .map(|code| {
                let mut query = month_queue(&report.month);
                set(&mut query, code);
                query
            })
            .collect::<Vec<_>>()
    };
    let sla: Vec<(String, f64, f64)> = now
        .sla
        .iter()
        .map(|(target, outcomes)| {
            let share = |compliance: Option<f64>| compliance.unwrap_or(0.0) * 100.0;
            let previous = before
                .sla
                .get(target)
                .and_then(|outcomes| outcomes.compliance);
            (
                named::<SlaTarget>(target, lang),
                share(outcomes.compliance),
                share(previous),
            )
        })
        .collect();
    let contracts = |figures: &MonthFigures| {
        let c = &figures.contracts;
        [
            c.signed.count,
            c.renewed.count,
            c.expiring.count,
            c.invoiced.count,
            c.paid.count,
        ]
    };
    let contract_rows: Vec<(String, f64, f64)> =
        [T::Signed, T::Renewed, T::Expiring, T::Invoiced, T::Paid]
            .into_iter()
            .zip(contracts(now).into_iter().zip(contracts(before)))
            .map(|(name, (current, previous))| {
                (name.get(lang).to_owned(), current as f64, previous as f64)
            })
            .collect();
    html! {
        <>
            <div class="tiles">
                { tile("report-opened", T::Opened, now.requests.opened.total.to_string(), before.requests.opened.total.to_string()) }
                { tile("report-resolved", T::Resolved, now.requests.resolved.total.to_string(), before.requests.resolved.total.to_string()) }
                { tile("report-closed", T::Closed, now.requests.closed.total.to_string(), before.requests.closed.total.to_string()) }
                { tile("report-call-back", T::CallBackMedian, minutes(now.call_back.median_minutes), minutes(before.call_back.median_minutes)) }
                { tile("report-satisfaction", T::Satisfaction, score(now.satisfaction.average), score(before.satisfaction.average)) }
                { tile("report-complaints", T::Complaints, now.complaints.opened.to_string(), before.complaints.opened.to_string()) }
                { tile("report-fees", T::FeesPaid, format::money(now.contracts.paid.fee_cents), format::money(before.contracts.paid.fee_cents)) }
            </div>
            <p class="hint">{ T::BarOpensRequests.get(lang) }</p>
            <div class="charts">
                <Bars id="by-category" title={T::ByCategory} rows={by(|f| &f.requests.opened.by_category, named::<Category>)} unit=""
                    codes={keys(|f| &f.requests.opened.by_category)}
                    links={links(|f| &f.requests.opened.by_category, |query, code| query.category = format::from_code(code))} />
                <Bars id="by-priority" title={T::ByPriority} rows={by(|f| &f.requests.opened.by_priority, named::<Priority>)} unit=""
                    codes={keys(|f| &f.requests.opened.by_priority)}
                    links={links(|f| &f.requests.opened.by_priority, |query, code| query.priority = format::from_code(code))} />
                <Bars id="sla-compliance" title={T::SlaCompliance} rows={sla} unit="%" />
                <Bars id="satisfaction-scores" title={T::SatisfactionScores} rows={by(|f| &f.satisfaction.distribution, |code, _| code.to_owned())} unit="" />
                <Bars id="contracts-chart" title={T::Contracts} rows={contract_rows} unit="" />
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BarsProps {
    id: &'static str,
    title: T,
    /// Each bar: its name, this month's value, the month before's.
    rows: Vec<(String, f64, f64)>,
    unit: &'static str,
    /// Each bar's code (`fault`, `urgent`), for `data-code`.
    #[prop_or_default]
    codes: Vec<String>,
    /// Where each bar leads: the queue on the requests behind it.
    #[prop_or_default]
    links: Vec<QueueQuery>,
}

/// Horizontal bars, this month's solid and the month before's thin
/// beneath; every number is text, so it reads without the picture.
#[component]
fn Bars(props: &BarsProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    const ROW: f64 = 28.0;
    const LABEL: f64 = 120.0;
    const WIDTH: f64 = 420.0;
    let largest = props
        .rows
        .iter()
        .flat_map(|(_, current, previous)| [*current, *previous])
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let scale = |value: f64| (value / largest) * (WIDTH - LABEL - 60.0);
    let height = ROW * props.rows.len().max(1) as f64 + 8.0;
    let bars = props.rows.iter().enumerate().map(|(index, (name, current, previous))| {
        let y = ROW * index as f64 + 4.0;
        let value = format!("{current:.0}{}", props.unit);
        let link = props.links.get(index).cloned();
        let open = link.clone().map(|query| {
            let navigator = navigator.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(navigator) = &navigator {
                    let _ = navigator.push_with_query(&Route::Queue, &query);
                }
            })
        });
        html! {
            <g class={classes!("bar", link.is_some().then_some("clickable"))} data-name={name.clone()}
                data-code={props.codes.get(index).cloned()} data-value={format!("{current:.0}")}
                onclick={open} role={link.is_some().then_some("link")}>
                if link.is_some() {
                    <title>{ T::BarOpensRequests.get(lang) }</title>
                }
                <text x="0" y={(y + 14.0).to_string()} class="label">{ name.clone() }</text>
                <rect x={LABEL.to_string()} y={y.to_string()} width={scale(*current).to_string()} height="14" class="current" />
                <rect x={LABEL.to_string()} y={(y + 16.0).to_string()} width={scale(*previous).to_string()} height="4" class="previous" />
                <text x={(LABEL + scale(*current) + 6.0).to_string()} y={(y + 12.0).to_string()} class="value">{ value }</text>
            </g>
        }
    });
    html! {
        <figure class="chart" id={props.id}>
            <figcaption>{ props.title.get(lang) }</figcaption>
            if props.rows.is_empty() {
                <p class="empty">{ "—" }</p>
            } else {
                <svg viewBox={format!("0 0 {WIDTH} {height}")} width={WIDTH.to_string()} height={height.to_string()} role="img" aria-label={props.title.get(lang)}>
                    { for bars }
                </svg>
            }
        </figure>
    }
}
