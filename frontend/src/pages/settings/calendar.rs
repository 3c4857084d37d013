//! 设置 · 工作日历 the business calendars (SPEC section 3): the
//! organisation's and the named ones a contract may run on (7×24, say).
//! Each has its time zone, work week and business periods (two of them
//! make a lunch break), and a year's holidays and make-up workdays typed as
//! a list, one date or date range a line. The year is drawn month by
//! month from the calendar being edited, through the domain crate, so a
//! line typed or a day clicked shows at once whether that day is worked.

mod draft;
mod editor;
mod list;
mod year;

use std::collections::BTreeMap;

use rapport_domain::calendar::{DayOfWeek, Period};
use rapport_types::calendar::Calendar;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use self::editor::Editor;
use super::beside;
use crate::format;
use crate::i18n::{S, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

#[derive(Properties, PartialEq)]
pub struct CalendarsProps {
    /// A named calendar; none for the organisation's.
    #[prop_or_default]
    pub name: Option<AttrValue>,
}

/// The calendars, one open for editing.
#[component]
pub fn Calendars(props: &CalendarsProps) -> Html {
    let lang = use_lang();
    let names = use_state(Vec::<String>::new);
    {
        let names = names.clone();
        use_effect_with(props.name.clone(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(found) = services::get::<Vec<String>>("/api/v1/calendars").await {
                    names.set(found);
                }
            });
        });
    }
    let tab = |route: Route, text: String, current: bool| {
        html! {
            <Link<Route> to={route} classes={classes!("tab", current.then_some("current"))}>{ text }</Link<Route>>
        }
    };
    let key = props.name.as_deref().unwrap_or_default().to_owned();
    html! {
        <section class="calendar-page">
            <h2>{ S::Calendars.get(lang) }</h2>
            <div class="calendar-head">
                <div class="tabs" id="calendar-tabs">
                    { tab(Route::Calendar, S::OrganisationCalendar.get(lang).to_owned(), props.name.is_none()) }
                    { for names.iter().map(|name| tab(
                        Route::NamedCalendar { name: name.clone() },
                        name.clone(),
                        props.name.as_deref() == Some(name.as_str()),
                    )) }
                </div>
                <NewCalendar />
            </div>
            <Editor {key} name={props.name.clone()} />
        </section>
    }
}

/// What a new named calendar starts as.
#[derive(Clone, Copy, PartialEq)]
enum Template {
    /// Every day, round the clock.
    AroundTheClock,
    /// The organisation's calendar as it stands.
    Organisation,
}

/// A new named calendar: its name and what it starts as.
#[component]
fn NewCalendar() -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let name = use_node_ref();
    let template = use_state(|| Template::AroundTheClock);
    let failure = use_state(|| None::<Failure>);
    let onsubmit = {
        let (name, template, failure) = (name.clone(), template.clone(), failure.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(input) = name.cast::<HtmlInputElement>() else {
                return;
            };
            let name = input.value().trim().to_owned();
            let (template, failure, navigator) = (*template, failure.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let body = match template {
                    Template::AroundTheClock => Ok(around_the_clock()),
                    Template::Organisation => services::get::<Calendar>("/api/v1/calendar")
                        .await
                        .map(|calendar| Calendar {
                            version: None,
                            ..calendar
                        }),
                };
                let created = match body {
                    Ok(body) => {
                        services::put::<_, Calendar>(&format!("/api/v1/calendars/{name}"), &body)
                            .await
                    }
                    Err(failure) => Err(failure),
                };
                match created {
                    Ok(_) => {
                        failure.set(None);
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::NamedCalendar { name });
                        }
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let pick = {
        let template = template.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            template.set(if value == "organisation" {
                Template::Organisation
            } else {
                Template::AroundTheClock
            });
        })
    };
    // A name already taken answers as a stale version: there is a calendar there.
    let taken = failure.as_ref().is_some_and(Failure::is_stale);
    html! {
        <form class="new-calendar" id="new-calendar" {onsubmit}>
            <input id="new-calendar-name" required=true pattern="[a-z0-9_-]{1,64}" placeholder="premium_7x24"
                aria-label={S::NewCalendarName.get(lang)} title={S::NewCalendarName.get(lang)} ref={name} />
            <select id="new-calendar-template" onchange={pick} aria-label={S::StartsAs.get(lang)}>
                <option value="around_the_clock" selected={*template == Template::AroundTheClock}>{ S::AroundTheClock.get(lang) }</option>
                <option value="organisation" selected={*template == Template::Organisation}>{ S::CopyOfOrganisation.get(lang) }</option>
            </select>
            <button type="submit" id="create-calendar">{ S::CreateCalendar.get(lang) }</button>
            { beside(&failure, "name") }
            if taken {
                <span class="field-error">{ S::NameTaken.get(lang) }</span>
            } else if failure.as_ref().is_some_and(|failure| failure.field("name").is_none()) {
                <span class="field-error">{ failure.as_ref().map(Failure::detail).unwrap_or_default() }</span>
            }
        </form>
    }
}

/// Every day, 00:00–24:00, in the organisation's zone.
fn around_the_clock() -> Calendar {
    Calendar {
        version: None,
        time_zone: format::ORG_TZ.name().to_owned(),
        work_week: DayOfWeek::ALL.to_vec(),
        periods: vec![Period::WHOLE_DAY],
        weekday_periods: BTreeMap::new(),
        exceptions: Some(Vec::new()),
    }
}
