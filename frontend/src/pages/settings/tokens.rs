//! 设置 · API 令牌 scoped API tokens for integrations (SPEC section 9):
//! issued for a user with the scopes that user's role allows, the secret
//! shown once with a copy button, listed without secrets, revoked at once.

use std::collections::HashMap;

use rapport_domain::permissions::{self, Action};
use rapport_types::api_tokens::{ApiToken, IssuedToken, NewApiToken};
use rapport_types::page::Paged;
use rapport_types::users::User;
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::beside;
use crate::components::loaded::{Head, ready, use_reloaded};
use crate::format;
use crate::i18n::{Label, S, T, use_lang};
use crate::services::{self, Failure};
use crate::session::use_session;

#[component]
pub fn Tokens() -> Html {
    let lang = use_lang();
    let me = use_session().session.user().map(|user| user.id);
    let (tokens, reload) = use_reloaded::<Vec<ApiToken>>("/api/v1/api-tokens".to_owned());
    let users = use_state(Vec::<User>::new);
    let issued = use_state(|| None::<IssuedToken>);
    let failure = use_state(|| None::<Failure>);
    let owner = use_state(|| me);
    let scopes = use_state(Vec::<Action>::new);
    let name = use_node_ref();
    let key = use_state(services::idempotency_key);
    let revoking = use_state(|| None::<Uuid>);
    {
        let users = users.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(page) =
                    services::get::<Paged<User>>("/api/v1/users?limit=200&active=true").await
                {
                    users.set(page.items);
                }
            });
        });
    }
    let names: HashMap<Uuid, String> = users
        .iter()
        .map(|user| (user.id, format!("{} <{}>", user.display_name, user.email)))
        .collect();
    let owner_role = users
        .iter()
        .find(|user| Some(user.id) == *owner)
        .map(|user| user.role);
    // Only what the owner's role allows is offered: a token cannot do more than its user.
    let offered: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|&action| owner_role.is_some_and(|role| permissions::allows(role, action)))
        .collect();
    let onsubmit = {
        let (name, owner, scopes, issued, failure, reload, key) = (
            name.clone(),
            owner.clone(),
            scopes.clone(),
            issued.clone(),
            failure.clone(),
            reload.clone(),
            key.clone(),
        );
        let offered = offered.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let body = NewApiToken {
                name: name
                    .cast::<HtmlInputElement>()
                    .map(|input| input.value().trim().to_owned())
                    .unwrap_or_default(),
                user_id: *owner,
                scopes: scopes
                    .iter()
                    .copied()
                    .filter(|scope| offered.contains(scope))
                    .collect(),
            };
            let (issued, failure, reload, key, scopes, name) = (
                issued.clone(),
                failure.clone(),
                reload.clone(),
                key.clone(),
                scopes.clone(),
                name.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match services::create::<_, IssuedToken>("/api/v1/api-tokens", &body, &key).await {
                    Ok(token) => {
                        issued.set(Some(token));
                        failure.set(None);
                        scopes.set(Vec::new());
                        if let Some(input) = name.cast::<HtmlInputElement>() {
                            input.set_value("");
                        }
                        key.set(services::idempotency_key());
                        reload.emit(());
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let pick_owner = {
        let (owner, scopes) = (owner.clone(), scopes.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            owner.set(value.parse().ok());
            scopes.set(Vec::new());
        })
    };
    let choices = offered.iter().map(|&action| {
        let scopes = scopes.clone();
        let checked = scopes.contains(&action);
        let toggle = Callback::from(move |_| {
            let mut next = (*scopes).clone();
            if let Some(at) = next.iter().position(|&chosen| chosen == action) {
                next.remove(at);
            } else {
                next.push(action);
            }
            scopes.set(next);
        });
        html! {
            <label class="scope" title={format::code(action)}>
                <input type="checkbox" data-scope={format::code(action)} {checked} onchange={toggle} />
                { action.label(lang) }
            </label>
        }
    });
    let list = match ready(&tokens, lang) {
        Err(other) => other,
        Ok(tokens) if tokens.is_empty() => {
            html! { <p class="empty">{ S::NoTokens.get(lang) }</p> }
        }
        Ok(tokens) => html! {
            <table class="tokens" id="tokens">
                <Head words={vec![T::Name.into(), S::ActsAs.into(), S::Scopes.into(), S::Issued.into(), T::Status.into()]} />
                <tbody>
                    { for tokens.iter().map(|token| {
                        let id = token.id;
                        let ask = {
                            let revoking = revoking.clone();
                            Callback::from(move |_| revoking.set(Some(id)))
                        };
                        let confirm = {
                            let (revoking, reload) = (revoking.clone(), reload.clone());
                            Callback::from(move |_| {
                                let (revoking, reload) = (revoking.clone(), reload.clone());
                                wasm_bindgen_futures::spawn_local(async move {
                                    let path = format!("/api/v1/api-tokens/{id}/revoke");
                                    let _ = services::post_empty(&path, &()).await;
                                    revoking.set(None);
                                    reload.emit(());
                                });
                            })
                        };
                        html! {
                            <tr data-token={token.id.to_string()} class={classes!(token.revoked_at.is_some().then_some("inactive"))}>
                                <td>{ token.name.clone() }</td>
                                <td>{ names.get(&token.user_id).cloned().unwrap_or_else(|| token.user_id.to_string()) }</td>
                                <td class="scopes">{ token.scopes.iter().map(|scope| scope.label(lang)).collect::<Vec<_>>().join("、") }</td>
                                <td>{ format::time(token.created_at) }</td>
                                <td>
                                    if let Some(at) = token.revoked_at {
                                        <span class="revoked">{ format!("{} {}", S::Revoked.get(lang), format::time(at)) }</span>
                                    } else if *revoking == Some(id) {
                                        <button type="button" class="confirm-revoke" onclick={confirm}>{ S::ConfirmRevoke.get(lang) }</button>
                                    } else {
                                        <button type="button" class="revoke" onclick={ask}>{ S::Revoke.get(lang) }</button>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="tokens-page">
            <h2>{ S::ApiTokens.get(lang) }</h2>
            if let Some(token) = &*issued {
                <Secret token={token.token.clone()} name={token.record.name.clone()} />
            }
            <form class="card issue-token" id="issue-token" {onsubmit}>
                <h3>{ S::IssueToken.get(lang) }</h3>
                <label class="field inline">
                    <span>{ T::Name.get(lang) }</span>
                    <input id="token-name" required=true maxlength="100" placeholder="ERP" ref={name} />
                    { beside(&failure, "name") }
                </label>
                <label class="field inline">
                    <span>{ S::ActsAs.get(lang) }</span>
                    <select id="token-user" onchange={pick_owner}>
                        { for users.iter().map(|user| html! {
                            <option value={user.id.to_string()} selected={Some(user.id) == *owner}>
                                { format!("{} · {}", user.display_name, user.role.label(lang)) }
                            </option>
                        }) }
                    </select>
                    { beside(&failure, "user_id") }
                </label>
                <fieldset class="field scopes" id="token-scopes">
                    <legend>{ S::Scopes.get(lang) }</legend>
                    { for choices }
                    { beside(&failure, "scopes") }
                </fieldset>
                <button type="submit" class="primary" id="issue" disabled={scopes.is_empty()}>{ S::Issue.get(lang) }</button>
                if let Some(failure) = &*failure {
                    if ["name", "user_id", "scopes"].iter().all(|field| failure.field(field).is_none()) {
                        <p class="error">{ failure.detail() }</p>
                    }
                }
            </form>
            { list }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SecretProps {
    token: AttrValue,
    name: AttrValue,
}

/// A new token's secret, this once, with a button that copies it.
#[component]
fn Secret(props: &SecretProps) -> Html {
    let lang = use_lang();
    let copied = use_state(|| false);
    let copy = {
        let (token, copied) = (props.token.clone(), copied.clone());
        Callback::from(move |_| {
            if let Some(window) = web_sys::window() {
                let promise = window.navigator().clipboard().write_text(&token);
                let copied = copied.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                        copied.set(true);
                    }
                });
            }
        })
    };
    html! {
        <div class="secret" id="token-secret" role="status">
            <p>{ format!("{} · {}", props.name, S::TokenShownOnce.get(lang)) }</p>
            <code id="token-value">{ props.token.clone() }</code>
            <button type="button" id="copy-token" onclick={copy}>
                { if *copied { S::Copied.get(lang) } else { S::Copy.get(lang) } }
            </button>
        </div>
    }
}
