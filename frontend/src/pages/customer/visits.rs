//! The visits tab (SPEC 6): the customer's return, executive and routine
//! visits, each opening its form; and an executive or routine visit
//! scheduled from here (an executive visit goes to an executive contact of
//! a customer under a contract in force; the server says so when not).

use chrono::{Days, NaiveTime, Utc};
use rapport_domain::permissions::Action;
use rapport_domain::visits::next_routine_visit;
use rapport_types::visits::{NewVisit, Visit, VisitKind};
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::components::create::use_create_here;
use crate::components::filled::use_filled;
use crate::components::form::{Field, beside, keep_picked, on_submit_fields, options};
use crate::components::loaded::{Head, shown, use_page};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::session::use_session;

#[component]
pub fn Visits(props: &TabProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let reload = use_state(|| 0u32);
    let list = use_page::<Visit>(
        format!("/api/v1/visits?customer_id={}&limit=50", props.customer.id),
        *reload,
    );
    let rows = shown(&list, lang, T::NoVisits, |page| {
        html! {
            <table class="visits">
                <Head columns={vec![T::Kind, T::Status, T::DueAt, T::VisitedAt, T::Satisfaction]} />
                <tbody>
                    { for page.items.iter().map(|visit| html! {
                        <tr class="visit" data-kind={format::code(visit.kind)} data-status={format::code(visit.status)}>
                            <td><Link<Route> to={Route::Visit { id: visit.id }}>{ visit.kind.label(lang) }</Link<Route>></td>
                            <td>
                                { visit.status.label(lang) }
                                if visit.overdue { <span class="tag overdue">{ T::Overdue.get(lang) }</span> }
                            </td>
                            <td class="due-at">{ format::time(visit.due_at) }</td>
                            <td>{ visit.visited_at.map(format::time).unwrap_or_default() }</td>
                            <td>{ visit.satisfaction.map(|score| score.to_string()).unwrap_or_default() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    });
    let on_scheduled = {
        let reload = reload.clone();
        Callback::from(move |_: Visit| reload.set(*reload + 1))
    };
    html! {
        <>
            if context.session.may(Action::WriteVisits) {
                <Schedule customer={props.customer.clone()} contacts={props.contacts.clone()} {on_scheduled} />
            }
            { rows }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ScheduleProps {
    customer: rapport_types::customers::Customer,
    contacts: Vec<rapport_types::contacts::Contact>,
    on_scheduled: Callback<Visit>,
}

/// Schedules a routine visit (proposed on the day the cadence sets, or
/// tomorrow when that is past) or an executive one.
#[component]
fn Schedule(props: &ScheduleProps) -> Html {
    let lang = use_lang();
    let kind = use_state(|| VisitKind::Routine);
    let creating =
        use_create_here::<NewVisit, Visit>("/api/v1/visits".to_owned(), props.on_scheduled.clone());
    let customer = &props.customer;
    let registered_on = customer
        .created_at
        .with_timezone(&format::ORG_TZ)
        .date_naive();
    let tomorrow = format::today() + Days::new(1);
    let proposed_day =
        next_routine_visit(customer.tier, customer.last_routine_visit_on, registered_on)
            .max(tomorrow);
    let proposed = proposed_day
        .and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default())
        .and_local_timezone(format::ORG_TZ)
        .earliest()
        .map(|at| format::local_input(at.with_timezone(&Utc)))
        .unwrap_or_default();
    // Filled with the day proposed; a render in between leaves what was typed.
    let due = use_node_ref();
    use_filled(&due, proposed);
    let onsubmit = {
        let (send, customer_id) = (creating.send.clone(), customer.id);
        on_submit_fields(move |value| {
            let (Some(kind), Some(due_at)) = (
                format::from_code::<VisitKind>(&value("kind")),
                format::local_time(&value("due_at")),
            ) else {
                return;
            };
            send.emit(NewVisit {
                kind,
                customer_id,
                contact_id: value("contact_id").parse().ok(),
                due_at,
            });
        })
    };
    let executive = *kind == VisitKind::Executive;
    let error = |field: &str| beside(&creating.failure, field);
    html! {
        <form class="card tab-form" id="schedule-visit" {onsubmit}>
            <strong>{ T::ScheduleVisit.get(lang) }</strong>
            <div class="choice-grid">
                <Field label={T::Kind}>
                    <select name="kind" onchange={keep_picked(&kind)}>
                        { options([VisitKind::Routine, VisitKind::Executive], |option| option == *kind, lang) }
                    </select>
                </Field>
                <Field label={T::Contact}>
                    <select name="contact_id">
                        if !executive {
                            <option value="" selected=true>{ T::NoContactChosen.get(lang) }</option>
                        }
                        { for props.contacts.iter().filter(|contact| !executive || contact.is_executive).enumerate().map(|(index, contact)| html! {
                            <option value={contact.id.to_string()} selected={executive && index == 0}>{ contact.name.clone() }</option>
                        }) }
                    </select>
                    { error("contact_id") }
                </Field>
                <Field label={T::DueAt}>
                    <input type="datetime-local" name="due_at" required=true ref={due} />
                    { error("due_at") }
                </Field>
            </div>
            if executive {
                <p class="hint">{ T::ExecutiveNeedsContact.get(lang) }</p>
            }
            { error("customer_id") }
            { creating.end(lang, T::ScheduleVisit, &["contact_id", "due_at", "customer_id"]) }
        </form>
    }
}
