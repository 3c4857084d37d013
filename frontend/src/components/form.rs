//! Small pieces of the app's forms: the server's word beside a field, a
//! submit that stays on the page, and reading what a field holds.

use rapport_types::contacts::Contact;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::format;
use crate::i18n::{Label, Lang, T, use_lang};
use crate::services::Failure;

/// The server's message about `field`, to show beside it.
pub fn beside(failure: &Option<Failure>, field: &str) -> Html {
    match failure.as_ref().and_then(|failure| failure.field(field)) {
        Some(message) => html! {
            <span class="field-error" data-field={field.to_owned()}>{ message }</span>
        },
        None => html! {},
    }
}

/// A form's submit: the page stays (no navigation) and `send` runs.
pub fn on_submit(send: impl Fn() + 'static) -> Callback<SubmitEvent> {
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        send();
    })
}

/// A form's submit read field by field: `send` is given the value of
/// each field it names.
pub fn on_submit_fields(send: impl Fn(&dyn Fn(&str) -> String) + 'static) -> Callback<SubmitEvent> {
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        let form = event.target_unchecked_into::<HtmlFormElement>();
        send(&|name| form_value(&form, name));
    })
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// What the field asks.
    pub label: T,
    /// The input, and what the server said of it.
    #[prop_or_default]
    pub children: Html,
}

/// A labelled field of a form.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let lang = use_lang();
    html! {
        <label class="field">
            <span>{ props.label.get(lang) }</span>
            { props.children.clone() }
        </label>
    }
}

/// The options of a select of the customer's contacts, none chosen first.
pub fn contact_options(contacts: &[Contact], lang: Lang) -> Html {
    html! {
        <>
            <option value="" selected=true>{ T::NoContactChosen.get(lang) }</option>
            { for contacts.iter().map(|contact| html! {
                <option value={contact.id.to_string()}>{ contact.name.clone() }</option>
            }) }
        </>
    }
}

/// The options of a select of coded values, each with its code and its
/// label in `lang`; `chosen` says which are selected.
pub fn options<V: Label + Serialize>(
    values: impl IntoIterator<Item = V>,
    chosen: impl Fn(V) -> bool,
    lang: Lang,
) -> Html {
    values
        .into_iter()
        .map(|value| {
            html! {
                <option value={format::code(value)} selected={chosen(value)}>{ value.label(lang) }</option>
            }
        })
        .collect()
}

/// A labelled select of coded values, `current` selected; `on_change` is
/// given the code picked.
pub fn choice<V: Label + Serialize + PartialEq>(
    lang: Lang,
    id: &'static str,
    name: T,
    current: V,
    values: &[V],
    on_change: Callback<String>,
) -> Html {
    html! {
        <label class="field">
            <span>{ name.get(lang) }</span>
            <select {id} onchange={on_change.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value())}>
                { options(values.iter().copied(), |value| value == current, lang) }
            </select>
        </label>
    }
}

/// The value of the input, select or text area `element` is; else empty.
fn value(element: &JsValue) -> String {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

/// The value of the input, select or text area `name` of `form`.
pub fn form_value(form: &HtmlFormElement, name: &str) -> String {
    form.elements()
        .named_item(name)
        .map(|element| value(&element))
        .unwrap_or_default()
}

/// The value of the input, select or text area `node` holds; else empty.
pub fn node_value(node: &NodeRef) -> String {
    node.get()
        .map(|element| value(&element))
        .unwrap_or_default()
}

/// The value of the field an event (a keystroke, a change) came from.
pub fn value_of(event: &Event) -> String {
    event
        .target()
        .map(|target| value(&target))
        .unwrap_or_default()
}

/// Keeps the coded value a select picks in `state` (a code it does not
/// know leaves `state` as it was).
pub fn keep_picked<V: DeserializeOwned + 'static>(state: &UseStateHandle<V>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |event: Event| {
        if let Some(picked) = format::from_code(&value_of(&event)) {
            state.set(picked);
        }
    })
}

/// Keeps what is typed into a field in `state`, keystroke by keystroke.
pub fn keep_typed(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |event: InputEvent| state.set(value_of(&event)))
}

/// A row edited in place and saved: the last refusal, and whether the
/// last change went through (until the next keystroke).
#[derive(Clone)]
pub struct Saving {
    pub failure: UseStateHandle<Option<Failure>>,
    pub saved: UseStateHandle<bool>,
}

/// A row's [`Saving`], nothing sent yet.
#[hook]
pub fn use_saving() -> Saving {
    Saving {
        failure: use_state(|| None),
        saved: use_state(|| false),
    }
}

impl Saving {
    /// Waits for the server's `answer` to a change: the record as it now
    /// stands goes into `record`, else the refusal is kept.
    pub fn save<R: 'static>(
        &self,
        record: &UseStateHandle<R>,
        answer: impl Future<Output = Result<R, Failure>> + 'static,
    ) {
        let (record, failure, saved) = (record.clone(), self.failure.clone(), self.saved.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match answer.await {
                Ok(after) => {
                    record.set(after);
                    failure.set(None);
                    saved.set(true);
                }
                Err(refused) => {
                    failure.set(Some(refused));
                    saved.set(false);
                }
            }
        });
    }

    /// Keeps what is typed into a field of the row in `state`.
    pub fn typed(&self, state: &UseStateHandle<String>) -> Callback<InputEvent> {
        let (state, saved) = (state.clone(), self.saved.clone());
        Callback::from(move |event: InputEvent| {
            state.set(value_of(&event));
            saved.set(false);
        })
    }
}

/// Reads an edited record again (offered on a stale version): what was
/// refused and "saved" are forgotten, and `generation` moves on.
pub fn reread(
    failure: &UseStateHandle<Option<Failure>>,
    saved: &UseStateHandle<bool>,
    generation: &UseStateHandle<u32>,
) -> Callback<()> {
    let (failure, saved, generation) = (failure.clone(), saved.clone(), generation.clone());
    Callback::from(move |()| {
        failure.set(None);
        saved.set(false);
        generation.set(*generation + 1);
    })
}
