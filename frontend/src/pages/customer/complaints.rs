//! The complaints tab (SPEC 7): the customer's complaints with the time
//! promised to them, each opening its lifecycle; and a complaint
//! registered here with the handling time promised (after now), about one
//! of their requests if it came with one.

use chrono::{TimeDelta, Utc};
use rapport_domain::permissions::Action;
use rapport_types::complaints::{Complaint, NewComplaint};
use rapport_types::requests::{RequestFilter, RequestPage, ServiceRequest};
use web_sys::HtmlFormElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::components::create::use_create;
use crate::components::filled::use_filled;
use crate::components::loaded::{shown, use_page};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::customers::form_value;
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
                <thead><tr>
                    <th>{ T::Summary.get(lang) }</th>
                    <th>{ T::Status.get(lang) }</th>
                    <th>{ T::PromisedBy.get(lang) }</th>
                </tr></thead>
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
    let form = use_node_ref();
    // Tomorrow at this time, proposed once; the field is the typist's.
    let promised = use_node_ref();
    let tomorrow = use_state(|| format::local_input(format::now() + TimeDelta::days(1)));
    use_filled(&promised, (*tomorrow).clone());
    let requests = use_state(Vec::<ServiceRequest>::new);
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
    let (failure, busy) = (&creating.failure, creating.busy);
    let onsubmit = {
        let (send, form, customer_id) = (creating.send.clone(), form.clone(), props.customer_id);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(element) = form.cast::<HtmlFormElement>() else {
                return;
            };
            let value = |name: &str| form_value(&element, name);
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
    let error =
        |field: &str| {
            failure.as_ref().and_then(|failure| failure.field(field)).map(|message| {
            html! { <span class="field-error" data-field={field.to_owned()}>{ message }</span> }
        })
        };
    html! {
        <form class="card tab-form" id="complaint-form" ref={form} {onsubmit}>
            <strong>{ T::RegisterComplaint.get(lang) }</strong>
            <label class="field">
                <span>{ T::Summary.get(lang) }</span>
                <input name="summary" required=true maxlength="200" />
                { error("summary") }
            </label>
            <label class="field">
                <span>{ T::Details.get(lang) }</span>
                <textarea name="details" maxlength="10000" />
                { error("details") }
            </label>
            <div class="choice-grid">
                <label class="field">
                    <span>{ T::PromisedBy.get(lang) }</span>
                    <input type="datetime-local" name="promised_by" required=true ref={promised} />
                    { error("promised_by") }
                </label>
                <label class="field">
                    <span>{ T::Contact.get(lang) }</span>
                    <select name="contact_id">
                        <option value="" selected=true>{ T::NoContactChosen.get(lang) }</option>
                        { for props.contacts.iter().map(|contact| html! {
                            <option value={contact.id.to_string()}>{ contact.name.clone() }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ T::Request.get(lang) }</span>
                    <select name="request_id">
                        <option value="" selected=true>{ T::NoContactChosen.get(lang) }</option>
                        { for requests.iter().map(|request| html! {
                            <option value={request.id.to_string()}>{ format!("{} {}", request.number, request.title) }</option>
                        }) }
                    </select>
                    { error("request_id") }
                </label>
            </div>
            if let Some(failure) = failure {
                <p class="error" role="alert">{ failure.detail() }</p>
            }
            <button type="submit" class="primary" disabled={busy}>{ T::Save.get(lang) }</button>
        </form>
    }
}
