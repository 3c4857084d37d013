//! Inputs that keep what is typed. Yew writes an input's `value={..}` back
//! into the field whenever a render finds the field differing from it, so
//! a field whose state is updated only on change, or read only on submit,
//! loses what was typed when anything redraws the page in between (the
//! notification bell's answer, a countdown's tick). A field either keeps
//! its state on every keystroke (`oninput`), or is left to the typist and
//! filled from here.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::form::{node_value, on_submit};

/// Writes `value` into the input or text area `node` holds.
pub fn fill(node: &NodeRef, value: &str) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = node.cast::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
}

/// Fills the field `node` holds with `value` when first drawn and whenever
/// `value` changes (the URL's search words, say); a render in between
/// leaves what was typed.
#[hook]
pub fn use_filled(node: &NodeRef, value: String) {
    let node = node.clone();
    use_effect_with(value, move |value| fill(&node, value));
}

/// A search field, filled with the words the URL holds (`words`), and
/// its form's submit, which hands `search` the words typed (none when
/// blank).
#[hook]
pub fn use_search(
    words: Option<String>,
    search: Callback<Option<String>>,
) -> (NodeRef, Callback<SubmitEvent>) {
    let field = use_node_ref();
    use_filled(&field, words.unwrap_or_default());
    let submit = {
        let field = field.clone();
        on_submit(move || {
            let typed = Some(node_value(&field)).filter(|words| !words.trim().is_empty());
            search.emit(typed);
        })
    };
    (field, submit)
}
