//! SLA clocks: when a target falls due, how pauses move it, and whether it is
//! running, at risk, met or breached (SPEC section 3).

use crate::messages::Message;
use crate::msg;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{BusinessCalendar, CalendarError};
use crate::request::{Priority, WorkType};

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

/// A commitment the SLA policy puts a clock on; one per row of the default
/// policy table in SPEC section 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum SlaTarget {
    /// First response to an urgent request (affects the customer's core business).
    ResponseUrgent,
    /// First response to an important request.
    ResponseImportant,
    /// First response to a routine request.
    ResponseRoutine,
    /// The assigned technician calls the customer back.
    CallBack,
    /// A maintenance request is resolved.
    ResolutionMaintenance,
    /// An implementation request is resolved.
    ResolutionImplementation,
    /// The request record is completed after a remote fix.
    RemoteRecord,
    /// The account manager signs the on-site service form.
    OnSiteSignature,
    /// The return visit after resolution takes place.
    ReturnVisit,
    /// The satisfaction survey after delivery is done.
    SatisfactionSurvey,
    /// A review starts after a dissatisfied return-visit answer.
    DissatisfiedReview,
}

impl SlaTarget {
    /// Every target, in the order of the policy table.
    pub const ALL: [SlaTarget; 11] = [
        SlaTarget::ResponseUrgent,
        SlaTarget::ResponseImportant,
        SlaTarget::ResponseRoutine,
        SlaTarget::CallBack,
        SlaTarget::ResolutionMaintenance,
        SlaTarget::ResolutionImplementation,
        SlaTarget::RemoteRecord,
        SlaTarget::OnSiteSignature,
        SlaTarget::ReturnVisit,
        SlaTarget::SatisfactionSurvey,
        SlaTarget::DissatisfiedReview,
    ];

    /// The response target for a request of this priority.
    pub fn response_target(priority: Priority) -> SlaTarget {
        match priority {
            Priority::Urgent => SlaTarget::ResponseUrgent,
            Priority::Important => SlaTarget::ResponseImportant,
            Priority::Routine => SlaTarget::ResponseRoutine,
        }
    }

    /// The resolution target for a request of this work type.
    pub fn resolution_target(work_type: WorkType) -> SlaTarget {
        match work_type {
            WorkType::Maintenance => SlaTarget::ResolutionMaintenance,
            WorkType::Implementation => SlaTarget::ResolutionImplementation,
        }
    }

    /// The targets intake starts: the response and resolution targets of
    /// the request's priority and work type, and the call-back, which runs
    /// only when routing assigned someone.
    pub fn started_at_intake(priority: Priority, work_type: WorkType) -> [SlaTarget; 3] {
        [
            SlaTarget::response_target(priority),
            SlaTarget::resolution_target(work_type),
            SlaTarget::CallBack,
        ]
    }
}

/// The organisation's SLA policy: one clock for every target. On the wire it
/// is an object keyed by target name, and every target must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicy {
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    response_urgent: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    response_important: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    response_routine: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    call_back: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    resolution_maintenance: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    resolution_implementation: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    remote_record: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    on_site_signature: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    return_visit: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    satisfaction_survey: Clock,
    #[cfg_attr(feature = "openapi", schema(value_type = ClockSpec))]
    dissatisfied_review: Clock,
}

/// A clock of a known-good amount, for the default policy table.
const fn fixed(kind: ClockKind, amount: u32) -> Clock {
    Clock { kind, amount }
}

impl Default for SlaPolicy {
    /// The default policy table of SPEC section 3.
    fn default() -> Self {
        SlaPolicy {
            response_urgent: fixed(ClockKind::Hours, 24),
            response_important: fixed(ClockKind::WorkingDays, 3),
            response_routine: fixed(ClockKind::WorkingDays, 5),
            call_back: fixed(ClockKind::BusinessHours, 4),
            resolution_maintenance: fixed(ClockKind::WorkingDays, 3),
            resolution_implementation: fixed(ClockKind::WorkingDays, 7),
            remote_record: fixed(ClockKind::Hours, 2),
            on_site_signature: fixed(ClockKind::Days, 2),
            return_visit: fixed(ClockKind::Days, 7),
            satisfaction_survey: fixed(ClockKind::WorkingDays, 3),
            dissatisfied_review: fixed(ClockKind::Hours, 24),
        }
    }
}

impl SlaPolicy {
    /// The clock the policy puts on a target.
    pub fn clock(&self, target: SlaTarget) -> Clock {
        *self.slot(target)
    }

    /// Changes the clock of one target (an administrator editing the policy).
    pub fn set_clock(&mut self, target: SlaTarget, clock: Clock) {
        *self.slot_mut(target) = clock;
    }

    /// Every target with its clock, in the order of the policy table.
    pub fn entries(&self) -> [(SlaTarget, Clock); 11] {
        SlaTarget::ALL.map(|target| (target, self.clock(target)))
    }

    fn slot(&self, target: SlaTarget) -> &Clock {
        match target {
            SlaTarget::ResponseUrgent => &self.response_urgent,
            SlaTarget::ResponseImportant => &self.response_important,
            SlaTarget::ResponseRoutine => &self.response_routine,
            SlaTarget::CallBack => &self.call_back,
            SlaTarget::ResolutionMaintenance => &self.resolution_maintenance,
            SlaTarget::ResolutionImplementation => &self.resolution_implementation,
            SlaTarget::RemoteRecord => &self.remote_record,
            SlaTarget::OnSiteSignature => &self.on_site_signature,
            SlaTarget::ReturnVisit => &self.return_visit,
            SlaTarget::SatisfactionSurvey => &self.satisfaction_survey,
            SlaTarget::DissatisfiedReview => &self.dissatisfied_review,
        }
    }

    fn slot_mut(&mut self, target: SlaTarget) -> &mut Clock {
        match target {
            SlaTarget::ResponseUrgent => &mut self.response_urgent,
            SlaTarget::ResponseImportant => &mut self.response_important,
            SlaTarget::ResponseRoutine => &mut self.response_routine,
            SlaTarget::CallBack => &mut self.call_back,
            SlaTarget::ResolutionMaintenance => &mut self.resolution_maintenance,
            SlaTarget::ResolutionImplementation => &mut self.resolution_implementation,
            SlaTarget::RemoteRecord => &mut self.remote_record,
            SlaTarget::OnSiteSignature => &mut self.on_site_signature,
            SlaTarget::ReturnVisit => &mut self.return_visit,
            SlaTarget::SatisfactionSurvey => &mut self.satisfaction_survey,
            SlaTarget::DissatisfiedReview => &mut self.dissatisfied_review,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::tests::{any_calendar, any_instant, at, china_2025};
    use chrono::Duration;
    use proptest::prelude::*;

    fn clock(kind: ClockKind, amount: u32) -> Clock {
        Clock::new(kind, amount).unwrap()
    }

    fn pause(from: &str, to: &str) -> Pause {
        Pause::new(at(from), at(to)).unwrap()
    }

    fn due(start: &str, kind: ClockKind, amount: u32, pauses: &[Pause]) -> DateTime<Utc> {
        deadline(&china_2025(), at(start), clock(kind, amount), pauses).unwrap()
    }

    #[test]
    fn example_a_working_days_count_from_the_day_after_the_start() {
        assert_eq!(
            due("2025-03-03T10:00:00+08:00", ClockKind::WorkingDays, 5, &[]),
            at("2025-03-10T18:00:00+08:00")
        );
    }

    #[test]
    fn example_b_make_up_sunday_counts_as_a_working_day() {
        assert_eq!(
            due("2025-09-26T15:00:00+08:00", ClockKind::WorkingDays, 3, &[]),
            at("2025-09-30T18:00:00+08:00")
        );
    }

    #[test]
    fn example_c_hours_ignore_holidays() {
        assert_eq!(
            due("2025-01-27T20:00:00+08:00", ClockKind::Hours, 24, &[]),
            at("2025-01-28T20:00:00+08:00")
        );
    }

    #[test]
    fn example_d_business_hours_skip_the_labour_day_holidays() {
        assert_eq!(
            due(
                "2025-04-30T16:30:00+08:00",
                ClockKind::BusinessHours,
                4,
                &[]
            ),
            at("2025-05-06T11:30:00+08:00")
        );
    }

    #[test]
    fn example_e_a_saturday_start_counts_from_the_next_working_day() {
        assert_eq!(
            due("2025-03-08T11:00:00+08:00", ClockKind::WorkingDays, 3, &[]),
            at("2025-03-12T18:00:00+08:00")
        );
    }

    #[test]
    fn example_f_a_pause_moves_the_deadline_by_the_paused_business_time() {
        let paused = [pause(
            "2025-03-04T10:00:00+08:00",
            "2025-03-05T10:00:00+08:00",
        )];
        assert_eq!(
            due(
                "2025-03-03T10:00:00+08:00",
                ClockKind::WorkingDays,
                5,
                &paused
            ),
            at("2025-03-11T18:00:00+08:00")
        );
    }

    #[test]
    fn deadlines_follow_each_clock_kind_and_pause_rule() {
        let cases = [
            // A start before opening still does not count its own day.
            (
                "2025-03-03T07:00:00+08:00",
                ClockKind::WorkingDays,
                1,
                vec![],
                "2025-03-04T18:00:00+08:00",
            ),
            // A working-days clock started on a holiday.
            (
                "2025-10-01T10:00:00+08:00",
                ClockKind::WorkingDays,
                2,
                vec![],
                "2025-10-10T18:00:00+08:00",
            ),
            (
                "2025-03-07T17:00:00+08:00",
                ClockKind::Days,
                2,
                vec![],
                "2025-03-09T17:00:00+08:00",
            ),
            (
                "2025-03-03T10:00:00+08:00",
                ClockKind::BusinessHours,
                9,
                vec![],
                "2025-03-04T10:00:00+08:00",
            ),
            // Wall clocks move by the paused wall time, over a weekend too.
            (
                "2025-03-07T17:00:00+08:00",
                ClockKind::Hours,
                24,
                vec![pause(
                    "2025-03-07T18:00:00+08:00",
                    "2025-03-08T06:00:00+08:00",
                )],
                "2025-03-09T05:00:00+08:00",
            ),
            // Business clocks ignore the part of a pause outside business hours.
            (
                "2025-03-07T17:00:00+08:00",
                ClockKind::BusinessHours,
                4,
                vec![pause(
                    "2025-03-07T17:30:00+08:00",
                    "2025-03-10T09:30:00+08:00",
                )],
                "2025-03-10T13:00:00+08:00",
            ),
            // A pause of 2 business hours moves a working-days deadline off close of business.
            (
                "2025-03-03T10:00:00+08:00",
                ClockKind::WorkingDays,
                1,
                vec![pause(
                    "2025-03-03T14:00:00+08:00",
                    "2025-03-03T16:00:00+08:00",
                )],
                "2025-03-05T11:00:00+08:00",
            ),
            // Overlapping pauses count once; the part before the start not at all.
            (
                "2025-03-03T10:00:00+08:00",
                ClockKind::BusinessHours,
                1,
                vec![
                    pause("2025-03-03T08:00:00+08:00", "2025-03-03T11:00:00+08:00"),
                    pause("2025-03-03T10:30:00+08:00", "2025-03-03T12:00:00+08:00"),
                    pause("2025-03-03T11:30:00+08:00", "2025-03-03T12:00:00+08:00"),
                ],
                "2025-03-03T13:00:00+08:00",
            ),
        ];
        for (start, kind, amount, pauses, expected) in cases {
            assert_eq!(
                due(start, kind, amount, &pauses),
                at(expected),
                "{kind:?} {amount} from {start}"
            );
        }
    }

    #[test]
    fn the_default_policy_is_the_spec_table() {
        use ClockKind::*;
        let expected = [
            (SlaTarget::ResponseUrgent, Hours, 24),
            (SlaTarget::ResponseImportant, WorkingDays, 3),
            (SlaTarget::ResponseRoutine, WorkingDays, 5),
            (SlaTarget::CallBack, BusinessHours, 4),
            (SlaTarget::ResolutionMaintenance, WorkingDays, 3),
            (SlaTarget::ResolutionImplementation, WorkingDays, 7),
            (SlaTarget::RemoteRecord, Hours, 2),
            (SlaTarget::OnSiteSignature, Days, 2),
            (SlaTarget::ReturnVisit, Days, 7),
            (SlaTarget::SatisfactionSurvey, WorkingDays, 3),
            (SlaTarget::DissatisfiedReview, Hours, 24),
        ];
        let policy = SlaPolicy::default();
        assert_eq!(expected.len(), SlaTarget::ALL.len());
        for (target, kind, amount) in expected {
            assert_eq!(policy.clock(target), clock(kind, amount), "{target:?}");
        }
    }

    #[test]
    fn priorities_and_work_types_map_to_their_targets() {
        assert_eq!(
            SlaTarget::response_target(Priority::Urgent),
            SlaTarget::ResponseUrgent
        );
        assert_eq!(
            SlaTarget::response_target(Priority::Important),
            SlaTarget::ResponseImportant
        );
        assert_eq!(
            SlaTarget::response_target(Priority::Routine),
            SlaTarget::ResponseRoutine
        );
        assert_eq!(
            SlaTarget::resolution_target(WorkType::Maintenance),
            SlaTarget::ResolutionMaintenance
        );
        assert_eq!(
            SlaTarget::resolution_target(WorkType::Implementation),
            SlaTarget::ResolutionImplementation
        );
    }

    #[test]
    fn the_policy_is_keyed_by_target_names_and_needs_every_target() {
        let policy = SlaPolicy::default();
        let json = serde_json::to_value(policy).unwrap();
        let keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
        let mut names: Vec<String> = SlaTarget::ALL
            .iter()
            .map(|target| {
                serde_json::to_value(target)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        names.sort();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        assert_eq!(keys_sorted, names);
        assert_eq!(
            json["call_back"],
            serde_json::json!({"kind": "business_hours", "amount": 4})
        );

        let back: SlaPolicy = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, policy);

        let mut missing = json.clone();
        missing.as_object_mut().unwrap().remove("return_visit");
        assert!(serde_json::from_value::<SlaPolicy>(missing).is_err());

        let mut unknown = json.clone();
        unknown["response_never"] = serde_json::json!({"kind": "hours", "amount": 1});
        assert!(serde_json::from_value::<SlaPolicy>(unknown).is_err());

        let mut zero = json;
        zero["call_back"] = serde_json::json!({"kind": "hours", "amount": 0});
        assert!(serde_json::from_value::<SlaPolicy>(zero).is_err());
    }

    #[test]
    fn an_administrator_can_change_one_target_clock() {
        let mut policy = SlaPolicy::default();
        policy.set_clock(SlaTarget::CallBack, clock(ClockKind::BusinessHours, 2));
        assert_eq!(
            policy.clock(SlaTarget::CallBack),
            clock(ClockKind::BusinessHours, 2)
        );
        assert_eq!(
            policy.clock(SlaTarget::ReturnVisit),
            SlaPolicy::default().clock(SlaTarget::ReturnVisit)
        );
        assert_eq!(
            policy.entries()[3],
            (SlaTarget::CallBack, clock(ClockKind::BusinessHours, 2))
        );
    }

    #[test]
    fn clock_amounts_and_pauses_are_validated() {
        assert_eq!(
            Clock::new(ClockKind::Hours, 0),
            Err(SlaError::InvalidAmount(0))
        );
        assert_eq!(
            Clock::new(ClockKind::Days, MAX_CLOCK_AMOUNT + 1),
            Err(SlaError::InvalidAmount(MAX_CLOCK_AMOUNT + 1))
        );
        assert!(Clock::new(ClockKind::Days, MAX_CLOCK_AMOUNT).is_ok());
        let (early, late) = (
            at("2025-03-03T10:00:00+08:00"),
            at("2025-03-03T11:00:00+08:00"),
        );
        assert_eq!(
            Pause::new(late, early),
            Err(SlaError::PauseEndsBeforeItBegins {
                from: late,
                to: early
            })
        );
        assert!(Pause::new(early, early).is_ok());
        assert!(
            serde_json::from_str::<Pause>(
                r#"{"from":"2025-03-03T11:00:00+08:00","to":"2025-03-03T10:00:00+08:00"}"#
            )
            .is_err()
        );
    }

    #[test]
    fn status_reports_met_breached_at_risk_and_running() {
        let calendar = china_2025();
        let start = "2025-03-03T10:00:00+08:00";
        let four_business_hours = "2025-03-03T14:00:00+08:00";
        let friday = "2025-03-07T17:00:00+08:00";
        let monday_close = "2025-03-10T18:00:00+08:00"; // 1 working day after Friday
        let saturday_five_pm = "2025-03-08T17:00:00+08:00"; // 24 hours after Friday
        use ClockKind::*;
        use SlaStatus::*;
        let cases = [
            (
                BusinessHours,
                start,
                four_business_hours,
                Some("2025-03-03T13:00:00+08:00"),
                "2025-03-03T15:00:00+08:00",
                Met,
            ),
            (
                BusinessHours,
                start,
                four_business_hours,
                Some(four_business_hours),
                "2025-03-03T15:00:00+08:00",
                Met,
            ),
            (
                BusinessHours,
                start,
                four_business_hours,
                Some("2025-03-03T14:01:00+08:00"),
                "2025-03-03T14:30:00+08:00",
                Breached,
            ),
            (
                BusinessHours,
                start,
                four_business_hours,
                None,
                "2025-03-03T14:01:00+08:00",
                Breached,
            ),
            (
                BusinessHours,
                start,
                four_business_hours,
                None,
                "2025-03-03T13:30:00+08:00",
                AtRisk,
            ),
            (
                BusinessHours,
                start,
                four_business_hours,
                None,
                four_business_hours,
                AtRisk,
            ),
            (
                BusinessHours,
                start,
                four_business_hours,
                None,
                "2025-03-03T13:00:00+08:00",
                Running,
            ),
            (
                BusinessHours,
                start,
                four_business_hours,
                None,
                "2025-03-03T08:00:00+08:00",
                Running,
            ),
            // Business clocks measure the span in business time: 10 hours from
            // Friday 17:00 to Monday 18:00, so Monday 09:30 still has 85% left.
            (
                WorkingDays,
                friday,
                monday_close,
                None,
                "2025-03-10T09:30:00+08:00",
                Running,
            ),
            (
                WorkingDays,
                friday,
                monday_close,
                None,
                "2025-03-10T16:30:00+08:00",
                AtRisk,
            ),
            // Wall clocks measure wall time: 4 of 24 hours left is at risk.
            (
                Hours,
                friday,
                saturday_five_pm,
                None,
                "2025-03-08T12:00:00+08:00",
                Running,
            ),
            (
                Hours,
                friday,
                saturday_five_pm,
                None,
                "2025-03-08T13:00:00+08:00",
                AtRisk,
            ),
        ];
        for (kind, start, due, milestone, now, expected) in cases {
            assert_eq!(
                status(
                    &calendar,
                    kind,
                    at(start),
                    at(due),
                    milestone.map(at),
                    at(now)
                ),
                expected,
                "{kind:?} due {due}, milestone {milestone:?}, now {now}"
            );
        }
    }

    #[test]
    fn time_left_counts_as_the_clock_counts_and_stops_at_zero() {
        let calendar = china_2025();
        let due = at("2025-03-10T10:00:00+08:00");
        let friday = at("2025-03-07T17:00:00+08:00");
        assert_eq!(
            time_left(&calendar, ClockKind::BusinessHours, due, friday),
            Duration::hours(2)
        );
        assert_eq!(
            time_left(&calendar, ClockKind::Hours, due, friday),
            Duration::hours(65)
        );
        assert_eq!(
            time_left(
                &calendar,
                ClockKind::WorkingDays,
                due,
                at("2025-03-10T11:00:00+08:00")
            ),
            Duration::zero()
        );
    }

    fn any_clock() -> impl Strategy<Value = Clock> {
        prop_oneof![
            (1u32..=48).prop_map(|n| clock(ClockKind::Hours, n)),
            (1u32..=40).prop_map(|n| clock(ClockKind::BusinessHours, n)),
            (1u32..=10).prop_map(|n| clock(ClockKind::WorkingDays, n)),
            (1u32..=10).prop_map(|n| clock(ClockKind::Days, n)),
        ]
    }

    fn any_pauses() -> impl Strategy<Value = Vec<Pause>> {
        proptest::collection::vec(
            (any_instant(), 0i64..(72 * 3600)).prop_map(|(from, seconds)| {
                Pause::new(from, from + Duration::seconds(seconds)).unwrap()
            }),
            0..4,
        )
    }

    proptest! {
        #[test]
        fn a_deadline_is_never_before_its_start(
            calendar in any_calendar(),
            start in any_instant(),
            clock in any_clock(),
            pauses in any_pauses(),
        ) {
            let due = deadline(&calendar, start, clock, &pauses).unwrap();
            prop_assert!(due > start);
        }

        #[test]
        fn a_running_target_is_at_risk_exactly_from_at_risk_from(
            calendar in any_calendar(),
            start in any_instant(),
            clock in any_clock(),
            offset in 0.0f64..1.0,
        ) {
            let due = deadline(&calendar, start, clock, &[]).unwrap();
            let from = at_risk_from(&calendar, clock.kind(), start, due);
            prop_assert!(start <= from && from <= due);
            let now = start + (due - start) * ((offset * 1000.0) as i32) / 1000;
            let expected = if now >= from { SlaStatus::AtRisk } else { SlaStatus::Running };
            prop_assert_eq!(status(&calendar, clock.kind(), start, due, None, now), expected);
        }

        #[test]
        fn adding_a_pause_never_makes_a_deadline_earlier(
            calendar in any_calendar(),
            start in any_instant(),
            clock in any_clock(),
            pauses in any_pauses(),
            extra in any_pauses(),
        ) {
            let before = deadline(&calendar, start, clock, &pauses).unwrap();
            let all: Vec<Pause> = pauses.iter().chain(extra.iter()).copied().collect();
            let after = deadline(&calendar, start, clock, &all).unwrap();
            prop_assert!(after >= before, "{} moved back to {}", before, after);
        }

        #[test]
        fn an_unpaused_working_days_deadline_is_close_of_business_on_a_working_day(
            calendar in any_calendar(),
            start in any_instant(),
            amount in 1u32..=10,
        ) {
            let due = deadline(&calendar, start, clock(ClockKind::WorkingDays, amount), &[]).unwrap();
            // A period ending at 24:00 closes at the next local date's midnight.
            let local = calendar.local_date(due);
            let candidates = [Some(local), local.pred_opt()];
            let closes_a_working_day = candidates.into_iter().flatten().any(|day| {
                calendar.is_working_day(day) && calendar.close_of_business(day) == Ok(due)
            });
            prop_assert!(closes_a_working_day, "{} is not a close of business", due);
        }

        #[test]
        fn a_business_hours_deadline_ends_a_stretch_of_business_time(
            calendar in any_calendar(),
            start in any_instant(),
            amount in 1u32..=40,
            pauses in any_pauses(),
        ) {
            let due = deadline(&calendar, start, clock(ClockKind::BusinessHours, amount), &pauses).unwrap();
            // Inside or at the end of a period means the second before it is business time.
            let second = Duration::seconds(1);
            prop_assert_eq!(calendar.business_time_between(due - second, due), second);
        }

        #[test]
        fn business_time_from_a_start_inside_business_hours_adds_back_exactly(
            calendar in any_calendar(),
            start in any_instant(),
            seconds in 0i64..(100 * 3600),
        ) {
            // Move the start to the first business second at or after it.
            let inside = calendar.add_business_time(start, Duration::seconds(1)).unwrap() - Duration::seconds(1);
            prop_assert_eq!(calendar.business_time_between(inside, inside + Duration::seconds(1)), Duration::seconds(1));
            let amount = Duration::seconds(seconds);
            let end = calendar.add_business_time(inside, amount).unwrap();
            prop_assert_eq!(calendar.business_time_between(inside, end), amount);
        }
    }
}
