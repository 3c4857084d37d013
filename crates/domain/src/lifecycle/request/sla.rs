//! Where a request's SLA clocks stand, in the one form both the detail
//! (measured in Rust) and the list filters (in SQL) read: each stored
//! target keeps its deadline and the instant it turns at risk
//! ([`crate::sla::at_risk_from`]), so its status at an instant is a few
//! comparisons. The comparisons are data ([`TARGET_STATUS`]) that
//! [`StoredTarget::status`] evaluates and the server translates into SQL,
//! so the two cannot disagree.

use chrono::{DateTime, Utc};

use super::Status;
use crate::sla::SlaStatus;

/// An instant the status rule compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instant {
    /// When the target's milestone happened (may be unset).
    MetAt,
    /// When it falls due.
    Deadline,
    /// From when it counts as at risk.
    AtRiskFrom,
    /// The instant the request's clocks are read at ([`clocks_read_at`]).
    ReadAt,
}

/// One comparison of the status rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    /// The instant is set (only [`Instant::MetAt`] can be unset).
    Set(Instant),
    /// The first instant is at or before the second.
    NotAfter(Instant, Instant),
    /// The first instant is strictly before the second.
    Before(Instant, Instant),
}

/// Where a stored target stands: the status of the first row whose tests
/// all hold. Met in time; met late; not met and past its deadline; not met
/// and at risk; else running. Agrees with [`crate::sla::status`] (tested).
pub const TARGET_STATUS: [(SlaStatus, &[Test]); 5] = [
    (
        SlaStatus::Met,
        &[
            Test::Set(Instant::MetAt),
            Test::NotAfter(Instant::MetAt, Instant::Deadline),
        ],
    ),
    (SlaStatus::Breached, &[Test::Set(Instant::MetAt)]),
    (
        SlaStatus::Breached,
        &[Test::Before(Instant::Deadline, Instant::ReadAt)],
    ),
    (
        SlaStatus::AtRisk,
        &[Test::NotAfter(Instant::AtRiskFrom, Instant::ReadAt)],
    ),
    (SlaStatus::Running, &[]),
];

/// The statuses from the worst down: a request stands as its worst target.
pub const WORST_FIRST: [SlaStatus; 4] = [
    SlaStatus::Breached,
    SlaStatus::AtRisk,
    SlaStatus::Running,
    SlaStatus::Met,
];

/// One target as stored with its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredTarget {
    /// When it falls due.
    pub deadline: DateTime<Utc>,
    /// From when it counts as at risk.
    pub at_risk_from: DateTime<Utc>,
    /// When its milestone happened.
    pub met_at: Option<DateTime<Utc>>,
}

impl StoredTarget {
    /// Where the target stands with its request's clocks read at `read_at`.
    pub fn status(&self, read_at: DateTime<Utc>) -> SlaStatus {
        let instant = |which| match which {
            Instant::MetAt => self.met_at,
            Instant::Deadline => Some(self.deadline),
            Instant::AtRiskFrom => Some(self.at_risk_from),
            Instant::ReadAt => Some(read_at),
        };
        // As in SQL, a comparison with an unset instant does not hold.
        let holds = |test: &Test| match *test {
            Test::Set(a) => instant(a).is_some(),
            Test::NotAfter(a, b) => {
                matches!((instant(a), instant(b)), (Some(a), Some(b)) if a <= b)
            }
            Test::Before(a, b) => matches!((instant(a), instant(b)), (Some(a), Some(b)) if a < b),
        };
        TARGET_STATUS
            .iter()
            .find(|(_, tests)| tests.iter().all(holds))
            .map_or(SlaStatus::Running, |(status, _)| *status)
    }
}

/// Where a request stands: as its worst target (breached, at risk,
/// running, met); `None` when it has no target.
pub fn request_status(targets: impl IntoIterator<Item = SlaStatus>) -> Option<SlaStatus> {
    let rank = |status: &SlaStatus| WORST_FIRST.iter().position(|worst| worst == status);
    targets.into_iter().min_by_key(rank)
}

/// The instant a request's clocks are read at: where a wait on the
/// customer stopped them, where the request ended (closed or cancelled:
/// its last change), else `now`.
pub fn clocks_read_at(
    status: Status,
    paused_since: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    match paused_since {
        Some(since) => since,
        None if status.is_finished() => updated_at,
        None => now,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeDelta, Utc};

    use super::*;
    use crate::calendar::BusinessCalendar;
    use crate::sla::{self, ClockKind};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    /// The stored form gives the same status as the domain's measure, for
    /// business and wall clocks, before, at and after each boundary.
    #[test]
    fn a_stored_target_stands_where_the_measured_clock_does() {
        let calendar = BusinessCalendar::default();
        let start = at("2025-03-03T01:00:00Z");
        for kind in [
            ClockKind::BusinessHours,
            ClockKind::Hours,
            ClockKind::WorkingDays,
            ClockKind::Days,
        ] {
            let deadline = at("2025-03-05T09:00:00Z");
            let at_risk_from = sla::at_risk_from(&calendar, kind, start, deadline);
            let second = TimeDelta::seconds(1);
            let instants = [
                start,
                at_risk_from - second,
                at_risk_from,
                deadline - second,
                deadline,
                deadline + second,
            ];
            for met_at in [
                None,
                Some(deadline - second),
                Some(deadline),
                Some(deadline + second),
            ] {
                let stored = StoredTarget {
                    deadline,
                    at_risk_from,
                    met_at,
                };
                for read_at in instants {
                    assert_eq!(
                        stored.status(read_at),
                        sla::status(&calendar, kind, start, deadline, met_at, read_at),
                        "{kind:?}, met {met_at:?}, read at {read_at}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_request_stands_as_its_worst_target() {
        use SlaStatus::*;
        let rows: [(&[SlaStatus], Option<SlaStatus>); 6] = [
            (&[], None),
            (&[Met, Met], Some(Met)),
            (&[Met, Running], Some(Running)),
            (&[Running, AtRisk, Met], Some(AtRisk)),
            (&[AtRisk, Breached, Running], Some(Breached)),
            (&[Met, Breached], Some(Breached)),
        ];
        for (targets, want) in rows {
            assert_eq!(request_status(targets.iter().copied()), want, "{targets:?}");
        }
    }

    #[test]
    fn clocks_are_read_where_a_wait_stopped_them_or_the_request_ended() {
        let (since, updated, now) = (
            at("2025-03-03T01:00:00Z"),
            at("2025-03-04T01:00:00Z"),
            at("2025-03-05T01:00:00Z"),
        );
        for status in Status::ALL {
            let ended = matches!(status, Status::Closed | Status::Cancelled);
            assert_eq!(clocks_read_at(status, Some(since), updated, now), since);
            let want = if ended { updated } else { now };
            assert_eq!(
                clocks_read_at(status, None, updated, now),
                want,
                "{status:?}"
            );
        }
    }
}
