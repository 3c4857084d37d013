//! 客户 customers: find a customer by name (or a phone's last digits),
//! narrow by tier, stage, review status and account manager, open them,
//! and register a new one. Search, filters and page live in the URL, so a
//! copied link reproduces the list.

use rapport_domain::customer::{Channel, Stage, Tier};
use rapport_domain::permissions::Action;
use rapport_types::customers::{Customer, NewCustomer, Verification};
use rapport_types::page::Paged;
use rapport_types::users::User;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::cells::customer_link;
use crate::components::create::use_create;
use crate::components::filled::use_search;
use crate::components::form::{Field, beside, on_submit_fields, options};
use crate::components::loaded::{Head, shown_paged, use_get_with};
use crate::components::query::{use_go, use_query};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services;
use crate::session::use_session;

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerQuery {
    pub q: Option<String>,
    pub tier: Option<Tier>,
    pub stage: Option<Stage>,
    pub verification: Option<Verification>,
    pub account_manager_id: Option<Uuid>,
    pub page: Option<u64>,
}

/// What the list asks the server.
#[derive(Clone, PartialEq, Serialize)]
struct Asked {
    q: Option<String>,
    tier: Option<Tier>,
    stage: Option<Stage>,
    verification: Option<Verification>,
    account_manager_id: Option<Uuid>,
    page: u64,
    limit: u64,
}

/// Rows per page.
const LIMIT: u64 = 50;

#[component]
pub fn Customers() -> Html {
    let lang = use_lang();
    let context = use_session();
    let query: CustomerQuery = use_query();
    let go = use_go(Route::Customers);
    let registering = use_state(|| false);
    let managers = use_state(Vec::<User>::new);
    let may_list_users = context.session.may(Action::ManageUsers);
    {
        // Naming every account manager needs the user list (administrators);
        // everyone else picks "mine" or anyone.
        let managers = managers.clone();
        use_effect_with(may_list_users, move |may| {
            if *may {
                wasm_bindgen_futures::spawn_local(async move {
                    let found: Result<Paged<User>, _> =
                        services::get("/api/v1/users?role=account_manager&active=true&limit=200")
                            .await;
                    if let Ok(page) = found {
                        managers.set(page.items);
                    }
                });
            }
        });
    }
    let asked = Asked {
        q: query.q.clone().filter(|q| !q.trim().is_empty()),
        tier: query.tier,
        stage: query.stage,
        verification: query.verification,
        account_manager_id: query.account_manager_id,
        page: query.page.unwrap_or(1),
        limit: LIMIT,
    };
    let list = use_get_with::<Paged<Customer>, _>("/api/v1/customers", Some(asked));
    let (search, on_search) = {
        let query = query.clone();
        use_search(
            query.q.clone(),
            go.reform(move |q| CustomerQuery {
                q,
                page: None,
                ..query.clone()
            }),
        )
    };
    // A select that sets one field of the query (and goes back to page 1).
    let on_select = |set: fn(&mut CustomerQuery, &str)| {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = CustomerQuery {
                page: None,
                ..query.clone()
            };
            set(&mut next, &value);
            go.emit(next);
        })
    };
    let on_tier = on_select(|query, value| query.tier = format::from_code(value));
    let on_stage = on_select(|query, value| query.stage = format::from_code(value));
    let on_verification = on_select(|query, value| query.verification = format::from_code(value));
    let on_manager = on_select(|query, value| query.account_manager_id = value.parse().ok());
    let may_register = context.session.may(Action::WriteCustomers);
    let me = context.session.user().map(|user| user.id);
    let any = |name: T| format!("{}: {}", name.get(lang), T::Any.get(lang));
    let on_page = {
        let query = query.clone();
        go.reform(move |target| CustomerQuery {
            page: Some(target),
            ..query.clone()
        })
    };
    let body = shown_paged(&list, lang, T::NoCustomers, on_page, |page| {
        html! {
            <table class="customers">
                <Head columns={vec![T::CustomerName, T::Tier, T::Stage, T::Verification, T::Industry, T::NextRoutineVisit]} />
                <tbody>
                    { for page.items.iter().map(|customer| html! {
                        <tr data-customer={customer.name.clone()}>
                            <td>
                                { customer_link(customer.id, customer.name.clone()) }
                                if me.is_some() && customer.account_manager_id == me {
                                    <span class="tag mine">{ T::MyCustomers.get(lang) }</span>
                                }
                            </td>
                            <td>{ customer.tier.label(lang) }</td>
                            <td>{ customer.stage.label(lang) }</td>
                            <td class="verification">{ customer.verification.label(lang) }</td>
                            <td>{ customer.industry.clone() }</td>
                            <td>{ customer.next_routine_visit_on.to_string() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    });
    let chosen_manager = query.account_manager_id;
    html! {
        <section class="customers-page">
            <h2>{ T::Customers.get(lang) }</h2>
            <div class="filters">
                <form onsubmit={on_search}>
                    <input name="q" id="customer-q" type="search" placeholder={T::FindCustomerHint.get(lang)}
                        ref={search} aria-label={T::Search.get(lang)} />
                </form>
                <select id="tier-filter" onchange={on_tier} aria-label={T::Tier.get(lang)}>
                    <option value="" selected={query.tier.is_none()}>{ any(T::Tier) }</option>
                    { options([Tier::Core, Tier::Potential, Tier::Ordinary], |tier| query.tier == Some(tier), lang) }
                </select>
                <select id="stage-filter" onchange={on_stage} aria-label={T::Stage.get(lang)}>
                    <option value="" selected={query.stage.is_none()}>{ any(T::Stage) }</option>
                    { options([Stage::Potential, Stage::New, Stage::LongTerm], |stage| query.stage == Some(stage), lang) }
                </select>
                <select id="verification-filter" onchange={on_verification} aria-label={T::Verification.get(lang)}>
                    <option value="" selected={query.verification.is_none()}>{ any(T::Verification) }</option>
                    { options([Verification::PendingReview, Verification::Verified, Verification::Rejected], |status| query.verification == Some(status), lang) }
                </select>
                <select id="manager-filter" onchange={on_manager} aria-label={T::AccountManager.get(lang)}>
                    <option value="" selected={chosen_manager.is_none()}>{ any(T::AccountManager) }</option>
                    if let Some(me) = me {
                        <option value={me.to_string()} selected={chosen_manager == Some(me)}>{ T::MyCustomers.get(lang) }</option>
                    }
                    { for managers.iter().filter(|manager| Some(manager.id) != me).map(|manager| html! {
                        <option value={manager.id.to_string()} selected={chosen_manager == Some(manager.id)}>{ manager.display_name.clone() }</option>
                    }) }
                    // Someone else's customers, named by a copied link.
                    if let Some(other) = chosen_manager.filter(|id| Some(*id) != me && !managers.iter().any(|manager| manager.id == *id)) {
                        <option value={other.to_string()} selected=true>{ T::AnotherManager.get(lang) }</option>
                    }
                </select>
                if may_register {
                    <button class="primary" id="register-customer" onclick={{ let registering = registering.clone(); Callback::from(move |_| registering.set(true)) }}>
                        { T::RegisterCustomer.get(lang) }
                    </button>
                }
            </div>
            if *registering {
                <Register />
            }
            { body }
        </section>
    }
}

/// Registers a customer; it starts `pending_review` until a second person checks it.
#[component]
fn Register() -> Html {
    let lang = use_lang();
    let creating = use_create::<NewCustomer, Customer>("/api/v1/customers", |customer| {
        Route::Customer { id: customer.id }
    });
    let onsubmit = {
        let send = creating.send.clone();
        on_submit_fields(move |value| {
            let (Some(stage), Some(tier), Some(channel)) = (
                format::from_code::<Stage>(&value("stage")),
                format::from_code::<Tier>(&value("tier")),
                format::from_code::<Channel>(&value("preferred_channel")),
            ) else {
                return;
            };
            let new = NewCustomer {
                name: value("name"),
                industry: value("industry"),
                address: value("address"),
                stage,
                tier,
                account_manager_id: None,
                preferred_channel: channel,
            };
            send.emit(new);
        })
    };
    let select = |name: &'static str, label: T, options: Vec<(String, &'static str)>| {
        html! {
            <Field {label}>
                <select {name}>
                    { for options.into_iter().map(|(code, text)| html! { <option value={code}>{ text }</option> }) }
                </select>
            </Field>
        }
    };
    html! {
        <form class="card register-form" id="register-form" {onsubmit}>
            <Field label={T::CustomerName}>
                <input name="name" required=true maxlength="200" />
                { beside(&creating.failure, "name") }
            </Field>
            <div class="choice-grid">
                <Field label={T::Industry}><input name="industry" maxlength="100" /></Field>
                <Field label={T::Address}><input name="address" maxlength="300" /></Field>
                { select("tier", T::Tier, [Tier::Ordinary, Tier::Potential, Tier::Core].into_iter().map(|tier| (format::code(tier), tier.label(lang))).collect()) }
                { select("stage", T::Stage, [Stage::Potential, Stage::New, Stage::LongTerm].into_iter().map(|stage| (format::code(stage), stage.label(lang))).collect()) }
                { select("preferred_channel", T::PreferredChannel, [Channel::Phone, Channel::Email, Channel::Wechat, Channel::Visit].into_iter().map(|channel| (format::code(channel), channel.label(lang))).collect()) }
            </div>
            { creating.end(lang, T::Save, &["name"]) }
        </form>
    }
}
