//! `/api/v1/sla`: the SLA policy (one clock per target, SPEC section 3) and a
//! deadline preview on the organisation's or a named calendar. The domain's
//! `sla::deadline` does every calculation.

use rapport_domain::sla::SlaPolicy;
use sea_orm::ConnectionTrait;

use rapport_types::sla::Policy;

use crate::error::ApiError;
use crate::settings::{self, Document};

/// The settings key of the SLA policy.
pub const POLICY_KEY: &str = "sla_policy";

/// The SLA policy as the API shows it, from its stored document.
pub fn policy_from_document(document: Document<SlaPolicy>) -> Policy {
    Policy {
        version: document.version,
        policy: document.value,
    }
}

/// The SLA policy in force: the default table until an admin changes it.
pub async fn policy(
    conn: &impl ConnectionTrait,
    cache: &settings::Cache,
) -> Result<SlaPolicy, ApiError> {
    Ok(cache.load::<SlaPolicy>(conn, POLICY_KEY).await?.value)
}
