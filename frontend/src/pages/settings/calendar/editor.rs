//! One calendar's form beside its year: the time zone, work week,
//! business periods, weekdays' own hours and the year's list.

use chrono::{Datelike, NaiveDate};
use rapport_domain::calendar::{CalendarException, DayOfWeek, ExceptionKind};
use rapport_types::calendar::Calendar;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::draft::Draft;
use super::list::{list_text, parse_list};
use super::year::Year;
use crate::components::draft::use_drafting;
use crate::format;
use crate::i18n::{Label, S, T, use_lang};
use crate::pages::settings::{Refusal, beside, beside_all};
use crate::services::{self, Failure};

/// The time zones the app can draw (the ones `make frontend` compiles in).
const ZONES: [&str; 5] = [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Taipei",
    "Asia/Urumqi",
];

/// A change to the calendar being edited, given what was typed.
type Change = Box<dyn Fn(&mut Draft, String)>;

#[derive(Properties, PartialEq)]
pub(super) struct EditorProps {
    pub(super) name: Option<AttrValue>,
}

/// One calendar's form and its year drawn month by month.
#[component]
pub(super) fn Editor(props: &EditorProps) -> Html {
    let lang = use_lang();
    let path = match &props.name {
        Some(name) => format!("/api/v1/calendars/{name}"),
        None => "/api/v1/calendar".to_owned(),
    };
    let loaded = use_state(|| None::<Result<(), Failure>>);
    let draft = use_state(|| None::<Draft>);
    let drafting = use_drafting();
    let (failure, saved) = (drafting.failure.clone(), drafting.saved.clone());
    let year = use_state(|| format::now().with_timezone(&format::ORG_TZ).year());
    {
        let (loaded, draft) = (loaded.clone(), draft.clone());
        use_effect_with((path.clone(), *drafting.reads), move |(path, _)| {
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
        let (drafting, draft) = (drafting.clone(), draft.clone());
        move |apply: Change| {
            drafting.edit(&draft, move |draft: &mut Option<Draft>, value: String| {
                if let Some(draft) = draft {
                    apply(draft, value);
                }
            })
        }
    };
    let input_value = |event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value();
    let reload = drafting.reread();
    let shown_year = *year;
    let mistakes = current.exceptions().err().unwrap_or_default();
    let bad_periods = current.read_periods().err().unwrap_or_default();
    let bad_days = current.read_weekday_periods().err().unwrap_or_default();
    let onsubmit = {
        let (current, drafting, draft, year, path) = (
            current.clone(),
            drafting.clone(),
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
            let draft = draft.clone();
            drafting.save(path.clone(), body, move |calendar: Calendar| {
                draft.set(Some(Draft::of(calendar)));
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
