//! 设置 · webhooks (administrators): the endpoints with the events each
//! takes; registering one shows its secret once; each endpoint's delivery
//! log, where a dead delivery can be sent again.

use rapport_types::page::Paged;
use rapport_types::webhooks::{
    Delivery, DeliveryStatus, EndpointWithSecret, EventKind, NewEndpoint, WebhookEndpoint,
};
use uuid::Uuid;
use yew::prelude::*;

use crate::components::form::node_value;
use crate::components::loaded::{ready, use_reloaded};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::services::{self, Failure};

#[component]
pub fn Webhooks() -> Html {
    let lang = use_lang();
    let (endpoints, reload) = use_reloaded::<Vec<WebhookEndpoint>>("/api/v1/webhooks".to_owned());
    let secret = use_state(|| None::<String>);
    let failure = use_state(|| None::<Failure>);
    let opened = use_state(|| None::<Uuid>);
    let url = use_node_ref();
    let events = use_state(Vec::<EventKind>::new);
    let register = {
        let (url, events, secret, failure, reload) = (
            url.clone(),
            events.clone(),
            secret.clone(),
            failure.clone(),
            reload.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let asked = NewEndpoint {
                url: node_value(&url),
                description: String::new(),
                events: events.iter().map(|kind| kind.code().to_owned()).collect(),
                active: None,
            };
            let (secret, failure, reload) = (secret.clone(), failure.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::post::<_, EndpointWithSecret>("/api/v1/webhooks", &asked).await {
                    Ok(created) => {
                        secret.set(Some(created.secret));
                        failure.set(None);
                        reload.emit(());
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let choices = EventKind::ALL.iter().map(|&kind| {
        let events = events.clone();
        let checked = events.contains(&kind);
        let toggle = Callback::from(move |_| {
            let mut next = (*events).clone();
            if let Some(at) = next.iter().position(|&chosen| chosen == kind) {
                next.remove(at);
            } else {
                next.push(kind);
            }
            events.set(next);
        });
        html! {
            <label class="event">
                <input type="checkbox" data-event={kind.code()} {checked} onchange={toggle} />
                <code>{ kind.code() }</code>
            </label>
        }
    });
    let list = match ready(&endpoints, lang) {
        Err(other) => other,
        Ok(endpoints) => html! {
            <table class="webhooks">
                <tbody>
                    { for endpoints.iter().map(|endpoint| {
                        let (opened_now, id) = (opened.clone(), endpoint.id);
                        let open = Callback::from(move |_| opened_now.set(Some(id)));
                        html! {
                            <>
                                <tr data-endpoint={endpoint.id.to_string()}>
                                    <td><code>{ endpoint.url.clone() }</code></td>
                                    <td>{ endpoint.events.iter().map(|kind| kind.code()).collect::<Vec<_>>().join(", ") }</td>
                                    <td>{ if endpoint.active { T::Active.get(lang) } else { T::Inactive.get(lang) } }</td>
                                    <td><button class="link deliveries" onclick={open}>{ T::Deliveries.get(lang) }</button></td>
                                </tr>
                                if *opened == Some(endpoint.id) {
                                    <tr><td colspan="4"><DeliveryLog endpoint={endpoint.id} /></td></tr>
                                }
                            </>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="webhooks">
            <h3>{ T::WebhooksTitle.get(lang) }</h3>
            { list }
            <form class="register-webhook" onsubmit={register}>
                <input id="webhook-url" type="url" placeholder="https://erp.example.com/rapport" ref={url} />
                <div class="events">{ for choices }</div>
                <button type="submit" class="primary" id="register-webhook">{ T::Register.get(lang) }</button>
                if let Some(failure) = &*failure {
                    <p class="error">{ failure.field("url").or_else(|| failure.field("events")).unwrap_or_else(|| failure.detail()) }</p>
                }
            </form>
            if let Some(secret) = &*secret {
                <p class="secret" id="webhook-secret">
                    { T::SecretShownOnce.get(lang) }
                    <code>{ secret.clone() }</code>
                </p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DeliveryLogProps {
    endpoint: Uuid,
}

/// An endpoint's deliveries, newest first; a dead one can be sent again.
#[component]
fn DeliveryLog(props: &DeliveryLogProps) -> Html {
    let lang = use_lang();
    let (deliveries, reload) = use_reloaded::<Paged<Delivery>>(format!(
        "/api/v1/webhooks/{}/deliveries?limit=50",
        props.endpoint
    ));
    match ready(&deliveries, lang) {
        Err(other) => other,
        Ok(page) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoDeliveries.get(lang) }</p> }
        }
        Ok(page) => html! {
            <table class="deliveries">
                <tbody>
                    { for page.items.iter().map(|delivery| {
                        let resend = {
                            let (reload, path) = (reload.clone(), format!(
                                "/api/v1/webhooks/{}/deliveries/{}/resend", delivery.endpoint_id, delivery.id));
                            Callback::from(move |_| {
                                let (reload, path) = (reload.clone(), path.clone());
                                wasm_bindgen_futures::spawn_local(async move {
                                    let _ = services::post_empty(&path, &()).await;
                                    reload.emit(());
                                });
                            })
                        };
                        html! {
                            <tr data-delivery={delivery.id.to_string()}>
                                <td><code>{ delivery.event.code() }</code></td>
                                <td class="delivery-status">{ delivery.status.label(lang) }</td>
                                <td>{ format!("{} × {}", T::Attempts.get(lang), delivery.attempts) }</td>
                                <td>{ delivery.last_status_code.map(|code| code.to_string()).unwrap_or_default() }</td>
                                <td>{ delivery.last_error.clone().unwrap_or_default() }</td>
                                <td>{ format::time(delivery.created_at) }</td>
                                <td>
                                    if delivery.status == DeliveryStatus::Dead {
                                        <button class="link resend" onclick={resend}>{ T::Resend.get(lang) }</button>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    }
}
