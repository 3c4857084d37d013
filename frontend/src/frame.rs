//! The frame every page shares: the green header with the page's title and
//! subtitle, the page itself, and an optional footer.

use yew::prelude::*;

/// What a page puts in the frame.
#[derive(Properties, PartialEq)]
pub struct FrameProps {
    pub title: AttrValue,
    pub subtitle: AttrValue,
    /// Classes of the `<main>` element, for page-specific styles.
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub footer: Option<Html>,
    pub children: Html,
}

#[component]
pub fn Frame(props: &FrameProps) -> Html {
    html! {
        <div class="shell">
            <header>
                <h1>{ props.title.clone() }</h1>
                <p class="subtitle">{ props.subtitle.clone() }</p>
            </header>
            <main class={props.class.clone()}>{ props.children.clone() }</main>
            if let Some(footer) = &props.footer {
                <footer>{ footer.clone() }</footer>
            }
        </div>
    }
}
