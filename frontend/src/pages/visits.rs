//! 回访 visits: the ones to make, the overdue ones, those made; each row
//! opens its customer (and the request a return visit follows). Views and
//! page live in the URL.

use rapport_types::page::Paged;
use rapport_types::visits::{Visit, VisitStatus};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::latest::load_latest;
use crate::components::pager::{Pager, more};
use crate::components::tabs::Tabs;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

/// Which visits the page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitView {
    /// To be made (the home tile's number).
    #[default]
    Due,
    /// Due and past their time.
    Overdue,
    /// Made and recorded.
    Done,
}

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VisitQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<VisitView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

#[component]
pub fn Visits() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let query: VisitQuery = use_location()
        .and_then(|location| location.query::<VisitQuery>().ok())
        .unwrap_or_default();
    let view = query.view.unwrap_or_default();
    let list = use_state(|| None::<Result<Paged<Visit>, Failure>>);
    {
        let list = list.clone();
        use_effect_with(query.clone(), move |query| {
            #[derive(Serialize)]
            struct Asked {
                #[serde(skip_serializing_if = "Option::is_none")]
                status: Option<VisitStatus>,
                #[serde(skip_serializing_if = "Option::is_none")]
                overdue: Option<bool>,
                page: u64,
                limit: u64,
            }
            let (status, overdue) = match query.view.unwrap_or_default() {
                VisitView::Due => (Some(VisitStatus::Due), None),
                VisitView::Overdue => (None, Some(true)),
                VisitView::Done => (Some(VisitStatus::Done), None),
            };
            let asked = Asked {
                status,
                overdue,
                page: query.page.unwrap_or(1),
                limit: 50,
            };
            list.set(None);
            load_latest(
                async move { services::get_with("/api/v1/visits", &asked).await },
                move |answer| list.set(Some(answer)),
            )
        });
    }
    let go = Callback::from(move |next: VisitQuery| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&Route::Visits, &next);
        }
    });
    let tabs = vec![
        (VisitView::Due, T::VisitsDue),
        (VisitView::Overdue, T::Overdue),
        (VisitView::Done, T::Done),
    ];
    let on_pick = go.reform(|view| VisitQuery {
        view: Some(view),
        page: None,
    });
    let body = match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoVisits.get(lang) }</p> }
        }
        Some(Ok(page)) => {
            let rows = page.items.iter().map(|visit| {
                let customer = visit.customer_name.clone().unwrap_or_default();
                html! {
                    <tr data-visit={visit.id.to_string()} class={classes!(visit.overdue.then_some("overdue"))}>
                        <td><Link<Route> to={Route::Visit { id: visit.id }}>{ visit.kind.label(lang) }</Link<Route>></td>
                        <td><Link<Route> to={Route::Customer { id: visit.customer_id }}>{ customer }</Link<Route>></td>
                        <td>{ format::time(visit.due_at) }</td>
                        <td>
                            { visit.status.label(lang) }
                            if visit.overdue { <span class="tag overdue">{ T::Overdue.get(lang) }</span> }
                        </td>
                        <td>
                            if let Some(request_id) = visit.request_id {
                                <Link<Route> to={Route::Request { id: request_id }}>{ T::Request.get(lang) }</Link<Route>>
                            }
                        </td>
                        <td>{ visit.satisfaction.map(|score| format!("{score} / 5")).unwrap_or_default() }</td>
                    </tr>
                }
            });
            let on_page = go.reform(move |page| VisitQuery {
                view: Some(view),
                page: Some(page),
            });
            html! {
                <>
                    <table class="visits">
                        <thead><tr>
                            <th>{ T::Kind.get(lang) }</th>
                            <th>{ T::Customer.get(lang) }</th>
                            <th>{ T::DueAt.get(lang) }</th>
                            <th>{ T::Status.get(lang) }</th>
                            <th>{ T::Request.get(lang) }</th>
                            <th>{ T::Satisfaction.get(lang) }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    <Pager page={page.page} limit={page.limit} total={page.total}
                        exact={page.total_exact} more={more(page)} {on_page} />
                </>
            }
        }
    };
    html! {
        <section class="visits-page">
            <h2>{ T::Visits.get(lang) }</h2>
            <Tabs<VisitView> {tabs} current={view} {on_pick} />
            { body }
        </section>
    }
}
