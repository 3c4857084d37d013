//! 设置 · 产品目录 the product catalogue (SPEC 5) that orders are made
//! of: search by name or SKU, each product's SKU, name and list price
//! edited in place and saved with the version read, archived when no
//! longer sold (old orders keep it), and a new product.

use rapport_domain::request::ProductKind;
use rapport_types::page::Paged;
use rapport_types::products::{NewProduct, Product, ProductChanges};
use yew::prelude::*;

use super::{Refusal, beside};
use crate::components::create::use_create_here;
use crate::components::form::{keep_picked, keep_typed, options, use_saving};
use crate::components::loaded::{Head, ready};
use crate::format;
use crate::i18n::{Label, S, T, use_lang};
use crate::services::{self, Failure};

/// How many products one look shows; a search narrows the rest.
const SHOWN: &str = "100";

/// Fen as the yuan a person types: `1234.50`.
fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

#[component]
pub fn Products() -> Html {
    let lang = use_lang();
    let q = use_state(String::new);
    let archived = use_state(|| false);
    let products = use_state(|| None::<Result<Paged<Product>, Failure>>);
    let reloads = use_state(|| 0u32);
    {
        let products = products.clone();
        let asked = ((*q).trim().to_owned(), *archived, *reloads);
        use_effect_with(asked, move |(q, archived, _)| {
            let mut query = vec![("limit", SHOWN.to_owned())];
            if !q.is_empty() {
                query.push(("q", q.clone()));
            }
            if *archived {
                query.push(("include_archived", "true".to_owned()));
            }
            wasm_bindgen_futures::spawn_local(async move {
                products.set(Some(services::get_with("/api/v1/products", &query).await));
            });
        });
    }
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |()| reloads.set(*reloads + 1))
    };
    let on_archived = {
        let archived = archived.clone();
        Callback::from(move |_| archived.set(!*archived))
    };
    let body = match ready(&products, lang) {
        Err(other) => other,
        Ok(page) if page.items.is_empty() => {
            html! { <p class="empty">{ S::NoProducts.get(lang) }</p> }
        }
        Ok(page) => html! {
            <table class="products" id="products">
                <Head words={vec![S::Sku.into(), T::Name.into(), T::ProductKind.into(), S::ListPriceYuan.into()]}>
                    <th></th>
                </Head>
                <tbody>
                    { for page.items.iter().map(|product| html! {
                        <ProductRow key={format!("{}@{}", product.id, product.version)} product={product.clone()} on_reload={reload.clone()} />
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="products-page">
            <h2>{ S::Products.get(lang) }</h2>
            <p class="hint">{ S::ProductsHint.get(lang) }</p>
            <div class="filters">
                <label class="field inline">
                    <span>{ T::Search.get(lang) }</span>
                    <input type="search" id="product-search" value={(*q).clone()} oninput={keep_typed(&q)}
                        placeholder={S::SearchProducts.get(lang)} />
                </label>
                <label class="field inline">
                    <input type="checkbox" id="show-archived" checked={*archived} onchange={on_archived} />
                    <span>{ S::ShowArchived.get(lang) }</span>
                </label>
            </div>
            { body }
            <NewProductForm on_created={reload} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ProductRowProps {
    product: Product,
    on_reload: Callback<()>,
}

/// One product, editable in place until archived.
#[component]
fn ProductRow(props: &ProductRowProps) -> Html {
    let lang = use_lang();
    let product = use_state(|| props.product.clone());
    let sku = use_state(|| props.product.sku.clone());
    let name = use_state(|| props.product.name.clone());
    let price = use_state(|| yuan(props.product.list_price_cents));
    let saving = use_saving();
    let (failure, saved) = (&saving.failure, &saving.saved);
    let cents = format::parse_yuan(&price);
    let changed =
        *sku != product.sku || *name != product.name || cents != Some(product.list_price_cents);
    let send = {
        let (product, saving) = (product.clone(), saving.clone());
        move |changes: ProductChanges| {
            let path = format!("/api/v1/products/{}", product.id);
            saving.save(
                &product,
                async move { services::patch(&path, &changes).await },
            );
        }
    };
    let save = {
        let (send, product, sku, name) = (send.clone(), product.clone(), sku.clone(), name.clone());
        Callback::from(move |_| {
            let Some(cents) = cents else {
                return;
            };
            let changed = |now: &str, was: &str| (now.trim() != was).then(|| now.trim().to_owned());
            send(ProductChanges {
                version: product.version,
                sku: changed(&sku, &product.sku),
                name: changed(&name, &product.name),
                list_price_cents: (cents != product.list_price_cents).then_some(cents),
                archived: None,
            });
        })
    };
    let archive = {
        let product = product.clone();
        Callback::from(move |_| {
            send(ProductChanges {
                version: product.version,
                sku: None,
                name: None,
                list_price_cents: None,
                archived: Some(true),
            });
        })
    };
    let gone = product.archived_at.is_some();
    html! {
        <tr data-product={product.id.to_string()} data-sku={product.sku.clone()} class={classes!(gone.then_some("inactive"))}>
            <td>
                <input class="sku" maxlength="64" size="14" value={(*sku).clone()} oninput={saving.typed(&sku)}
                    disabled={gone} aria-label={S::Sku.get(lang)} />
                { beside(failure, "sku") }
            </td>
            <td>
                <input class="name" maxlength="200" value={(*name).clone()} oninput={saving.typed(&name)}
                    disabled={gone} aria-label={T::Name.get(lang)} />
                { beside(failure, "name") }
            </td>
            <td class="kind">{ product.kind.label(lang) }</td>
            <td>
                <span class="currency">{ "¥" }</span>
                <input class="price" inputmode="decimal" size="12" value={(*price).clone()} oninput={saving.typed(&price)}
                    disabled={gone} aria-label={S::ListPriceYuan.get(lang)} />
                if cents.is_none() {
                    <span class="field-error">{ T::NotAnAmount.get(lang) }</span>
                }
                { beside(failure, "list_price_cents") }
            </td>
            <td>
                if gone {
                    <span class="tag archived">{ S::Archived.get(lang) }</span>
                } else {
                    <button type="button" class="save" disabled={!changed || cents.is_none()} onclick={save}>{ T::Save.get(lang) }</button>
                    <button type="button" class="link archive" onclick={archive}>{ S::Archive.get(lang) }</button>
                }
                if **saved {
                    <span class="saved">{ S::Saved.get(lang) }</span>
                }
                <Refusal failure={(**failure).clone()} on_reload={props.on_reload.clone()}
                    shown={vec![AttrValue::from("sku"), "name".into(), "list_price_cents".into()]} />
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct NewProductProps {
    on_created: Callback<()>,
}

/// A new product: SKU, name, kind and list price.
#[component]
fn NewProductForm(props: &NewProductProps) -> Html {
    let lang = use_lang();
    let sku = use_state(String::new);
    let name = use_state(String::new);
    let kind = use_state(|| ProductKind::Software);
    let price = use_state(String::new);
    let tried = use_state(|| false);
    let done = {
        let (sku, name, price, tried, on_created) = (
            sku.clone(),
            name.clone(),
            price.clone(),
            tried.clone(),
            props.on_created.clone(),
        );
        Callback::from(move |_: Product| {
            sku.set(String::new());
            name.set(String::new());
            price.set(String::new());
            tried.set(false);
            on_created.emit(());
        })
    };
    let creating = use_create_here::<NewProduct, Product>("/api/v1/products".to_owned(), done);
    let cents = format::parse_yuan(&price);
    let onsubmit = {
        let (send, sku, name, kind, tried) = (
            creating.send.clone(),
            sku.clone(),
            name.clone(),
            kind.clone(),
            tried.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            tried.set(true);
            let Some(cents) = cents else {
                return;
            };
            send.emit(NewProduct {
                sku: sku.trim().to_owned(),
                name: name.trim().to_owned(),
                kind: *kind,
                list_price_cents: cents,
            });
        })
    };
    let failure = &creating.failure;
    let taken = matches!(failure, Some(Failure::Refused { status: 409, .. }));
    html! {
        <form class="card new-product" id="new-product" {onsubmit}>
            <h3>{ S::NewProduct.get(lang) }</h3>
            <label class="field inline">
                <span>{ S::Sku.get(lang) }</span>
                <input id="product-sku" required=true maxlength="64" value={(*sku).clone()} oninput={keep_typed(&sku)} />
                // The server names the field too, in its own words.
                if taken {
                    <span class="field-error">{ S::SkuTaken.get(lang) }</span>
                } else {
                    { beside(failure, "sku") }
                }
            </label>
            <label class="field inline">
                <span>{ T::Name.get(lang) }</span>
                <input id="product-name" required=true maxlength="200" value={(*name).clone()} oninput={keep_typed(&name)} />
                { beside(failure, "name") }
            </label>
            <label class="field inline">
                <span>{ T::ProductKind.get(lang) }</span>
                <select id="product-kind" onchange={keep_picked(&kind)}>
                    { options(ProductKind::ALL, |option| option == *kind, lang) }
                </select>
            </label>
            <label class="field inline">
                <span>{ S::ListPriceYuan.get(lang) }</span>
                <input id="product-price" inputmode="decimal" size="12" required=true value={(*price).clone()} oninput={keep_typed(&price)} />
                if *tried && cents.is_none() {
                    <span class="field-error">{ T::NotAnAmount.get(lang) }</span>
                }
                { beside(failure, "list_price_cents") }
            </label>
            <button type="submit" id="create-product" disabled={creating.busy}>{ S::Create.get(lang) }</button>
            if let Some(failure) = failure {
                if !taken && ["sku", "name", "kind", "list_price_cents"].iter().all(|field| failure.field(field).is_none()) {
                    <p class="error" role="alert">{ failure.detail() }</p>
                }
            }
        </form>
    }
}
