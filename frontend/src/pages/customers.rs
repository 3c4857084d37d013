//! 客户 (the service desk's part): find a customer by name, open them, and
//! register a new one. Search, filters and page live in the URL.

use rapport_domain::customer::{Channel, Stage, Tier};
use rapport_types::customers::{Customer, NewCustomer};
use rapport_types::page::Paged;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::create::use_create;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
}

#[component]
pub fn Customers() -> Html {
    let lang = use_lang();
    let context = use_session();
    let location = use_location();
    let navigator = use_navigator();
    let query: CustomerQuery = location
        .and_then(|location| location.query::<CustomerQuery>().ok())
        .unwrap_or_default();
    let list = use_state(|| None::<Result<Paged<Customer>, Failure>>);
    let registering = use_state(|| false);
    {
        let list = list.clone();
        use_effect_with(query.clone(), move |query| {
            #[derive(Serialize)]
            struct Asked {
                #[serde(skip_serializing_if = "Option::is_none")]
                q: Option<String>,
                #[serde(skip_serializing_if = "Option::is_none")]
                tier: Option<Tier>,
                #[serde(skip_serializing_if = "Option::is_none")]
                page: Option<u64>,
                limit: u64,
            }
            let asked = Asked {
                q: query.q.clone().filter(|q| !q.trim().is_empty()),
                tier: query.tier,
                page: query.page,
                limit: 50,
            };
            list.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                list.set(Some(services::get_with("/api/v1/customers", &asked).await));
            });
        });
    }
    let go = {
        let navigator = navigator.clone();
        Callback::from(move |next: CustomerQuery| {
            if let Some(navigator) = &navigator {
                let _ = navigator.push_with_query(&Route::Customers, &next);
            }
        })
    };
    let on_search = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let text = form_value(&event.target_unchecked_into(), "q");
            go.emit(CustomerQuery {
                q: Some(text).filter(|q| !q.is_empty()),
                page: None,
                ..query.clone()
            });
        })
    };
    let on_tier = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let tier = format::from_code(&value);
            go.emit(CustomerQuery {
                tier,
                page: None,
                ..query.clone()
            });
        })
    };
    let may_register = context
        .session
        .may(rapport_domain::permissions::Action::WriteCustomers);
    let body = match &*list {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <p class="empty">{ T::NoCustomers.get(lang) }</p> }
        }
        Some(Ok(page)) => html! {
            <table class="customers">
                <thead><tr>
                    <th>{ T::CustomerName.get(lang) }</th>
                    <th>{ T::Tier.get(lang) }</th>
                    <th>{ T::Stage.get(lang) }</th>
                    <th>{ T::Industry.get(lang) }</th>
                    <th>{ T::NextRoutineVisit.get(lang) }</th>
                </tr></thead>
                <tbody>
                    { for page.items.iter().map(|customer| html! {
                        <tr data-customer={customer.name.clone()}>
                            <td><Link<Route> to={Route::Customer { id: customer.id }}>{ customer.name.clone() }</Link<Route>></td>
                            <td>{ customer.tier.label(lang) }</td>
                            <td>{ customer.stage.label(lang) }</td>
                            <td>{ customer.industry.clone() }</td>
                            <td>{ customer.next_routine_visit_on.to_string() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="customers-page">
            <h2>{ T::Customers.get(lang) }</h2>
            <div class="filters">
                <form onsubmit={on_search}>
                    <input name="q" id="customer-q" type="search" placeholder={T::FindCustomerHint.get(lang)}
                        value={query.q.clone().unwrap_or_default()} aria-label={T::Search.get(lang)} />
                </form>
                <select id="tier-filter" onchange={on_tier} aria-label={T::Tier.get(lang)}>
                    <option value="" selected={query.tier.is_none()}>{ format!("{}: {}", T::Tier.get(lang), T::Any.get(lang)) }</option>
                    { for [Tier::Core, Tier::Potential, Tier::Ordinary].into_iter().map(|tier| html! {
                        <option value={format::code(tier)} selected={query.tier == Some(tier)}>{ tier.label(lang) }</option>
                    }) }
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
    let (failure, busy) = (&creating.failure, creating.busy);
    let onsubmit = {
        let send = creating.send.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form = event.target_unchecked_into::<web_sys::HtmlFormElement>();
            let (Some(stage), Some(tier), Some(channel)) = (
                format::from_code::<Stage>(&form_value(&form, "stage")),
                format::from_code::<Tier>(&form_value(&form, "tier")),
                format::from_code::<Channel>(&form_value(&form, "preferred_channel")),
            ) else {
                return;
            };
            let new = NewCustomer {
                name: form_value(&form, "name"),
                industry: form_value(&form, "industry"),
                address: form_value(&form, "address"),
                stage,
                tier,
                account_manager_id: None,
                preferred_channel: channel,
            };
            send.emit(new);
        })
    };
    let error = |field: &str| {
        failure
            .as_ref()
            .and_then(|failure| failure.field(field))
            .map(|message| {
                html! {
                    <span class="field-error" data-field={field.to_owned()}>{ message }</span>
                }
            })
    };
    let select = |name: &'static str, label: T, options: Vec<(String, &'static str)>| {
        html! {
            <label class="field">
                <span>{ label.get(lang) }</span>
                <select {name}>
                    { for options.into_iter().map(|(code, text)| html! { <option value={code}>{ text }</option> }) }
                </select>
            </label>
        }
    };
    html! {
        <form class="card register-form" id="register-form" {onsubmit}>
            <label class="field">
                <span>{ T::CustomerName.get(lang) }</span>
                <input name="name" required=true maxlength="200" />
                { error("name") }
            </label>
            <div class="choice-grid">
                <label class="field"><span>{ T::Industry.get(lang) }</span><input name="industry" maxlength="100" /></label>
                <label class="field"><span>{ T::Address.get(lang) }</span><input name="address" maxlength="300" /></label>
                { select("tier", T::Tier, [Tier::Ordinary, Tier::Potential, Tier::Core].into_iter().map(|tier| (format::code(tier), tier.label(lang))).collect()) }
                { select("stage", T::Stage, [Stage::Potential, Stage::New, Stage::LongTerm].into_iter().map(|stage| (format::code(stage), stage.label(lang))).collect()) }
                { select("preferred_channel", T::PreferredChannel, [Channel::Phone, Channel::Email, Channel::Wechat, Channel::Visit].into_iter().map(|channel| (format::code(channel), channel.label(lang))).collect()) }
            </div>
            if let Some(failure) = failure {
                if failure.field("name").is_none() {
                    <p class="error" role="alert">{ failure.detail() }</p>
                }
            }
            <button type="submit" class="primary" disabled={busy}>{ T::Save.get(lang) }</button>
        </form>
    }
}

/// The value of the input or select `name` of `form`.
fn form_value(form: &web_sys::HtmlFormElement, name: &str) -> String {
    let Some(element) = form.elements().named_item(name) else {
        return String::new();
    };
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}
