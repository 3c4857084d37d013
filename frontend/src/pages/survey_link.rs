//! A satisfaction-survey link for a resolved (or closed) request (SPEC 6):
//! the server makes a one-time link, shown this once, which the desk copies
//! and sends to the customer, who answers without logging in.

use rapport_types::surveys::SurveyLink;
use uuid::Uuid;
use yew::prelude::*;

use crate::format;
use crate::i18n::{T, use_lang};
use crate::services::{self, Failure};

#[derive(Properties, PartialEq)]
pub struct SurveyLinkProps {
    pub request_id: Uuid,
}

#[component]
pub fn MakeSurveyLink(props: &SurveyLinkProps) -> Html {
    let lang = use_lang();
    let link = use_state(|| None::<Result<SurveyLink, Failure>>);
    let busy = use_state(|| false);
    let copied = use_state(|| false);
    let make = {
        let (link, busy, copied, id) =
            (link.clone(), busy.clone(), copied.clone(), props.request_id);
        Callback::from(move |_| {
            let (link, busy, copied) = (link.clone(), busy.clone(), copied.clone());
            busy.set(true);
            copied.set(false);
            wasm_bindgen_futures::spawn_local(async move {
                link.set(Some(
                    services::post(&format!("/api/v1/requests/{id}/survey"), &()).await,
                ));
                busy.set(false);
            });
        })
    };
    let shown = match &*link {
        Some(Ok(made)) => {
            let copy = {
                let (url, copied) = (made.url.clone(), copied.clone());
                Callback::from(move |_| {
                    let Some(window) = web_sys::window() else {
                        return;
                    };
                    let written = window.navigator().clipboard().write_text(&url);
                    let copied = copied.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if wasm_bindgen_futures::JsFuture::from(written).await.is_ok() {
                            copied.set(true);
                        }
                    });
                })
            };
            html! {
                <div class="survey-link" id="survey-link">
                    <input id="survey-url" readonly=true value={made.url.clone()} aria-label={T::MakeSurveyLink.get(lang)}
                        onfocus={Callback::from(|event: FocusEvent| {
                            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                            input.select();
                        })} />
                    <button id="copy-survey-url" onclick={copy}>
                        { if *copied { T::Copied.get(lang) } else { T::Copy.get(lang) } }
                    </button>
                    <p class="hint">
                        { format!("{} {} · {}", T::ValidUntil.get(lang), format::time(made.expires_at), T::SurveyLinkOnce.get(lang)) }
                    </p>
                </div>
            }
        }
        Some(Err(failure)) => html! { <p class="error" role="alert">{ failure.detail() }</p> },
        None => html! {},
    };
    html! {
        <div class="survey-box">
            <button id="make-survey-link" onclick={make} disabled={*busy}>{ T::MakeSurveyLink.get(lang) }</button>
            { shown }
        </div>
    }
}
