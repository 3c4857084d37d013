//! 合同 contracts: all, those ending within 30 days (the renewals to
//! prepare, soonest first) and the free years; each row opens the contract.
//! A fourth tab runs the monthly free batch. View, page and the batch's
//! month live in the URL.

use rapport_types::contracts::{Contract, ContractKind};
use rapport_types::page::Paged;
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::loaded::{Head, shown_paged, use_get_with};
use crate::components::query::{use_go, use_query};
use crate::components::tabs::Tabs;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::free_batch::{FreeBatch, latest_closed_month};
use crate::route::Route;
use crate::session::use_session;
use rapport_domain::permissions::Action;

/// Which contracts the page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractView {
    /// Every contract, newest first.
    #[default]
    All,
    /// In force and ending within 30 days, soonest first.
    Ending,
    /// The free first years.
    Free,
    /// The monthly batch that makes them.
    FreeBatch,
}

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContractQuery {
    pub view: Option<ContractView>,
    pub page: Option<u64>,
    /// The free batch's month, `YYYY-MM`.
    pub month: Option<String>,
}

/// What the list asks the server.
#[derive(Clone, PartialEq, Serialize)]
struct Asked {
    ending_within_days: Option<u32>,
    kind: Option<ContractKind>,
    page: u64,
    limit: u64,
}

#[component]
pub fn Contracts() -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let query: ContractQuery = use_query();
    let go = use_go(Route::Contracts);
    let view = query.view.unwrap_or_default();
    let filter = match view {
        ContractView::All => Some((None, None)),
        ContractView::Ending => Some((Some(30), None)),
        ContractView::Free => Some((None, Some(ContractKind::Free))),
        ContractView::FreeBatch => None,
    };
    let asked = filter.map(|(ending_within_days, kind)| Asked {
        ending_within_days,
        kind,
        page: query.page.unwrap_or(1),
        limit: 50,
    });
    let list = use_get_with::<Paged<Contract>, _>("/api/v1/contracts", asked);
    let mut tabs = vec![
        (ContractView::All, T::All),
        (ContractView::Ending, T::EndingSoon),
        (ContractView::Free, T::FreeYears),
    ];
    let may_run_batch = context.session.may(Action::RunFreeBatch);
    if may_run_batch {
        tabs.push((ContractView::FreeBatch, T::FreeBatch));
    }
    let on_pick = go.reform(|view| ContractQuery {
        view: Some(view),
        ..ContractQuery::default()
    });
    let on_page = go.reform(move |page| ContractQuery {
        view: Some(view),
        page: Some(page),
        month: None,
    });
    let body = if view == ContractView::FreeBatch {
        let month = query.month.clone().unwrap_or_else(latest_closed_month);
        let on_month = go.reform(|month| ContractQuery {
            view: Some(ContractView::FreeBatch),
            month: Some(month),
            ..ContractQuery::default()
        });
        if may_run_batch {
            html! { <FreeBatch {month} {on_month} /> }
        } else {
            html! {}
        }
    } else {
        shown_paged(&list, lang, T::NoContracts, on_page, |page| {
            let rows = page.items.iter().map(|contract| {
                let open = {
                    let navigator = navigator.clone();
                    let id = contract.id;
                    Callback::from(move |_| {
                        if let Some(navigator) = &navigator {
                            navigator.push(&Route::Contract { id });
                        }
                    })
                };
                html! {
                    <tr data-contract={contract.id.to_string()} class="clickable" onclick={open}>
                        <td>{ contract.customer_name.clone().unwrap_or_default() }</td>
                        <td>{ contract.kind.label(lang) }</td>
                        <td>{ contract.status.label(lang) }</td>
                        <td>{ format!("{} – {}", contract.period_start, contract.period_end) }</td>
                        <td class="number">{ format::money(contract.fee_cents) }</td>
                    </tr>
                }
            });
            html! {
                <table class="contracts">
                    <Head columns={vec![T::Customer, T::Kind, T::Status, T::Period]}>
                        <th class="number">{ T::Fee.get(lang) }</th>
                    </Head>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        })
    };
    html! {
        <section class="contracts-page">
            <h2>{ T::Contracts.get(lang) }</h2>
            <Tabs<ContractView> {tabs} current={view} {on_pick} />
            { body }
        </section>
    }
}
