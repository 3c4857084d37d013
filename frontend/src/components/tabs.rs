//! A row of views over one list; the current one marked, each named by
//! its code in `data-view` for the tests.

use serde::Serialize;
use yew::prelude::*;

use crate::format;
use crate::i18n::{T, use_lang};

#[derive(Properties, PartialEq)]
pub struct TabsProps<V: PartialEq + 'static> {
    /// Each view with its name.
    pub tabs: Vec<(V, T)>,
    /// The view shown.
    pub current: V,
    /// Opens a view.
    pub on_pick: Callback<V>,
}

#[component]
pub fn Tabs<V>(props: &TabsProps<V>) -> Html
where
    V: PartialEq + Copy + Serialize + 'static,
{
    let lang = use_lang();
    let tabs = props.tabs.iter().map(|&(view, name)| {
        let onclick = props.on_pick.reform(move |_| view);
        html! {
            <button class={classes!("tab", (view == props.current).then_some("current"))}
                data-view={format::code(view)} {onclick}>
                { name.get(lang) }
            </button>
        }
    });
    html! { <div class="tabs">{ for tabs }</div> }
}
