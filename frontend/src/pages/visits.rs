//! 回访 visits: the ones to make, the overdue ones, those made; each row
//! opens its customer (and the request a return visit follows). Views and
//! page live in the URL.

use rapport_types::page::Paged;
use rapport_types::visits::{Visit, VisitStatus};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::cells::{customer_link, overdue_tag, request_link};
use crate::components::loaded::{Head, shown_paged, use_get_with};
use crate::components::query::use_views;
use crate::components::tabs::Tabs;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;

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

/// What the list asks the server.
#[derive(Clone, PartialEq, Serialize)]
struct Asked {
    status: Option<VisitStatus>,
    overdue: Option<bool>,
    page: u64,
    limit: u64,
}

#[component]
pub fn Visits() -> Html {
    let lang = use_lang();
    let views = use_views::<VisitView>(Route::Visits);
    let view = views.view;
    let (status, overdue) = match view {
        VisitView::Due => (Some(VisitStatus::Due), None),
        VisitView::Overdue => (None, Some(true)),
        VisitView::Done => (Some(VisitStatus::Done), None),
    };
    let asked = Asked {
        status,
        overdue,
        page: views.page,
        limit: 50,
    };
    let list = use_get_with::<Paged<Visit>, _>("/api/v1/visits", Some(asked));
    let tabs = vec![
        (VisitView::Due, T::VisitsDue),
        (VisitView::Overdue, T::Overdue),
        (VisitView::Done, T::Done),
    ];
    let body = shown_paged(&list, lang, T::NoVisits, views.on_page, |page| {
        let rows = page.items.iter().map(|visit| {
            let customer = visit.customer_name.clone().unwrap_or_default();
            html! {
                <tr data-visit={visit.id.to_string()} class={classes!(visit.overdue.then_some("overdue"))}>
                    <td><Link<Route> to={Route::Visit { id: visit.id }}>{ visit.kind.label(lang) }</Link<Route>></td>
                    <td>{ customer_link(visit.customer_id, customer) }</td>
                    <td>{ format::time(visit.due_at) }</td>
                    <td>{ visit.status.label(lang) }{ overdue_tag(visit.overdue, lang) }</td>
                    <td>{ request_link(visit.request_id, lang) }</td>
                    <td>{ visit.satisfaction.map(|score| format!("{score} / 5")).unwrap_or_default() }</td>
                </tr>
            }
        });
        html! {
            <table class="visits">
                <Head columns={vec![T::Kind, T::Customer, T::DueAt, T::Status, T::Request, T::Satisfaction]} />
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    html! {
        <section class="visits-page">
            <h2>{ T::Visits.get(lang) }</h2>
            <Tabs<VisitView> {tabs} current={view} on_pick={views.on_pick} />
            { body }
        </section>
    }
}
