//! Enumerations are stored as their snake_case wire codes (`account_manager`,
//! `pending_review`), so the database reads like the API. These two
//! functions are the only bridge between the two.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The stored code of an enumeration value.
pub fn encode<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        // Every enumeration we store serialises to a string; anything else is a bug caught by tests.
        other => format!("{other:?}"),
    }
}

/// Reads a stored code back; an unknown code means the database holds
/// something this version does not understand, which is our failure.
pub fn decode<T: DeserializeOwned>(column: &str, code: &str) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).map_err(|error| {
        ApiError::internal(
            format!("reading the stored code {code:?} of {column}"),
            error,
        )
    })
}
