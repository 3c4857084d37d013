//! 受理 intake: find the customer, pick a contact (masked), see their open
//! requests, and watch the routing target, the contract cover and every
//! SLA deadline follow the form as it changes. The deadlines are computed
//! here by the domain crate, on the calendar and policy the server uses,
//! so the preview is what intake stores. Saving carries an
//! `Idempotency-Key`: a double click or a retry never makes two requests.

use chrono::{DateTime, Utc};
use rapport_domain::calendar::BusinessCalendar;
use rapport_domain::request::{Category, IntakeChannel, Priority, ProductKind, WorkType};
use rapport_domain::sla::{self, SlaTarget};
use rapport_types::calendar::Calendar;
use rapport_types::contacts::Contact;
use rapport_types::contracts::Contract;
use rapport_types::customers::Customer;
use rapport_types::page::Paged;
use rapport_types::requests::{NewRequest, RequestFilter, ServiceRequest, ServiceRequestDetail};
use rapport_types::routing::{PreviewRequest, PreviewResponse};
use rapport_types::sla::Policy;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::create::use_create;
use crate::components::form::choice;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

/// What the URL may hold: a customer to take a request in for.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct IntakeQuery {
    pub customer_id: Option<Uuid>,
}

/// What the form holds.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    customer: Option<Customer>,
    contact_id: Option<Uuid>,
    channel: IntakeChannel,
    category: Category,
    product_kind: ProductKind,
    work_type: WorkType,
    priority: Priority,
    title: String,
    description: String,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            customer: None,
            contact_id: None,
            channel: IntakeChannel::Phone,
            category: Category::Fault,
            product_kind: ProductKind::Software,
            work_type: WorkType::Maintenance,
            priority: Priority::Routine,
            title: String::new(),
            description: String::new(),
        }
    }
}

/// The deadlines intake starts, on `calendar` from `start`.
fn deadlines(
    calendar: &BusinessCalendar,
    policy: &Policy,
    form: &Form,
    start: DateTime<Utc>,
    assigned: bool,
) -> Vec<(SlaTarget, Option<DateTime<Utc>>)> {
    let targets = SlaTarget::started_at_intake(form.priority, form.work_type)
        .into_iter()
        .filter(|target| assigned || *target != SlaTarget::CallBack);
    targets
        .map(|target| {
            (
                target,
                sla::deadline(calendar, start, policy.policy.clock(target), &[]).ok(),
            )
        })
        .collect()
}

/// The settings a preview needs, read once per opening.
#[derive(Clone, PartialEq)]
struct Settings {
    calendar: Calendar,
    policy: Policy,
}

#[component]
pub fn Intake() -> Html {
    let lang = use_lang();
    let form = use_state(Form::default);
    let found = use_state(Vec::<Customer>::new);
    let contacts = use_state(Vec::<Contact>::new);
    let open = use_state(Vec::<ServiceRequest>::new);
    let settings = use_state(|| None::<Settings>);
    let contract_calendar = use_state(|| None::<Calendar>);
    let preview = use_state(|| None::<PreviewResponse>);
    let creating = use_create::<NewRequest, ServiceRequestDetail>("/api/v1/requests", |detail| {
        Route::Request {
            id: detail.request.id,
        }
    });
    let (failure, busy) = (&creating.failure, creating.busy);
    let now = use_state(format::now);

    // A customer named in the URL (from their page) is chosen already.
    {
        let form = form.clone();
        let asked = use_location()
            .and_then(|location| location.query::<IntakeQuery>().ok())
            .and_then(|query| query.customer_id);
        use_effect_with(asked, move |asked| {
            if let Some(id) = *asked {
                let form = form.clone();
                fetch(
                    format!("/api/v1/customers/{id}"),
                    None::<()>,
                    move |customer: Customer| {
                        form.set(Form {
                            customer: Some(customer),
                            ..Form::default()
                        })
                    },
                );
            }
        });
    }
    // The organisation's calendar and the SLA policy.
    {
        let settings = settings.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let calendar = services::get::<Calendar>("/api/v1/calendar").await;
                let policy = services::get::<Policy>("/api/v1/sla/policy").await;
                if let (Ok(calendar), Ok(policy)) = (calendar, policy) {
                    settings.set(Some(Settings { calendar, policy }));
                }
            });
        });
    }
    // The preview follows the clock, so the minute shown is the minute intake would store.
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let interval =
                gloo_timers::callback::Interval::new(1_000, move || now.set(format::now()));
            move || drop(interval)
        });
    }
    // The customer's contacts and open requests.
    {
        let (contacts, open) = (contacts.clone(), open.clone());
        let customer_id = form.customer.as_ref().map(|customer| customer.id);
        use_effect_with(customer_id, move |customer_id| {
            contacts.set(Vec::new());
            open.set(Vec::new());
            if let Some(id) = *customer_id {
                fetch(
                    format!("/api/v1/customers/{id}/contacts"),
                    None::<()>,
                    move |found: Vec<Contact>| contacts.set(found),
                );
                let filter = RequestFilter {
                    customer_id: Some(id),
                    open: Some(true),
                    limit: Some(10),
                    ..RequestFilter::default()
                };
                fetch(
                    "/api/v1/requests".to_owned(),
                    Some(filter),
                    move |page: Paged<ServiceRequest>| open.set(page.items),
                );
            }
        });
    }
    // Routing and cover, whenever what they depend on changes.
    {
        let (preview, contract_calendar) = (preview.clone(), contract_calendar.clone());
        let asked = form.customer.as_ref().map(|customer| PreviewRequest {
            customer_id: customer.id,
            category: form.category,
            product_kind: form.product_kind,
            priority: form.priority,
            title: form.title.clone(),
            rules: None,
        });
        use_effect_with(asked, move |asked| {
            let Some(asked) = asked.clone() else {
                preview.set(None);
                return;
            };
            wasm_bindgen_futures::spawn_local(async move {
                let answer: Result<PreviewResponse, Failure> =
                    services::post("/api/v1/routing/preview", &asked).await;
                let Ok(answer) = answer else {
                    return;
                };
                // A contract may run its requests on a calendar of its own (7×24).
                let mut calendar = None;
                if let Some(id) = answer.contract_id
                    && let Ok(contract) =
                        services::get::<Contract>(&format!("/api/v1/contracts/{id}")).await
                    && let Some(name) = contract.calendar_name
                {
                    calendar = services::get::<Calendar>(&format!("/api/v1/calendars/{name}"))
                        .await
                        .ok();
                }
                contract_calendar.set(calendar);
                preview.set(Some(answer));
            });
        });
    }

    let on_search = {
        let found = found.clone();
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlInputElement>().value();
            let found = found.clone();
            if text.trim().is_empty() {
                found.set(Vec::new());
                return;
            }
            #[derive(Serialize)]
            struct Search {
                q: String,
                limit: u64,
            }
            fetch(
                "/api/v1/customers".to_owned(),
                Some(Search { q: text, limit: 8 }),
                move |page: Paged<Customer>| found.set(page.items),
            );
        })
    };
    let pick = {
        let (form, found) = (form.clone(), found.clone());
        Callback::from(move |customer: Customer| {
            form.set(Form {
                customer: Some(customer),
                contact_id: None,
                ..(*form).clone()
            });
            found.set(Vec::new());
        })
    };
    let change = |apply: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            apply(&mut next, value);
            form.set(next);
        })
    };

    let onsubmit = {
        let (form, send) = (form.clone(), creating.send.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(customer) = &form.customer else {
                return;
            };
            let new = NewRequest {
                customer_id: customer.id,
                contact_id: form.contact_id,
                channel: form.channel,
                category: form.category,
                product_kind: form.product_kind,
                work_type: form.work_type,
                priority: form.priority,
                title: form.title.clone(),
                description: form.description.clone(),
            };
            send.emit(new);
        })
    };

    let calendar = contract_calendar
        .as_ref()
        .or(settings.as_ref().map(|settings| &settings.calendar))
        .and_then(|calendar| calendar.business_calendar().ok());
    let shown_deadlines = match (&calendar, &*settings) {
        (Some(calendar), Some(settings)) => {
            let assigned = preview
                .as_ref()
                .is_some_and(|preview| preview.assignee_id.is_some());
            deadlines(calendar, &settings.policy, &form, *now, assigned)
        }
        _ => Vec::new(),
    };
    let field_error = |field: &str| {
        failure
            .as_ref()
            .and_then(|failure| failure.field(field))
            .map(|message| {
                html! {
                    <span class="field-error" data-field={field.to_owned()}>{ message }</span>
                }
            })
    };

    html! {
        <section class="intake-page">
            <h2>{ T::Intake.get(lang) }</h2>
            <div class="columns">
                <form class="card intake-form" id="intake-form" {onsubmit}>
                    <label class="field">
                        <span>{ T::FindCustomer.get(lang) }</span>
                        if let Some(customer) = &form.customer {
                            <span class="chosen" id="chosen-customer">{ customer.name.clone() }{ " · " }{ customer.tier.label(lang) }</span>
                        }
                        <input id="customer-search" type="search" placeholder={T::FindCustomerHint.get(lang)} oninput={on_search} autofocus=true />
                    </label>
                    if !found.is_empty() {
                        <ul class="choices" id="customer-choices">
                            { for found.iter().map(|customer| {
                                let chosen = customer.clone();
                                let pick = pick.clone();
                                html! {
                                    <li><button type="button" onclick={Callback::from(move |_| pick.emit(chosen.clone()))}>
                                        { customer.name.clone() }{ " · " }{ customer.tier.label(lang) }
                                    </button></li>
                                }
                            }) }
                        </ul>
                    }
                    { field_error("customer_id") }
                    if form.customer.is_some() {
                        <label class="field">
                            <span>{ T::Contact.get(lang) }</span>
                            <select id="contact" onchange={change(|form, value| form.contact_id = value.parse().ok())
                                .reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value())}>
                                <option value="" selected={form.contact_id.is_none()}>{ "—" }</option>
                                { for contacts.iter().map(|contact| html! {
                                    <option value={contact.id.to_string()} selected={form.contact_id == Some(contact.id)}>
                                        { format!("{} · {}", contact.name, contact.phone) }
                                    </option>
                                }) }
                            </select>
                        </label>
                    }
                    <div class="choice-grid">
                    { choice(lang, "channel", T::Channel, form.channel, &[IntakeChannel::Phone, IntakeChannel::Email, IntakeChannel::Online, IntakeChannel::Wechat, IntakeChannel::OnSite],
                        change(|form, value| if let Some(value) = format::from_code(&value) { form.channel = value })) }
                    { choice(lang, "category", T::Category, form.category, &[Category::Fault, Category::Service, Category::Feature, Category::Consultation, Category::Complaint],
                        change(|form, value| if let Some(value) = format::from_code(&value) { form.category = value })) }
                    { choice(lang, "product_kind", T::ProductKind, form.product_kind, &[ProductKind::Software, ProductKind::Hardware],
                        change(|form, value| if let Some(value) = format::from_code(&value) { form.product_kind = value })) }
                    { choice(lang, "work_type", T::WorkType, form.work_type, &[WorkType::Maintenance, WorkType::Implementation],
                        change(|form, value| if let Some(value) = format::from_code(&value) { form.work_type = value })) }
                    { choice(lang, "priority", T::Priority, form.priority, &[Priority::Urgent, Priority::Important, Priority::Routine],
                        change(|form, value| if let Some(value) = format::from_code(&value) { form.priority = value })) }
                    </div>
                    <label class="field">
                        <span>{ T::Title.get(lang) }</span>
                        <input id="title" type="text" required=true maxlength="200" value={form.title.clone()}
                            oninput={change(|form, value| form.title = value).reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value())} />
                        { field_error("title") }
                    </label>
                    <label class="field">
                        <span>{ T::Description.get(lang) }</span>
                        <textarea id="description" value={form.description.clone()}
                            oninput={change(|form, value| form.description = value).reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value())} />
                    </label>
                    if let Some(failure) = failure {
                        if failure.field("title").is_none() && failure.field("customer_id").is_none() {
                            <p class="error" role="alert">{ failure.detail() }</p>
                        }
                    }
                    <button type="submit" class="primary" id="take-in" disabled={busy || form.customer.is_none()}>
                        { if busy { T::Saving.get(lang) } else { T::TakeIn.get(lang) } }
                    </button>
                </form>
                <aside class="card preview" id="intake-preview">
                    <h3>{ T::Preview.get(lang) }</h3>
                    if let Some(preview) = &*preview {
                        <p id="cover" class={classes!(if preview.billable { "billable" } else { "covered" })}>
                            { if preview.billable { T::NotCovered.get(lang) } else { T::Covered.get(lang) } }
                        </p>
                        <p id="routes-to">{ format!("{}: {}", T::RoutesTo.get(lang), preview.routing.department.label(lang)) }
                            if preview.assignee_id.is_none() { { format!(" · {}", T::Nobody.get(lang)) } }
                        </p>
                    }
                    <table class="deadlines" id="preview-deadlines"><tbody>
                        { for shown_deadlines.iter().map(|(target, deadline)| html! {
                            <tr data-target={format::code(*target)}>
                                <td>{ target.label(lang) }</td>
                                <td class="deadline">{ deadline.map(format::time).unwrap_or_default() }</td>
                            </tr>
                        }) }
                    </tbody></table>
                    <h4>{ T::OpenRequests.get(lang) }</h4>
                    if form.customer.is_some() && open.is_empty() {
                        <p class="hint">{ T::NoOpenRequests.get(lang) }</p>
                    }
                    <ul class="recent" id="open-requests">
                        { for open.iter().map(|request| html! {
                            <li>
                                <Link<Route> to={Route::Request { id: request.id }}>{ request.number.clone() }</Link<Route>>
                                { format!(" {} · {}", request.title, request.status.label(lang)) }
                            </li>
                        }) }
                    </ul>
                </aside>
            </div>
        </section>
    }
}

/// Fetches `path` (with `query`) and hands the answer to `then`; a failure leaves things as they are.
fn fetch<Q: Serialize + 'static, A: DeserializeOwned + 'static>(
    path: String,
    query: Option<Q>,
    then: impl FnOnce(A) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let answer = match query {
            Some(query) => services::get_with::<Q, A>(&path, &query).await,
            None => services::get::<A>(&path).await,
        };
        if let Ok(answer) = answer {
            then(answer);
        }
    });
}
