//! SLA clocks: when a target falls due, how pauses move it, and whether it is
//! running, at risk, met or breached (SPEC section 3).

use crate::messages::Message;
use crate::msg;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{BusinessCalendar, CalendarError};

mod policy;

pub use policy::{SlaPolicy, SlaTarget};

/// The largest amount a clock may count (ten years of days).
pub const MAX_CLOCK_AMOUNT: u32 = 3650;

/// Why a clock, a pause or a deadline could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().english())]
pub enum SlaError {
    /// A clock's amount was zero or absurdly large.
    InvalidAmount(u32),
    /// A pause was recorded as ending before it began.
    PauseEndsBeforeItBegins {
        /// When the pause was said to begin.
        from: DateTime<Utc>,
        /// When the pause was said to end.
        to: DateTime<Utc>,
    },
    /// The deadline would fall outside the dates the system can represent.
    OutOfRange,
    /// The business calendar could not place the deadline.
    Calendar(#[from] CalendarError),
}

impl SlaError {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        match self {
            SlaError::InvalidAmount(amount) => msg!(
                "an SLA clock must count from 1 to {max}, not {amount}",
                max = MAX_CLOCK_AMOUNT,
                amount = amount
            ),
            SlaError::PauseEndsBeforeItBegins { from, to } => msg!(
                "a pause cannot end ({to}) before it begins ({from})",
                to = to,
                from = from
            ),
            SlaError::OutOfRange => {
                msg!("the deadline falls outside the range of dates the system can represent")
            }
            SlaError::Calendar(error) => error.message(),
        }
    }
}

/// How a clock counts time towards a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ClockKind {
    /// Wall-clock hours; holidays do not matter.
    Hours,
    /// Hours counted only inside business hours on working days.
    BusinessHours,
    /// Close of business on the Nth working day after the start's local date.
    WorkingDays,
    /// Whole 24-hour days of wall-clock time.
    Days,
}

impl ClockKind {
    /// Whether the clock counts business time (and so pauses move it by business time).
    pub fn counts_business_time(self) -> bool {
        matches!(self, ClockKind::BusinessHours | ClockKind::WorkingDays)
    }
}

/// A deadline rule such as "3 working days" or "24 hours".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "ClockSpec", into = "ClockSpec")]
pub struct Clock {
    kind: ClockKind,
    amount: u32,
}

/// A clock as written on the wire, e.g. `{"kind":"working_days","amount":3}`,
/// before its amount is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockSpec {
    /// How the clock counts.
    pub kind: ClockKind,
    /// How many hours or days it counts.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3650))]
    pub amount: u32,
}

impl Clock {
    /// A clock counting `amount` (1 to [`MAX_CLOCK_AMOUNT`]) units of `kind`.
    pub fn new(kind: ClockKind, amount: u32) -> Result<Clock, SlaError> {
        if amount == 0 || amount > MAX_CLOCK_AMOUNT {
            return Err(SlaError::InvalidAmount(amount));
        }
        Ok(Clock { kind, amount })
    }

    /// How the clock counts.
    pub fn kind(&self) -> ClockKind {
        self.kind
    }

    /// How many hours or days the clock counts.
    pub fn amount(&self) -> u32 {
        self.amount
    }
}

impl TryFrom<ClockSpec> for Clock {
    type Error = SlaError;

    fn try_from(spec: ClockSpec) -> Result<Self, Self::Error> {
        Clock::new(spec.kind, spec.amount)
    }
}

impl From<Clock> for ClockSpec {
    fn from(clock: Clock) -> Self {
        ClockSpec {
            kind: clock.kind,
            amount: clock.amount,
        }
    }
}

/// A stretch of time during which a request waited on the customer and its clocks stood still.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PauseSpec", into = "PauseSpec")]
pub struct Pause {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

/// A pause as written on the wire, before its order is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseSpec {
    /// When the request started waiting on the customer.
    pub from: DateTime<Utc>,
    /// When the request resumed.
    pub to: DateTime<Utc>,
}

impl Pause {
    /// A pause from `from` to `to`; it may not end before it begins.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Pause, SlaError> {
        if to < from {
            return Err(SlaError::PauseEndsBeforeItBegins { from, to });
        }
        Ok(Pause { from, to })
    }

    /// When the request started waiting on the customer.
    pub fn from(&self) -> DateTime<Utc> {
        self.from
    }

    /// When the request resumed.
    pub fn to(&self) -> DateTime<Utc> {
        self.to
    }
}

impl TryFrom<PauseSpec> for Pause {
    type Error = SlaError;

    fn try_from(spec: PauseSpec) -> Result<Self, Self::Error> {
        Pause::new(spec.from, spec.to)
    }
}

impl From<Pause> for PauseSpec {
    fn from(pause: Pause) -> Self {
        PauseSpec {
            from: pause.from,
            to: pause.to,
        }
    }
}

/// The pauses that fall after the start, clipped to it, sorted and merged so
/// that overlapping pauses are never counted twice.
fn merged_pauses(start: DateTime<Utc>, pauses: &[Pause]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut clipped: Vec<_> = pauses
        .iter()
        .map(|pause| (pause.from.max(start), pause.to))
        .filter(|(from, to)| from < to)
        .collect();
    clipped.sort();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(clipped.len());
    for (from, to) in clipped {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// When a clock started at `start` falls due, given the pauses so far.
///
/// `hours` and `days` clocks run on wall time and move by the paused wall
/// time. `business_hours` clocks count business time on `calendar`.
/// `working_days` clocks fall at close of business on the Nth working day
/// after the start's local date (the start day never counts, even when the
/// request arrives before opening). Business clocks move later by the paused
/// time measured in business time.
pub fn deadline(
    calendar: &BusinessCalendar,
    start: DateTime<Utc>,
    clock: Clock,
    pauses: &[Pause],
) -> Result<DateTime<Utc>, SlaError> {
    let paused = merged_pauses(start, pauses);
    let amount = i64::from(clock.amount);
    match clock.kind {
        ClockKind::Hours | ClockKind::Days => {
            let hours_per_unit = if clock.kind == ClockKind::Days { 24 } else { 1 };
            let paused_wall = paused
                .iter()
                .fold(TimeDelta::zero(), |total, (from, to)| total + (*to - *from));
            start
                .checked_add_signed(TimeDelta::hours(amount * hours_per_unit))
                .and_then(|due| due.checked_add_signed(paused_wall))
                .ok_or(SlaError::OutOfRange)
        }
        ClockKind::BusinessHours => {
            let due = calendar.add_business_time(start, TimeDelta::hours(amount))?;
            Ok(calendar.add_business_time(due, paused_business_time(calendar, &paused))?)
        }
        ClockKind::WorkingDays => {
            let mut day = calendar.local_date(start);
            for _ in 0..clock.amount {
                day = calendar.next_working_day(day)?;
            }
            let due = calendar.close_of_business(day)?;
            // The spec moves every business deadline by exactly the paused
            // business time, so a paused working-days deadline can land in
            // the middle of a day rather than at close of business: a pause
            // of 9 business hours moves 18:00 to 18:00 of the next working
            // day, but a pause of 2 hours moves it to 11:00.
            Ok(calendar.add_business_time(due, paused_business_time(calendar, &paused))?)
        }
    }
}

/// The business time covered by already merged pauses.
fn paused_business_time(
    calendar: &BusinessCalendar,
    paused: &[(DateTime<Utc>, DateTime<Utc>)],
) -> TimeDelta {
    paused.iter().fold(TimeDelta::zero(), |total, (from, to)| {
        total + calendar.business_time_between(*from, *to)
    })
}

/// Where an SLA target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SlaStatus {
    /// Still running with at least a fifth of its span left.
    Running,
    /// Still running with less than a fifth of its span left.
    AtRisk,
    /// The milestone happened at or before the deadline.
    Met,
    /// The milestone happened after the deadline, or the deadline passed without it.
    Breached,
}

/// The time between two instants as the clock kind counts it: business time
/// for business clocks, wall time otherwise; zero when `to` is not after `from`.
fn measured(
    calendar: &BusinessCalendar,
    kind: ClockKind,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> TimeDelta {
    if kind.counts_business_time() {
        calendar.business_time_between(from, to)
    } else {
        (to - from).max(TimeDelta::zero())
    }
}

/// Where a target stands at `now`: met or breached once its milestone is
/// known or its deadline has passed, else at risk when less than 20% of its
/// span (start to deadline, measured as its clock counts) is left.
pub fn status(
    calendar: &BusinessCalendar,
    kind: ClockKind,
    start: DateTime<Utc>,
    deadline: DateTime<Utc>,
    milestone: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaStatus {
    match milestone {
        Some(done) if done <= deadline => SlaStatus::Met,
        Some(_) => SlaStatus::Breached,
        None if now > deadline => SlaStatus::Breached,
        None => {
            let span = measured(calendar, kind, start, deadline);
            let left = measured(calendar, kind, now.max(start), deadline);
            let left_ms = i128::from(left.num_milliseconds());
            let span_ms = i128::from(span.num_milliseconds());
            if left_ms * 5 < span_ms {
                SlaStatus::AtRisk
            } else {
                SlaStatus::Running
            }
        }
    }
}

/// The first instant at which a target still running counts as at risk
/// (less than a fifth of its span left), so that lists can filter on it
/// without measuring every clock: `status` is `AtRisk` exactly from here up
/// to the deadline.
pub fn at_risk_from(
    calendar: &BusinessCalendar,
    kind: ClockKind,
    start: DateTime<Utc>,
    deadline: DateTime<Utc>,
) -> DateTime<Utc> {
    let span_ms = i128::from(measured(calendar, kind, start, deadline).num_milliseconds());
    let at_risk = |instant: DateTime<Utc>| {
        let left = measured(calendar, kind, instant, deadline);
        i128::from(left.num_milliseconds()) * 5 < span_ms
    };
    // Time left only shrinks as the instant moves on, so bisect between the
    // start (not at risk: its whole span is left) and the deadline (at risk:
    // nothing is left) down to the nanosecond.
    if at_risk(start) {
        return start;
    }
    if !at_risk(deadline) {
        return deadline;
    }
    let (mut safe, mut risky) = (start, deadline);
    while risky - safe > TimeDelta::nanoseconds(1) {
        let middle = safe + (risky - safe) / 2;
        if at_risk(middle) {
            risky = middle;
        } else {
            safe = middle;
        }
    }
    risky
}

/// How much time is left before a deadline at `now`, counted as the clock
/// counts (business time for business clocks); zero once the deadline has passed.
pub fn time_left(
    calendar: &BusinessCalendar,
    kind: ClockKind,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> TimeDelta {
    measured(calendar, kind, now, deadline)
}

#[cfg(test)]
mod tests;
