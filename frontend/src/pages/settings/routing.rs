//! 设置 · 路由规则 the routing rules (SPEC section 4): an ordered list,
//! first match wins, each rule moved up or down, edited or removed; beside
//! it a sample request whose destination the server previews by the rules
//! as edited (saved or not) whenever the sample or the rules change.

use std::collections::HashMap;

use rapport_domain::customer::Tier;
use rapport_domain::org::Department;
use rapport_domain::request::{Category, Priority, ProductKind};
use rapport_domain::routing::RoutingRule;
use rapport_types::customers::Customer;
use rapport_types::page::Paged;
use rapport_types::routing::{PreviewRequest, PreviewResponse, RuleChanges, RuleList};
use rapport_types::users::User;
use serde::Serialize;
use uuid::Uuid;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{Refusal, beside, beside_all};
use crate::components::form::reread;
use crate::components::loaded::ready;
use crate::format;
use crate::i18n::{Label, Lang, S, T, use_lang};
use crate::services::{self, Failure};

/// A change to the rule list being edited.
type Change = Box<dyn Fn(&mut Vec<RoutingRule>)>;

/// A sample request to route.
#[derive(Clone, PartialEq)]
struct Sample {
    customer: Option<Customer>,
    category: Category,
    product_kind: ProductKind,
    priority: Priority,
    title: String,
}

impl Default for Sample {
    fn default() -> Sample {
        Sample {
            customer: None,
            category: Category::Fault,
            product_kind: ProductKind::Software,
            priority: Priority::Routine,
            title: String::new(),
        }
    }
}

#[component]
pub fn Routing() -> Html {
    let lang = use_lang();
    let list = use_state(|| None::<Result<RuleList, Failure>>);
    let draft = use_state(Vec::<RoutingRule>::new);
    let open = use_state(|| None::<usize>);
    let failure = use_state(|| None::<Failure>);
    let saved = use_state(|| false);
    let reloads = use_state(|| 0u32);
    let sample = use_state(Sample::default);
    let preview = use_state(|| None::<Result<PreviewResponse, Failure>>);
    let people = use_state(HashMap::<Uuid, String>::new);
    {
        let (list, draft, open) = (list.clone(), draft.clone(), open.clone());
        use_effect_with(*reloads, move |_| {
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
    let change = {
        let (draft, saved) = (draft.clone(), saved.clone());
        move |apply: Change| {
            let (draft, saved) = (draft.clone(), saved.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = (*draft).clone();
                apply(&mut next);
                draft.set(next);
                saved.set(false);
            })
        }
    };
    let reload = reread(&failure, &saved, &reloads);
    let save = {
        let (draft, failure, saved, list, open) = (
            draft.clone(),
            failure.clone(),
            saved.clone(),
            list.clone(),
            open.clone(),
        );
        let version = current.version;
        Callback::from(move |_: MouseEvent| {
            let body = RuleChanges {
                version: Some(version),
                rules: (*draft).clone(),
            };
            let (failure, saved, list, draft, open) = (
                failure.clone(),
                saved.clone(),
                list.clone(),
                draft.clone(),
                open.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match services::put::<_, RuleList>("/api/v1/routing/rules", &body).await {
                    Ok(after) => {
                        open.set(None);
                        draft.set(after.rules.clone());
                        list.set(Some(Ok(after)));
                        failure.set(None);
                        saved.set(true);
                    }
                    Err(refused) => {
                        failure.set(Some(refused));
                        saved.set(false);
                    }
                }
            });
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
                            let (draft, saved) = (draft.clone(), saved.clone());
                            Callback::from(move |changed: RoutingRule| {
                                let mut next = (*draft).clone();
                                if let Some(slot) = next.get_mut(index) {
                                    *slot = changed;
                                }
                                draft.set(next);
                                saved.set(false);
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

/// Words typed as a list: split at commas (either script) and spaces.
fn words(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Properties, PartialEq)]
struct RuleEditorProps {
    rule: RoutingRule,
    on_change: Callback<RoutingRule>,
}

/// One rule's fields; each change goes straight into the list.
#[component]
fn RuleEditor(props: &RuleEditorProps) -> Html {
    let lang = use_lang();
    let rule = &props.rule;
    let set = |apply: fn(&mut RoutingRule, String)| {
        let (rule, on_change) = (rule.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            let mut next = rule.clone();
            apply(&mut next, value);
            on_change.emit(next);
        })
    };
    let selected = |event: Event| event.target_unchecked_into::<HtmlSelectElement>().value();
    let typed = |event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value();
    // The word lists are kept as typed (a trailing comma and all); the rule gets the words.
    let keywords = use_state(|| rule.title_keywords.join(", "));
    let skills = use_state(|| rule.required_skills.join(", "));
    let list = |text: &UseStateHandle<String>, apply: fn(&mut RoutingRule, Vec<String>)| {
        let (text, rule, on_change) = (text.clone(), rule.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let typed = event.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = rule.clone();
            apply(&mut next, words(&typed));
            text.set(typed);
            on_change.emit(next);
        })
    };
    html! {
        <div class="rule-form" id="rule-form">
            <label class="field">
                <span>{ T::Name.get(lang) }</span>
                <input id="rule-name" maxlength="100" value={rule.name.clone()} oninput={set(|rule, value| rule.name = value).reform(typed)} />
            </label>
            { any_of(lang, "rule-category", T::Category, rule.category, &Category::ALL,
                set(|rule, value| rule.category = format::from_code(&value)).reform(selected)) }
            { any_of(lang, "rule-product-kind", T::ProductKind, rule.product_kind, &ProductKind::ALL,
                set(|rule, value| rule.product_kind = format::from_code(&value)).reform(selected)) }
            { any_of(lang, "rule-tier", T::Tier, rule.tier, &Tier::ALL,
                set(|rule, value| rule.tier = format::from_code(&value)).reform(selected)) }
            { any_of(lang, "rule-priority", T::Priority, rule.priority, &Priority::ALL,
                set(|rule, value| rule.priority = format::from_code(&value)).reform(selected)) }
            <label class="field">
                <span>{ S::Keywords.get(lang) }</span>
                <input id="rule-keywords" value={(*keywords).clone()} placeholder={S::WordsHint.get(lang)}
                    oninput={list(&keywords, |rule, words| rule.title_keywords = words)} />
            </label>
            <label class="field">
                <span>{ T::Department.get(lang) }</span>
                <select id="rule-department" onchange={set(|rule, value| {
                    if let Some(department) = format::from_code(&value) {
                        rule.department = department;
                    }
                }).reform(selected)}>
                    { for Department::ALL.iter().map(|&department| html! {
                        <option value={format::code(department)} selected={department == rule.department}>{ department.label(lang) }</option>
                    }) }
                </select>
            </label>
            <label class="field">
                <span>{ S::RequiredSkills.get(lang) }</span>
                <input id="rule-skills" value={(*skills).clone()} placeholder={S::WordsHint.get(lang)}
                    oninput={list(&skills, |rule, words| rule.required_skills = words)} />
            </label>
        </div>
    }
}

/// A select of coded values with "any" first.
fn any_of<V: Label + Serialize + PartialEq + Copy>(
    lang: Lang,
    id: &'static str,
    name: T,
    current: Option<V>,
    values: &[V],
    on_change: Callback<Event>,
) -> Html {
    html! {
        <label class="field">
            <span>{ name.get(lang) }</span>
            <select {id} onchange={on_change}>
                <option value="" selected={current.is_none()}>{ T::Any.get(lang) }</option>
                { for values.iter().map(|&value| html! {
                    <option value={format::code(value)} selected={current == Some(value)}>{ value.label(lang) }</option>
                }) }
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
struct SamplePanelProps {
    sample: Sample,
    on_change: Callback<Sample>,
    preview: Option<Result<PreviewResponse, Failure>>,
    people: HashMap<Uuid, String>,
}

/// The sample request and where it would go.
#[component]
fn SamplePanel(props: &SamplePanelProps) -> Html {
    let lang = use_lang();
    let found = use_state(Vec::<Customer>::new);
    let sample = &props.sample;
    let set = |apply: fn(&mut Sample, String)| {
        let (sample, on_change) = (sample.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            let mut next = sample.clone();
            apply(&mut next, value);
            on_change.emit(next);
        })
    };
    let selected = |event: Event| event.target_unchecked_into::<HtmlSelectElement>().value();
    let search = {
        let found = found.clone();
        Callback::from(move |event: InputEvent| {
            let text = event.target_unchecked_into::<HtmlInputElement>().value();
            let found = found.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if text.trim().is_empty() {
                    found.set(Vec::new());
                    return;
                }
                let query = [("q", text.as_str()), ("limit", "6")];
                if let Ok(page) =
                    services::get_with::<_, Paged<Customer>>("/api/v1/customers", &query).await
                {
                    found.set(page.items);
                }
            });
        })
    };
    let choice = |id: &'static str,
                  name: T,
                  current: String,
                  options: Vec<(String, &'static str)>,
                  on: Callback<String>| {
        html! {
            <label class="field">
                <span>{ name.get(lang) }</span>
                <select {id} onchange={on.reform(selected)}>
                    { for options.into_iter().map(|(code, label)| html! {
                        <option value={code.clone()} selected={code == current}>{ label }</option>
                    }) }
                </select>
            </label>
        }
    };
    let outcome = match &props.preview {
        None => html! {},
        // Rules a save would refuse are named beside them; the preview waits for them.
        Some(Err(Failure::Refused { errors, .. }))
            if errors.keys().any(|field| field.starts_with("rules")) =>
        {
            html! { <p class="error" id="routing-preview-error">{ S::FixRulesFirst.get(lang) }</p> }
        }
        Some(Err(failure)) => {
            html! { <p class="error" id="routing-preview-error">{ failure.detail() }</p> }
        }
        Some(Ok(answer)) => {
            let person = answer
                .assignee_id
                .map(|id| {
                    props
                        .people
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_else(|| T::Nobody.get(lang).to_owned());
            html! {
                <dl class="outcome" id="routing-preview">
                    <dt>{ S::MatchedRule.get(lang) }</dt>
                    <dd id="preview-rule">{ answer.routing.rule.clone().unwrap_or_else(|| S::NoRuleMatched.get(lang).to_owned()) }</dd>
                    <dt>{ T::Department.get(lang) }</dt>
                    <dd id="preview-department" data-code={format::code(answer.routing.department)}>{ answer.routing.department.label(lang) }</dd>
                    <dt>{ T::Assignee.get(lang) }</dt>
                    <dd id="preview-person">{ person }</dd>
                    <dt>{ T::Eligible.get(lang) }</dt>
                    <dd>{ answer.routing.eligible_count }</dd>
                    <dt>{ T::Contract.get(lang) }</dt>
                    <dd>{ if answer.billable { T::NotCovered.get(lang) } else { T::Covered.get(lang) } }</dd>
                </dl>
            }
        }
    };
    html! {
        <aside class="card sample" id="routing-sample">
            <h3>{ S::SampleRequest.get(lang) }</h3>
            <label class="field">
                <span>{ T::Customer.get(lang) }</span>
                if let Some(customer) = &sample.customer {
                    <span class="chosen" id="sample-customer">{ format!("{} · {}", customer.name, customer.tier.label(lang)) }</span>
                }
                <input id="sample-customer-search" type="search" placeholder={T::FindCustomerHint.get(lang)} oninput={search} />
            </label>
            if !found.is_empty() {
                <ul class="choices">
                    { for found.iter().map(|customer| {
                        let (chosen, sample, on_change, found) =
                            (customer.clone(), sample.clone(), props.on_change.clone(), found.clone());
                        let pick = Callback::from(move |_| {
                            on_change.emit(Sample { customer: Some(chosen.clone()), ..sample.clone() });
                            found.set(Vec::new());
                        });
                        html! { <li><button type="button" onclick={pick}>{ format!("{} · {}", customer.name, customer.tier.label(lang)) }</button></li> }
                    }) }
                </ul>
            }
            { choice("sample-category", T::Category, format::code(sample.category),
                Category::ALL.iter().map(|&value| (format::code(value), value.label(lang))).collect(),
                set(|sample, value| if let Some(value) = format::from_code(&value) { sample.category = value })) }
            { choice("sample-product-kind", T::ProductKind, format::code(sample.product_kind),
                ProductKind::ALL.iter().map(|&value| (format::code(value), value.label(lang))).collect(),
                set(|sample, value| if let Some(value) = format::from_code(&value) { sample.product_kind = value })) }
            { choice("sample-priority", T::Priority, format::code(sample.priority),
                Priority::ALL.iter().map(|&value| (format::code(value), value.label(lang))).collect(),
                set(|sample, value| if let Some(value) = format::from_code(&value) { sample.priority = value })) }
            <label class="field">
                <span>{ T::Title.get(lang) }</span>
                <input id="sample-title" value={sample.title.clone()}
                    oninput={set(|sample, value| sample.title = value).reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value())} />
            </label>
            <h4>{ T::RoutesTo.get(lang) }</h4>
            { outcome }
        </aside>
    }
}
