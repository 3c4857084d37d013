//! 审计日志 the audit log (managers and administrators): who did what to
//! which record and when, newest first, filtered by record kind, record,
//! action, actor and a range of days (in the organisation's zone); each
//! entry opens to show what it changed. Filters and page live in the URL.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rapport_types::audit::AuditEntry;
use rapport_types::page::Paged;
use rapport_types::users::User;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::form::on_submit;
use crate::components::loaded::{shown_paged, use_get_with};
use crate::components::query::{use_go, use_query};
use crate::format;
use crate::i18n::{S, T, use_lang};
use crate::route::Route;
use crate::services;

/// What the URL holds (and the list is asked).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AuditQuery {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub actor_id: Option<Uuid>,
    /// The first day shown (`2026-11-01`).
    pub from: Option<NaiveDate>,
    /// The last day shown, included.
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
}

/// What the API is asked: the days as the instants that bound them.
#[derive(Clone, PartialEq, Serialize)]
struct Asked {
    entity_type: Option<String>,
    entity_id: Option<String>,
    action: Option<String>,
    actor_id: Option<Uuid>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    page: Option<u64>,
}

/// The midnight that begins `date` in the organisation's zone.
fn midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    date.and_hms_opt(0, 0, 0)?
        .and_local_timezone(format::ORG_TZ)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

impl From<&AuditQuery> for Asked {
    fn from(query: &AuditQuery) -> Asked {
        Asked {
            entity_type: query.entity_type.clone(),
            entity_id: query.entity_id.clone(),
            action: query.action.clone(),
            actor_id: query.actor_id,
            from: query.from.and_then(midnight),
            to: query
                .to
                .and_then(|day| day.checked_add_signed(TimeDelta::days(1)))
                .and_then(midnight),
            page: query.page,
        }
    }
}

#[component]
pub fn Audit() -> Html {
    let lang = use_lang();
    let query: AuditQuery = use_query();
    let go = use_go(Route::Audit);
    let list = use_get_with::<Paged<AuditEntry>, _>("/api/v1/audit", Some(Asked::from(&query)));
    let opened = use_state(|| None::<Uuid>);
    // Who is who, where the caller may list users (administrators).
    let people = use_state(Vec::<User>::new);
    {
        let people = people.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(page) = services::get::<Paged<User>>("/api/v1/users?limit=200").await {
                    people.set(page.items);
                }
            });
        });
    }
    let names: HashMap<Uuid, String> = people
        .iter()
        .map(|user| (user.id, user.display_name.clone()))
        .collect();
    let (kind, record, action) = (use_node_ref(), use_node_ref(), use_node_ref());
    let (actor, from, to) = (use_node_ref(), use_node_ref(), use_node_ref());
    // The fields are the typist's while typed (a render in between leaves
    // them be); they show the URL's filters whenever the URL changes.
    {
        let shown = [
            (kind.clone(), query.entity_type.clone()),
            (record.clone(), query.entity_id.clone()),
            (action.clone(), query.action.clone()),
            (actor.clone(), query.actor_id.map(|id| id.to_string())),
            (from.clone(), query.from.map(|day| day.to_string())),
            (to.clone(), query.to.map(|day| day.to_string())),
        ];
        use_effect_with(query.clone(), move |_| {
            for (node, value) in &shown {
                if let Some(input) = node.cast::<HtmlInputElement>() {
                    input.set_value(value.as_deref().unwrap_or_default());
                }
            }
        });
    }
    let on_filter = {
        let (go, kind, record, action) = (go.clone(), kind.clone(), record.clone(), action.clone());
        let (actor, from, to) = (actor.clone(), from.clone(), to.clone());
        on_submit(move || {
            let value = |node: &NodeRef| {
                node.cast::<HtmlInputElement>()
                    .map(|input| input.value().trim().to_owned())
                    .filter(|value| !value.is_empty())
            };
            // The actor is a select of names where users can be listed, else an id typed.
            let actor = actor
                .cast::<HtmlSelectElement>()
                .map(|select| select.value())
                .or_else(|| value(&actor))
                .and_then(|id| id.trim().parse().ok());
            let day = |node: &NodeRef| value(node).and_then(|text| text.parse().ok());
            go.emit(AuditQuery {
                entity_type: value(&kind),
                entity_id: value(&record),
                action: value(&action),
                actor_id: actor,
                from: day(&from),
                to: day(&to),
                page: None,
            });
        })
    };
    let on_page = {
        let query = query.clone();
        go.reform(move |page| AuditQuery {
            page: Some(page),
            ..query.clone()
        })
    };
    let body = shown_paged(&list, lang, T::NoEntries, on_page, |page| {
        // The name the log gives, else the one the user list gives
        // (an older server), else the id's start; none is the system.
        let actor = |entry: &AuditEntry| match (entry.actor_id, &entry.actor_name) {
            (None, _) => T::System.get(lang).to_owned(),
            (Some(_), Some(name)) => name.clone(),
            (Some(id), None) => names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| id.to_string()[..8].to_owned()),
        };
        let rows = page.items.iter().map(|entry| {
            let (opened_now, id) = (opened.clone(), entry.id);
            let toggle = Callback::from(move |_| {
                opened_now.set((*opened_now != Some(id)).then_some(id));
            });
            let pretty = |value: &Option<serde_json::Value>| {
                value
                    .as_ref()
                    .and_then(|value| serde_json::to_string_pretty(value).ok())
                    .unwrap_or_default()
            };
            html! {
                <>
                    <tr class="clickable" data-entry={entry.id.to_string()} onclick={toggle}>
                        <td>{ format::time(entry.at) }</td>
                        <td><code>{ entry.action.clone() }</code></td>
                        <td>{ format!("{} {}", entry.entity_type, entry.entity_id) }</td>
                        <td class="actor">{ actor(entry) }</td>
                    </tr>
                    if *opened == Some(entry.id) {
                        <tr class="change"><td colspan="4">
                            <div class="before-after">
                                <pre>{ pretty(&entry.before) }</pre>
                                <pre>{ pretty(&entry.after) }</pre>
                            </div>
                        </td></tr>
                    }
                </>
            }
        });
        html! { <table class="audit"><tbody>{ for rows }</tbody></table> }
    });
    html! {
        <section class="audit-page">
            <h2>{ T::AuditLog.get(lang) }</h2>
            <form class="search" onsubmit={on_filter}>
                <input id="audit-kind" placeholder="contract" ref={kind} />
                <input id="audit-record" placeholder="id" ref={record} />
                <input id="audit-action" placeholder="contract.sign" ref={action} />
                if people.is_empty() {
                    <input id="audit-actor" placeholder={S::ActorId.get(lang)} ref={actor} />
                } else {
                    <select id="audit-actor" ref={actor} aria-label={S::Actor.get(lang)}>
                        <option value="" selected={query.actor_id.is_none()}>{ S::AnyActor.get(lang) }</option>
                        { for people.iter().map(|user| html! {
                            <option value={user.id.to_string()} selected={query.actor_id == Some(user.id)}>{ format!("{} <{}>", user.display_name, user.email) }</option>
                        }) }
                    </select>
                }
                <label class="inline">{ S::From.get(lang) }
                    <input id="audit-from" type="date" ref={from} />
                </label>
                <label class="inline">{ S::To.get(lang) }
                    <input id="audit-to" type="date" ref={to} />
                </label>
                <button type="submit">{ T::Search.get(lang) }</button>
            </form>
            { body }
        </section>
    }
}
