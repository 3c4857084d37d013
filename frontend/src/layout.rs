//! The frame of every staff page: the menu (only what the role may use),
//! the notification bell, the user with their role, the language switch,
//! logout, and the server's version in the footer.

use std::cell::Cell;
use std::rc::Rc;

use rapport_types::notifications::{Unread, UnreadQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Label, LangContext, T, use_lang};
use crate::route::Route;
use crate::services::{self, health, session as tokens};
use crate::session::{Session, use_session};

/// How long the bell's long poll waits for news, in seconds.
const BELL_WAIT_SECONDS: u32 = 25;

/// How long the bell waits after a failed poll, in milliseconds.
const BELL_RETRY_MS: u32 = 5_000;

/// The menu, in order: each entry shows only to roles that may open it.
const MENU: [(Route, T); 13] = [
    (Route::Home, T::Home),
    (Route::Queue, T::Queue),
    (Route::Intake, T::Intake),
    (Route::Customers, T::Customers),
    (Route::Contracts, T::Contracts),
    (Route::Visits, T::Visits),
    (Route::Complaints, T::Complaints),
    (Route::Care, T::Care),
    (Route::Needs, T::Needs),
    (Route::Knowledge, T::KnowledgeBase),
    (Route::Report, T::Reports),
    (Route::Audit, T::Audit),
    (Route::Settings, T::Settings),
];

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    pub children: Html,
}

#[component]
pub fn Layout(props: &LayoutProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let route = use_route::<Route>();
    let set_lang = use_context::<LangContext>().map(|context| context.set);
    let Some(user) = context.session.user().cloned() else {
        return html! {};
    };
    let menu = MENU
        .iter()
        .filter(|(target, _)| target.open_to(|action| context.session.may(action)))
        .map(|(target, text)| {
            let current = route.as_ref().is_some_and(|route| {
                route == target || (*target == Route::Settings && route.is_settings())
            });
            html! {
                <Link<Route> to={target.clone()} classes={classes!(current.then_some("current"))}>
                    { text.get(lang) }
                </Link<Route>>
            }
        });
    let switch_lang = set_lang.map(|set| Callback::from(move |_| set.emit(lang.other())));
    let log_out = {
        let set = context.set.clone();
        Callback::from(move |_| {
            let set = set.clone();
            wasm_bindgen_futures::spawn_local(async move {
                tokens::log_out().await;
                set.emit(Session::Anonymous { expired: false });
            });
        })
    };
    html! {
        <div class="shell staff">
            <header class="bar">
                <span class="brand">{ "Rapport" }</span>
                <nav class="menu">{ for menu }</nav>
                <span class="spacer"></span>
                <Bell />
                <span class="who" id="current-user">
                    { user.display_name.clone() }
                    <small>{ user.role.label(lang) }</small>
                </span>
                if let Some(switch_lang) = switch_lang {
                    <button class="link" id="switch-language" onclick={switch_lang}>{ T::SwitchLanguage.get(lang) }</button>
                }
                <button class="link" id="log-out" onclick={log_out}>{ T::LogOut.get(lang) }</button>
            </header>
            <main>{ props.children.clone() }</main>
            <footer><Version /></footer>
        </div>
    }
}

/// The bell: the unread count, kept current by a long poll: the server
/// answers as soon as the count or the newest notification differs from
/// what the bell shows (within a second or so), else after half a minute,
/// and the bell asks again.
#[component]
fn Bell() -> Html {
    let lang = use_lang();
    let unread = use_state(|| None::<u64>);
    {
        let unread = unread.clone();
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let polling = alive.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut known = UnreadQuery {
                    latest: None,
                    unread: None,
                    wait_seconds: None,
                };
                while polling.get() {
                    match services::get_with::<_, Unread>("/api/v1/notifications/unread", &known)
                        .await
                    {
                        Ok(now) => {
                            unread.set(Some(now.unread));
                            known = UnreadQuery {
                                latest: now.latest,
                                unread: u32::try_from(now.unread).ok(),
                                wait_seconds: Some(BELL_WAIT_SECONDS),
                            };
                        }
                        // Offline or logged out: try again in a while.
                        Err(_) => gloo_timers::future::TimeoutFuture::new(BELL_RETRY_MS).await,
                    }
                }
            });
            move || alive.set(false)
        });
    }
    let count = unread.unwrap_or(0);
    html! {
        <Link<Route> to={Route::Notifications} classes="bell">
            <svg viewBox="0 0 24 24" width="20" height="20" aria-label={T::Notifications.get(lang)} role="img">
                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
            </svg>
            if count > 0 {
                <span class="count" id="unread-count">{ count }</span>
            }
        </Link<Route>>
    }
}

/// The server's version, from `/healthz`.
#[component]
pub fn Version() -> Html {
    let lang = use_lang();
    let version = use_state(|| None::<Result<String, String>>);
    {
        let version = version.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                version.set(Some(
                    health::fetch()
                        .await
                        .map(|health| health.version)
                        .map_err(|error| error.to_string()),
                ));
            });
        });
    }
    match &*version {
        None => html! { <span id="server-version">{ T::Loading.get(lang) }</span> },
        Some(Ok(version)) => {
            html! { <span id="server-version">{ format!("Rapport v{version}") }</span> }
        }
        Some(Err(error)) => html! {
            <span id="server-version" class="error">{ format!("{}: {error}", T::ServerDown.get(lang)) }</span>
        },
    }
}
