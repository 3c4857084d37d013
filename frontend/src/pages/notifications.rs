//! 通知: the caller's notifications, newest first; reading one marks it
//! read and opens what it is about.

use rapport_types::notifications::Notification;
use rapport_types::page::Paged;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::loaded::{ready, use_reloaded};
use crate::format;
use crate::i18n::{T, notices, use_lang};
use crate::route::Route;
use crate::services;

#[component]
pub fn Notifications() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let (list, reload) =
        use_reloaded::<Paged<Notification>>("/api/v1/notifications?limit=100".to_owned());
    let open = {
        let (navigator, reload) = (navigator.clone(), reload.clone());
        Callback::from(move |notification: Notification| {
            let (navigator, reload) = (navigator.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if notification.read_at.is_none() {
                    let _ = services::post_empty(
                        &format!("/api/v1/notifications/{}/read", notification.id),
                        &(),
                    )
                    .await;
                }
                let about = (notification.entity_type == "request")
                    .then(|| notification.entity_id.parse().ok())
                    .flatten();
                match (about, navigator) {
                    (Some(id), Some(navigator)) => navigator.push(&Route::Request { id }),
                    _ => reload.emit(()),
                }
            });
        })
    };
    let read_all = {
        let reload = reload.clone();
        Callback::from(move |_| {
            let reload = reload.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = services::post_empty("/api/v1/notifications/read-all", &()).await;
                reload.emit(());
            });
        })
    };
    let any_unread =
        matches!(&*list, Some(Ok(page)) if page.items.iter().any(|n| n.read_at.is_none()));
    let body = match ready(&list, lang) {
        Err(other) => other,
        Ok(page) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoNotifications.get(lang) }</p> }
        }
        Ok(page) => html! {
            <ul class="notifications">
                { for page.items.iter().map(|notification| {
                    let chosen = notification.clone();
                    let open = open.clone();
                    html! {
                        <li class={classes!(notification.read_at.is_none().then_some("unread"))}>
                            <button class="link" onclick={Callback::from(move |_| open.emit(chosen.clone()))}>
                                <time>{ format::time(notification.created_at) }</time>
                                <strong>{ notices::headline(&notification.notice, lang) }</strong>
                                <span>{ notices::details(&notification.notice) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <section class="notifications-page">
            <h2>{ T::Notifications.get(lang) }</h2>
            if any_unread {
                <button id="read-all" onclick={read_all}>{ T::MarkAllRead.get(lang) }</button>
            }
            { body }
        </section>
    }
}
