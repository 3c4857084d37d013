//! The year month by month, coloured by the calendar being edited.

use chrono::{Datelike, NaiveDate, TimeDelta};
use rapport_domain::calendar::{BusinessCalendar, ExceptionKind};
use yew::prelude::*;

use crate::format;
use crate::i18n::{Label, Lang, S, use_lang};

#[derive(Properties, PartialEq)]
pub(super) struct YearProps {
    pub(super) calendar: Option<BusinessCalendar>,
    pub(super) year: i32,
    pub(super) on_pick: Callback<NaiveDate>,
}

/// The year month by month: working days, days off, holidays and make-up
/// workdays each their own colour; a click adds or removes the day's
/// exception.
#[component]
pub(super) fn Year(props: &YearProps) -> Html {
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
