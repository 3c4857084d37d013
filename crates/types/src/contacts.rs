//! A customer's contacts, masked unless revealed.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::customer::Channel;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A contact as lists and details show it: phone and email masked.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// The contact's id.
    pub id: Uuid,
    /// The customer the contact works for.
    pub customer_id: Uuid,
    /// Name.
    pub name: String,
    /// Position.
    pub position: String,
    /// Department.
    pub department: String,
    /// Masked phone, e.g. `138****5678`.
    pub phone: String,
    /// Masked email, e.g. `z***@example.com`.
    pub email: String,
    /// Birthday, for care reminders.
    pub birthday: Option<NaiveDate>,
    /// An executive (for executive return visits).
    pub is_executive: bool,
    /// How the contact prefers to be reached.
    pub preferred_channel: Channel,
    /// Set when archived.
    pub archived_at: Option<DateTime<Utc>>,
    /// Send back on update.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// The full contact details a reveal returns.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revealed {
    /// The contact's id.
    pub id: Uuid,
    /// The full phone number.
    pub phone: String,
    /// The full email.
    pub email: String,
}

/// A new contact.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    /// Name.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    /// Position.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub position: String,
    /// Department.
    #[serde(default)]
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub department: String,
    /// Phone (digits, spaces, `+`, `-`, parentheses).
    #[serde(default)]
    #[validate(length(max = 32), custom(function = "check_phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^([ +()-]*([0-9][ +()-]*){3,20})?$")
    )]
    pub phone: String,
    /// Email.
    #[serde(default)]
    #[validate(length(max = 254), custom(function = "check_email"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    /// Birthday.
    pub birthday: Option<NaiveDate>,
    /// An executive.
    #[serde(default)]
    pub is_executive: bool,
    /// How the contact prefers to be reached.
    pub preferred_channel: Channel,
}

/// Changes to a contact; absent fields stay as they are.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactChanges {
    /// The version the client read.
    pub version: i32,
    /// New name.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: Option<String>,
    /// New position.
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub position: Option<String>,
    /// New department.
    #[validate(length(max = 100))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub department: Option<String>,
    /// New phone.
    #[validate(length(max = 32), custom(function = "check_phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, pattern = r"^([ +()-]*([0-9][ +()-]*){3,20})?$")
    )]
    pub phone: Option<String>,
    /// New email.
    #[validate(length(max = 254), custom(function = "check_email"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: Option<String>,
    /// New birthday.
    pub birthday: Option<NaiveDate>,
    /// Executive or not.
    pub is_executive: Option<bool>,
    /// New preferred channel.
    pub preferred_channel: Option<Channel>,
    /// `true` archives the contact.
    pub archived: Option<bool>,
}

/// The schema says the same as a pattern: empty, or 3 to 20 digits among
/// spaces, `+`, `-` and parentheses.
fn check_phone(phone: &str) -> Result<(), validator::ValidationError> {
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if phone.is_empty() || (allowed && (3..=20).contains(&digits)) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("phone").with_message(
            rapport_domain::key!(
                "must be 3 to 20 digits, optionally with spaces, +, - and parentheses"
            )
            .into(),
        ))
    }
}

fn check_email(email: &str) -> Result<(), validator::ValidationError> {
    if email.is_empty() || validator::ValidateEmail::validate_email(&email) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("email")
            .with_message(rapport_domain::key!("must be an email address").into()))
    }
}
