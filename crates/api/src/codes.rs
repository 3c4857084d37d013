//! The snake_case code of an enumeration value (`account_manager`,
//! `pending_review`) as text, where a string is wanted: a message, a
//! report's key, a literal in raw SQL. Stored columns need none of it: the
//! entities hold the enums themselves, stored as these same codes.

use serde::Serialize;

/// The code of an enumeration value.
pub fn encode<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        // Every enumeration we encode serialises to a string; anything else is a bug caught by tests.
        other => format!("{other:?}"),
    }
}
