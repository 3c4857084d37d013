//! Visits and care: the routine-visit cadence by tier, return-visit
//! satisfaction and checklist, and birthday reminders (SPEC sections 2 and 6).

use crate::messages::Message;
use crate::msg;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::BusinessCalendar;
use crate::customer::Tier;
use crate::sla::{self, SlaError, SlaPolicy, SlaTarget};

/// When the return visit of a request resolved at `resolved_at` falls due:
/// the policy's `return_visit` target (seed 003: within a week), so an admin's
/// change to the policy moves every future visit.
pub fn return_visit_due(
    policy: &SlaPolicy,
    calendar: &BusinessCalendar,
    resolved_at: DateTime<Utc>,
) -> Result<DateTime<Utc>, SlaError> {
    sla::deadline(
        calendar,
        resolved_at,
        policy.clock(SlaTarget::ReturnVisit),
        &[],
    )
}

/// How many months may pass between two routine visits to a customer of this tier.
pub fn routine_visit_interval_months(tier: Tier) -> u32 {
    match tier {
        Tier::Core => 1,
        Tier::Potential => 2,
        Tier::Ordinary => 3,
    }
}

/// The date the customer's next routine visit is due.
///
/// The interval is counted in calendar months from the last visit and clamped
/// to the month's end (a core customer visited on Jan 31 is due Feb 28, or 29
/// in a leap year). A customer never visited is due on its registration date.
pub fn next_routine_visit(
    tier: Tier,
    last_visit: Option<NaiveDate>,
    registered_on: NaiveDate,
) -> NaiveDate {
    match last_visit {
        None => registered_on,
        // Beyond the end of chrono's calendar the visit is simply never due.
        Some(last) => last
            .checked_add_months(Months::new(routine_visit_interval_months(tier)))
            .unwrap_or(NaiveDate::MAX),
    }
}

/// Whether the customer's routine visit is due (or overdue) on `today`.
pub fn is_routine_visit_due(
    tier: Tier,
    last_visit: Option<NaiveDate>,
    registered_on: NaiveDate,
    today: NaiveDate,
) -> bool {
    next_routine_visit(tier, last_visit, registered_on) <= today
}

/// A satisfaction score given at a return visit or survey, 1 (worst) to 5 (best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Satisfaction(u8);

/// A satisfaction score outside 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub struct SatisfactionOutOfRange(pub u8);

impl Satisfaction {
    /// The lowest score that counts as satisfied.
    const SATISFIED_FROM: u8 = 4;

    /// The score, if it lies between 1 and 5.
    pub fn new(score: u8) -> Result<Satisfaction, SatisfactionOutOfRange> {
        if (1..=5).contains(&score) {
            Ok(Satisfaction(score))
        } else {
            Err(SatisfactionOutOfRange(score))
        }
    }

    /// The score as a number from 1 to 5.
    pub fn value(self) -> u8 {
        self.0
    }

    /// What the answer does to the request: 4 or 5 closes it, 1 to 3 reopens it.
    pub fn outcome(self) -> VisitOutcome {
        if self.0 >= Self::SATISFIED_FROM {
            VisitOutcome::CloseRequest
        } else {
            VisitOutcome::ReopenRequest
        }
    }
}

impl SatisfactionOutOfRange {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        msg!(
            "a satisfaction score runs from 1 to 5, not {score}",
            score = self.0
        )
    }
}

impl TryFrom<u8> for Satisfaction {
    type Error = SatisfactionOutOfRange;

    fn try_from(score: u8) -> Result<Self, Self::Error> {
        Satisfaction::new(score)
    }
}

impl From<Satisfaction> for u8 {
    fn from(score: Satisfaction) -> u8 {
        score.0
    }
}

/// What a return visit's satisfaction answer does to the visited request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitOutcome {
    /// The customer is satisfied: the request closes.
    CloseRequest,
    /// The customer is dissatisfied: the request reopens, the suggestion goes
    /// to the department and account manager, and the 24-hour review starts.
    ReopenRequest,
}

/// The points a return visit checks (seed 003, 回访注意点).
///
/// a) 询问是否有预约; b) 询问是否有对故障解释说明; c) 是否对收取费用的说明;
/// d) 是否有留联系方式; e) 是否询问还有其他问题;
/// f) 软件巡检是否有对贵司服务器数据库做备份.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitChecklist {
    /// The technician made an appointment before coming (是否有预约).
    pub appointment_made: bool,
    /// The technician explained the fault (是否有对故障解释说明).
    pub fault_explained: bool,
    /// Any fees were explained (是否对收取费用的说明).
    pub fees_explained: bool,
    /// The technician left contact details (是否有留联系方式).
    pub contact_left: bool,
    /// The technician asked about other problems (是否询问还有其他问题).
    pub asked_other_problems: bool,
    /// A software inspection backed up the customer's server database (是否做备份).
    pub database_backup_checked: bool,
}

/// How soon a care greeting (birthday, holiday) is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CareDue {
    /// The occasion is today: greet now.
    Today,
    /// The occasion falls within the next 7 days.
    ThisWeek,
}

/// How many days ahead an occasion still counts as "this week".
const CARE_WEEK_DAYS: i64 = 7;

/// The contact's next birthday on or after `today`.
///
/// A birthday on Feb 29 is celebrated on Feb 28 in years without one.
pub fn next_birthday(birthday: NaiveDate, today: NaiveDate) -> NaiveDate {
    match birthday_in(birthday, today.year()) {
        Some(this_year) if this_year >= today => this_year,
        // Beyond the end of chrono's calendar there is no next birthday to greet.
        _ => birthday_in(birthday, today.year() + 1).unwrap_or(NaiveDate::MAX),
    }
}

/// The birthday's date in `year`, Feb 29 falling back to Feb 28.
fn birthday_in(birthday: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, birthday.month(), 28))
}

/// Whether a greeting for an occasion on `occasion` is due today or this week.
///
/// "This week" means within the next 7 days (tomorrow up to a week from
/// today); a past occasion or one further away needs no greeting yet.
pub fn care_due(occasion: NaiveDate, today: NaiveDate) -> Option<CareDue> {
    match (occasion - today).num_days() {
        0 => Some(CareDue::Today),
        1..=CARE_WEEK_DAYS => Some(CareDue::ThisWeek),
        _ => None,
    }
}

/// Whether a birthday greeting is due today or this week.
pub fn birthday_due(birthday: NaiveDate, today: NaiveDate) -> Option<CareDue> {
    care_due(next_birthday(birthday, today), today)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_return_visit_falls_due_seven_days_after_resolution_by_default() {
        let resolved_at = DateTime::parse_from_rfc3339("2025-04-30T16:30:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let due = return_visit_due(
            &SlaPolicy::default(),
            &BusinessCalendar::default(),
            resolved_at,
        )
        .unwrap();
        assert_eq!(due.to_rfc3339(), "2025-05-07T08:30:00+00:00");
    }

    use proptest::prelude::*;

    use super::*;
    use crate::test_dates::{any_date, date};

    #[test]
    fn core_customers_are_visited_monthly_potential_bimonthly_ordinary_quarterly() {
        let cases = [(Tier::Core, 1), (Tier::Potential, 2), (Tier::Ordinary, 3)];
        for (tier, months) in cases {
            assert_eq!(routine_visit_interval_months(tier), months, "{tier:?}");
        }
    }

    #[test]
    fn the_next_routine_visit_counts_calendar_months_clamped_to_month_end() {
        let registered = date(2020, 6, 1);
        let cases = [
            (Tier::Core, date(2025, 3, 10), date(2025, 4, 10)),
            (Tier::Core, date(2025, 1, 31), date(2025, 2, 28)),
            (Tier::Core, date(2024, 1, 31), date(2024, 2, 29)),
            (Tier::Core, date(2025, 12, 15), date(2026, 1, 15)),
            (Tier::Potential, date(2024, 12, 31), date(2025, 2, 28)),
            (Tier::Potential, date(2025, 11, 30), date(2026, 1, 30)),
            (Tier::Ordinary, date(2025, 10, 15), date(2026, 1, 15)),
            (Tier::Ordinary, date(2025, 11, 30), date(2026, 2, 28)),
            (Tier::Ordinary, date(2023, 11, 30), date(2024, 2, 29)),
        ];
        for (tier, last, due) in cases {
            assert_eq!(
                next_routine_visit(tier, Some(last), registered),
                due,
                "{tier:?} {last}"
            );
        }
    }

    #[test]
    fn a_customer_never_visited_is_due_from_its_registration_date() {
        let registered = date(2025, 5, 6);
        for tier in [Tier::Core, Tier::Potential, Tier::Ordinary] {
            assert_eq!(next_routine_visit(tier, None, registered), registered);
            assert!(!is_routine_visit_due(
                tier,
                None,
                registered,
                date(2025, 5, 5)
            ));
            assert!(is_routine_visit_due(tier, None, registered, registered));
        }
    }

    #[test]
    fn a_routine_visit_is_due_on_and_after_its_date() {
        let registered = date(2020, 1, 1);
        let cases = [
            (Tier::Core, date(2025, 1, 31), date(2025, 2, 27), false),
            (Tier::Core, date(2025, 1, 31), date(2025, 2, 28), true),
            (Tier::Core, date(2025, 1, 31), date(2025, 6, 1), true),
            (Tier::Ordinary, date(2025, 1, 31), date(2025, 4, 29), false),
            (Tier::Ordinary, date(2025, 1, 31), date(2025, 4, 30), true),
        ];
        for (tier, last, today, due) in cases {
            assert_eq!(
                is_routine_visit_due(tier, Some(last), registered, today),
                due,
                "{tier:?} {last} {today}"
            );
        }
    }

    #[test]
    fn satisfaction_four_or_five_closes_the_request_and_one_to_three_reopens_it() {
        let cases = [
            (1, VisitOutcome::ReopenRequest),
            (2, VisitOutcome::ReopenRequest),
            (3, VisitOutcome::ReopenRequest),
            (4, VisitOutcome::CloseRequest),
            (5, VisitOutcome::CloseRequest),
        ];
        for (score, outcome) in cases {
            let satisfaction = Satisfaction::new(score).unwrap();
            assert_eq!(satisfaction.value(), score);
            assert_eq!(satisfaction.outcome(), outcome, "{score}");
        }
    }

    #[test]
    fn satisfaction_outside_one_to_five_is_refused() {
        for score in [0, 6, 10, 255] {
            assert_eq!(Satisfaction::new(score), Err(SatisfactionOutOfRange(score)));
        }
        assert_eq!(
            SatisfactionOutOfRange(0).to_string(),
            "a satisfaction score runs from 1 to 5, not 0"
        );
    }

    #[test]
    fn satisfaction_travels_as_a_plain_number_and_is_checked_on_arrival() {
        let four: Satisfaction = serde_json::from_str("4").unwrap();
        assert_eq!(four.value(), 4);
        assert_eq!(serde_json::to_string(&four).unwrap(), "4");
        assert!(serde_json::from_str::<Satisfaction>("0").is_err());
        assert!(serde_json::from_str::<Satisfaction>("6").is_err());
        assert!(serde_json::from_str::<Satisfaction>("\"4\"").is_err());
        assert_eq!(
            serde_json::to_string(&VisitOutcome::ReopenRequest).unwrap(),
            "\"reopen_request\""
        );
    }

    #[test]
    fn the_checklist_starts_unticked_and_rejects_unknown_items() {
        assert_eq!(
            serde_json::to_value(VisitChecklist::default()).unwrap(),
            serde_json::json!({
                "appointment_made": false,
                "fault_explained": false,
                "fees_explained": false,
                "contact_left": false,
                "asked_other_problems": false,
                "database_backup_checked": false,
            })
        );
        let unknown = r#"{"appointment_made":true,"fault_explained":true,"fees_explained":true,
            "contact_left":true,"asked_other_problems":true,"database_backup_checked":true,
            "coffee_offered":true}"#;
        assert!(serde_json::from_str::<VisitChecklist>(unknown).is_err());
    }

    #[test]
    fn the_next_birthday_is_today_or_the_coming_anniversary() {
        let cases = [
            (date(1990, 5, 20), date(2025, 5, 20), date(2025, 5, 20)),
            (date(1990, 5, 20), date(2025, 5, 19), date(2025, 5, 20)),
            (date(1990, 5, 20), date(2025, 5, 21), date(2026, 5, 20)),
            (date(1985, 12, 31), date(2025, 1, 1), date(2025, 12, 31)),
            (date(1985, 1, 1), date(2025, 12, 31), date(2026, 1, 1)),
            (date(1992, 2, 29), date(2025, 1, 10), date(2025, 2, 28)),
            (date(1992, 2, 29), date(2024, 2, 29), date(2024, 2, 29)),
            (date(1992, 2, 29), date(2024, 2, 28), date(2024, 2, 29)),
            (date(1992, 2, 29), date(2027, 3, 1), date(2028, 2, 29)),
            (date(1992, 2, 29), date(2025, 3, 1), date(2026, 2, 28)),
        ];
        for (birthday, today, next) in cases {
            assert_eq!(next_birthday(birthday, today), next, "{birthday} {today}");
        }
    }

    #[test]
    fn a_birthday_greeting_is_due_today_or_within_the_next_seven_days() {
        let birthday = date(1990, 5, 20);
        let cases = [
            (date(2025, 5, 20), Some(CareDue::Today)),
            (date(2025, 5, 19), Some(CareDue::ThisWeek)),
            (date(2025, 5, 13), Some(CareDue::ThisWeek)),
            (date(2025, 5, 12), None),
            (date(2025, 5, 21), None),
            (date(2025, 1, 1), None),
        ];
        for (today, due) in cases {
            assert_eq!(birthday_due(birthday, today), due, "{today}");
        }
        assert_eq!(
            birthday_due(date(1992, 2, 29), date(2025, 2, 28)),
            Some(CareDue::Today)
        );
        assert_eq!(
            birthday_due(date(1990, 1, 3), date(2025, 12, 30)),
            Some(CareDue::ThisWeek)
        );
    }

    #[test]
    fn a_holiday_greeting_uses_the_same_window() {
        let national_day = date(2025, 10, 1);
        assert_eq!(
            care_due(national_day, date(2025, 10, 1)),
            Some(CareDue::Today)
        );
        assert_eq!(
            care_due(national_day, date(2025, 9, 24)),
            Some(CareDue::ThisWeek)
        );
        assert_eq!(care_due(national_day, date(2025, 9, 23)), None);
        assert_eq!(care_due(national_day, date(2025, 10, 2)), None);
    }

    proptest! {
        #[test]
        fn the_next_birthday_falls_within_a_year_in_the_birthday_month(
            birthday in any_date(),
            today in any_date(),
        ) {
            let next = next_birthday(birthday, today);
            prop_assert!(next >= today);
            prop_assert!((next - today).num_days() < 366);
            prop_assert_eq!(next.month(), birthday.month());
        }

        #[test]
        fn a_routine_visit_is_never_due_before_the_last_visit(
            last in any_date(),
            registered in any_date(),
        ) {
            for tier in [Tier::Core, Tier::Potential, Tier::Ordinary] {
                let due = next_routine_visit(tier, Some(last), registered);
                prop_assert!(due > last);
                prop_assert!((due - last).num_days() <= 92);
            }
        }
    }
}
