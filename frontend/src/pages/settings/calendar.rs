//! 设置 · 工作日历 the business calendars (SPEC section 3): the
//! organisation's and the named ones a contract may run on (7×24, say).
//! Each has its time zone, work week and business periods (two of them
//! make a lunch break), and a year's holidays and make-up workdays typed as
//! a list, one date or date range a line. The year is drawn month by
//! month from the calendar being edited, through the domain crate, so a
//! line typed or a day clicked shows at once whether that day is worked.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, TimeDelta};
use chrono_tz::Tz;
use rapport_domain::calendar::{
    BusinessCalendar, CalendarException, CalendarSpec, DayOfWeek, ExceptionKind, Period,
};
use rapport_types::calendar::Calendar;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{Refusal, beside, beside_all};
use crate::components::form::reread;
use crate::format;
use crate::i18n::{Label, Lang, S, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};

/// The longest date range one line may span, in days (the Spring Festival
/// and National Day holidays are eight).
const MAX_RANGE_DAYS: i64 = 31;

/// The time zones the app can draw (the ones `make frontend` compiles in).
const ZONES: [&str; 5] = [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "Asia/Urumqi",
];

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

/// What is wrong with the typed lists: by year, each line (from 1) and its mistake.
type Mistakes = BTreeMap<i32, Vec<(usize, S)>>;

/// A change to the calendar being edited, given what was typed.
type Change = Box<dyn Fn(&mut Draft, String)>;

/// A calendar being edited.
#[derive(Clone, PartialEq)]
struct Draft {
    version: Option<i32>,
    time_zone: String,
    work_week: Vec<DayOfWeek>,
    /// Each period as typed, start and end.
    periods: Vec<(String, String)>,
    /// Weekdays with hours of their own, as typed (`09:00-16:00, ...`).
    weekday_periods: BTreeMap<DayOfWeek, String>,
    /// The exceptions as read.
    stored: Vec<CalendarException>,
    /// The lists typed, by year; a year not here keeps what was read.
    lists: BTreeMap<i32, String>,
}

impl Draft {
    fn of(calendar: Calendar) -> Draft {
        Draft {
            version: calendar.version,
            time_zone: calendar.time_zone,
            work_week: calendar.work_week,
            periods: calendar
                .periods
                .iter()
                .map(|period| (clock(period.start_minute()), clock(period.end_minute())))
                .collect(),
            weekday_periods: calendar
                .weekday_periods
                .iter()
                .map(|(day, periods)| {
                    let typed = periods
                        .iter()
                        .map(|period| {
                            format!(
                                "{}-{}",
                                clock(period.start_minute()),
                                clock(period.end_minute())
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    (*day, typed)
                })
                .collect(),
            stored: calendar.exceptions.unwrap_or_default(),
            lists: BTreeMap::new(),
        }
    }

    /// The list of `year` as shown: as typed, else as read.
    fn list(&self, year: i32, lang: Lang) -> String {
        match self.lists.get(&year) {
            Some(text) => text.clone(),
            None => list_text(
                self.stored
                    .iter()
                    .filter(|exception| exception.date.year() == year),
                lang,
            ),
        }
    }

    /// The exceptions of every year, the typed lists read; else each
    /// year's mistakes, by line.
    fn exceptions(&self) -> Result<Vec<CalendarException>, Mistakes> {
        let mut all: Vec<CalendarException> = self
            .stored
            .iter()
            .filter(|exception| !self.lists.contains_key(&exception.date.year()))
            .cloned()
            .collect();
        let mut mistakes = BTreeMap::new();
        for (&year, text) in &self.lists {
            match parse_list(text, year) {
                Ok(found) => all.extend(found),
                Err(lines) => {
                    mistakes.insert(year, lines);
                }
            }
        }
        if mistakes.is_empty() {
            all.sort_by_key(|exception| exception.date);
            Ok(all)
        } else {
            Err(mistakes)
        }
    }

    /// The periods as typed, read; else the rows that are not periods.
    fn read_periods(&self) -> Result<Vec<Period>, BTreeSet<usize>> {
        let mut bad = BTreeSet::new();
        let mut periods = Vec::new();
        for (row, (start, end)) in self.periods.iter().enumerate() {
            match Period::parse(start.trim(), end.trim()) {
                Ok(period) => periods.push(period),
                Err(_) => {
                    bad.insert(row);
                }
            }
        }
        if bad.is_empty() {
            Ok(periods)
        } else {
            Err(bad)
        }
    }

    /// The weekdays' own hours as typed, read (a day left blank keeps the
    /// standard periods); else the days whose hours are not periods.
    fn read_weekday_periods(
        &self,
    ) -> Result<BTreeMap<DayOfWeek, Vec<Period>>, BTreeSet<DayOfWeek>> {
        let mut bad = BTreeSet::new();
        let mut read = BTreeMap::new();
        for (&day, typed) in &self.weekday_periods {
            if typed.trim().is_empty() {
                continue;
            }
            let periods: Option<Vec<Period>> = typed
                .split([',', '，', ';'])
                .filter(|part| !part.trim().is_empty())
                .map(|part| {
                    let (start, end) = part.split_once(['-', '–', '~'])?;
                    Period::parse(start.trim(), end.trim()).ok()
                })
                .collect();
            match periods {
                Some(periods) => {
                    read.insert(day, periods);
                }
                None => {
                    bad.insert(day);
                }
            }
        }
        if bad.is_empty() { Ok(read) } else { Err(bad) }
    }

    /// The calendar to draw: the draft where it reads, else what was read
    /// (the year's days depend on the work week and the exceptions only).
    fn drawn(&self, year: i32) -> Option<BusinessCalendar> {
        let mut exceptions: Vec<CalendarException> = self
            .stored
            .iter()
            .filter(|exception| exception.date.year() != year)
            .cloned()
            .collect();
        let this_year = self.lists.get(&year).map_or_else(
            || {
                Ok(self
                    .stored
                    .iter()
                    .filter(|exception| exception.date.year() == year)
                    .cloned()
                    .collect())
            },
            |text| parse_list(text, year),
        );
        exceptions.extend(this_year.unwrap_or_default());
        BusinessCalendar::new(CalendarSpec {
            time_zone: self.time_zone.parse::<Tz>().unwrap_or(format::ORG_TZ),
            work_week: if self.work_week.is_empty() {
                DayOfWeek::MONDAY_TO_FRIDAY.to_vec()
            } else {
                self.work_week.clone()
            },
            periods: vec![Period::NINE_TO_SIX],
            weekday_periods: BTreeMap::new(),
            exceptions,
        })
        .ok()
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    name: Option<AttrValue>,
}

/// One calendar's form and its year drawn month by month.
#[component]
fn Editor(props: &EditorProps) -> Html {
    let lang = use_lang();
    let path = match &props.name {
        Some(name) => format!("/api/v1/calendars/{name}"),
        None => "/api/v1/calendar".to_owned(),
    };
    let loaded = use_state(|| None::<Result<(), Failure>>);
    let draft = use_state(|| None::<Draft>);
    let reloads = use_state(|| 0u32);
    let failure = use_state(|| None::<Failure>);
    let saved = use_state(|| false);
    let year = use_state(|| format::now().with_timezone(&format::ORG_TZ).year());
    {
        let (loaded, draft) = (loaded.clone(), draft.clone());
        use_effect_with((path.clone(), *reloads), move |(path, _)| {
            let (loaded, draft, path) = (loaded.clone(), draft.clone(), path.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::get::<Calendar>(&path).await {
                    Ok(calendar) => {
                        draft.set(Some(Draft::of(calendar)));
                        loaded.set(Some(Ok(())));
                    }
                    Err(failure) => loaded.set(Some(Err(failure))),
                }
            });
        });
    }
    let Some(current) = (*draft).clone() else {
        return match &*loaded {
            Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
            _ => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        };
    };
    let edit = {
        let (draft, saved) = (draft.clone(), saved.clone());
        move |apply: Change| {
            let (draft, saved) = (draft.clone(), saved.clone());
            Callback::from(move |value: String| {
                if let Some(mut next) = (*draft).clone() {
                    apply(&mut next, value);
                    draft.set(Some(next));
                    saved.set(false);
                }
            })
        }
    };
    let input_value = |event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value();
    let reload = reread(&failure, &saved, &reloads);
    let shown_year = *year;
    let mistakes = current.exceptions().err().unwrap_or_default();
    let bad_periods = current.read_periods().err().unwrap_or_default();
    let bad_days = current.read_weekday_periods().err().unwrap_or_default();
    let onsubmit = {
        let (current, failure, saved, draft, year, path) = (
            current.clone(),
            failure.clone(),
            saved.clone(),
            draft.clone(),
            year.clone(),
            path.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let exceptions = match current.exceptions() {
                Ok(exceptions) => exceptions,
                Err(mistakes) => {
                    if let Some(&first) = mistakes.keys().next() {
                        year.set(first);
                    }
                    return;
                }
            };
            let (Ok(periods), Ok(weekday_periods)) =
                (current.read_periods(), current.read_weekday_periods())
            else {
                return;
            };
            let body = Calendar {
                version: current.version,
                time_zone: current.time_zone.trim().to_owned(),
                work_week: current.work_week.clone(),
                periods,
                weekday_periods,
                exceptions: Some(exceptions),
            };
            let (failure, saved, draft, path) =
                (failure.clone(), saved.clone(), draft.clone(), path.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::put::<_, Calendar>(&path, &body).await {
                    Ok(calendar) => {
                        draft.set(Some(Draft::of(calendar)));
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

    let work_week = DayOfWeek::ALL.iter().map(|&day| {
        let toggle = edit(Box::new(move |draft, _| {
            if let Some(at) = draft.work_week.iter().position(|&chosen| chosen == day) {
                draft.work_week.remove(at);
            } else {
                draft.work_week.push(day);
                draft.work_week.sort();
            }
        }));
        html! {
            <label class="day-choice">
                <input type="checkbox" data-day={format::code(day)} checked={current.work_week.contains(&day)}
                    onchange={toggle.reform(|_| String::new())} />
                { day.label(lang) }
            </label>
        }
    });
    let periods = current.periods.iter().enumerate().map(|(row, (start, end))| {
        let set_start = edit(Box::new(move |draft, value| {
            if let Some(period) = draft.periods.get_mut(row) {
                period.0 = value;
            }
        }));
        let set_end = edit(Box::new(move |draft, value| {
            if let Some(period) = draft.periods.get_mut(row) {
                period.1 = value;
            }
        }));
        let remove = edit(Box::new(move |draft, _| {
            if row < draft.periods.len() {
                draft.periods.remove(row);
            }
        }));
        html! {
            <div class="period" data-row={row.to_string()}>
                <input class="start" size="5" maxlength="5" placeholder="09:00" value={start.clone()}
                    aria-label={S::From.get(lang)} oninput={set_start.reform(input_value)} />
                { "–" }
                <input class="end" size="5" maxlength="5" placeholder="18:00" value={end.clone()}
                    aria-label={S::To.get(lang)} oninput={set_end.reform(input_value)} />
                <button type="button" class="link remove" onclick={remove.reform(|_| String::new())}>{ S::Remove.get(lang) }</button>
                if bad_periods.contains(&row) {
                    <span class="field-error">{ S::NotAPeriod.get(lang) }</span>
                }
            </div>
        }
    });
    let own_hours = current.work_week.iter().map(|&day| {
        let set = edit(Box::new(move |draft, value| {
            draft.weekday_periods.insert(day, value);
        }));
        html! {
            <label class="own-hours">
                <span>{ day.label(lang) }</span>
                <input data-day={format::code(day)} placeholder={S::AsAbove.get(lang)}
                    value={current.weekday_periods.get(&day).cloned().unwrap_or_default()}
                    oninput={set.reform(input_value)} />
                if bad_days.contains(&day) {
                    <span class="field-error">{ S::NotAPeriod.get(lang) }</span>
                }
            </label>
        }
    });
    let add_period = edit(Box::new(|draft, _| {
        draft.periods.push((String::new(), String::new()));
    }));
    let set_zone = edit(Box::new(|draft, value| draft.time_zone = value));
    let set_list = edit(Box::new(move |draft, value| {
        draft.lists.insert(shown_year, value);
    }));
    let drawn = current.drawn(shown_year);
    let toggle_day = {
        let edit = edit.clone();
        let current = current.clone();
        let drawn = drawn.clone();
        Callback::from(move |date: NaiveDate| {
            let Ok(mut list) = parse_list(&current.list(shown_year, lang), shown_year) else {
                return;
            };
            if let Some(at) = list.iter().position(|exception| exception.date == date) {
                list.remove(at);
            } else {
                let worked = drawn
                    .as_ref()
                    .is_some_and(|calendar| calendar.is_working_day(date));
                list.push(CalendarException {
                    date,
                    kind: if worked {
                        ExceptionKind::Holiday
                    } else {
                        ExceptionKind::Workday
                    },
                    name: String::new(),
                });
                list.sort_by_key(|exception| exception.date);
            }
            let text = list_text(list.iter(), lang);
            edit(Box::new(move |draft, _| {
                draft.lists.insert(shown_year, text.clone());
            }))
            .emit(String::new());
        })
    };
    let step_year = |by: i32| {
        let year = year.clone();
        Callback::from(move |_| year.set(*year + by))
    };
    let year_mistakes = mistakes.get(&shown_year).cloned().unwrap_or_default();
    let other_years: Vec<i32> = mistakes
        .keys()
        .copied()
        .filter(|&other| other != shown_year)
        .collect();

    html! {
        <form class="calendar-editor" id="calendar-editor" {onsubmit}>
            <div class="calendar-side">
                <div class="card">
                    <label class="field">
                        <span>{ S::TimeZone.get(lang) }</span>
                        <input id="time-zone" list="time-zones" value={current.time_zone.clone()} oninput={set_zone.reform(input_value)} />
                        <datalist id="time-zones">
                            { for ZONES.iter().map(|zone| html! { <option value={*zone} /> }) }
                        </datalist>
                        { beside(&failure, "time_zone") }
                    </label>
                    <fieldset class="field" id="work-week">
                        <legend>{ S::WorkWeek.get(lang) }</legend>
                        { for work_week }
                        { beside(&failure, "work_week") }
                    </fieldset>
                    <fieldset class="field" id="periods">
                        <legend>{ S::BusinessHours.get(lang) }</legend>
                        <p class="hint">{ S::PeriodsHint.get(lang) }</p>
                        { for periods }
                        <button type="button" id="add-period" onclick={add_period.reform(|_| String::new())}>{ S::AddPeriod.get(lang) }</button>
                        { beside(&failure, "periods") }
                    </fieldset>
                    <fieldset class="field" id="weekday-periods">
                        <legend>{ S::OwnHours.get(lang) }</legend>
                        <p class="hint">{ S::OwnHoursHint.get(lang) }</p>
                        { for own_hours }
                        { beside(&failure, "weekday_periods") }
                    </fieldset>
                </div>
                <div class="card exceptions">
                    <label class="field">
                        <span>{ format!("{shown_year} · {}", S::HolidaysAndWorkdays.get(lang)) }</span>
                        <textarea id="exception-list" rows="8" spellcheck="false"
                            value={current.list(shown_year, lang)}
                            oninput={set_list.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value())} />
                        <span class="hint">{ S::ListHint.get(lang) }</span>
                        { for year_mistakes.iter().map(|(line, mistake)| html! {
                            <span class="field-error list-mistake">{ format!("{} {line}: {}", S::Line.get(lang), mistake.get(lang)) }</span>
                        }) }
                        if !other_years.is_empty() {
                            <span class="field-error">{ format!("{}: {}", S::MistakesIn.get(lang), other_years.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }</span>
                        }
                        { beside_all(&failure, "exceptions") }
                    </label>
                </div>
                <div class="save-row">
                    <button type="submit" class="primary" id="save-calendar">{ T::Save.get(lang) }</button>
                    if *saved {
                        <span class="saved" id="calendar-saved">{ S::Saved.get(lang) }</span>
                    }
                    <Refusal failure={(*failure).clone()} on_reload={reload}
                        shown={vec![AttrValue::from("time_zone"), "work_week".into(), "periods".into(), "weekday_periods".into(), "exceptions".into()]} />
                </div>
            </div>
            <div class="calendar-year">
                <div class="year-switch">
                    <button type="button" id="previous-year" onclick={step_year(-1)} aria-label={T::Previous.get(lang)}>{ "‹" }</button>
                    <strong id="shown-year">{ shown_year }</strong>
                    <button type="button" id="next-year" onclick={step_year(1)} aria-label={T::Next.get(lang)}>{ "›" }</button>
                </div>
                <Year calendar={drawn} year={shown_year} on_pick={toggle_day} />
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct YearProps {
    calendar: Option<BusinessCalendar>,
    year: i32,
    on_pick: Callback<NaiveDate>,
}

/// The year month by month: working days, days off, holidays and make-up
/// workdays each their own colour; a click adds or removes the day's
/// exception.
#[component]
fn Year(props: &YearProps) -> Html {
    let lang = use_lang();
    let Some(calendar) = &props.calendar else {
        return html! {};
    };
    let today = format::now().with_timezone(&format::ORG_TZ).date_naive();
    let initials: Vec<&str> = S::WeekdayInitials.get(lang).split(' ').collect();
    let months = (1..=12).filter_map(|month| {
        let first = NaiveDate::from_ymd_opt(props.year, month, 1)?;
        let lead = first.weekday().num_days_from_monday();
        let days = (0..31)
            .filter_map(|offset| first.checked_add_signed(TimeDelta::days(offset)))
            .take_while(|date| date.month() == month);
        let cells = days.map(|date| {
            let exception = calendar.exception_on(date);
            let class = match exception.map(|exception| exception.kind) {
                Some(ExceptionKind::Holiday) => "holiday",
                Some(ExceptionKind::Workday) => "makeup",
                None if calendar.is_working_day(date) => "working",
                None => "off",
            };
            let title = exception.map_or_else(
                String::new,
                |exception| {
                    let kind = exception.kind.label(lang);
                    if exception.name.is_empty() {
                        kind.to_owned()
                    } else {
                        format!("{} · {kind}", exception.name)
                    }
                },
            );
            let onclick = props.on_pick.reform(move |_| date);
            html! {
                <button type="button" class={classes!("day", class, (date == today).then_some("today"))}
                    data-date={date.to_string()} {title} {onclick}>{ date.day() }</button>
            }
        });
        Some(html! {
            <div class="month" data-month={month.to_string()}>
                <h4>{ month_name(month, lang) }</h4>
                <div class="grid">
                    { for initials.iter().map(|initial| html! { <span class="initial">{ *initial }</span> }) }
                    { for (0..lead).map(|_| html! { <span></span> }) }
                    { for cells }
                </div>
            </div>
        })
    });
    html! {
        <div class="year-view">
            <p class="legend">
                <span class="day working">{ S::WorkingDay.get(lang) }</span>
                <span class="day off">{ S::DayOff.get(lang) }</span>
                <span class="day holiday">{ ExceptionKind::Holiday.label(lang) }</span>
                <span class="day makeup">{ ExceptionKind::Workday.label(lang) }</span>
                <span class="hint">{ S::ClickADay.get(lang) }</span>
            </p>
            <div class="months" id="months">{ for months }</div>
        </div>
    }
}

/// Minutes since midnight as `HH:MM` (`24:00` at the end of the day).
fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A month's name: `3月`, `March`.
fn month_name(month: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{month}月"),
        Lang::En => u8::try_from(month)
            .ok()
            .and_then(|month| chrono::Month::try_from(month).ok())
            .map_or_else(|| month.to_string(), |month| month.name().to_owned()),
    }
}

/// How a kind is written in the list, in `lang`.
fn kind_word(kind: ExceptionKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ExceptionKind::Holiday, Lang::Zh) => "休",
        (ExceptionKind::Workday, Lang::Zh) => "班",
        (ExceptionKind::Holiday, Lang::En) => "holiday",
        (ExceptionKind::Workday, Lang::En) => "workday",
    }
}

/// The kind a word of the list names, in either language.
fn kind_of(word: &str) -> Option<ExceptionKind> {
    match word.to_lowercase().as_str() {
        "holiday" | "休" | "假" => Some(ExceptionKind::Holiday),
        "workday" | "班" | "调休" => Some(ExceptionKind::Workday),
        _ => None,
    }
}

/// Exceptions as list lines, consecutive days of one kind and name as one
/// range: `2025-10-01..2025-10-08 休 国庆节`.
fn list_text<'a>(exceptions: impl Iterator<Item = &'a CalendarException>, lang: Lang) -> String {
    let mut runs: Vec<(NaiveDate, &CalendarException)> = Vec::new();
    for exception in exceptions {
        match runs.last_mut() {
            Some((end, first))
                if first.kind == exception.kind
                    && first.name == exception.name
                    && end.succ_opt() == Some(exception.date) =>
            {
                *end = exception.date;
            }
            _ => runs.push((exception.date, exception)),
        }
    }
    runs.iter()
        .map(|(end, first)| {
            let dates = if *end == first.date {
                first.date.to_string()
            } else {
                format!("{}..{end}", first.date)
            };
            let line = format!("{dates} {} {}", kind_word(first.kind, lang), first.name);
            line.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The exceptions a year's list names, by date; else what is wrong, by
/// line (from 1). A line is `date[..date] kind [name]`; blank lines and
/// lines starting with `#` are skipped.
fn parse_list(text: &str, year: i32) -> Result<Vec<CalendarException>, Vec<(usize, S)>> {
    let mut found: BTreeMap<NaiveDate, CalendarException> = BTreeMap::new();
    let mut mistakes = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let dates = words.next().unwrap_or_default();
        let Some(kind) = words.next().and_then(kind_of) else {
            mistakes.push((index + 1, S::NoKind));
            continue;
        };
        let name = words.collect::<Vec<_>>().join(" ");
        let (from, to) = dates
            .split_once("..")
            .or_else(|| dates.split_once('~'))
            .unwrap_or((dates, dates));
        let parse = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        let (Some(from), Some(to)) = (parse(from), parse(to)) else {
            mistakes.push((index + 1, S::NotADate));
            continue;
        };
        if to < from || (to - from).num_days() >= MAX_RANGE_DAYS {
            mistakes.push((index + 1, S::BadRange));
            continue;
        }
        if from.year() != year || to.year() != year {
            mistakes.push((index + 1, S::NotThisYear));
            continue;
        }
        for date in from.iter_days().take_while(|date| *date <= to) {
            let exception = CalendarException {
                date,
                kind,
                name: name.clone(),
            };
            if found.insert(date, exception).is_some() {
                mistakes.push((index + 1, S::DateTwice));
                break;
            }
        }
    }
    if mistakes.is_empty() {
        Ok(found.into_values().collect())
    } else {
        Err(mistakes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_list_reads_ranges_and_both_languages_and_writes_them_back() {
        let text = "2025-10-01..2025-10-03 休 国庆节\n\n# 调休\n2025-09-28 workday 国庆节调休";
        let read = parse_list(text, 2025).unwrap();
        assert_eq!(read.len(), 4);
        assert_eq!(read[0].date, day("2025-09-28"));
        assert_eq!(read[0].kind, ExceptionKind::Workday);
        assert_eq!(read[3].name, "国庆节");
        assert_eq!(
            list_text(read.iter(), Lang::Zh),
            "2025-09-28 班 国庆节调休\n2025-10-01..2025-10-03 休 国庆节"
        );
    }

    #[test]
    fn a_wrong_line_is_named_by_its_number() {
        let text = "2025-10-01 休\n2025-13-01 休\n2026-01-01 休\n2025-10-02 rest\n2025-10-01 班";
        assert_eq!(
            parse_list(text, 2025).unwrap_err(),
            vec![
                (2, S::NotADate),
                (3, S::NotThisYear),
                (4, S::NoKind),
                (5, S::DateTwice)
            ]
        );
    }
}
