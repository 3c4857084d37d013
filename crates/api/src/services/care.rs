//! Care (SPEC 2, seed 004): the holidays the organisation greets its
//! customers for, the greetings due today or this week (contacts'
//! birthdays, holidays per customer), and a greeting made, logged as a
//! follow-up once per greeted record and day. The scheduler tells the
//! account managers of the same occasions (`scheduler::care`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::customer::Verification;
use rapport_domain::msg;
use rapport_domain::visits::{CareDue, birthday_due, care_due, next_birthday};
use rapport_entity::{care_greetings, contacts, customers};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use rapport_types::care::{
    CareHolidays, CareReminder, Greeting, HolidayChanges, HolidayList, NewGreeting, Occasion,
    ReminderFilter,
};
use rapport_types::follow_ups::NewFollowUp;

use crate::codes::encode;
use crate::error::ApiError;
use crate::services::customers::ORG_TZ;
use crate::services::follow_ups;
use crate::settings;
use crate::state::AppState;

/// Where the holidays are kept.
pub const HOLIDAYS_KEY: &str = "care.holidays";

/// The holidays greeted for.
pub async fn holidays(conn: &impl ConnectionTrait) -> Result<HolidayList, ApiError> {
    let document = settings::load::<CareHolidays>(conn, HOLIDAYS_KEY).await?;
    Ok(HolidayList {
        holidays: document.value.holidays,
        version: document.version,
    })
}

/// Replaces the holidays with `changes` (names trimmed, sorted by date, a
/// name listed twice on one day refused), audited as `actor`'s.
pub async fn set_holidays(
    state: &AppState,
    actor: Uuid,
    changes: HolidayChanges,
    now: DateTime<Utc>,
) -> Result<HolidayList, ApiError> {
    let mut holidays = changes.holidays;
    let mut seen = BTreeSet::new();
    for (index, holiday) in holidays.iter_mut().enumerate() {
        holiday.name = holiday.name.trim().to_owned();
        if holiday.name.is_empty() {
            return Err(ApiError::field(
                &format!("holidays[{index}].name"),
                msg!("must not be blank"),
            ));
        }
        if !seen.insert((holiday.on, holiday.name.clone())) {
            return Err(ApiError::field(
                &format!("holidays[{index}]"),
                msg!("is listed twice"),
            ));
        }
    }
    holidays.sort_by(|a, b| (a.on, &a.name).cmp(&(b.on, &b.name)));
    let saved = settings::change(
        state,
        Some(actor),
        "care_holidays.update",
        HOLIDAYS_KEY,
        changes.version,
        now,
        |_: &CareHolidays| CareHolidays { holidays },
    )
    .await?;
    Ok(HolidayList {
        holidays: saved.value.holidays,
        version: saved.version,
    })
}

/// The greetings due at `now` for the customers `filter` keeps: each
/// contact's birthday and each holiday per customer, today first, with
/// whether it was made.
pub async fn reminders(
    conn: &impl ConnectionTrait,
    filter: ReminderFilter,
    now: DateTime<Utc>,
) -> Result<Vec<CareReminder>, ApiError> {
    let today = now.with_timezone(&ORG_TZ).date_naive();
    let keep = |on: NaiveDate| match (care_due(on, today), filter.due) {
        (None, _) | (Some(CareDue::ThisWeek), Some(CareDue::Today)) => None,
        (Some(due), _) => Some(due),
    };
    let mut query = customers::Entity::find()
        .filter(customers::Column::ArchivedAt.is_null())
        .filter(customers::Column::Verification.ne(Verification::Rejected));
    if let Some(manager) = filter.account_manager_id {
        query = query.filter(customers::Column::AccountManagerId.eq(manager));
    }
    let customers: BTreeMap<Uuid, customers::Model> = query
        .all(conn)
        .await?
        .into_iter()
        .map(|customer| (customer.id, customer))
        .collect();
    let mut reminders = Vec::new();
    let contacts = contacts::Entity::find()
        .filter(contacts::Column::ArchivedAt.is_null())
        .filter(contacts::Column::Birthday.is_not_null())
        .filter(contacts::Column::CustomerId.is_in(customers.keys().copied()))
        .all(conn)
        .await?;
    for contact in contacts {
        let (Some(birthday), Some(customer)) =
            (contact.birthday, customers.get(&contact.customer_id))
        else {
            continue;
        };
        if birthday_due(birthday, today).is_none() {
            continue;
        }
        let on = next_birthday(birthday, today);
        let Some(due) = keep(on) else { continue };
        reminders.push(CareReminder {
            occasion: Occasion::Birthday,
            on,
            due,
            name: contact.name,
            customer_id: customer.id,
            customer_name: customer.name.clone(),
            contact_id: Some(contact.id),
            channel: contact.preferred_channel,
            account_manager_id: customer.account_manager_id,
            greeted_at: None,
        });
    }
    for holiday in holidays(conn).await?.holidays {
        let Some(due) = keep(holiday.on) else {
            continue;
        };
        for customer in customers.values() {
            reminders.push(CareReminder {
                occasion: Occasion::Holiday,
                on: holiday.on,
                due,
                name: holiday.name.clone(),
                customer_id: customer.id,
                customer_name: customer.name.clone(),
                contact_id: None,
                channel: customer.preferred_channel,
                account_manager_id: customer.account_manager_id,
                greeted_at: None,
            });
        }
    }
    mark_greeted(conn, &mut reminders, today).await?;
    reminders.sort_by(|a, b| {
        (
            a.on,
            a.occasion == Occasion::Holiday,
            &a.customer_name,
            &a.name,
        )
            .cmp(&(
                b.on,
                b.occasion == Occasion::Holiday,
                &b.customer_name,
                &b.name,
            ))
    });
    Ok(reminders)
}

/// Fills in when each reminder's greeting was made (within the week from `today`).
async fn mark_greeted(
    conn: &impl ConnectionTrait,
    reminders: &mut [CareReminder],
    today: NaiveDate,
) -> Result<(), ApiError> {
    if reminders.is_empty() {
        return Ok(());
    }
    let greeted: BTreeMap<(String, Uuid, NaiveDate), DateTime<Utc>> =
        care_greetings::Entity::find()
            .filter(care_greetings::Column::Day.gte(today))
            .all(conn)
            .await?
            .into_iter()
            .map(|row| ((row.occasion, row.subject, row.day), row.greeted_at))
            .collect();
    for reminder in reminders {
        let key = (
            encode(&reminder.occasion),
            subject(reminder.occasion, reminder.customer_id, reminder.contact_id),
            reminder.on,
        );
        reminder.greeted_at = greeted.get(&key).copied();
    }
    Ok(())
}

/// The record a greeting is once for: the contact for a birthday, the
/// customer for a holiday.
fn subject(occasion: Occasion, customer: Uuid, contact: Option<Uuid>) -> Uuid {
    match occasion {
        Occasion::Birthday => contact.unwrap_or(customer),
        Occasion::Holiday => customer,
    }
}

/// Logs `new` as a follow-up by `actor` and records the greeting made, in
/// one transaction; 409 `already_greeted` the second time.
pub async fn greet(
    state: &AppState,
    actor: Uuid,
    new: NewGreeting,
    now: DateTime<Utc>,
) -> Result<Greeting, ApiError> {
    let txn = crate::db::begin(&state.db).await?;
    let default_summary = match new.occasion {
        Occasion::Birthday => {
            let contact_id = new
                .contact_id
                .ok_or_else(|| ApiError::field("contact_id", msg!("is required for a birthday")))?;
            let contact = crate::db::unique(&txn, contacts::Entity::find_by_id(contact_id))
                .await?
                .filter(|contact| contact.customer_id == new.customer_id)
                .ok_or_else(|| {
                    ApiError::field("contact_id", msg!("must be a contact of this customer"))
                })?;
            let birthday_on = contact
                .birthday
                .is_some_and(|birthday| next_birthday(birthday, new.on) == new.on);
            if !birthday_on {
                return Err(ApiError::field(
                    "on",
                    msg!("must be the contact's birthday"),
                ));
            }
            format!("生日问候：{}", contact.name)
        }
        Occasion::Holiday => {
            if new.contact_id.is_some() {
                return Err(ApiError::field("contact_id", msg!("is for birthdays only")));
            }
            let holiday = holidays(&txn)
                .await?
                .holidays
                .into_iter()
                .find(|holiday| holiday.on == new.on)
                .ok_or_else(|| {
                    ApiError::field("on", msg!("must be the day of a configured holiday"))
                })?;
            format!("节日问候：{}", holiday.name)
        }
    };
    let summary = new
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|summary| !summary.is_empty())
        .map_or(default_summary, str::to_owned);
    let follow_up = follow_ups::create(
        &txn,
        actor,
        new.customer_id,
        NewFollowUp {
            contact_id: new.contact_id,
            occurred_at: now,
            method: new.method,
            summary,
            feedback: String::new(),
            outcome: String::new(),
            next_step: String::new(),
        },
        now,
    )
    .await?;
    let once = subject(new.occasion, new.customer_id, new.contact_id);
    let already = crate::db::unique(
        &txn,
        care_greetings::Entity::find()
            .filter(care_greetings::Column::Occasion.eq(encode(&new.occasion)))
            .filter(care_greetings::Column::Subject.eq(once))
            .filter(care_greetings::Column::Day.eq(new.on)),
    )
    .await?;
    if already.is_some() {
        return Err(ApiError::conflict(
            "already_greeted",
            msg!("this greeting was already made"),
        ));
    }
    care_greetings::ActiveModel {
        id: Set(Uuid::now_v7()),
        occasion: Set(encode(&new.occasion)),
        subject: Set(once),
        day: Set(new.on),
        customer_id: Set(new.customer_id),
        follow_up_id: Set(follow_up.id),
        greeted_by: Set(actor),
        greeted_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Greeting {
        occasion: new.occasion,
        on: new.on,
        follow_up,
    })
}
