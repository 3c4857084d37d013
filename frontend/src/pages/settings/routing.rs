//! 设置 · 路由规则 the routing rules (SPEC section 4): an ordered list,
//! first match wins, each rule moved up or down, edited or removed; beside
//! it a sample request whose destination the server previews by the rules
//! as edited (saved or not) whenever the sample or the rules change.

mod rule;
mod sample;

use std::collections::HashMap;

use rapport_domain::org::Department;
use rapport_domain::routing::RoutingRule;
use rapport_types::customers::Customer;
use rapport_types::page::Paged;
use rapport_types::routing::{PreviewRequest, PreviewResponse, RuleChanges, RuleList};
use rapport_types::users::User;
use uuid::Uuid;
use yew::prelude::*;

use self::rule::RuleEditor;
use self::sample::{Sample, SamplePanel};
use super::{Refusal, beside, beside_all};
use crate::components::draft::use_drafting;
use crate::components::loaded::ready;
use crate::i18n::{Label, Lang, S, T, use_lang};
use crate::services::{self, Failure};

/// A change to the rule list being edited.
type Change = Box<dyn Fn(&mut Vec<RoutingRule>)>;

#[component]
pub fn Routing() -> Html {
    let lang = use_lang();
    let list = use_state(|| None::<Result<RuleList, Failure>>);
    let draft = use_state(Vec::<RoutingRule>::new);
    let open = use_state(|| None::<usize>);
    let drafting = use_drafting();
    let (failure, saved) = (drafting.failure.clone(), drafting.saved.clone());
    let sample = use_state(Sample::default);
    let preview = use_state(|| None::<Result<PreviewResponse, Failure>>);
    let people = use_state(HashMap::<Uuid, String>::new);
    {
        let (list, draft, open) = (list.clone(), draft.clone(), open.clone());
        use_effect_with(*drafting.reads, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let read = services::get::<RuleList>("/api/v1/routing/rules").await;
                if let Ok(read) = &read {
                    draft.set(read.rules.clone());
                }
                open.set(None);
                list.set(Some(read));
            });
        });
    }
    // Names for the person routing picks, and a customer to start the sample with.
    {
        let (people, sample) = (people.clone(), sample.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(page) = services::get::<Paged<User>>("/api/v1/users?limit=200").await {
                    people.set(
                        page.items
                            .into_iter()
                            .map(|user| (user.id, user.display_name))
                            .collect(),
                    );
                }
                if let Ok(page) =
                    services::get::<Paged<Customer>>("/api/v1/customers?limit=1").await
                {
                    sample.set(Sample {
                        customer: page.items.into_iter().next(),
                        ..Sample::default()
                    });
                }
            });
        });
    }
    // The preview follows the sample and the rules as edited.
    {
        let preview = preview.clone();
        let asked = sample.customer.as_ref().map(|customer| PreviewRequest {
            customer_id: customer.id,
            category: sample.category,
            product_kind: sample.product_kind,
            priority: sample.priority,
            title: sample.title.clone(),
            rules: Some((*draft).clone()),
        });
        use_effect_with(asked, move |asked| {
            let asked = asked.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(asked) = asked {
                    preview.set(Some(
                        services::post("/api/v1/routing/preview", &asked).await,
                    ));
                }
            });
        });
    }
    let current = match ready(&list, lang) {
        Ok(current) => current,
        Err(other) => return other,
    };
    let change = |apply: Change| {
        drafting.edit(
            &draft,
            move |rules: &mut Vec<RoutingRule>, _: MouseEvent| {
                apply(rules);
            },
        )
    };
    let reload = drafting.reread();
    let save = {
        let (draft, drafting, list, open) =
            (draft.clone(), drafting.clone(), list.clone(), open.clone());
        let version = current.version;
        Callback::from(move |_: MouseEvent| {
            let body = RuleChanges {
                version: Some(version),
                rules: (*draft).clone(),
            };
            let (list, draft, open) = (list.clone(), draft.clone(), open.clone());
            drafting.save(
                "/api/v1/routing/rules".to_owned(),
                body,
                move |after: RuleList| {
                    open.set(None);
                    draft.set(after.rules.clone());
                    list.set(Some(Ok(after)));
                },
            );
        })
    };
    let matched = preview
        .as_ref()
        .and_then(|answer| answer.as_ref().ok())
        .and_then(|answer| answer.routing.rule.clone());
    // The preview checks the rules as a save would: its refusals show beside the rules too.
    let refused = (*failure).clone().or_else(|| {
        preview
            .as_ref()
            .and_then(|answer| answer.as_ref().err().cloned())
    });
    let count = draft.len();
    let rows = draft.iter().enumerate().map(|(index, rule)| {
        // A swap of rows `first` and `first + 1`; the open editor follows its rule.
        let swap = |first: usize| {
            let (open, swap) = (
                open.clone(),
                change(Box::new(move |rules| {
                    if first + 1 < rules.len() {
                        rules.swap(first, first + 1);
                    }
                })),
            );
            Callback::from(move |event: MouseEvent| {
                swap.emit(event);
                open.set(match *open {
                    Some(row) if row == first => Some(first + 1),
                    Some(row) if row == first + 1 => Some(first),
                    other => other,
                });
            })
        };
        let move_up = swap(index.saturating_sub(1));
        let move_down = swap(index);
        let remove = {
            let open = open.clone();
            let remove = change(Box::new(move |rules| {
                rules.remove(index);
            }));
            Callback::from(move |event: MouseEvent| {
                open.set(None);
                remove.emit(event);
            })
        };
        let toggle = {
            let open = open.clone();
            Callback::from(move |_| open.set((*open != Some(index)).then_some(index)))
        };
        let is_match = matched.as_deref() == Some(rule.name.as_str());
        let prefix = format!("rules[{index}]");
        html! {
            <>
                <tr data-rule={index.to_string()} class={classes!(is_match.then_some("matched"))}>
                    <td class="order">{ index + 1 }</td>
                    <td class="name">{ rule.name.clone() }{ beside_all(&refused, &prefix) }</td>
                    <td>{ conditions(rule, lang) }</td>
                    <td class="department">{ rule.department.label(lang) }
                        if !rule.required_skills.is_empty() {
                            <small>{ format!(" · {}", rule.required_skills.join(", ")) }</small>
                        }
                    </td>
                    <td class="buttons">
                        <button type="button" class="up" disabled={index == 0} onclick={move_up} aria-label={S::MoveUp.get(lang)}>{ "↑" }</button>
                        <button type="button" class="down" disabled={index + 1 == count} onclick={move_down} aria-label={S::MoveDown.get(lang)}>{ "↓" }</button>
                        <button type="button" class="edit" onclick={toggle}>{ S::Edit.get(lang) }</button>
                        <button type="button" class="remove" onclick={remove}>{ S::Remove.get(lang) }</button>
                    </td>
                </tr>
                if *open == Some(index) {
                    <tr class="rule-editor"><td colspan="5">
                        <RuleEditor rule={rule.clone()} on_change={
                            drafting.edit(&draft, move |rules: &mut Vec<RoutingRule>, changed: RoutingRule| {
                                if let Some(slot) = rules.get_mut(index) {
                                    *slot = changed;
                                }
                            })
                        } />
                    </td></tr>
                }
            </>
        }
    });
    let add = {
        let (open, add) = (
            open.clone(),
            change(Box::new(move |rules| {
                rules.insert(
                    0,
                    RoutingRule {
                        name: S::NewRule.get(lang).to_owned(),
                        category: None,
                        product_kind: None,
                        tier: None,
                        priority: None,
                        title_keywords: Vec::new(),
                        department: Department::Service,
                        required_skills: Vec::new(),
                    },
                );
            })),
        );
        Callback::from(move |event: MouseEvent| {
            add.emit(event);
            open.set(Some(0));
        })
    };
    let changed = *draft != current.rules;
    html! {
        <section class="routing-page">
            <h2>{ S::RoutingRules.get(lang) }</h2>
            <p class="hint">{ S::FirstMatchWins.get(lang) }</p>
            <div class="columns">
                <div class="card rules">
                    <table class="rules" id="rules"><tbody>{ for rows }</tbody></table>
                    <div class="save-row">
                        <button type="button" id="add-rule" onclick={add}>{ S::AddRule.get(lang) }</button>
                        <button type="button" class="primary" id="save-rules" onclick={save} disabled={!changed}>{ T::Save.get(lang) }</button>
                        if changed {
                            <span class="hint" id="rules-unsaved">{ S::Unsaved.get(lang) }</span>
                        }
                        if *saved {
                            <span class="saved" id="rules-saved">{ S::Saved.get(lang) }</span>
                        }
                        { beside(&failure, "rules") }
                        <Refusal failure={(*failure).clone()} on_reload={reload} shown={vec![AttrValue::from("rules")]} />
                    </div>
                </div>
                <SamplePanel sample={(*sample).clone()} on_change={
                    let sample = sample.clone();
                    Callback::from(move |next| sample.set(next))
                } preview={(*preview).clone()} people={(*people).clone()} />
            </div>
        </section>
    }
}

/// A rule's conditions in a few words: `故障 · 软件 · 关键词 打印机`.
fn conditions(rule: &RoutingRule, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(category) = rule.category {
        parts.push(category.label(lang).to_owned());
    }
    if let Some(kind) = rule.product_kind {
        parts.push(kind.label(lang).to_owned());
    }
    if let Some(tier) = rule.tier {
        parts.push(tier.label(lang).to_owned());
    }
    if let Some(priority) = rule.priority {
        parts.push(priority.label(lang).to_owned());
    }
    if !rule.title_keywords.is_empty() {
        parts.push(format!(
            "{} {}",
            S::Keywords.get(lang),
            rule.title_keywords.join(", ")
        ));
    }
    if parts.is_empty() {
        S::EveryRequest.get(lang).to_owned()
    } else {
        parts.join(" · ")
    }
}
