//! Checks of the wire types' fields that validator does not have.

use validator::ValidationError;

/// A required text holds more than white space: `length(min = 1)` alone
/// takes `"   "`, which the service would store as an empty name.
pub fn not_blank(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        Err(ValidationError::new("blank")
            .with_message(rapport_domain::key!("must not be blank").into()))
    } else {
        Ok(())
    }
}
