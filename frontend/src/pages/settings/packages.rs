//! 设置 · 维保套餐 the maintenance packages (SPEC section 5): each one's
//! name, annual rate (percent of the covered value) and whether it is still
//! quoted and sold; a new package by its code. Each row saves on its own,
//! with the version it read.

use rapport_domain::fees::RENEWAL_UPLIFT_PERCENT;
use rapport_types::packages::{Package, PackageChanges};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{Refusal, beside};
use crate::components::form::use_saving;
use crate::components::loaded::{Head, ready, use_reloaded};
use crate::format;
use crate::i18n::{S, T, use_lang};
use crate::services::{self, Failure};

/// Basis points as a percentage: `12.50`.
fn percent(bp: i32) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// A percentage typed (`12`, `12.5`) as basis points.
fn basis_points(text: &str) -> Option<u32> {
    format::parse_yuan(text.trim_end_matches('%')).and_then(|bp| u32::try_from(bp).ok())
}

#[component]
pub fn Packages() -> Html {
    let lang = use_lang();
    let (packages, reload) = use_reloaded::<Vec<Package>>("/api/v1/packages".to_owned());
    let body = match ready(&packages, lang) {
        Err(other) => other,
        Ok(packages) => html! {
            <table class="packages" id="packages">
                <Head words={vec![S::Code.into(), T::Name.into(), S::AnnualRate.into(), S::OnSale.into()]}>
                    <th></th>
                </Head>
                <tbody>
                    { for packages.iter().map(|package| html! {
                        <PackageRow key={format!("{}@{}", package.code, package.version)} package={package.clone()} on_reload={reload.clone()} />
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="packages-page">
            <h2>{ S::Packages.get(lang) }</h2>
            <p class="hint">{ S::FeeRule.get(lang).replace("{uplift}", &RENEWAL_UPLIFT_PERCENT.to_string()) }</p>
            { body }
            <NewPackage on_created={reload} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PackageRowProps {
    package: Package,
    on_reload: Callback<()>,
}

/// One package, editable in place.
#[component]
fn PackageRow(props: &PackageRowProps) -> Html {
    let lang = use_lang();
    let package = use_state(|| props.package.clone());
    let name = use_state(|| props.package.name.clone());
    let rate = use_state(|| percent(props.package.rate_bp));
    let active = use_state(|| props.package.active);
    let saving = use_saving();
    let (failure, saved) = (&saving.failure, &saving.saved);
    let bp = basis_points(&rate);
    let changed = *name != package.name
        || bp.and_then(|bp| i32::try_from(bp).ok()) != Some(package.rate_bp)
        || *active != package.active;
    let save = {
        let (package, name, active, saving) = (
            package.clone(),
            name.clone(),
            active.clone(),
            saving.clone(),
        );
        Callback::from(move |_| {
            let Some(bp) = bp else {
                return;
            };
            let body = PackageChanges {
                version: Some(package.version),
                name: Some((*name).clone()),
                rate_bp: Some(bp),
                active: Some(*active),
            };
            let path = format!("/api/v1/packages/{}", package.code);
            saving.save(&package, async move { services::put(&path, &body).await });
        })
    };
    let toggle = {
        let (active, saved) = (active.clone(), saved.clone());
        Callback::from(move |_| {
            active.set(!*active);
            saved.set(false);
        })
    };
    html! {
        <tr data-package={package.code.clone()} class={classes!((!package.active).then_some("inactive"))}>
            <td><code>{ package.code.clone() }</code></td>
            <td>
                <input class="name" maxlength="100" value={(*name).clone()} oninput={saving.typed(&name)} aria-label={T::Name.get(lang)} />
                { beside(failure, "name") }
            </td>
            <td>
                <input class="rate" size="7" value={(*rate).clone()} oninput={saving.typed(&rate)} aria-label={S::AnnualRate.get(lang)} />{ " %" }
                if bp.is_none() {
                    <span class="field-error">{ S::NotAPercentage.get(lang) }</span>
                }
                { beside(failure, "rate_bp") }
            </td>
            <td><input type="checkbox" class="active" checked={*active} onchange={toggle} aria-label={S::OnSale.get(lang)} /></td>
            <td>
                <button type="button" class="save" disabled={!changed || bp.is_none()} onclick={save}>{ T::Save.get(lang) }</button>
                if **saved {
                    <span class="saved">{ S::Saved.get(lang) }</span>
                }
                <Refusal failure={(**failure).clone()} on_reload={props.on_reload.clone()}
                    shown={vec![AttrValue::from("name"), "rate_bp".into()]} />
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct NewPackageProps {
    on_created: Callback<()>,
}

/// A new package: code, name, rate, on sale.
#[component]
fn NewPackage(props: &NewPackageProps) -> Html {
    let lang = use_lang();
    let (code, name, rate) = (use_node_ref(), use_node_ref(), use_node_ref());
    let failure = use_state(|| None::<Failure>);
    let onsubmit = {
        let (code, name, rate, failure, on_created) = (
            code.clone(),
            name.clone(),
            rate.clone(),
            failure.clone(),
            props.on_created.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = |node: &NodeRef| {
                node.cast::<HtmlInputElement>()
                    .map(|input| input.value().trim().to_owned())
                    .unwrap_or_default()
            };
            let body = PackageChanges {
                version: None,
                name: Some(value(&name)),
                rate_bp: basis_points(&value(&rate)),
                active: Some(true),
            };
            let path = format!("/api/v1/packages/{}", value(&code).to_uppercase());
            let (failure, on_created) = (failure.clone(), on_created.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::put::<_, Package>(&path, &body).await {
                    Ok(_) => {
                        failure.set(None);
                        on_created.emit(());
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let taken = failure.as_ref().is_some_and(Failure::is_stale);
    html! {
        <form class="card new-package" id="new-package" {onsubmit}>
            <h3>{ S::NewPackage.get(lang) }</h3>
            <label class="field inline">
                <span>{ S::Code.get(lang) }</span>
                <input id="package-code" required=true maxlength="32" placeholder="PREMIUM" ref={code} />
                { beside(&failure, "code") }
                if taken {
                    <span class="field-error">{ S::CodeTaken.get(lang) }</span>
                }
            </label>
            <label class="field inline">
                <span>{ T::Name.get(lang) }</span>
                <input id="package-name" maxlength="100" ref={name} />
                { beside(&failure, "name") }
            </label>
            <label class="field inline">
                <span>{ S::AnnualRate.get(lang) }</span>
                <input id="package-rate" size="7" placeholder="12.00" ref={rate} />{ " %" }
                { beside(&failure, "rate_bp") }
            </label>
            <button type="submit" id="create-package">{ S::Create.get(lang) }</button>
            if let Some(failure) = &*failure {
                if !taken && ["code", "name", "rate_bp"].iter().all(|field| failure.field(field).is_none()) {
                    <p class="error">{ failure.detail() }</p>
                }
            }
        </form>
    }
}
