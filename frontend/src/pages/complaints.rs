//! 投诉 complaints: the overdue promises first (the home tile's number),
//! or all of them; each row opens its customer and the request it is
//! about. View and page live in the URL.

use rapport_types::complaints::Complaint;
use rapport_types::page::Paged;
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

/// Which complaints the page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintView {
    /// Open, and the promised time has passed; most overdue first.
    #[default]
    Overdue,
    /// Every complaint, newest first.
    All,
}

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ComplaintQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<ComplaintView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

#[component]
pub fn Complaints() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let query: ComplaintQuery = use_location()
        .and_then(|location| location.query::<ComplaintQuery>().ok())
        .unwrap_or_default();
    let view = query.view.unwrap_or_default();
    let list = use_state(|| None::<Result<Paged<Complaint>, Failure>>);
    {
        let list = list.clone();
        use_effect_with(query.clone(), move |query| {
            #[derive(Serialize)]
            struct Asked {
                #[serde(skip_serializing_if = "Option::is_none")]
                overdue: Option<bool>,
                page: u64,
                limit: u64,
            }
            let asked = Asked {
                overdue: (query.view.unwrap_or_default() == ComplaintView::Overdue).then_some(true),
                page: query.page.unwrap_or(1),
                limit: 50,
            };
            list.set(None);
            load_latest(
                async move { services::get_with("/api/v1/complaints", &asked).await },
                move |answer| list.set(Some(answer)),
            )
        });
    }
    let go = Callback::from(move |next: ComplaintQuery| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&Route::Complaints, &next);
        }
    });
    let tabs = vec![
        (ComplaintView::Overdue, T::Overdue),
        (ComplaintView::All, T::ViewAll),
    ];
    let on_pick = go.reform(|view| ComplaintQuery {
        view: Some(view),
        page: None,
    });
    let body = match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoComplaints.get(lang) }</p> }
        }
        Some(Ok(page)) => {
            let rows = page.items.iter().map(|complaint| {
                let customer = complaint.customer_name.clone().unwrap_or_default();
                html! {
                    <tr data-complaint={complaint.id.to_string()} class={classes!(complaint.overdue.then_some("overdue"))}>
                        <td><Link<Route> to={Route::Complaint { id: complaint.id }}>{ complaint.summary.clone() }</Link<Route>></td>
                        <td><Link<Route> to={Route::Customer { id: complaint.customer_id }}>{ customer }</Link<Route>></td>
                        <td>
                            { complaint.status.label(lang) }
                            if complaint.overdue { <span class="tag overdue">{ T::Overdue.get(lang) }</span> }
                        </td>
                        <td>{ format::time(complaint.promised_by) }</td>
                        <td>
                            if let Some(request_id) = complaint.request_id {
                                <Link<Route> to={Route::Request { id: request_id }}>{ T::Request.get(lang) }</Link<Route>>
                            }
                        </td>
                    </tr>
                }
            });
            let on_page = go.reform(move |page| ComplaintQuery {
                view: Some(view),
                page: Some(page),
            });
            html! {
                <>
                    <table class="complaints">
                        <thead><tr>
                            <th>{ T::Summary.get(lang) }</th>
                            <th>{ T::Customer.get(lang) }</th>
                            <th>{ T::Status.get(lang) }</th>
                            <th>{ T::PromisedBy.get(lang) }</th>
                            <th>{ T::Request.get(lang) }</th>
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
        <section class="complaints-page">
            <h2>{ T::Complaints.get(lang) }</h2>
            <Tabs<ComplaintView> {tabs} current={view} {on_pick} />
            { body }
        </section>
    }
}
