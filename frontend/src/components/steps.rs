//! A record's lifecycle steps (a complaint's, a contract's, a need's):
//! a button for each step its state allows; a step that records
//! something opens its few fields first, confirmed with "confirm"; the
//! server's refusal under them. The page says which steps, which fields
//! and what is sent.

use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;

use crate::components::form::on_submit;
use crate::i18n::{Label, Lang, T};
use crate::services::{self, Failure};

/// The steps' state: the step whose fields are open, the last refusal.
pub struct Steps<S: 'static> {
    /// The step whose fields are shown.
    pub picked: UseStateHandle<Option<S>>,
    /// What the server refused last.
    pub failure: UseStateHandle<Option<Failure>>,
    /// Told of each step opened (to propose its fields' values).
    on_open: Callback<S>,
    /// The step's code, named in each button's `data-step`.
    code: fn(S) -> &'static str,
}

impl<S> Clone for Steps<S> {
    fn clone(&self) -> Self {
        Steps {
            picked: self.picked.clone(),
            failure: self.failure.clone(),
            on_open: self.on_open.clone(),
            code: self.code,
        }
    }
}

/// The state of steps whose codes `code` gives.
#[hook]
pub fn use_steps<S: 'static>(code: fn(S) -> &'static str) -> Steps<S> {
    Steps {
        picked: use_state(|| None),
        failure: use_state(|| None),
        on_open: Callback::noop(),
        code,
    }
}

impl<S: Copy + Label + 'static> Steps<S> {
    /// These steps, telling `on_open` of each step opened (to propose
    /// its fields' values).
    pub fn opening(self, on_open: Callback<S>) -> Self {
        Steps { on_open, ..self }
    }

    /// Posts `asked` to `path`; once done, closes the fields and hands
    /// the record as it now stands to `on_done`.
    pub fn post<B, D>(&self, path: String, asked: B, on_done: &Callback<D>)
    where
        B: Serialize + 'static,
        D: DeserializeOwned + 'static,
    {
        let (picked, failure, on_done) =
            (self.picked.clone(), self.failure.clone(), on_done.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match services::post::<_, D>(&path, &asked).await {
                Ok(after) => {
                    picked.set(None);
                    failure.set(None);
                    on_done.emit(after);
                }
                Err(refused) => failure.set(Some(refused)),
            }
        });
    }

    /// The buttons of the `allowed` steps; one that `opens` shows its
    /// `fields` (ending in "confirm", which sends it), the others are
    /// sent at once through `send`; and the refusal under them.
    pub fn view(
        &self,
        lang: Lang,
        allowed: &[S],
        opens: impl Fn(S) -> bool,
        send: &Callback<S>,
        fields: impl FnOnce(S) -> Html,
    ) -> Html {
        let buttons = allowed.iter().map(|&step| {
            let (picked, on_open, send) = (self.picked.clone(), self.on_open.clone(), send.clone());
            let asks = opens(step);
            let onclick = Callback::from(move |_| {
                if asks {
                    on_open.emit(step);
                    picked.set(Some(step));
                } else {
                    send.emit(step);
                }
            });
            html! { <button class="step" data-step={(self.code)(step)} {onclick}>{ step.label(lang) }</button> }
        });
        let form = self.picked.map(|step| {
            let send = send.clone();
            html! {
                <form class="step-fields" onsubmit={on_submit(move || send.emit(step))}>
                    { fields(step) }
                    <button type="submit" class="primary" id="confirm-step">{ T::Confirm.get(lang) }</button>
                </form>
            }
        });
        html! {
            <div class="steps">
                <div class="buttons">{ for buttons }</div>
                { form.unwrap_or_default() }
                if let Some(failure) = &*self.failure {
                    <p class="error">{ failure.detail() }</p>
                }
            </div>
        }
    }
}
