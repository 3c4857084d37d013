//! Users: role, department and skills.

use chrono::{DateTime, Utc};
use rapport_domain::org::{Department, Role};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A user as the API shows it (never the password hash).
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// The user's id.
    pub id: Uuid,
    /// Login email, lowercase.
    pub email: String,
    /// Name shown in the app.
    pub display_name: String,
    /// What the user does.
    pub role: Role,
    /// Where the user works.
    pub department: Department,
    /// Skills routing matches against (e.g. `erp`, `network`).
    pub skills: Vec<String>,
    /// Deactivated users cannot log in and are never assigned work.
    pub active: bool,
    /// When routing last gave this user a request.
    pub last_assigned_at: Option<DateTime<Utc>>,
    /// Send back on update.
    pub version: i32,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When the account last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new user.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Login email.
    #[validate(email, length(max = 254))]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, format = Email))]
    pub email: String,
    /// Name shown in the app.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub display_name: String,
    /// Initial password, at least 10 characters.
    #[validate(length(min = 10, max = 256))]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 256))]
    pub password: String,
    /// What the user does.
    pub role: Role,
    /// Where the user works.
    pub department: Department,
    /// Skills routing matches against.
    #[serde(default)]
    #[validate(length(max = 50), custom(function = "check_skills"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = skills_schema))]
    pub skills: Vec<String>,
}

/// Changes to a user; absent fields stay as they are.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserChanges {
    /// The version the client read; a stale one is refused with 409.
    pub version: i32,
    /// New display name.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub display_name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// New department.
    pub department: Option<Department>,
    /// New skills (replaces the list).
    #[validate(length(max = 50), custom(function = "check_skills"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = new_skills_schema))]
    pub skills: Option<Vec<String>>,
    /// `false` deactivates the account, `true` reactivates it.
    pub active: Option<bool>,
    /// New password, at least 10 characters.
    #[validate(length(min = 10, max = 256))]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 256))]
    pub password: Option<String>,
}

/// Filters for the user list.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<Role>,
    /// Only this department.
    pub department: Option<Department>,
    /// Only active (`true`) or deactivated (`false`) users.
    pub active: Option<bool>,
}

/// What [`check_skills`] allows, as a schema.
#[cfg(feature = "openapi")]
fn skills_schema() -> utoipa::openapi::schema::Array {
    crate::schemas::non_blank_strings(50, 50, "Skills routing matches against.", false)
}

#[cfg(feature = "openapi")]
fn new_skills_schema() -> utoipa::openapi::schema::Array {
    crate::schemas::non_blank_strings(50, 50, "New skills (replaces the list).", true)
}

fn check_skills(skills: &[String]) -> Result<(), validator::ValidationError> {
    if skills
        .iter()
        .all(|skill| !skill.trim().is_empty() && skill.chars().count() <= 50)
    {
        Ok(())
    } else {
        Err(validator::ValidationError::new("skill")
            .with_message(rapport_domain::key!("each skill must be 1 to 50 characters").into()))
    }
}
