//! The contacts tab: each contact masked as every list shows them, with a
//! reveal button for the roles allowed (the server audits each reveal and
//! refuses an account manager another's customer).

use rapport_domain::permissions::Action;
use rapport_types::contacts::{Contact, Revealed};
use yew::prelude::*;

use super::TabProps;
use crate::i18n::{T, use_lang};
use crate::services::{self, Failure};
use crate::session::use_session;

#[component]
pub fn Contacts(props: &TabProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let may_reveal = context.session.may(Action::RevealContacts);
    if props.contacts.is_empty() {
        return html! { <p class="empty">{ T::NoContacts.get(lang) }</p> };
    }
    html! {
        <ul class="contacts card" id="contacts">
            { for props.contacts.iter().map(|contact| html! { <ContactRow contact={contact.clone()} {may_reveal} /> }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct ContactRowProps {
    pub contact: Contact,
    pub may_reveal: bool,
}

/// A contact, masked until revealed.
#[component]
pub fn ContactRow(props: &ContactRowProps) -> Html {
    let lang = use_lang();
    let revealed = use_state(|| None::<Result<Revealed, Failure>>);
    let contact = &props.contact;
    let reveal = {
        let (revealed, id) = (revealed.clone(), contact.id);
        Callback::from(move |_| {
            let revealed = revealed.clone();
            wasm_bindgen_futures::spawn_local(async move {
                revealed.set(Some(
                    services::post(&format!("/api/v1/contacts/{id}/reveal"), &()).await,
                ));
            });
        })
    };
    let (phone, email) = match &*revealed {
        Some(Ok(full)) => (full.phone.clone(), full.email.clone()),
        _ => (contact.phone.clone(), contact.email.clone()),
    };
    html! {
        <li class="contact" data-contact={contact.name.clone()}>
            <strong>{ contact.name.clone() }</strong>
            { format!(" {} ", contact.position) }
            if contact.is_executive {
                <span class="tag executive">{ T::Executive.get(lang) }</span>
            }
            <span class="phone">{ phone }</span>
            { " · " }
            <span class="email">{ email }</span>
            if props.may_reveal && revealed.is_none() {
                <button class="link reveal" onclick={reveal}>{ T::Reveal.get(lang) }</button>
            }
            if let Some(Err(failure)) = &*revealed {
                <span class="error">{ failure.detail() }</span>
            }
        </li>
    }
}
