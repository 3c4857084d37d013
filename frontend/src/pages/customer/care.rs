//! The care tab (seed 004): this customer's greetings due this week
//! (contacts' birthdays, the holidays the organisation keeps), each marked
//! greeted in one click, which logs it as a follow-up.

use rapport_domain::permissions::Action;
use rapport_types::care::{CareReminder, Greeting, NewGreeting, Occasion};
use yew::prelude::*;

use super::TabProps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::care::method;
use crate::services::{self, Failure};
use crate::session::use_session;

#[component]
pub fn Care(props: &TabProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let list = use_state(|| None::<Result<Vec<CareReminder>, Failure>>);
    let reload = use_state(|| 0u32);
    let failure = use_state(|| None::<Failure>);
    {
        let list = list.clone();
        use_effect_with((props.customer.id, *reload), move |(id, _)| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                let found: Result<Vec<CareReminder>, Failure> =
                    services::get("/api/v1/care/reminders").await;
                list.set(Some(found.map(|all| {
                    all.into_iter()
                        .filter(|reminder| reminder.customer_id == id)
                        .collect()
                })));
            });
        });
    }
    let may_greet = context.session.may(Action::WriteFollowUps);
    let greet = {
        let (reload, failure) = (reload.clone(), failure.clone());
        Callback::from(move |reminder: CareReminder| {
            let (reload, failure) = (reload.clone(), failure.clone());
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
                reload.set(*reload + 1);
            });
        })
    };
    let body = match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(reminders)) if reminders.is_empty() => {
            html! { <p class="empty">{ T::NoReminders.get(lang) }</p> }
        }
        Some(Ok(reminders)) => html! {
            <table class="care">
                <thead><tr>
                    <th>{ T::Day.get(lang) }</th>
                    <th>{ T::Kind.get(lang) }</th>
                    <th>{ T::Name.get(lang) }</th>
                    <th>{ T::PreferredChannel.get(lang) }</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    { for reminders.iter().map(|reminder| {
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
                        html! {
                            <tr class="reminder">
                                <td>{ reminder.on.to_string() }</td>
                                <td>{ occasion.get(lang) }</td>
                                <td>{ reminder.name.clone() }</td>
                                <td>{ reminder.channel.label(lang) }</td>
                                <td>{ action }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <>
            <p class="hint">{ T::CareForCustomer.get(lang) }</p>
            if let Some(failure) = &*failure {
                <p class="error">{ failure.detail() }</p>
            }
            { body }
        </>
    }
}
