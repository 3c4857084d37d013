//! The one way a form creates something: the body goes out once under an
//! `Idempotency-Key` (a double click or a retry never makes two), the page
//! shows that it is sending and what was refused, and the created thing
//! opens. A new key is drawn after each success, for the next one.

use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Lang, T};
use crate::route::Route;
use crate::services::{self, Failure};

/// A create form's state, and `send`, which creates from a body.
pub struct Create<B> {
    /// The body is on its way.
    pub busy: bool,
    /// What the server refused last.
    pub failure: Option<Failure>,
    /// Creates from the body, then opens what was created.
    pub send: Callback<B>,
}

impl<B> Create<B> {
    /// A create form's end: what the server refused (unless it is said
    /// beside one of the fields `beside` names), and the submit button
    /// named `label`, disabled while sending.
    pub fn end(&self, lang: Lang, label: T, beside: &[&str]) -> Html {
        let unshown = self
            .failure
            .as_ref()
            .filter(|failure| beside.iter().all(|field| failure.field(field).is_none()));
        html! {
            <>
                if let Some(failure) = unshown {
                    <p class="error" role="alert">{ failure.detail() }</p>
                }
                <button type="submit" class="primary" disabled={self.busy}>{ label.get(lang) }</button>
            </>
        }
    }
}

/// Creates through `POST path`, then opens the page `opens` names for the answer.
#[hook]
pub fn use_create<B, C>(path: &'static str, opens: fn(&C) -> Route) -> Create<B>
where
    B: Serialize + 'static,
    C: DeserializeOwned + 'static,
{
    let navigator = use_navigator();
    let open = Callback::from(move |created: C| {
        if let Some(navigator) = &navigator {
            navigator.push(&opens(&created));
        }
    });
    use_create_here(path.to_owned(), open)
}

/// Creates through `POST path` like [`use_create`], but stays on the page:
/// `done` is told what was created (a tab's list then shows it).
#[hook]
pub fn use_create_here<B, C>(path: String, done: Callback<C>) -> Create<B>
where
    B: Serialize + 'static,
    C: DeserializeOwned + 'static,
{
    let busy = use_state(|| false);
    let failure = use_state(|| None::<Failure>);
    let key = use_state(services::idempotency_key);
    let send = {
        let (busy, failure, key) = (busy.clone(), failure.clone(), key.clone());
        Callback::from(move |body: B| {
            let (busy, failure, key, done, path) = (
                busy.clone(),
                failure.clone(),
                key.clone(),
                done.clone(),
                path.clone(),
            );
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let answer: Result<C, Failure> = services::create(&path, &body, &key).await;
                busy.set(false);
                match answer {
                    Ok(created) => {
                        failure.set(None);
                        key.set(services::idempotency_key());
                        done.emit(created);
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        })
    };
    Create {
        busy: *busy,
        failure: (*failure).clone(),
        send,
    }
}
