//! 登录: email and password; afterwards back to the page that asked.

use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::form::node_value;
use crate::frame::Frame;
use crate::i18n::{LangContext, T, use_lang};
use crate::layout::Version;
use crate::route::Route;
use crate::services::{Failure, session as tokens};
use crate::session::{Session, use_session};

/// Where to go after logging in (`/login?next=/requests%3Fview%3Dmine`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Next {
    pub next: String,
}

#[derive(Properties, PartialEq)]
pub struct ToLoginProps {
    /// The page (path and query) to come back to.
    pub next: String,
}

/// Sends the browser to the login, remembering `next`.
#[component]
pub fn ToLogin(props: &ToLoginProps) -> Html {
    let navigator = use_navigator();
    let next = props.next.clone();
    use_effect_with(next, move |next| {
        if let Some(navigator) = navigator {
            let next = Next { next: next.clone() };
            let _ = navigator.replace_with_query(&Route::Login, &next);
        }
    });
    html! {}
}

/// Only paths of this app are followed after login, never another site.
fn safe_next(next: &str) -> Option<String> {
    (next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/login"))
        .then(|| next.to_owned())
}

#[component]
pub fn Login() -> Html {
    let lang = use_lang();
    let context = use_session();
    let location = use_location();
    let navigator = use_navigator();
    let email = use_node_ref();
    let password = use_node_ref();
    let failure = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let next = location
        .and_then(|location| location.query::<Next>().ok())
        .and_then(|next| safe_next(&next.next));
    let set_lang = use_context::<LangContext>().map(|context| context.set);

    // Already logged in (or just now): go where the user was heading.
    {
        let (session, next, navigator) = (context.session.clone(), next.clone(), navigator.clone());
        use_effect_with(session, move |session| {
            if let (Session::User(_), Some(navigator)) = (session, navigator) {
                let next = next.unwrap_or_else(|| "/".to_owned());
                let (path, query) = next.split_once('?').unwrap_or((&next, ""));
                let route = Route::recognize(path).unwrap_or(Route::Home);
                let pairs: Vec<(String, String)> =
                    serde_urlencoded::from_str(query).unwrap_or_default();
                let _ = navigator.replace_with_query(&route, &pairs);
            }
        });
    }

    let onsubmit = {
        let (email, password, failure, busy, set) = (
            email.clone(),
            password.clone(),
            failure.clone(),
            busy.clone(),
            context.set.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (address, secret) = (node_value(&email), node_value(&password));
            let (failure, busy, set) = (failure.clone(), busy.clone(), set.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match tokens::log_in(address, secret).await {
                    Ok(user) => set.emit(Session::User(user)),
                    Err(Failure::Refused { status: 401, .. }) => {
                        failure.set(Some(T::LoginFailed.get(lang).to_owned()))
                    }
                    Err(other) => failure.set(Some(other.detail())),
                }
                busy.set(false);
            });
        })
    };
    let expired = matches!(context.session, Session::Anonymous { expired: true });
    html! {
        <Frame title={T::AppName.get(lang)} subtitle={T::Tagline.get(lang)} class="login" footer={html! { <Version /> }}>
            <form class="card login-form" {onsubmit}>
                if expired {
                    <p class="notice">{ T::SessionExpired.get(lang) }</p>
                }
                <label>{ T::Email.get(lang) }
                    <input ref={email} id="email" type="email" autocomplete="username" required=true autofocus=true />
                </label>
                <label>{ T::Password.get(lang) }
                    <input ref={password} id="password" type="password" autocomplete="current-password" required=true />
                </label>
                if let Some(message) = &*failure {
                    <p class="error" role="alert">{ message }</p>
                }
                <button type="submit" class="primary" disabled={*busy}>
                    { if *busy { T::LoggingIn.get(lang) } else { T::LogIn.get(lang) } }
                </button>
                if let Some(set) = set_lang {
                    <button type="button" class="link" id="switch-language"
                        onclick={Callback::from(move |_| set.emit(lang.other()))}>
                        { T::SwitchLanguage.get(lang) }
                    </button>
                }
            </form>
        </Frame>
    }
}
