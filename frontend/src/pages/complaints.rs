//! 投诉 complaints: the overdue promises first (the home tile's number),
//! or all of them; each row opens its customer and the request it is
//! about. View and page live in the URL.

use rapport_types::complaints::Complaint;
use rapport_types::page::Paged;
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

/// What the list asks the server.
#[derive(Clone, PartialEq, Serialize)]
struct Asked {
    overdue: Option<bool>,
    page: u64,
    limit: u64,
}

#[component]
pub fn Complaints() -> Html {
    let lang = use_lang();
    let views = use_views::<ComplaintView>(Route::Complaints);
    let view = views.view;
    let asked = Asked {
        overdue: (view == ComplaintView::Overdue).then_some(true),
        page: views.page,
        limit: 50,
    };
    let list = use_get_with::<Paged<Complaint>, _>("/api/v1/complaints", Some(asked));
    let tabs = vec![
        (ComplaintView::Overdue, T::Overdue),
        (ComplaintView::All, T::ViewAll),
    ];
    let body = shown_paged(&list, lang, T::NoComplaints, views.on_page, |page| {
        let rows = page.items.iter().map(|complaint| {
            let customer = complaint.customer_name.clone().unwrap_or_default();
            html! {
                <tr data-complaint={complaint.id.to_string()} class={classes!(complaint.overdue.then_some("overdue"))}>
                    <td><Link<Route> to={Route::Complaint { id: complaint.id }}>{ complaint.summary.clone() }</Link<Route>></td>
                    <td>{ customer_link(complaint.customer_id, customer) }</td>
                    <td>{ complaint.status.label(lang) }{ overdue_tag(complaint.overdue, lang) }</td>
                    <td>{ format::time(complaint.promised_by) }</td>
                    <td>{ request_link(complaint.request_id, lang) }</td>
                </tr>
            }
        });
        html! {
            <table class="complaints">
                <Head columns={vec![T::Summary, T::Customer, T::Status, T::PromisedBy, T::Request]} />
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    html! {
        <section class="complaints-page">
            <h2>{ T::Complaints.get(lang) }</h2>
            <Tabs<ComplaintView> {tabs} current={view} on_pick={views.on_pick} />
            { body }
        </section>
    }
}
