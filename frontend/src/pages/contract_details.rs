//! A contract's maintenance details (SPEC section 5): the customer's
//! maintenance contact (masked, as every list shows contacts), the
//! technician responsible, the sites, the installed versions and the named
//! calendar its requests' SLA clocks run on. Those who write contracts
//! change them in a small form that sends what changed with the version
//! read: a stale version offers a reload, and each refusal shows beside
//! its field. The fields keep what is typed through any render.

use rapport_domain::lifecycle::contract::Status;
use rapport_domain::permissions::Action;
use rapport_types::contacts::Contact;
use rapport_types::contracts::{Contract, ContractChanges, ContractDetail, Technician};
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{Label, T, use_lang};
use crate::pages::settings::{Refusal, beside};
use crate::services::{self, Failure};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    pub contract: Contract,
    /// The contract after a save.
    pub on_saved: Callback<ContractDetail>,
    /// Reads the contract again (offered after a stale version).
    pub on_reload: Callback<()>,
}

/// A contact as a list shows it: name, position and the masked phone (or email).
fn contact_line(contact: &Contact) -> String {
    let reach = if contact.phone.is_empty() {
        &contact.email
    } else {
        &contact.phone
    };
    [
        contact.name.as_str(),
        contact.position.as_str(),
        reach.as_str(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The details as facts, with the form to change them for those who may.
#[component]
pub fn MaintenanceDetails(props: &DetailsProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let contacts = use_state(Vec::<Contact>::new);
    let editing = use_state(|| false);
    let saved = use_state(|| false);
    {
        let contacts = contacts.clone();
        use_effect_with(props.contract.customer_id, move |customer| {
            let customer = *customer;
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/api/v1/customers/{customer}/contacts");
                if let Ok(found) = services::get::<Vec<Contact>>(&path).await {
                    contacts.set(found);
                }
            });
        });
    }
    let c = &props.contract;
    let not_set = || html! { <span class="muted">{ T::NotSet.get(lang) }</span> };
    let contact = match c.maintenance_contact_id {
        None => not_set(),
        Some(id) => match contacts.iter().find(|contact| contact.id == id) {
            Some(contact) => html! { { contact_line(contact) } },
            None => html! { <code>{ id.to_string()[..8].to_owned() }</code> },
        },
    };
    let technician = match (&c.technician_name, c.technician_id) {
        (Some(name), _) => html! { { name.clone() } },
        (None, Some(id)) => html! { <code>{ id.to_string()[..8].to_owned() }</code> },
        (None, None) => not_set(),
    };
    let editable = context.session.may(Action::WriteContracts)
        && !matches!(c.status, Status::Expired | Status::Cancelled);
    let open = {
        let (editing, saved) = (editing.clone(), saved.clone());
        Callback::from(move |_: MouseEvent| {
            saved.set(false);
            editing.set(true);
        })
    };
    let on_saved = {
        let (editing, saved, on_saved) = (editing.clone(), saved.clone(), props.on_saved.clone());
        Callback::from(move |after: ContractDetail| {
            editing.set(false);
            saved.set(true);
            on_saved.emit(after);
        })
    };
    let on_cancel = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(false))
    };
    let on_reload = {
        let (editing, on_reload) = (editing.clone(), props.on_reload.clone());
        Callback::from(move |()| {
            editing.set(false);
            on_reload.emit(());
        })
    };
    html! {
        <section class="maintenance" id="maintenance">
            <h3>{ T::MaintenanceDetails.get(lang) }</h3>
            <dl class="facts">
                <dt>{ T::MaintenanceContact.get(lang) }</dt><dd id="maintenance-contact">{ contact }</dd>
                <dt>{ T::ResponsibleTechnician.get(lang) }</dt><dd id="technician">{ technician }</dd>
                <dt>{ T::Sites.get(lang) }</dt><dd id="sites">{ c.sites }</dd>
                <dt>{ T::InstalledVersions.get(lang) }</dt>
                <dd id="installed-versions">
                    if c.installed_versions.is_empty() { { not_set() } } else { { c.installed_versions.clone() } }
                </dd>
                <dt>{ T::ClockCalendar.get(lang) }</dt>
                <dd id="calendar-name">
                    { c.calendar_name.clone().unwrap_or_else(|| T::OrganisationCalendarDefault.get(lang).to_owned()) }
                </dd>
            </dl>
            if *editing {
                <DetailsForm contract={c.clone()} contacts={(*contacts).clone()} {on_saved} {on_cancel} {on_reload} />
            } else if editable {
                <div class="buttons">
                    <button type="button" id="edit-details" onclick={open}>{ T::EditDetails.get(lang) }</button>
                    if *saved {
                        <span class="saved" id="details-saved">{ T::DetailsSaved.get(lang) }</span>
                    }
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    contract: Contract,
    contacts: Vec<Contact>,
    on_saved: Callback<ContractDetail>,
    on_cancel: Callback<()>,
    on_reload: Callback<()>,
}

/// What the form holds, as typed or picked.
#[derive(Clone, PartialEq)]
struct Draft {
    contact: String,
    technician: String,
    sites: String,
    versions: String,
    calendar: String,
}

impl Draft {
    fn of(contract: &Contract) -> Draft {
        let id = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
        Draft {
            contact: id(contract.maintenance_contact_id),
            technician: id(contract.technician_id),
            sites: contract.sites.to_string(),
            versions: contract.installed_versions.clone(),
            calendar: contract.calendar_name.clone().unwrap_or_default(),
        }
    }

    /// The changes to send: only what differs from `contract`; `Err` names
    /// a field that cannot be read.
    fn changes(&self, contract: &Contract) -> Result<ContractChanges, &'static str> {
        let was = Draft::of(contract);
        let sites = if self.sites.trim() == was.sites {
            None
        } else {
            Some(self.sites.trim().parse::<i32>().map_err(|_| "sites")?)
        };
        Ok(ContractChanges {
            version: contract.version,
            maintenance_contact_id: (self.contact != was.contact)
                .then(|| self.contact.parse().ok())
                .flatten(),
            technician_id: (self.technician != was.technician)
                .then(|| self.technician.parse().ok())
                .flatten(),
            sites,
            installed_versions: (self.versions != was.versions).then(|| self.versions.clone()),
            calendar_name: (self.calendar != was.calendar).then(|| self.calendar.clone()),
        })
    }
}

/// The fields a refusal may name, each shown beside its input.
const FIELDS: [&str; 5] = [
    "maintenance_contact_id",
    "technician_id",
    "sites",
    "installed_versions",
    "calendar_name",
];

#[component]
fn DetailsForm(props: &FormProps) -> Html {
    let lang = use_lang();
    let draft = use_state(|| Draft::of(&props.contract));
    let technicians = use_state(Vec::<Technician>::new);
    let calendars = use_state(Vec::<String>::new);
    let failure = use_state(|| None::<Failure>);
    let unreadable = use_state(|| None::<&'static str>);
    let busy = use_state(|| false);
    {
        let (technicians, calendars) = (technicians.clone(), calendars.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(found) = services::get("/api/v1/contracts/technicians").await {
                    technicians.set(found);
                }
                if let Ok(found) = services::get("/api/v1/calendars").await {
                    calendars.set(found);
                }
            });
        });
    }
    let set = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let picked = |event: Event| event.target_unchecked_into::<HtmlSelectElement>().value();
    let typed = |event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value();
    let written = |event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value();
    let onsubmit = {
        let (draft, failure, unreadable, busy) = (
            draft.clone(),
            failure.clone(),
            unreadable.clone(),
            busy.clone(),
        );
        let (contract, on_saved) = (props.contract.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let changes = match draft.changes(&contract) {
                Ok(changes) => changes,
                Err(field) => {
                    unreadable.set(Some(field));
                    return;
                }
            };
            unreadable.set(None);
            busy.set(true);
            let (failure, busy, on_saved) = (failure.clone(), busy.clone(), on_saved.clone());
            let path = format!("/api/v1/contracts/{}", contract.id);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = services::patch::<_, ContractDetail>(&path, &changes).await;
                busy.set(false);
                match answer {
                    Ok(after) => on_saved.emit(after),
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let c = &props.contract;
    // The one chosen now stays offered when the lists no longer hold it
    // (an archived contact, a deactivated technician); it is not sent again.
    let gone = |id: Option<Uuid>, shown: Option<String>, listed: bool| match id {
        Some(id) if !listed => html! {
            <option value={id.to_string()} selected=true>
                { format!("{} {}", shown.unwrap_or_else(|| id.to_string()[..8].to_owned()), T::NoLongerOffered.get(lang)) }
            </option>
        },
        _ => html! {},
    };
    let contact_listed = props
        .contacts
        .iter()
        .any(|contact| Some(contact.id) == c.maintenance_contact_id);
    let technician_listed = technicians
        .iter()
        .any(|person| Some(person.id) == c.technician_id);
    let calendar_listed = c
        .calendar_name
        .as_ref()
        .is_none_or(|name| calendars.contains(name));
    let fields = FIELDS
        .iter()
        .map(|field| (*field).into())
        .collect::<Vec<AttrValue>>();
    html! {
        <form class="card details-form" id="details-form" {onsubmit}>
            <label class="field">
                <span>{ T::MaintenanceContact.get(lang) }</span>
                <select id="contact-input" onchange={set(|draft, value| draft.contact = value).reform(picked)}>
                    if c.maintenance_contact_id.is_none() {
                        <option value="" selected={draft.contact.is_empty()}>{ T::NotSet.get(lang) }</option>
                    }
                    { gone(c.maintenance_contact_id, None, contact_listed) }
                    { for props.contacts.iter().map(|contact| html! {
                        <option value={contact.id.to_string()} selected={draft.contact == contact.id.to_string()}>
                            { contact_line(contact) }
                        </option>
                    }) }
                </select>
                { beside(&failure, "maintenance_contact_id") }
            </label>
            <label class="field">
                <span>{ T::ResponsibleTechnician.get(lang) }</span>
                <select id="technician-input" onchange={set(|draft, value| draft.technician = value).reform(picked)}>
                    if c.technician_id.is_none() {
                        <option value="" selected={draft.technician.is_empty()}>{ T::NotSet.get(lang) }</option>
                    }
                    { gone(c.technician_id, c.technician_name.clone(), technician_listed || technicians.is_empty()) }
                    { for technicians.iter().map(|person| html! {
                        <option value={person.id.to_string()} selected={draft.technician == person.id.to_string()}>
                            { format!("{} · {}", person.display_name, person.department.label(lang)) }
                        </option>
                    }) }
                </select>
                { beside(&failure, "technician_id") }
            </label>
            <label class="field">
                <span>{ T::Sites.get(lang) }</span>
                <input id="sites-input" inputmode="numeric" value={draft.sites.clone()}
                    oninput={set(|draft, value| draft.sites = value).reform(typed)} />
                if *unreadable == Some("sites") {
                    <span class="field-error" data-field="sites">{ T::NotASiteCount.get(lang) }</span>
                }
                { beside(&failure, "sites") }
            </label>
            <label class="field">
                <span>{ T::ClockCalendar.get(lang) }</span>
                <select id="calendar-input" onchange={set(|draft, value| draft.calendar = value).reform(picked)}>
                    <option value="" selected={draft.calendar.is_empty()}>{ T::OrganisationCalendarDefault.get(lang) }</option>
                    if !calendar_listed {
                        <option value={c.calendar_name.clone().unwrap_or_default()} selected={Some(&draft.calendar) == c.calendar_name.as_ref()}>
                            { c.calendar_name.clone().unwrap_or_default() }
                        </option>
                    }
                    { for calendars.iter().map(|name| html! {
                        <option value={name.clone()} selected={*draft.calendar == **name}>{ name.clone() }</option>
                    }) }
                </select>
                { beside(&failure, "calendar_name") }
            </label>
            <label class="field wide">
                <span>{ T::InstalledVersions.get(lang) }</span>
                <textarea id="versions-input" rows="3" maxlength="2000" value={draft.versions.clone()}
                    oninput={set(|draft, value| draft.versions = value).reform(written)} />
                { beside(&failure, "installed_versions") }
            </label>
            <div class="buttons wide">
                <button type="submit" class="primary" id="save-details" disabled={*busy}>
                    { if *busy { T::Saving.get(lang) } else { T::Save.get(lang) } }
                </button>
                <button type="button" id="cancel-details" onclick={props.on_cancel.reform(|_| ())}>{ T::CancelEdit.get(lang) }</button>
            </div>
            <div class="wide">
                <Refusal failure={(*failure).clone()} shown={fields} on_reload={props.on_reload.clone()} />
            </div>
        </form>
    }
}
