//! 录入订单 recording an order (SPEC 2 and 5): the day of the sale, and
//! its lines, each a product found in the catalogue by name or code, a
//! quantity and a unit price typed in yuan (sent as fen), with the line
//! totals and the order's total shown as they are typed. The server's
//! refusals stand beside their fields (`lines[1].quantity`); saving
//! carries an `Idempotency-Key` and goes back to the customer's orders.

use chrono::NaiveDate;
use rapport_types::orders::{NewOrder, NewOrderLine, Order};
use rapport_types::page::Paged;
use rapport_types::products::Product;
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::cells::customer_heading;
use crate::components::create::use_create_here;
use crate::components::form::keep_typed;
use crate::components::loaded::Head;
use crate::components::loaded::use_customer_name;
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::pages::customer::{CustomerPageQuery, CustomerTab};
use crate::route::Route;
use crate::services::{self, Failure};

/// The most a line may order (the server's bound too).
const MAX_QUANTITY: i32 = 100_000;

/// One line as typed.
#[derive(Debug, Clone, PartialEq)]
struct LineForm {
    /// Tells the rows apart when one is removed.
    key: u32,
    product: Option<Product>,
    quantity: String,
    price: String,
}

impl LineForm {
    fn new(key: u32) -> LineForm {
        LineForm {
            key,
            product: None,
            quantity: "1".to_owned(),
            price: String::new(),
        }
    }

    /// The quantity, if it is a whole number the server takes.
    fn quantity(&self) -> Option<i32> {
        self.quantity
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|quantity| (1..=MAX_QUANTITY).contains(quantity))
    }

    /// The unit price in fen, if it is an amount.
    fn price(&self) -> Option<i64> {
        format::parse_yuan(&self.price)
    }

    /// quantity × unit price in fen, once both are readable.
    fn total(&self) -> Option<i64> {
        i64::from(self.quantity()?).checked_mul(self.price()?)
    }

    /// The line as sent, once every field is readable.
    fn sent(&self) -> Option<NewOrderLine> {
        Some(NewOrderLine {
            product_id: self.product.as_ref()?.id,
            quantity: self.quantity()?,
            unit_price_cents: self.price()?,
        })
    }
}

/// Fen as the yuan a person types: `1234.50`.
fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[derive(Properties, PartialEq)]
pub struct NewOrderProps {
    pub id: Uuid,
}

#[component]
pub fn NewOrderPage(props: &NewOrderProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let name = use_customer_name(props.id);
    let order_date = use_state(|| format::today().to_string());
    let note = use_state(String::new);
    let lines = use_state(|| vec![LineForm::new(0)]);
    let next_key = use_state(|| 1u32);
    let tried = use_state(|| false);
    let done = {
        let (navigator, id) = (navigator.clone(), props.id);
        Callback::from(move |_: Order| {
            if let Some(navigator) = &navigator {
                let _ = navigator.push_with_query(
                    &Route::Customer { id },
                    &CustomerPageQuery {
                        tab: Some(CustomerTab::Orders),
                    },
                );
            }
        })
    };
    let creating = use_create_here::<NewOrder, Order>("/api/v1/orders".to_owned(), done);
    let change = {
        let lines = lines.clone();
        move |key: u32, edit: fn(&mut LineForm, String)| {
            let lines = lines.clone();
            Callback::from(move |value: String| {
                let mut next = (*lines).clone();
                if let Some(line) = next.iter_mut().find(|line| line.key == key) {
                    edit(line, value);
                }
                lines.set(next);
            })
        }
    };
    let pick = {
        let lines = lines.clone();
        move |key: u32| {
            let lines = lines.clone();
            Callback::from(move |product: Option<Product>| {
                let mut next = (*lines).clone();
                if let Some(line) = next.iter_mut().find(|line| line.key == key) {
                    // The list price, until someone types another.
                    if let Some(product) = &product
                        && line.price.trim().is_empty()
                    {
                        line.price = yuan(product.list_price_cents);
                    }
                    line.product = product;
                }
                lines.set(next);
            })
        }
    };
    let add = {
        let (lines, next_key) = (lines.clone(), next_key.clone());
        Callback::from(move |_| {
            let mut next = (*lines).clone();
            next.push(LineForm::new(*next_key));
            next_key.set(*next_key + 1);
            lines.set(next);
        })
    };
    let remove = {
        let lines = lines.clone();
        move |key: u32| {
            let lines = lines.clone();
            Callback::from(move |_| {
                let next: Vec<LineForm> = lines
                    .iter()
                    .filter(|line| line.key != key)
                    .cloned()
                    .collect();
                lines.set(next);
            })
        }
    };
    let day = order_date.parse::<NaiveDate>().ok();
    let sent: Option<Vec<NewOrderLine>> = lines.iter().map(LineForm::sent).collect();
    let onsubmit = {
        let (send, note, tried, id) =
            (creating.send.clone(), note.clone(), tried.clone(), props.id);
        let sent = sent.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            tried.set(true);
            let (Some(order_date), Some(lines)) = (day, sent.clone()) else {
                return;
            };
            send.emit(NewOrder {
                customer_id: id,
                order_date,
                note: note.trim().to_owned(),
                lines,
            });
        })
    };
    let failure = &creating.failure;
    let beside = |field: String| match failure.as_ref().and_then(|failure| failure.field(&field)) {
        Some(message) => html! { <span class="field-error" data-field={field}>{ message }</span> },
        None => html! {},
    };
    let mistake = |text: T| html! { <span class="field-error">{ text.get(lang) }</span> };
    // A refusal that names no field shown here (or none at all).
    let unshown = failure.as_ref().and_then(|failure| match failure {
        Failure::Refused { errors, .. } if !errors.is_empty() => {
            let shown = |name: &str| {
                ["order_date", "note", "lines"].contains(&name) || name.starts_with("lines[")
            };
            let rest: Vec<String> = errors
                .iter()
                .filter(|(name, _)| !shown(name))
                .map(|(name, messages)| format!("{name}: {}", messages.join("; ")))
                .collect();
            (!rest.is_empty()).then(|| rest.join(" · "))
        }
        _ => Some(failure.detail()),
    });
    let total: Option<i64> = lines
        .iter()
        .map(LineForm::total)
        .try_fold(0i64, |sum, line| sum.checked_add(line?));
    let rows = lines.iter().enumerate().map(|(index, line)| {
        let key = line.key;
        let typed = |edit: fn(&mut LineForm, String)| {
            change(key, edit).reform(|event: InputEvent| {
                event.target_unchecked_into::<HtmlInputElement>().value()
            })
        };
        html! {
            <tr class="new-line" key={key} data-line={index.to_string()}>
                <td class="product">
                    <ProductPicker chosen={line.product.clone()} on_pick={pick(key)} />
                    if *tried && line.product.is_none() { { mistake(T::ChooseProduct) } }
                    { beside(format!("lines[{index}].product_id")) }
                </td>
                <td>
                    <input class="quantity" inputmode="numeric" size="6" value={line.quantity.clone()}
                        aria-label={T::Quantity.get(lang)} oninput={typed(|line, value| line.quantity = value)} />
                    if line.quantity().is_none() { { mistake(T::NotAQuantity) } }
                    { beside(format!("lines[{index}].quantity")) }
                </td>
                <td>
                    <span class="currency">{ "¥" }</span>
                    <input class="price" inputmode="decimal" size="12" value={line.price.clone()}
                        aria-label={T::UnitPriceYuan.get(lang)} oninput={typed(|line, value| line.price = value)} />
                    if !line.price.trim().is_empty() && line.price().is_none() { { mistake(T::NotAnAmount) } }
                    if *tried && line.price.trim().is_empty() { { mistake(T::NotAnAmount) } }
                    { beside(format!("lines[{index}].unit_price_cents")) }
                </td>
                <td class="number line-total">{ line.total().map(format::money).unwrap_or_default() }</td>
                <td>
                    <button type="button" class="link remove-line" onclick={remove(key)} disabled={lines.len() == 1}>
                        { T::RemoveLine.get(lang) }
                    </button>
                </td>
            </tr>
        }
    });
    html! {
        <section class="new-order-page">
            { customer_heading(T::NewOrder.get(lang), props.id, name) }
            <form class="card" id="new-order" {onsubmit}>
                <label class="field">
                    <span>{ T::OrderDate.get(lang) }</span>
                    <input type="date" id="order-date" required=true value={(*order_date).clone()} oninput={keep_typed(&order_date)} />
                    { beside("order_date".to_owned()) }
                </label>
                <h3>{ T::OrderLines.get(lang) }</h3>
                <p class="hint">{ T::FindProductHint.get(lang) }</p>
                <table class="new-lines">
                    <Head columns={vec![T::FindProduct, T::Quantity, T::UnitPriceYuan]}>
                        <th class="number">{ T::LineTotal.get(lang) }</th>
                        <th></th>
                    </Head>
                    <tbody>{ for rows }</tbody>
                </table>
                { beside("lines".to_owned()) }
                <p class="buttons">
                    <button type="button" id="add-line" onclick={add}>{ T::AddLine.get(lang) }</button>
                </p>
                <p class="order-total">
                    { format!("{} ", T::OrderTotal.get(lang)) }
                    <strong id="order-total">{ total.map(format::money).unwrap_or_else(|| "—".to_owned()) }</strong>
                </p>
                <label class="field">
                    <span>{ T::Note.get(lang) }</span>
                    <textarea id="order-note" maxlength="2000" value={(*note).clone()} oninput={keep_typed(&note)} />
                    { beside("note".to_owned()) }
                </label>
                <p class="buttons">
                    <button type="submit" class="primary" id="save-order" disabled={creating.busy}>
                        { if creating.busy { T::Saving.get(lang) } else { T::SaveOrder.get(lang) } }
                    </button>
                    <Link<Route, CustomerPageQuery> to={Route::Customer { id: props.id }}
                        query={Some(CustomerPageQuery { tab: Some(CustomerTab::Orders) })}>
                        { T::BackToOrders.get(lang) }
                    </Link<Route, CustomerPageQuery>>
                </p>
                if let Some(message) = unshown {
                    <p class="error" role="alert" id="refusal">{ message }</p>
                }
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PickerProps {
    chosen: Option<Product>,
    /// A product chosen, or none once the search is typed again.
    on_pick: Callback<Option<Product>>,
}

/// A product found in the catalogue by part of its name or SKU: the
/// matches show under the field as buttons (reached with Tab, chosen with
/// Enter or a click).
#[component]
fn ProductPicker(props: &PickerProps) -> Html {
    let lang = use_lang();
    let text = use_state(|| {
        props
            .chosen
            .as_ref()
            .map(|product| format!("{} {}", product.sku, product.name))
            .unwrap_or_default()
    });
    let found = use_state(|| None::<Vec<Product>>);
    // Only the answer to the latest search is shown.
    let asked = use_mut_ref(|| 0u32);
    let on_input = {
        let (text, found, on_pick, asked) = (
            text.clone(),
            found.clone(),
            props.on_pick.clone(),
            asked.clone(),
        );
        let had = props.chosen.is_some();
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            text.set(value.clone());
            if had {
                on_pick.emit(None);
            }
            let words = value.trim().to_owned();
            if words.is_empty() {
                found.set(None);
                return;
            }
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            let (found, asked) = (found.clone(), asked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let query = [("q", words.as_str()), ("limit", "8")];
                let query = &query[..];
                let answer: Result<Paged<Product>, Failure> =
                    services::get_with("/api/v1/products", &query).await;
                if *asked.borrow() == this {
                    found.set(Some(answer.map(|page| page.items).unwrap_or_default()));
                }
            });
        })
    };
    let choose = |product: &Product| {
        let (text, found, on_pick, product) = (
            text.clone(),
            found.clone(),
            props.on_pick.clone(),
            product.clone(),
        );
        Callback::from(move |_| {
            text.set(format!("{} {}", product.sku, product.name));
            found.set(None);
            on_pick.emit(Some(product.clone()));
        })
    };
    let options = match (&*found, &props.chosen) {
        (Some(products), None) if products.is_empty() => {
            html! { <p class="product-options empty">{ T::NoProductFound.get(lang) }</p> }
        }
        (Some(products), None) => html! {
            <div class="product-options" role="listbox">
                { for products.iter().map(|product| html! {
                    <button type="button" class="product-option" role="option" data-sku={product.sku.clone()}
                        onclick={choose(product)}>
                        <code>{ product.sku.clone() }</code>{ " " }{ product.name.clone() }
                        <span class="tag kind">{ product.kind.label(lang) }</span>
                        <span class="number">{ format::money(product.list_price_cents) }</span>
                    </button>
                }) }
            </div>
        },
        _ => html! {},
    };
    html! {
        <div class="product-picker" data-chosen={props.chosen.as_ref().map(|product| product.sku.clone())}>
            <input class="product-search" type="search" value={(*text).clone()} oninput={on_input}
                aria-label={T::FindProduct.get(lang)} placeholder={T::FindProductHint.get(lang)} />
            if let Some(product) = &props.chosen {
                <span class="tag kind">{ product.kind.label(lang) }</span>
            }
            { options }
        </div>
    }
}
