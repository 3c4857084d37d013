//! Care (SPEC 2, seed 004): greetings for contacts' birthdays and the
//! holidays the organisation keeps, reminded to account managers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A holiday customers are greeted for (春节, 中秋, …), on its date of a year.
#[derive(Debug, PartialEq, Eq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// Its name, e.g. 春节.
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
