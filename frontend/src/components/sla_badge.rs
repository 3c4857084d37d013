//! The SLA badge: the time left to the nearest deadline, counting down each
//! second on its own (only the badge renders on a tick, never the table);
//! amber once at risk, red with negative time once breached.

use rapport_types::requests::DueClock;
use yew::prelude::*;

use crate::format;
use crate::i18n::{Label, T, use_lang};

#[derive(Properties, PartialEq)]
pub struct SlaBadgeProps {
    /// The nearest unmet target; none when all are met.
    pub due: Option<DueClock>,
    /// The request waits on the customer: its clocks stand still.
    #[prop_or_default]
    pub paused: bool,
}

#[component]
pub fn SlaBadge(props: &SlaBadgeProps) -> Html {
    let lang = use_lang();
    let now = use_state(format::now);
    let ticking = props.due.is_some() && !props.paused;
    {
        let now = now.clone();
        use_effect_with(ticking, move |ticking| {
            let interval = ticking.then(|| {
                gloo_timers::callback::Interval::new(1000, move || now.set(format::now()))
            });
            move || drop(interval)
        });
    }
    let Some(due) = props.due else {
        return html! { <span class="sla met">{ T::Met.get(lang) }</span> };
    };
    let left = due.deadline - *now;
    let title = format!(
        "{} · {} {}",
        due.target.label(lang),
        T::Deadline.get(lang),
        format::time(due.deadline)
    );
    if props.paused {
        return html! { <span class="sla paused" {title}>{ T::Paused.get(lang) }</span> };
    }
    let state = if *now >= due.deadline {
        "breached"
    } else if *now >= due.at_risk_from {
        "at-risk"
    } else {
        "running"
    };
    html! {
        <span class={classes!("sla", state)} {title} data-deadline={due.deadline.to_rfc3339()}>
            { format::countdown(left) }
        </span>
    }
}
