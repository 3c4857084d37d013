//! Keyboard shortcuts: one listener on the document while the page that
//! asked is shown. Keys typed into a field stay the field's.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// Calls `on_key` with each key pressed outside a text field.
#[hook]
pub fn use_keys(on_key: Callback<KeyboardEvent>) {
    use_effect_with(on_key, |on_key| {
        let on_key = on_key.clone();
        let listener = web_sys::window()
            .and_then(|window| window.document())
            .map(|document| {
                EventListener::new(&document, "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let typing = event
                        .target()
                        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|element| {
                            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        });
                    if !typing && !event.ctrl_key() && !event.meta_key() && !event.alt_key() {
                        on_key.emit(event.clone());
                    }
                })
            });
        move || drop(listener)
    });
}
