//! 设置 · SLA 策略 the SLA policy (SPEC section 3): one clock per target,
//! the response by priority, the resolution by work type and the others,
//! each a kind and an amount as the API stores them. Only the rows changed
//! are sent, with the version read.

use std::collections::BTreeMap;

use rapport_domain::sla::{ClockKind, ClockSpec, SlaTarget};
use rapport_types::sla::{Policy, PolicyChanges};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{Refusal, beside};
use crate::components::draft::use_drafting;
use crate::components::form::options;
use crate::components::loaded::{Head, ready};
use crate::format;
use crate::i18n::{Label, S, T, use_lang};
use crate::services::{self, Failure};

/// The clock kinds, in the order offered.
const KINDS: [ClockKind; 4] = [
    ClockKind::Hours,
    ClockKind::BusinessHours,
    ClockKind::WorkingDays,
    ClockKind::Days,
];

/// A row's clock as edited: its kind and the amount as typed.
type Edited = BTreeMap<SlaTarget, (ClockKind, String)>;

#[component]
pub fn Sla() -> Html {
    let lang = use_lang();
    let policy = use_state(|| None::<Result<Policy, Failure>>);
    let edited = use_state(Edited::new);
    let drafting = use_drafting();
    let (failure, saved) = (drafting.failure.clone(), drafting.saved.clone());
    {
        let (policy, edited) = (policy.clone(), edited.clone());
        use_effect_with(*drafting.reads, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                policy.set(Some(services::get("/api/v1/sla/policy").await));
                edited.set(Edited::new());
            });
        });
    }
    let current = match ready(&policy, lang) {
        Ok(current) => current,
        Err(other) => return other,
    };
    let reload = drafting.reread();
    let shown = |target: SlaTarget| {
        edited.get(&target).cloned().unwrap_or_else(|| {
            let clock = current.policy.clock(target);
            (clock.kind(), clock.amount().to_string())
        })
    };
    let unreadable: Vec<SlaTarget> = edited
        .iter()
        .filter(|(_, (_, amount))| amount.trim().parse::<u32>().is_err())
        .map(|(target, _)| *target)
        .collect();
    let onsubmit = {
        let (edited, drafting, policy) = (edited.clone(), drafting.clone(), policy.clone());
        let version = current.version;
        let stored = current.policy;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let mut changes = BTreeMap::new();
            for (&target, (kind, amount)) in edited.iter() {
                let Ok(amount) = amount.trim().parse::<u32>() else {
                    return;
                };
                let before = stored.clock(target);
                if before.kind() != *kind || before.amount() != amount {
                    changes.insert(
                        target,
                        ClockSpec {
                            kind: *kind,
                            amount,
                        },
                    );
                }
            }
            let body = PolicyChanges {
                version: Some(version),
                policy: changes,
            };
            let (edited, policy) = (edited.clone(), policy.clone());
            drafting.save(
                "/api/v1/sla/policy".to_owned(),
                body,
                move |after: Policy| {
                    policy.set(Some(Ok(after)));
                    edited.set(Edited::new());
                },
            );
        })
    };
    let row = |target: SlaTarget| {
        let (kind, amount) = shown(target);
        let code = format::code(target);
        let set = |apply: fn(&mut (ClockKind, String), String)| {
            let start = (kind, amount.clone());
            drafting.edit(&edited, move |next: &mut Edited, value: String| {
                apply(next.entry(target).or_insert_with(|| start.clone()), value);
            })
        };
        let set_kind = set(|clock, value| {
            if let Some(kind) = format::from_code(&value) {
                clock.0 = kind;
            }
        })
        .reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
        let set_amount = set(|clock, value| clock.1 = value)
            .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
        let field = format!("policy.{code}.amount");
        html! {
            <tr data-target={code.clone()} class={classes!(edited.contains_key(&target).then_some("changed"))}>
                <td>{ target.label(lang) }</td>
                <td>
                    <select class="kind" onchange={set_kind} aria-label={S::ClockKind.get(lang)}>
                        { options(KINDS, |choice| choice == kind, lang) }
                    </select>
                </td>
                <td>
                    <input class="amount" type="number" value={amount} oninput={set_amount}
                        aria-label={S::Amount.get(lang)} />
                    if unreadable.contains(&target) {
                        <span class="field-error">{ S::WholeNumber.get(lang) }</span>
                    }
                    { beside(&failure, &field) }
                </td>
            </tr>
        }
    };
    let group = |name: S, targets: &[SlaTarget]| {
        html! {
            <>
                <tr class="group"><th colspan="3">{ name.get(lang) }</th></tr>
                { for targets.iter().map(|&target| row(target)) }
            </>
        }
    };
    let shown_fields: Vec<AttrValue> = vec!["policy".into()];
    html! {
        <section class="sla-page">
            <h2>{ S::SlaPolicy.get(lang) }</h2>
            <p class="hint">{ S::ClockKindsHint.get(lang) }</p>
            <form id="sla-form" {onsubmit}>
                <table class="sla-policy">
                    <Head words={vec![T::Target.into(), S::ClockKind.into(), S::Amount.into()]} />
                    <tbody>
                        { group(S::ResponseByPriority, &[SlaTarget::ResponseUrgent, SlaTarget::ResponseImportant, SlaTarget::ResponseRoutine]) }
                        { group(S::ResolutionByWorkType, &[SlaTarget::ResolutionMaintenance, SlaTarget::ResolutionImplementation]) }
                        { group(S::OtherTargets, &[SlaTarget::CallBack, SlaTarget::RemoteRecord, SlaTarget::OnSiteSignature,
                            SlaTarget::ReturnVisit, SlaTarget::SatisfactionSurvey, SlaTarget::DissatisfiedReview]) }
                    </tbody>
                </table>
                <div class="save-row">
                    <button type="submit" class="primary" id="save-sla" disabled={!unreadable.is_empty()}>{ T::Save.get(lang) }</button>
                    <span class="hint">{ format!("{} {}", S::Version.get(lang), current.version) }</span>
                    if *saved {
                        <span class="saved" id="sla-saved">{ S::Saved.get(lang) }</span>
                    }
                    <Refusal failure={(*failure).clone()} on_reload={reload} shown={shown_fields} />
                </div>
            </form>
        </section>
    }
}
