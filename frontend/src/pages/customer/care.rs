//! The care tab (seed 004): this customer's greetings due this week
//! (contacts' birthdays, the holidays the organisation keeps), each marked
//! greeted in one click, which logs it as a follow-up.

use rapport_domain::permissions::Action;
use rapport_types::care::CareReminder;
use yew::prelude::*;

use super::TabProps;
use crate::components::loaded::{Head, shown, use_get};
use crate::i18n::{Label, T, use_lang};
use crate::pages::care::{occasion_and_greeting, use_greet};
use crate::session::use_session;

#[component]
pub fn Care(props: &TabProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let reload = use_state(|| 0u32);
    let list = use_get::<Vec<CareReminder>>("/api/v1/care/reminders".to_owned(), *reload);
    let (greet, failure) = use_greet(&reload);
    // This customer's reminders of all due.
    let id = props.customer.id;
    let list = list.as_ref().map(|found| {
        found.clone().map(|all| {
            all.into_iter()
                .filter(|reminder| reminder.customer_id == id)
                .collect::<Vec<_>>()
        })
    });
    let may_greet = context.session.may(Action::WriteFollowUps);
    let body = shown(&list, lang, T::NoReminders, |reminders| {
        html! {
            <table class="care">
                <Head columns={vec![T::Day, T::Kind, T::Name, T::PreferredChannel]}><th></th></Head>
                <tbody>
                    { for reminders.iter().map(|reminder| {
                        let (occasion, action) = occasion_and_greeting(reminder, may_greet, &greet, lang);
                        html! {
                            <tr class="reminder">
                                <td>{ reminder.on.to_string() }</td>
                                <td>{ occasion }</td>
                                <td>{ reminder.name.clone() }</td>
                                <td>{ reminder.channel.label(lang) }</td>
                                <td>{ action }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        }
    });
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
