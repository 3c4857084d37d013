//! The orders tab (SPEC 5): each order with its lines, and each line's
//! delivery dates, the warranty start they give (hardware: installation,
//! else the invoice; software: the signed acceptance) and the free year
//! that follows, computed by the domain crate. Those who enter orders
//! record a line's installation, invoice or acceptance here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rapport_domain::permissions::Action;
use rapport_domain::request::ProductKind;
use rapport_domain::warranty::line_free_period;
use rapport_types::orders::{LineDelivery, Order, OrderLine};
use rapport_types::page::Paged;
use rapport_types::products::Product;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::TabProps;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

#[component]
pub fn Orders(props: &TabProps) -> Html {
    let lang = use_lang();
    let orders = use_state(|| None::<Result<Paged<Order>, Failure>>);
    let new_order = if use_session().session.may(Action::WriteOrders) {
        html! {
            <p class="buttons">
                <Link<Route> to={Route::NewOrder { id: props.customer.id }} classes="new-order">{ T::RecordOrder.get(lang) }</Link<Route>>
            </p>
        }
    } else {
        html! {}
    };
    let products = use_state(BTreeMap::<Uuid, Product>::new);
    {
        let (orders, products) = (orders.clone(), products.clone());
        use_effect_with(props.customer.id, move |id| {
            let path = format!("/api/v1/orders?customer_id={id}&limit=50");
            wasm_bindgen_futures::spawn_local(async move {
                let found: Result<Paged<Order>, Failure> = services::get(&path).await;
                let wanted: std::collections::BTreeSet<Uuid> = found
                    .iter()
                    .flat_map(|page| page.items.iter())
                    .flat_map(|order| order.lines.iter().map(|line| line.product_id))
                    .collect();
                orders.set(Some(found));
                // The products' names, one call each (an order names few).
                let mut named = BTreeMap::new();
                for id in wanted {
                    if let Ok(product) =
                        services::get::<Product>(&format!("/api/v1/products/{id}")).await
                    {
                        named.insert(id, product);
                    }
                }
                products.set(named);
            });
        });
    }
    match &*orders {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) if page.items.is_empty() => {
            html! { <>{ new_order }<p class="empty">{ T::NoOrders.get(lang) }</p></> }
        }
        Some(Ok(page)) => html! {
            <>
                { new_order }
                <p class="hint">{ T::DeliveryHint.get(lang) }</p>
                { for page.items.iter().map(|order| html! {
                    <OrderCard order={order.clone()} products={(*products).clone()} />
                }) }
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
struct OrderProps {
    order: Order,
    products: BTreeMap<Uuid, Product>,
}

/// One order and its lines.
#[component]
fn OrderCard(props: &OrderProps) -> Html {
    let lang = use_lang();
    let order = &props.order;
    html! {
        <div class="card order" data-order={order.id.to_string()}>
            <p class="facts">
                <span class="order-date"><strong>{ format!("{} {}", T::OrderDate.get(lang), order.order_date) }</strong></span>
                <span>{ format!("{} {}", T::OrderTotal.get(lang), format::money(order.total_cents)) }</span>
                if !order.note.is_empty() { <span>{ order.note.clone() }</span> }
            </p>
            <table class="order-lines">
                <thead><tr>
                    <th>{ T::Product.get(lang) }</th>
                    <th class="number">{ format!("{} × {}", T::Quantity.get(lang), T::UnitPrice.get(lang)) }</th>
                    <th class="number">{ T::LineTotal.get(lang) }</th>
                    <th>{ T::InstallationOn.get(lang) }</th>
                    <th>{ T::InvoiceOn.get(lang) }</th>
                    <th>{ T::AcceptanceOn.get(lang) }</th>
                    <th>{ T::WarrantyStart.get(lang) }</th>
                    <th>{ T::FreeUntil.get(lang) }</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    { for order.lines.iter().map(|line| html! {
                        <Line line={line.clone()} product={props.products.get(&line.product_id).cloned()} />
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LineProps {
    line: OrderLine,
    product: Option<Product>,
}

/// One line, its dates, and the form that records them.
#[component]
fn Line(props: &LineProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let line = use_state(|| props.line.clone());
    let editing = use_state(|| false);
    let failure = use_state(|| None::<Failure>);
    // The dates as typed, by field: a render in between (a refusal
    // arriving) keeps them.
    let typed = use_state(BTreeMap::<&'static str, String>::new);
    let shown = (*line).clone();
    let not_yet = || T::NotYet.get(lang).to_owned();
    let date = |day: Option<NaiveDate>| day.map_or_else(not_yet, |day| day.to_string());
    let free_until = line_free_period(shown.warranty_start).map(|period| period.end());
    let onsubmit = {
        let (line, editing, failure, typed) = (
            line.clone(),
            editing.clone(),
            failure.clone(),
            typed.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let day = |name: &str| {
                typed
                    .get(name)
                    .and_then(|text| text.parse::<NaiveDate>().ok())
            };
            let current = (*line).clone();
            let delivery = LineDelivery {
                version: current.version,
                installation_completed_on: day("installation_completed_on"),
                invoiced_on: day("invoiced_on"),
                acceptance_signed_on: day("acceptance_signed_on"),
            };
            let path = format!("/api/v1/orders/{}/lines/{}", current.order_id, current.id);
            let (line, editing, failure) = (line.clone(), editing.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::patch::<_, OrderLine>(&path, &delivery).await {
                    Ok(after) => {
                        line.set(after);
                        failure.set(None);
                        editing.set(false);
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let input = |name: &'static str, label: T| {
        let set = {
            let typed = typed.clone();
            Callback::from(move |event: InputEvent| {
                let mut next = (*typed).clone();
                next.insert(
                    name,
                    event.target_unchecked_into::<HtmlInputElement>().value(),
                );
                typed.set(next);
            })
        };
        html! {
            <label class="field">
                <span>{ label.get(lang) }</span>
                <input type="date" {name} value={typed.get(name).cloned().unwrap_or_default()} oninput={set} />
                if let Some(message) = failure.as_ref().and_then(|failure| failure.field(name)) {
                    <span class="field-error" data-field={name}>{ message }</span>
                }
            </label>
        }
    };
    let product = props.product.as_ref().map_or_else(String::new, |product| {
        format!("{} {}", product.sku, product.name)
    });
    let toggle = {
        let (editing, typed) = (editing.clone(), typed.clone());
        // The dates the form shows for this kind of product, as stored.
        let kind = shown.product_kind;
        let stored = [
            (kind == ProductKind::Hardware)
                .then_some(("installation_completed_on", shown.installation_completed_on)),
            Some(("invoiced_on", shown.invoiced_on)),
            (kind == ProductKind::Software)
                .then_some(("acceptance_signed_on", shown.acceptance_signed_on)),
        ];
        Callback::from(move |_| {
            typed.set(
                stored
                    .iter()
                    .flatten()
                    .map(|(name, day)| (*name, day.map(|day| day.to_string()).unwrap_or_default()))
                    .collect(),
            );
            editing.set(!*editing);
        })
    };
    html! {
        <>
            <tr class="order-line" data-line={shown.id.to_string()} data-kind={format::code(shown.product_kind)}>
                <td class="product">
                    { product }
                    <span class="tag kind">{ shown.product_kind.label(lang) }</span>
                </td>
                <td class="number">{ format!("{} × {}", shown.quantity, format::money(shown.unit_price_cents)) }</td>
                <td class="number">{ format::money(shown.line_total_cents) }</td>
                <td class="installed">{ date(shown.installation_completed_on) }</td>
                <td class="invoiced">{ date(shown.invoiced_on) }</td>
                <td class="accepted">{ date(shown.acceptance_signed_on) }</td>
                <td class="warranty-start">{ date(shown.warranty_start) }</td>
                <td class="free-until">{ date(free_until) }</td>
                <td>
                    if context.session.may(Action::WriteOrders) {
                        <button class="link record-delivery" onclick={toggle}>{ T::RecordDelivery.get(lang) }</button>
                    }
                </td>
            </tr>
            if *editing {
                <tr class="delivery-row"><td colspan="9">
                    <form class="delivery-form" {onsubmit}>
                        if shown.product_kind == ProductKind::Hardware {
                            { input("installation_completed_on", T::InstallationOn) }
                        }
                        { input("invoiced_on", T::InvoiceOn) }
                        if shown.product_kind == ProductKind::Software {
                            { input("acceptance_signed_on", T::AcceptanceOn) }
                        }
                        <button type="submit" class="primary">{ T::Save.get(lang) }</button>
                        if let Some(failure) = &*failure {
                            <span class="error" role="alert">{ failure.detail() }</span>
                        }
                    </form>
                </td></tr>
            }
        </>
    }
}
