//! 工作台 home: the numbers a person starts the day with, each opening the
//! list behind it.

use rapport_domain::sla::SlaStatus;
use rapport_types::notifications::Notification;
use rapport_types::page::Paged;
use rapport_types::requests::{RequestFilter, ServiceRequest};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{T, use_lang};
use crate::pages::queue::{QueueQuery, View};
use crate::route::Route;
use crate::services;
use crate::session::use_session;

/// One tile: what it counts and where it leads.
#[derive(Clone, PartialEq)]
struct Tile {
    name: T,
    count: Option<u64>,
    view: Option<View>,
}

#[component]
pub fn Home() -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let counts = use_state(|| [None::<u64>; 5]);
    let user = context.session.user().cloned();
    {
        let counts = counts.clone();
        use_effect_with(user.clone(), move |user| {
            let Some(user) = user.clone() else {
                return;
            };
            let mine = View::Mine.filter(&user);
            let at_risk = RequestFilter {
                sla_status: Some(SlaStatus::AtRisk),
                ..mine.clone()
            };
            let breached = RequestFilter {
                breached: Some(true),
                ..mine.clone()
            };
            let requests = [mine, at_risk, breached];
            for (index, filter) in requests.into_iter().enumerate() {
                let counts = counts.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let filter = RequestFilter {
                        limit: Some(1),
                        ..filter
                    };
                    let page: Result<Paged<ServiceRequest>, _> =
                        services::get_with("/api/v1/requests", &filter).await;
                    if let Ok(page) = page {
                        let mut now = *counts;
                        now[index] = Some(page.total);
                        counts.set(now);
                    }
                });
            }
            let counts = counts.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let page: Result<Paged<Notification>, _> =
                    services::get("/api/v1/notifications?unread=true&limit=1").await;
                if let Ok(page) = page {
                    let mut now = *counts;
                    now[3] = Some(page.total);
                    counts.set(now);
                }
            });
        });
    }
    let tiles = [
        Tile {
            name: T::MyOpen,
            count: counts[0],
            view: Some(View::Mine),
        },
        Tile {
            name: T::MyAtRisk,
            count: counts[1],
            view: Some(View::AtRisk),
        },
        Tile {
            name: T::MyBreached,
            count: counts[2],
            view: Some(View::Breached),
        },
        Tile {
            name: T::UnreadNotifications,
            count: counts[3],
            view: None,
        },
    ];
    let tiles = tiles.into_iter().map(|tile| {
        let navigator = navigator.clone();
        let onclick = Callback::from(move |_| {
            if let Some(navigator) = &navigator {
                match tile.view {
                    Some(view) => {
                        let _ = navigator.push_with_query(&Route::Queue, &QueueQuery { view: Some(view), ..QueueQuery::default() });
                    }
                    None => navigator.push(&Route::Notifications),
                }
            }
        });
        html! {
            <button class="tile" {onclick}>
                <span class="figure">{ tile.count.map(|count| count.to_string()).unwrap_or_else(|| "…".to_owned()) }</span>
                <span class="name">{ tile.name.get(lang) }</span>
            </button>
        }
    });
    html! {
        <section class="home">
            <h2>{ T::Home.get(lang) }</h2>
            <div class="tiles">{ for tiles }</div>
        </section>
    }
}
