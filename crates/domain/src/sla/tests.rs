//! Table tests and properties of the SLA targets and clocks.

use super::*;
use crate::calendar::tests::{any_calendar, any_instant, at, china_2025};
use crate::request::{Priority, WorkType};
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
