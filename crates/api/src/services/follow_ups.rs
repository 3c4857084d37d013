//! Follow-up records (SPEC section 2, seed 002): every contact with a
//! customer is logged — when, how, what was said, what came of it, what next.
//! The log is append-only: a wrong entry is corrected by a new one.

use rapport_entity::follow_ups;

use rapport_types::follow_ups::FollowUp;

use crate::codes::decode;
use crate::error::ApiError;

/// The follow-up a stored row describes.
pub fn follow_up_from_model(model: follow_ups::Model) -> Result<FollowUp, ApiError> {
    Ok(FollowUp {
        id: model.id,
        customer_id: model.customer_id,
        contact_id: model.contact_id,
        occurred_at: model.occurred_at,
        method: decode("follow_ups.method", &model.method)?,
        summary: model.summary,
        feedback: model.feedback,
        outcome: model.outcome,
        next_step: model.next_step,
        recorded_by: model.recorded_by,
        created_at: model.created_at,
    })
}
