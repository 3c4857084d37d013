//! The follow-ups tab (seed 002): every contact with the customer, newest
//! first, and a form to log one: when, how, with whom, what was said, what
//! came of it and what happens next.

use chrono::Utc;
use rapport_domain::permissions::Action;
use rapport_types::follow_ups::{FollowUp, Method, NewFollowUp};
use uuid::Uuid;
use web_sys::HtmlFormElement;
use yew::prelude::*;

use super::TabProps;
use crate::components::create::use_create_here;
use crate::components::filled::{fill, use_filled};
use crate::components::form::{Field, beside, contact_options, on_submit_fields, options};
use crate::components::loaded::{Head, shown, use_page};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::session::use_session;

#[component]
pub fn FollowUps(props: &TabProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let reload = use_state(|| 0u32);
    let list = use_page::<FollowUp>(
        format!(
            "/api/v1/customers/{}/follow-ups?limit=50",
            props.customer.id
        ),
        *reload,
    );
    let contact_name = |id: Option<Uuid>| {
        id.and_then(|id| props.contacts.iter().find(|contact| contact.id == id))
            .map(|contact| contact.name.clone())
            .unwrap_or_default()
    };
    let rows = shown(&list, lang, T::NoFollowUps, |page| {
        html! {
            <table class="follow-ups">
                <Head columns={vec![T::OccurredAt, T::Method, T::Contact, T::FollowUpSummary, T::Feedback, T::Outcome, T::NextStep]} />
                <tbody>
                    { for page.items.iter().map(|entry| html! {
                        <tr class="follow-up" data-method={format::code(entry.method)}>
                            <td>{ format::time(entry.occurred_at) }</td>
                            <td>{ entry.method.label(lang) }</td>
                            <td>{ contact_name(entry.contact_id) }</td>
                            <td class="summary">{ entry.summary.clone() }</td>
                            <td>{ entry.feedback.clone() }</td>
                            <td>{ entry.outcome.clone() }</td>
                            <td>{ entry.next_step.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    });
    let on_logged = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    html! {
        <>
            if context.session.may(Action::WriteFollowUps) {
                <LogFollowUp customer_id={props.customer.id} contacts={props.contacts.clone()} {on_logged} />
            }
            { rows }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct LogProps {
    customer_id: Uuid,
    contacts: Vec<rapport_types::contacts::Contact>,
    on_logged: Callback<()>,
}

/// Logs a follow-up; sent once under an idempotency key, so a double
/// click logs one.
#[component]
fn LogFollowUp(props: &LogProps) -> Html {
    let lang = use_lang();
    let form = use_node_ref();
    // When: now, proposed once and after each one logged; the field is the typist's.
    let occurred = use_node_ref();
    let opened_at = use_state(|| format::local_input(format::now()));
    use_filled(&occurred, (*opened_at).clone());
    let done = {
        let (form, occurred, on_logged) = (form.clone(), occurred.clone(), props.on_logged.clone());
        Callback::from(move |_: FollowUp| {
            if let Some(element) = form.cast::<HtmlFormElement>() {
                element.reset();
            }
            fill(&occurred, &format::local_input(format::now()));
            on_logged.emit(());
        })
    };
    let creating = use_create_here::<NewFollowUp, FollowUp>(
        format!("/api/v1/customers/{}/follow-ups", props.customer_id),
        done,
    );
    let onsubmit = {
        let send = creating.send.clone();
        on_submit_fields(move |value| {
            let Some(method) = format::from_code::<Method>(&value("method")) else {
                return;
            };
            let occurred_at = format::local_time(&value("occurred_at"))
                .map_or_else(format::now, |at| at.with_timezone(&Utc));
            send.emit(NewFollowUp {
                contact_id: value("contact_id").parse().ok(),
                occurred_at,
                method,
                summary: value("summary"),
                feedback: value("feedback"),
                outcome: value("outcome"),
                next_step: value("next_step"),
            });
        })
    };
    let error = |field: &str| beside(&creating.failure, field);
    html! {
        <form class="card tab-form" id="follow-up-form" ref={form} {onsubmit}>
            <strong>{ T::LogFollowUp.get(lang) }</strong>
            <div class="choice-grid">
                <Field label={T::OccurredAt}>
                    <input type="datetime-local" name="occurred_at" ref={occurred} />
                    { error("occurred_at") }
                </Field>
                <Field label={T::Method}>
                    <select name="method">
                        { options(Method::ALL, |method| method == Method::Phone, lang) }
                    </select>
                </Field>
                <Field label={T::Contact}>
                    <select name="contact_id">{ contact_options(&props.contacts, lang) }</select>
                    { error("contact_id") }
                </Field>
            </div>
            <Field label={T::FollowUpSummary}>
                <textarea name="summary" required=true maxlength="2000" />
                { error("summary") }
            </Field>
            <div class="choice-grid">
                <Field label={T::Feedback}><textarea name="feedback" maxlength="2000" /></Field>
                <Field label={T::Outcome}><textarea name="outcome" maxlength="2000" /></Field>
                <Field label={T::NextStep}><textarea name="next_step" maxlength="2000" /></Field>
            </div>
            { creating.end(lang, T::Save, &[]) }
        </form>
    }
}
