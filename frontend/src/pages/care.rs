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

use crate::components::cells::customer_link;
use crate::components::loaded::{Head, shown, use_get};
use crate::components::query::use_query;
use crate::components::tabs::Tabs;
use crate::format;
use crate::i18n::{Label, Lang, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CareQuery {
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

/// Recording greetings from reminders: the callback that records one
/// (made by the reminder's channel, logged as a follow-up; then bumps
/// `reloads`, so the list shows it greeted) and the last refusal.
#[hook]
pub(crate) fn use_greet(
    reloads: &UseStateHandle<u32>,
) -> (Callback<CareReminder>, UseStateHandle<Option<Failure>>) {
    let failure = use_state(|| None::<Failure>);
    let greet = {
        let (reloads, failure) = (reloads.clone(), failure.clone());
        Callback::from(move |reminder: CareReminder| {
            let (reloads, failure) = (reloads.clone(), failure.clone());
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
                failure.set(made.err());
                reloads.set(*reloads + 1);
            });
        })
    };
    (greet, failure)
}

/// A reminder's occasion and, last, when it was greeted or (for those
/// who may) the button that records the greeting.
pub(crate) fn occasion_and_greeting(
    reminder: &CareReminder,
    may_greet: bool,
    greet: &Callback<CareReminder>,
    lang: Lang,
) -> (Html, Html) {
    let occasion = match reminder.occasion {
        Occasion::Birthday => T::Birthday,
        Occasion::Holiday => T::Holiday,
    };
    let action = match reminder.greeted_at {
        Some(at) => html! {
            <span class="tag done">{ format!("{} {}", T::Greeted.get(lang), format::time(at)) }</span>
        },
        None if may_greet => {
            let (greet, reminder) = (greet.clone(), reminder.clone());
            html! {
                <button class="greet" onclick={Callback::from(move |_| greet.emit(reminder.clone()))}>
                    { T::MarkGreeted.get(lang) }
                </button>
            }
        }
        None => html! {},
    };
    (html! { occasion.get(lang) }, action)
}

#[component]
pub fn Care() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let query: CareQuery = use_query();
    let due = query.due.unwrap_or(CareDue::ThisWeek);
    let reloads = use_state(|| 0u32);
    let path = match due {
        CareDue::Today => "/api/v1/care/reminders?due=today",
        CareDue::ThisWeek => "/api/v1/care/reminders",
    };
    let list = use_get::<Vec<CareReminder>>(path.to_owned(), *reloads);
    let (greet, failure) = use_greet(&reloads);
    let tabs = vec![(CareDue::ThisWeek, T::ThisWeek), (CareDue::Today, T::Today)];
    let on_pick = Callback::from(move |due: CareDue| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&Route::Care, &CareQuery { due: Some(due) });
        }
    });
    let body = shown(&list, lang, T::NoReminders, |reminders| {
        let rows = reminders.iter().map(|reminder| {
            let (occasion, action) = occasion_and_greeting(reminder, true, &greet, lang);
            html! {
                <tr class={classes!((reminder.due == CareDue::Today).then_some("today"))}>
                    <td>{ reminder.on.format("%m-%d").to_string() }</td>
                    <td>{ occasion }</td>
                    <td>{ reminder.name.clone() }</td>
                    <td>{ customer_link(reminder.customer_id, reminder.customer_name.clone()) }</td>
                    <td>{ reminder.channel.label(lang) }</td>
                    <td>{ action }</td>
                </tr>
            }
        });
        html! {
            <table class="care">
                <Head columns={vec![T::Day, T::Kind, T::Name, T::Customer, T::PreferredChannel]}>
                    <th></th>
                </Head>
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    html! {
        <section class="care-page">
            <h2>{ T::Care.get(lang) }</h2>
            <Tabs<CareDue> {tabs} current={due} {on_pick} />
            if let Some(failure) = &*failure {
                <p class="error">{ failure.detail() }</p>
            }
            { body }
        </section>
    }
}
