//! 工作台 home: the numbers a person starts the day with, each opening the
//! list behind it.

use rapport_domain::sla::SlaStatus;
use rapport_types::requests::RequestFilter;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::format;
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
    opens: Opens,
}

/// The list behind a tile.
#[derive(Clone, PartialEq)]
enum Opens {
    Queue(QueueQuery),
    Visits,
    Complaints,
    Notifications,
}

/// The total of a paged list the caller may read; `None` when they may not.
async fn total(path: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Total {
        total: u64,
    }
    services::get::<Total>(path)
        .await
        .ok()
        .map(|page| page.total)
}

#[component]
pub fn Home() -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let counts = use_state(|| [None::<u64>; 7]);
    let user = context.session.user().cloned();
    {
        let counts = counts.clone();
        use_effect_with(user.clone(), move |user| {
            let Some(user) = user.clone() else {
                return;
            };
            let query = |filter: RequestFilter| {
                let filter = RequestFilter {
                    limit: Some(1),
                    ..filter
                };
                format!(
                    "/api/v1/requests?{}",
                    serde_urlencoded::to_string(&filter).unwrap_or_default()
                )
            };
            let mine = View::Mine.filter(&user);
            let paths = [
                query(mine.clone()),
                query(RequestFilter {
                    sla_status: Some(SlaStatus::AtRisk),
                    ..mine.clone()
                }),
                query(RequestFilter {
                    breached: Some(true),
                    ..mine
                }),
                query(RequestFilter {
                    created_from: Some(format::start_of_today()),
                    ..RequestFilter::default()
                }),
                "/api/v1/visits?status=due&limit=1".to_owned(),
                "/api/v1/complaints?overdue=true&limit=1".to_owned(),
                "/api/v1/notifications?unread=true&limit=1".to_owned(),
            ];
            // One at a time, each shown as it arrives.
            wasm_bindgen_futures::spawn_local(async move {
                let mut found = [None; 7];
                for (index, path) in paths.into_iter().enumerate() {
                    found[index] = total(&path).await;
                    counts.set(found);
                }
            });
        });
    }
    let view = |view: View| {
        Opens::Queue(QueueQuery {
            view: Some(view),
            ..QueueQuery::default()
        })
    };
    let tiles = [
        Tile {
            name: T::MyOpen,
            count: counts[0],
            opens: view(View::Mine),
        },
        Tile {
            name: T::MyAtRisk,
            count: counts[1],
            opens: view(View::AtRisk),
        },
        Tile {
            name: T::MyBreached,
            count: counts[2],
            opens: view(View::Breached),
        },
        Tile {
            name: T::TodayNew,
            count: counts[3],
            opens: Opens::Queue(QueueQuery {
                view: Some(View::All),
                today: Some(true),
                ..QueueQuery::default()
            }),
        },
        Tile {
            name: T::VisitsDue,
            count: counts[4],
            opens: Opens::Visits,
        },
        Tile {
            name: T::ComplaintsOverdue,
            count: counts[5],
            opens: Opens::Complaints,
        },
        Tile {
            name: T::UnreadNotifications,
            count: counts[6],
            opens: Opens::Notifications,
        },
    ];
    let tiles = tiles.into_iter().map(|tile| {
        let navigator = navigator.clone();
        let opens = tile.opens.clone();
        let onclick = Callback::from(move |_| {
            if let Some(navigator) = &navigator {
                match &opens {
                    Opens::Queue(query) => {
                        let _ = navigator.push_with_query(&Route::Queue, query);
                    }
                    Opens::Visits => navigator.push(&Route::Visits),
                    Opens::Complaints => navigator.push(&Route::Complaints),
                    Opens::Notifications => navigator.push(&Route::Notifications),
                }
            }
        });
        html! {
            <button class="tile" {onclick} disabled={tile.count.is_none()}>
                <span class="figure">{ tile.count.map(|count| count.to_string()).unwrap_or_else(|| "—".to_owned()) }</span>
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
