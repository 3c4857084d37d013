//! 设置 the settings area (administrators): a sub-menu of the pages the
//! role may open beside the page itself. Each page reads what it edits,
//! sends back the version it read (a stale one is answered with the
//! reload offer) and shows the server's refusals beside their fields.

pub mod calendar;
pub mod packages;
pub mod products;
pub mod routing;
pub mod sla;
pub mod tokens;

use yew::prelude::*;
use yew_router::prelude::*;

pub use crate::components::form::beside;
use crate::i18n::{T, use_lang};
use crate::route::{Route, SETTINGS};
use crate::services::Failure;
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct AreaProps {
    pub children: Html,
}

/// The sub-menu beside a settings page.
#[component]
pub fn Area(props: &AreaProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let route = use_route::<Route>();
    let links = SETTINGS
        .iter()
        .filter(|(page, _)| page.open_to(|action| context.session.may(action)))
        .map(|(page, name)| {
            let current = match (&route, page) {
                (Some(Route::NamedCalendar { .. }), Route::Calendar) => true,
                (Some(route), page) => route == page,
                (None, _) => false,
            };
            html! {
                <Link<Route> to={page.clone()} classes={classes!(current.then_some("current"))}>
                    { name.get(lang) }
                </Link<Route>>
            }
        });
    html! {
        <div class="settings-area">
            <nav class="submenu" id="settings-menu" aria-label={T::Settings.get(lang)}>{ for links }</nav>
            <div class="settings-page">{ props.children.clone() }</div>
        </div>
    }
}

/// `/settings`: the first page of the sub-menu the role may open.
#[component]
pub fn FirstPage() -> Html {
    let context = use_session();
    match SETTINGS
        .iter()
        .find(|(page, _)| page.open_to(|action| context.session.may(action)))
    {
        Some((page, _)) => html! { <Redirect<Route> to={page.clone()} /> },
        None => html! { <crate::pages::refusal::NotAllowed /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct RefusalProps {
    /// What the server said, if it refused.
    pub failure: Option<Failure>,
    /// The fields whose messages are shown beside them (not repeated here).
    #[prop_or_default]
    pub shown: Vec<AttrValue>,
    /// Reads the record again (offered on a stale version).
    pub on_reload: Callback<()>,
}

/// A refusal not shown beside a field: the stale version with the reload
/// offer, or the server's words.
#[component]
pub fn Refusal(props: &RefusalProps) -> Html {
    let lang = use_lang();
    let Some(failure) = &props.failure else {
        return html! {};
    };
    if failure.is_stale() {
        let reload = props.on_reload.reform(|_| ());
        return html! {
            <div class="stale" role="alert" id="stale">
                <strong>{ T::StaleTitle.get(lang) }</strong>
                <span>{ T::StaleBody.get(lang) }</span>
                <button type="button" onclick={reload}>{ T::Reload.get(lang) }</button>
            </div>
        };
    }
    let messages = match failure {
        Failure::Refused { errors, .. } if !errors.is_empty() => {
            let unshown: Vec<String> = errors
                .iter()
                .filter(|(field, _)| !props.shown.iter().any(|shown| under(field, shown)))
                .map(|(field, messages)| format!("{field}: {}", messages.join("; ")))
                .collect();
            if unshown.is_empty() {
                return html! {};
            }
            unshown.join(" · ")
        }
        _ => failure.detail(),
    };
    html! { <p class="error" role="alert" id="refusal">{ messages }</p> }
}

/// The server's messages about `field` and everything under it
/// (`exceptions`, `exceptions[3].name`), to show beside it.
pub fn beside_all(failure: &Option<Failure>, field: &str) -> Html {
    let Some(Failure::Refused { errors, .. }) = failure else {
        return html! {};
    };
    let messages = errors
        .iter()
        .filter(|(name, _)| under(name, field))
        .map(|(name, messages)| {
            let text = if name == field {
                messages.join("; ")
            } else {
                format!(
                    "{}: {}",
                    &name[field.len()..].trim_start_matches('.'),
                    messages.join("; ")
                )
            };
            html! { <span class="field-error" data-field={name.clone()}>{ text }</span> }
        });
    html! { <>{ for messages }</> }
}

/// Whether the error field `name` is `field` or lies under it.
fn under(name: &str, field: &str) -> bool {
    name.strip_prefix(field)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}
