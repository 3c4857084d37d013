//! Inputs that keep what is typed. Yew writes an input's `value={..}` back
//! into the field whenever a render finds the field differing from it, so
//! a field whose state is updated only on change, or read only on submit,
//! loses what was typed when anything redraws the page in between (the
//! notification bell's answer, a countdown's tick). A field either keeps
//! its state on every keystroke (`oninput`), or is left to the typist and
//! filled from here.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

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
