//! Care (SPEC 2, seed 004): greetings for contacts' birthdays and the
//! holidays the organisation keeps, reminded to account managers, and
//! each greeting logged as a follow-up.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::customer::Channel;
use rapport_domain::visits::CareDue;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use crate::follow_ups::{FollowUp, Method};

/// A holiday customers are greeted for (春节, 中秋, …), on its date of a year.
#[derive(Debug, PartialEq, Eq, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// Its name, e.g. 春节.
    #[validate(
        length(min = 1, max = 40),
        custom(function = "crate::checks::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 40, pattern = r"\S")
    )]
    pub name: String,
    /// Its date (lunar holidays move: list each year's).
    pub on: NaiveDate,
}

/// The holidays greeted for, as stored.
#[derive(Debug, PartialEq, Eq, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareHolidays {
    /// The holidays, by date.
    pub holidays: Vec<Holiday>,
}

/// The holidays with the version to send back when changing them.
#[derive(Debug, PartialEq, Eq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HolidayList {
    /// The holidays, by date.
    pub holidays: Vec<Holiday>,
    /// Their version; 0 when never saved.
    pub version: i32,
}

/// A new list of holidays, replacing the stored one at `version`.
#[derive(Debug, PartialEq, Eq, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HolidayChanges {
    /// Every holiday (at most 200).
    #[validate(length(max = 200), nested)]
    pub holidays: Vec<Holiday>,
    /// The version read.
    pub version: i32,
}

/// What a greeting is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Occasion {
    /// A contact's birthday.
    Birthday,
    /// A configured holiday (one greeting per customer).
    Holiday,
}

/// A greeting to make: a contact's birthday, or a holiday for a customer.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareReminder {
    /// Birthday or holiday.
    pub occasion: Occasion,
    /// The day.
    pub on: NaiveDate,
    /// Today or within the week.
    pub due: CareDue,
    /// The holiday's name, or the contact's.
    pub name: String,
    /// The customer.
    pub customer_id: Uuid,
    /// Its name.
    pub customer_name: String,
    /// The contact, for a birthday.
    pub contact_id: Option<Uuid>,
    /// How they like to be reached (the contact's, else the customer's).
    pub channel: Channel,
    /// Their account manager.
    pub account_manager_id: Option<Uuid>,
    /// When the greeting was made, once it was.
    pub greeted_at: Option<DateTime<Utc>>,
}

/// Which reminders to list.
#[derive(Debug, PartialEq, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ReminderFilter {
    /// Only those due today (`today`), or everything within 7 days
    /// (`this_week`, the default).
    pub due: Option<CareDue>,
    /// Only this account manager's customers (an account manager sees
    /// their own unless they name another).
    pub account_manager_id: Option<Uuid>,
}

/// A greeting made: logged as a follow-up with the customer.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewGreeting {
    /// Birthday or holiday.
    pub occasion: Occasion,
    /// The day greeted for (the reminder's `on`).
    pub on: NaiveDate,
    /// The customer greeted.
    pub customer_id: Uuid,
    /// The contact, for a birthday.
    pub contact_id: Option<Uuid>,
    /// How the greeting was made.
    pub method: Method,
    /// What was said; a plain line naming the occasion when left out.
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub summary: Option<String>,
}

/// A greeting as logged.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Greeting {
    /// Birthday or holiday.
    pub occasion: Occasion,
    /// The day greeted for.
    pub on: NaiveDate,
    /// The follow-up it was logged as.
    pub follow_up: FollowUp,
}
