//! One routing rule's fields, edited in place in the list.

use rapport_domain::customer::Tier;
use rapport_domain::org::Department;
use rapport_domain::request::{Category, Priority, ProductKind};
use rapport_domain::routing::RoutingRule;
use serde::Serialize;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::draft::change_of;
use crate::components::form::options;
use crate::format;
use crate::i18n::{Label, Lang, S, T, use_lang};

/// Words typed as a list: split at commas (either script) and spaces.
fn words(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Properties, PartialEq)]
pub(super) struct RuleEditorProps {
    pub(super) rule: RoutingRule,
    pub(super) on_change: Callback<RoutingRule>,
}

/// One rule's fields; each change goes straight into the list.
#[component]
pub(super) fn RuleEditor(props: &RuleEditorProps) -> Html {
    let lang = use_lang();
    let rule = &props.rule;
    let set = |apply: fn(&mut RoutingRule, String)| change_of(rule, &props.on_change, apply);
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
                    { options(Department::ALL, |department| department == rule.department, lang) }
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
                { options(values.iter().copied(), |value| current == Some(value), lang) }
            </select>
        </label>
    }
}
