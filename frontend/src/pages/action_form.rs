//! The form of one action on a request: exactly the fields the action takes
//! (`ActionKind::fields`, the list the server checks), each message of a
//! 422 beside its field, and a stale version explained with a reload.

use std::collections::BTreeMap;

use rapport_domain::request::ResolutionMethod;
use rapport_types::request_actions::{ActionKind, RequestAction, Signer};
use rapport_types::requests::{Assignee, ServiceRequest, ServiceRequestDetail};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::services::{self, Failure};

#[derive(Properties, PartialEq)]
pub struct ActionFormProps {
    pub kind: ActionKind,
    pub request: ServiceRequest,
    /// Called after saving; `true` to go to the next request of the view.
    pub on_done: Callback<bool>,
    /// Called to reload the request (after a stale version).
    pub on_reload: Callback<()>,
}

/// The widget a field is entered with.
enum Widget {
    Person,
    Text,
    LongText,
    Yuan,
    Time,
    Method,
    Signer,
}

fn widget(field: &str) -> Widget {
    match field {
        "fee_cents" | "amount_cents" => Widget::Yuan,
        "scheduled_for" | "signed_at" | "next_visit_at" | "fixed_at" => Widget::Time,
        "method" => Widget::Method,
        "signer" => Widget::Signer,
        "assignee_id" => Widget::Person,
        "fault_description" | "solution" | "outstanding_issue" | "description" => Widget::LongText,
        _ => Widget::Text,
    }
}

fn label(field: &str) -> T {
    match field {
        "note" => T::Note,
        "fee_cents" => T::FeeYuan,
        "method" => T::Method,
        "scheduled_for" => T::ScheduledFor,
        "signer" => T::Signer,
        "signed_at" => T::SignedAt,
        "outstanding_issue" => T::OutstandingIssue,
        "next_visit_at" => T::NextVisitAt,
        "description" => T::Parts,
        "amount_cents" => T::AmountYuan,
        "confirmed_by" => T::ConfirmedBy,
        "fault_description" => T::FaultDescription,
        "solution" => T::Solution,
        "fixed_at" => T::FixedAt,
        "assignee_id" => T::AssignTo,
        _ => T::Reason,
    }
}

/// The action as the server takes it, from what was typed; a field that
/// cannot be read is reported beside it.
fn build(
    kind: ActionKind,
    version: i32,
    values: &BTreeMap<String, String>,
) -> Result<RequestAction, BTreeMap<String, T>> {
    let mut action = RequestAction::with_reason(kind, version, String::new());
    action.reason = None;
    let mut wrong = BTreeMap::new();
    for (field, value) in values {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let text = Some(value.to_owned());
        match field.as_str() {
            "note" => action.note = text,
            "reason" => action.reason = text,
            "outstanding_issue" => action.outstanding_issue = text,
            "description" => action.description = text,
            "confirmed_by" => action.confirmed_by = text,
            "fault_description" => action.fault_description = text,
            "solution" => action.solution = text,
            "fee_cents" | "amount_cents" => match format::parse_yuan(value) {
                Some(cents) if field == "fee_cents" => action.fee_cents = Some(cents),
                Some(cents) => action.amount_cents = Some(cents),
                None => {
                    wrong.insert(field.clone(), T::NotAnAmount);
                }
            },
            "scheduled_for" | "signed_at" | "next_visit_at" | "fixed_at" => {
                let at = format::local_time(value);
                match field.as_str() {
                    "scheduled_for" => action.scheduled_for = at,
                    "signed_at" => action.signed_at = at,
                    "next_visit_at" => action.next_visit_at = at,
                    _ => action.fixed_at = at,
                }
            }
            "method" => action.method = format::from_code(value),
            "signer" => action.signer = format::from_code(value),
            _ => {}
        }
    }
    if wrong.is_empty() {
        Ok(action)
    } else {
        Err(wrong)
    }
}

#[component]
pub fn ActionForm(props: &ActionFormProps) -> Html {
    let lang = use_lang();
    let values = use_state(BTreeMap::<String, String>::new);
    let failure = use_state(|| None::<Failure>);
    let unreadable = use_state(BTreeMap::<String, T>::new);
    let busy = use_state(|| false);
    let (required, optional) = props.kind.fields();
    let fields: Vec<&'static str> = required.iter().chain(optional.iter()).copied().collect();
    // Who could take it, for `assign`: routing's pick first.
    let assignees = use_state(Vec::<Assignee>::new);
    {
        let assignees = assignees.clone();
        let wanted = (props.kind == ActionKind::Assign).then_some(props.request.id);
        use_effect_with(wanted, move |wanted| {
            if let Some(id) = *wanted {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(found) =
                        services::get(&format!("/api/v1/requests/{id}/assignees")).await
                    {
                        assignees.set(found);
                    }
                });
            }
        });
    }

    let submit = {
        let (values, failure, unreadable, busy) = (
            values.clone(),
            failure.clone(),
            unreadable.clone(),
            busy.clone(),
        );
        let (kind, id, version, on_done) = (
            props.kind,
            props.request.id,
            props.request.version,
            props.on_done.clone(),
        );
        Callback::from(move |go_next: bool| {
            let action = match build(kind, version, &values) {
                Ok(action) => action,
                Err(wrong) => {
                    unreadable.set(wrong);
                    return;
                }
            };
            unreadable.set(BTreeMap::new());
            let (failure, busy, on_done) = (failure.clone(), busy.clone(), on_done.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer: Result<ServiceRequestDetail, Failure> =
                    services::post(&format!("/api/v1/requests/{id}/actions"), &action).await;
                busy.set(false);
                match answer {
                    Ok(_) => {
                        failure.set(None);
                        on_done.emit(go_next);
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        })
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            submit.emit(false);
        })
    };
    let save_next = submit.reform(|_: MouseEvent| true);

    let inputs = fields.iter().map(|field| {
        let field = *field;
        let set = {
            let values = values.clone();
            move |value: String| {
                let mut next = (*values).clone();
                next.insert(field.to_owned(), value);
                values.set(next);
            }
        };
        let current = values.get(field).cloned().unwrap_or_default();
        let required_here = required.contains(&field);
        let input = match widget(field) {
            Widget::LongText => html! {
                <textarea name={field} required={required_here} value={current}
                    oninput={Callback::from(move |event: InputEvent| set(event.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
            },
            Widget::Method | Widget::Signer => {
                let options: Vec<(String, &'static str)> = match widget(field) {
                    Widget::Method => [ResolutionMethod::Phone, ResolutionMethod::Remote, ResolutionMethod::OnSite]
                        .into_iter()
                        .map(|method| (format::code(method), method.label(lang)))
                        .collect(),
                    _ => [Signer::Customer, Signer::AccountManager]
                        .into_iter()
                        .map(|signer| (format::code(signer), signer.label(lang)))
                        .collect(),
                };
                html! {
                    <select name={field} required={required_here}
                        onchange={Callback::from(move |event: Event| set(event.target_unchecked_into::<HtmlSelectElement>().value()))}>
                        <option value="" selected={current.is_empty()}>{ "—" }</option>
                        { for options.into_iter().map(|(code, name)| html! {
                            <option value={code.clone()} selected={current == code}>{ name }</option>
                        }) }
                    </select>
                }
            }
            Widget::Person => html! {
                <select name={field}
                    onchange={Callback::from(move |event: Event| set(event.target_unchecked_into::<HtmlSelectElement>().value()))}>
                    <option value="" selected={current.is_empty()}>{ T::ByRouting.get(lang) }</option>
                    { for assignees.iter().map(|person| {
                        let mut text = format!("{} · {} {}", person.display_name, T::WeightedLoad.get(lang), person.weighted_load);
                        if person.suggested {
                            text.push_str(&format!(" · {}", T::Suggested.get(lang)));
                        }
                        if !person.has_skills {
                            text.push_str(&format!(" · {}", T::LacksSkills.get(lang)));
                        }
                        html! { <option value={person.id.to_string()} selected={current == person.id.to_string()}>{ text }</option> }
                    }) }
                </select>
            },
            Widget::Time => html! {
                <input type="datetime-local" name={field} required={required_here} value={current}
                    oninput={Callback::from(move |event: InputEvent| set(event.target_unchecked_into::<HtmlInputElement>().value()))} />
            },
            Widget::Yuan => html! {
                <input type="text" inputmode="decimal" name={field} required={required_here} value={current} placeholder="¥"
                    oninput={Callback::from(move |event: InputEvent| set(event.target_unchecked_into::<HtmlInputElement>().value()))} />
            },
            Widget::Text => html! {
                <input type="text" name={field} required={required_here} value={current}
                    oninput={Callback::from(move |event: InputEvent| set(event.target_unchecked_into::<HtmlInputElement>().value()))} />
            },
        };
        let message = failure
            .as_ref()
            .and_then(|failure| failure.field(field))
            .or_else(|| unreadable.get(field).map(|text| text.get(lang).to_owned()));
        html! {
            <label class="field">
                <span>{ label(field).get(lang) }</span>
                { input }
                if let Some(message) = message {
                    <span class="field-error" data-field={field}>{ message }</span>
                }
            </label>
        }
    });

    let stale = failure.as_ref().is_some_and(Failure::is_stale);
    let general = failure
        .as_ref()
        .filter(|failure| {
            !failure.is_stale() && fields.iter().all(|field| failure.field(field).is_none())
        })
        .map(Failure::detail);
    html! {
        <form class="card action-form" data-action={format::code(props.kind)} {onsubmit}>
            <h4>{ props.kind.label(lang) }</h4>
            { for inputs }
            if stale {
                <div class="stale" id="stale-version" role="alert">
                    <strong>{ T::StaleTitle.get(lang) }</strong>
                    <p>{ T::StaleBody.get(lang) }</p>
                    <button type="button" onclick={props.on_reload.reform(|_| ())}>{ T::Reload.get(lang) }</button>
                </div>
            }
            if let Some(message) = general {
                <p class="error" role="alert">{ message }</p>
            }
            <div class="buttons">
                <button type="submit" class="primary" disabled={*busy}>
                    { if *busy { T::Saving.get(lang) } else { T::Save.get(lang) } }
                </button>
                <button type="button" id="save-next" disabled={*busy} onclick={save_next}>{ T::SavedNext.get(lang) }</button>
            </div>
        </form>
    }
}
