//! 关怀 care: the greetings due today or this week (contacts' birthdays,
//! holidays per customer) with the channel to use; one click records a
//! greeting made that way, logged as a follow-up. An account manager sees
//! their own customers'. The view lives in the URL.

use rapport_domain::customer::Channel;
use rapport_domain::visits::CareDue;
use rapport_types::care::{CareReminder, Greeting, NewGreeting, Occasion};
use rapport_types::follow_ups::Method;
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::tabs::Tabs;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CareQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<CareDue>,
}

/// How a greeting by `channel` is logged.
pub(crate) fn method(channel: Channel) -> Method {
    match channel {
        Channel::Phone => Method::Phone,
        Channel::Email => Method::Email,
        Channel::Wechat => Method::Wechat,
        Channel::Visit => Method::Visit,
    }
}

#[component]
pub fn Care() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let query: CareQuery = use_location()
        .and_then(|location| location.query::<CareQuery>().ok())
        .unwrap_or_default();
    let due = query.due.unwrap_or(CareDue::ThisWeek);
    let list = use_state(|| None::<Result<Vec<CareReminder>, Failure>>);
    let reloads = use_state(|| 0u32);
    let failure = use_state(|| None::<String>);
    {
        let list = list.clone();
        use_effect_with((due, *reloads), move |(due, _)| {
            let path = match due {
                CareDue::Today => "/api/v1/care/reminders?due=today",
                CareDue::ThisWeek => "/api/v1/care/reminders",
            };
            wasm_bindgen_futures::spawn_local(async move {
                list.set(Some(services::get(path).await));
            });
        });
    }
    let greet = {
        let reloads = reloads.clone();
        let failure = failure.clone();
        Callback::from(move |reminder: CareReminder| {
            let reloads = reloads.clone();
            let failure = failure.clone();
            let greeting = NewGreeting {
                occasion: reminder.occasion,
                on: reminder.on,
                customer_id: reminder.customer_id,
                contact_id: reminder.contact_id,
                method: method(reminder.channel),
                summary: None,
            };
            wasm_bindgen_futures::spawn_local(async move {
                let made: Result<Greeting, Failure> =
                    services::post("/api/v1/care/greetings", &greeting).await;
                match made {
                    Ok(_) => failure.set(None),
                    Err(error) => failure.set(Some(error.detail())),
                }
                reloads.set(*reloads + 1);
            });
        })
    };
    let tabs = vec![(CareDue::ThisWeek, T::ThisWeek), (CareDue::Today, T::Today)];
    let on_pick = Callback::from(move |due: CareDue| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&Route::Care, &CareQuery { due: Some(due) });
        }
    });
    let body = match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(reminders)) if reminders.is_empty() => {
            html! { <p class="empty">{ T::NoReminders.get(lang) }</p> }
        }
        Some(Ok(reminders)) => {
            let rows = reminders.iter().map(|reminder| {
                let occasion = match reminder.occasion {
                    Occasion::Birthday => T::Birthday,
                    Occasion::Holiday => T::Holiday,
                };
                let action = match reminder.greeted_at {
                    Some(at) => html! {
                        <span class="tag done">{ format!("{} {}", T::Greeted.get(lang), format::time(at)) }</span>
                    },
                    None => {
                        let greet = greet.clone();
                        let reminder = reminder.clone();
                        html! {
                            <button class="greet" onclick={Callback::from(move |_| greet.emit(reminder.clone()))}>
                                { T::MarkGreeted.get(lang) }
                            </button>
                        }
                    }
                };
                html! {
                    <tr class={classes!((reminder.due == CareDue::Today).then_some("today"))}>
                        <td>{ reminder.on.format("%m-%d").to_string() }</td>
                        <td>{ occasion.get(lang) }</td>
                        <td>{ reminder.name.clone() }</td>
                        <td><Link<Route> to={Route::Customer { id: reminder.customer_id }}>{ reminder.customer_name.clone() }</Link<Route>></td>
                        <td>{ reminder.channel.label(lang) }</td>
                        <td>{ action }</td>
                    </tr>
                }
            });
            html! {
                <table class="care">
                    <thead><tr>
                        <th>{ T::Day.get(lang) }</th>
                        <th>{ T::Kind.get(lang) }</th>
                        <th>{ T::Name.get(lang) }</th>
                        <th>{ T::Customer.get(lang) }</th>
                        <th>{ T::PreferredChannel.get(lang) }</th>
                        <th></th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        }
    };
    html! {
        <section class="care-page">
            <h2>{ T::Care.get(lang) }</h2>
            <Tabs<CareDue> {tabs} current={due} {on_pick} />
            if let Some(error) = &*failure {
                <p class="error">{ error.clone() }</p>
            }
            { body }
        </section>
    }
}
