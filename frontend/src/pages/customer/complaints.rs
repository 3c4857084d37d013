//! The complaints tab (SPEC 7): the customer's complaints with the time
//! promised to them, each opening its lifecycle; and a complaint
//! registered here with the handling time promised (after now), about one
//! of their requests if it came with one.

use chrono::{TimeDelta, Utc};
use rapport_domain::permissions::Action;
use rapport_types::complaints::{Complaint, NewComplaint};
use rapport_types::requests::{RequestFilter, RequestPage, RequestSummary};
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::components::create::use_create;
use crate::components::filled::use_filled;
use crate::components::form::{Field, beside, contact_options, on_submit_fields};
use crate::components::loaded::{Head, shown, use_page};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services;
use crate::session::use_session;

#[component]
pub fn Complaints(props: &TabProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let list = use_page::<Complaint>(
        format!(
            "/api/v1/complaints?customer_id={}&limit=50",
            props.customer.id
        ),
        0,
    );
    let registering = use_state(|| false);
    let rows = shown(&list, lang, T::NoComplaints, |page| {
        html! {
            <table class="complaints">
                <Head columns={vec![T::Summary, T::Status, T::PromisedBy]} />
                <tbody>
                    { for page.items.iter().map(|complaint| html! {
                        <tr class="complaint" data-status={format::code(complaint.status)}>
                            <td><Link<Route> to={Route::Complaint { id: complaint.id }}>{ complaint.summary.clone() }</Link<Route>></td>
                            <td>{ complaint.status.label(lang) }</td>
                            <td>
                                { format::time(complaint.promised_by) }
                                if complaint.overdue { <span class="tag overdue">{ T::Overdue.get(lang) }</span> }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    });
    let open_form = {
        let registering = registering.clone();
        Callback::from(move |_| registering.set(true))
    };
    html! {
        <>
            if context.session.may(Action::WriteComplaints) {
                if *registering {
                    <Register customer_id={props.customer.id} contacts={props.contacts.clone()} />
                } else {
                    <p><button id="register-complaint" onclick={open_form}>{ T::RegisterComplaint.get(lang) }</button></p>
                }
            }
            { rows }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RegisterProps {
    customer_id: uuid::Uuid,
    contacts: Vec<rapport_types::contacts::Contact>,
}

/// Registers a complaint, then opens it.
#[component]
fn Register(props: &RegisterProps) -> Html {
    let lang = use_lang();
    // Tomorrow at this time, proposed once; the field is the typist's.
    let promised = use_node_ref();
    let tomorrow = use_state(|| format::local_input(format::now() + TimeDelta::days(1)));
    use_filled(&promised, (*tomorrow).clone());
    let requests = use_state(Vec::<RequestSummary>::new);
    {
        let requests = requests.clone();
        use_effect_with(props.customer_id, move |id| {
            let filter = RequestFilter {
                customer_id: Some(*id),
                limit: Some(20),
                ..RequestFilter::default()
            };
            wasm_bindgen_futures::spawn_local(async move {
                let page: Result<RequestPage, _> =
                    services::get_with("/api/v1/requests", &filter).await;
                if let Ok(page) = page {
                    requests.set(page.items);
                }
            });
        });
    }
    let creating = use_create::<NewComplaint, Complaint>("/api/v1/complaints", |complaint| {
        Route::Complaint { id: complaint.id }
    });
    let onsubmit = {
        let (send, customer_id) = (creating.send.clone(), props.customer_id);
        on_submit_fields(move |value| {
            let Some(promised_by) = format::local_time(&value("promised_by")) else {
                return;
            };
            send.emit(NewComplaint {
                customer_id,
                contact_id: value("contact_id").parse().ok(),
                request_id: value("request_id").parse().ok(),
                summary: value("summary"),
                details: value("details"),
                promised_by: promised_by.with_timezone(&Utc),
            });
        })
    };
    let error = |field: &str| beside(&creating.failure, field);
    html! {
        <form class="card tab-form" id="complaint-form" {onsubmit}>
            <strong>{ T::RegisterComplaint.get(lang) }</strong>
            <Field label={T::Summary}>
                <input name="summary" required=true maxlength="200" />
                { error("summary") }
            </Field>
            <Field label={T::Details}>
                <textarea name="details" maxlength="10000" />
                { error("details") }
            </Field>
            <div class="choice-grid">
                <Field label={T::PromisedBy}>
                    <input type="datetime-local" name="promised_by" required=true ref={promised} />
                    { error("promised_by") }
                </Field>
                <Field label={T::Contact}>
                    <select name="contact_id">{ contact_options(&props.contacts, lang) }</select>
                </Field>
                <Field label={T::Request}>
                    <select name="request_id">
                        <option value="" selected=true>{ T::NoContactChosen.get(lang) }</option>
                        { for requests.iter().map(|request| html! {
                            <option value={request.id.to_string()}>{ format!("{} {}", request.number, request.title) }</option>
                        }) }
                    </select>
                    { error("request_id") }
                </Field>
            </div>
            { creating.end(lang, T::Save, &[]) }
        </form>
    }
}
