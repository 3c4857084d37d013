//! 审计日志 the audit log (managers and administrators): who did what to
//! which record and when, newest first, filtered by record kind, record,
//! action; each entry opens to show what it changed. Filters and page
//! live in the URL.

use rapport_types::audit::AuditEntry;
use rapport_types::page::Paged;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::pager::Pager;
use crate::format;
use crate::i18n::{T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

/// What the URL holds (and the list is asked).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

#[component]
pub fn Audit() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let query: AuditQuery = use_location()
        .and_then(|location| location.query::<AuditQuery>().ok())
        .unwrap_or_default();
    let list = use_state(|| None::<Result<Paged<AuditEntry>, Failure>>);
    let opened = use_state(|| None::<Uuid>);
    {
        let list = list.clone();
        use_effect_with(query.clone(), move |query| {
            let asked = query.clone();
            list.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                list.set(Some(services::get_with("/api/v1/audit", &asked).await));
            });
        });
    }
    let go = Callback::from(move |next: AuditQuery| {
        if let Some(navigator) = &navigator {
            let _ = navigator.push_with_query(&Route::Audit, &next);
        }
    });
    let (kind, record, action) = (use_node_ref(), use_node_ref(), use_node_ref());
    let on_filter = {
        let (go, kind, record, action) = (go.clone(), kind.clone(), record.clone(), action.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = |node: &NodeRef| {
                node.cast::<HtmlInputElement>()
                    .map(|input| input.value().trim().to_owned())
                    .filter(|value| !value.is_empty())
            };
            go.emit(AuditQuery {
                entity_type: value(&kind),
                entity_id: value(&record),
                action: value(&action),
                page: None,
            });
        })
    };
    let body = match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoEntries.get(lang) }</p> }
        }
        Some(Ok(page)) => {
            let on_page = {
                let (go, query) = (go.clone(), query.clone());
                go.reform(move |page| AuditQuery {
                    page: Some(page),
                    ..query.clone()
                })
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
                            <td>{ entry.actor_id.map_or_else(|| T::System.get(lang).to_owned(), |id| id.to_string()[..8].to_owned()) }</td>
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
            html! {
                <>
                    <table class="audit"><tbody>{ for rows }</tbody></table>
                    <Pager page={page.page} limit={page.limit} total={page.total} {on_page} />
                </>
            }
        }
    };
    html! {
        <section class="audit-page">
            <h2>{ T::AuditLog.get(lang) }</h2>
            <form class="search" onsubmit={on_filter}>
                <input id="audit-kind" placeholder="contract" value={query.entity_type.clone().unwrap_or_default()} ref={kind} />
                <input id="audit-record" placeholder="id" value={query.entity_id.clone().unwrap_or_default()} ref={record} />
                <input id="audit-action" placeholder="contract.sign" value={query.action.clone().unwrap_or_default()} ref={action} />
                <button type="submit">{ T::Search.get(lang) }</button>
            </form>
            { body }
        </section>
    }
}
