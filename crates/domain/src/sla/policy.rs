//! The SLA policy: the targets it puts a clock on, and the clock of each,
//! with the default table of SPEC section 3.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use super::ClockSpec;
use super::{Clock, ClockKind};
use crate::request::{Priority, WorkType};

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
