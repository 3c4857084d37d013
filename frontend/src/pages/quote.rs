//! 报价 the quote calculator: a customer's next contract (first paid, or
//! renewal) priced from their real figures, which the service desk may
//! change while negotiating; every package's fee is recomputed in the
//! browser as a figure is typed, by the same domain functions the server
//! uses (seed 003), beside last year's service to negotiate with.

use rapport_domain::fees::{Fee, Money, RateBp, first_contract_fee, renewal_fee};
use rapport_domain::request::Category;
use rapport_domain::sla::SlaTarget;
use rapport_types::quotes::{CustomerQuote, PackageQuote, ServiceStatistics};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::cells::customer_heading;
use crate::components::loaded::use_customer_name;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::new_contract::NewContractQuery;
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct QuoteProps {
    pub id: Uuid,
}

/// The two figures a quote is computed from, as typed (yuan).
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    /// First: purchases of the last 12 months; renewal: the previous cover.
    first: String,
    /// First: lines leaving free maintenance; renewal: purchases since.
    second: String,
}

/// Each package's fee for `figures` of a quote of `kind`, or which figure
/// is not an amount.
fn fees(
    kind: &str,
    figures: &Figures,
    packages: &[PackageQuote],
) -> Result<Vec<(String, i32, Fee)>, &'static str> {
    let amount = |text: &str, field: &'static str| {
        format::parse_yuan(text)
            .and_then(|cents| Money::from_cents(cents).ok())
            .ok_or(field)
    };
    let first = amount(&figures.first, "first")?;
    let second = amount(&figures.second, "second")?;
    packages
        .iter()
        .map(|package| {
            // A negative rate is out of range as surely as a huge one.
            let rate = RateBp::new(u32::try_from(package.rate_bp).unwrap_or(u32::MAX));
            let fee = rate.and_then(|rate| match kind {
                "renewal" => renewal_fee(first, second, rate),
                _ => first
                    .checked_add(second)
                    .and_then(|covered| first_contract_fee(covered, rate)),
            });
            fee.map(|fee| (package.name.clone(), package.rate_bp, fee))
                .map_err(|_| "first")
        })
        .collect()
}

#[component]
pub fn QuotePage(props: &QuoteProps) -> Html {
    let lang = use_lang();
    let may_draft = use_session()
        .session
        .may(rapport_domain::permissions::Action::WriteContracts);
    let quote = use_state(|| None::<Result<CustomerQuote, Failure>>);
    let figures = use_state(|| None::<Figures>);
    let name = use_customer_name(props.id);
    {
        let (quote, figures) = (quote.clone(), figures.clone());
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                let found: Result<CustomerQuote, Failure> =
                    services::get(&format!("/api/v1/customers/{id}/quote")).await;
                if let Ok(found) = &found {
                    let yuan = |cents: i64| format!("{}.{:02}", cents / 100, cents % 100);
                    figures.set(Some(match found.kind.as_str() {
                        "renewal" => Figures {
                            first: yuan(found.previous_covered_cents.unwrap_or(0)),
                            second: yuan(found.purchases_cents),
                        },
                        _ => Figures {
                            first: yuan(found.purchases_cents),
                            second: yuan(found.leaving_free_cents),
                        },
                    }));
                }
                quote.set(Some(found));
            });
        });
    }
    let (found, typed) = match (&*quote, &*figures) {
        (None, _) => return html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        (Some(Err(failure)), _) => return html! { <p class="error">{ failure.detail() }</p> },
        (Some(Ok(found)), Some(typed)) => (found.clone(), typed.clone()),
        (Some(Ok(_)), None) => return html! {},
    };
    let renewal = found.kind == "renewal";
    let (first_label, second_label) = if renewal {
        (T::PreviousCover, T::PurchasesSince)
    } else {
        (T::PurchasesLastYear, T::LeavingFree)
    };
    let on_input = |which: fn(&mut Figures) -> &mut String| {
        let figures = figures.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(mut next) = (*figures).clone() {
                *which(&mut next) = input.value();
                figures.set(Some(next));
            }
        })
    };
    let computed = fees(&found.kind, &typed, &found.quotes);
    let rows = match &computed {
        Ok(fees) => html! {
            { for fees.iter().zip(&found.quotes).map(|((name, rate_bp, fee), package)| html! {
                <tr data-package={package.package.clone()}>
                    <td>{ name.clone() }</td>
                    <td class="number">{ format!("{:.2}%", f64::from(*rate_bp) / 100.0) }</td>
                    <td class="number">{ format::money(fee.covered_value.cents()) }</td>
                    <td class="number fee">{ format::money(fee.fee.cents()) }</td>
                    if may_draft {
                        <td><Link<Route, NewContractQuery> to={Route::NewContract { id: found.customer_id }} classes="draft-contract"
                            query={Some(NewContractQuery { package: Some(package.package.clone()), start: Some(found.start) })}>
                            { T::DraftContract.get(lang) }
                        </Link<Route, NewContractQuery>></td>
                    }
                </tr>
            }) }
        },
        Err(_) => html! {},
    };
    let invalid = |field: &str| {
        matches!(&computed, Err(bad) if *bad == field)
            .then(|| html! { <span class="field-error">{ T::NotAnAmount.get(lang) }</span> })
            .unwrap_or_default()
    };
    html! {
        <section class="quote-page">
            { customer_heading(if renewal { T::RenewalQuote.get(lang) } else { T::FirstQuote.get(lang) }, found.customer_id, name) }
            <p class="hint">{ format!("{} {} · {} {} – {}", T::Starts.get(lang), found.start, T::PurchasesCounted.get(lang), found.purchases_from, found.purchases_to) }</p>
            <div class="quote-columns">
                <div>
                    <label>{ first_label.get(lang) }
                        <input id="quote-first" inputmode="decimal" value={typed.first.clone()} oninput={on_input(|f| &mut f.first)} />
                    </label>
                    { invalid("first") }
                    <label>{ second_label.get(lang) }
                        <input id="quote-second" inputmode="decimal" value={typed.second.clone()} oninput={on_input(|f| &mut f.second)} />
                    </label>
                    { invalid("second") }
                    <table class="quotes">
                        <thead><tr>
                            <th>{ T::Package.get(lang) }</th>
                            <th class="number">{ T::Rate.get(lang) }</th>
                            <th class="number">{ T::CoveredValue.get(lang) }</th>
                            <th class="number">{ T::Fee.get(lang) }</th>
                            if may_draft { <th></th> }
                        </tr></thead>
                        <tbody>{ rows }</tbody>
                    </table>
                </div>
                <LastYear stats={found.last_year_service.clone()} />
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LastYearProps {
    stats: ServiceStatistics,
}

/// Last year's service, to negotiate with (seed 003).
#[component]
fn LastYear(props: &LastYearProps) -> Html {
    let lang = use_lang();
    let stats = &props.stats;
    let percent = |share: Option<f64>| {
        share.map_or("—".to_owned(), |share| format!("{:.0}%", share * 100.0))
    };
    html! {
        <aside class="card last-year">
            <h3>{ format!("{} ({} – {})", T::LastYearService.get(lang), stats.from, stats.to) }</h3>
            <dl class="facts">
                { for stats.requests_by_category.iter().map(|(category, count)| {
                    let named = serde_json::from_value::<Category>(category.clone().into())
                        .map_or(category.clone(), |category| category.label(lang).to_owned());
                    html! { <><dt>{ named }</dt><dd>{ count }</dd></> }
                }) }
                <dt>{ T::OnSiteVisits.get(lang) }</dt><dd>{ stats.on_site_visits }</dd>
                <dt>{ T::SlaCompliance.get(lang) }</dt><dd id="sla-compliance">{ percent(stats.sla_compliance) }</dd>
                { for stats.sla_by_target.iter().map(|(target, compliance)| {
                    let named = serde_json::from_value::<SlaTarget>(target.clone().into())
                        .map_or(target.clone(), |target| target.label(lang).to_owned());
                    html! { <><dt>{ named }</dt><dd>{ format!("{} / {}", compliance.met, compliance.due) }</dd></> }
                }) }
                <dt>{ T::Satisfaction.get(lang) }</dt>
                <dd>{ stats.average_satisfaction.map_or("—".to_owned(), |score| format!("{score:.1} / 5")) }</dd>
            </dl>
        </aside>
    }
}
