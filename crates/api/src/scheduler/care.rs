//! Birthdays and holidays within 7 days (SPEC 11, seed 004): a contact's
//! birthday is announced to the customer's account manager once a year;
//! a configured holiday to every account manager once.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rapport_domain::customer::Channel;
use rapport_domain::org::Role;
use rapport_domain::visits::{birthday_due, care_due, next_birthday};
use rapport_entity::{contacts, customers};
use rapport_types::care::CareHolidays;
use rapport_types::notifications::Notice;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{DatabaseConnection, FromQueryResult};
use uuid::Uuid;

use super::occurrences::announced;
use super::{Announcement, Tally, fetch};
use crate::error::ApiError;
use crate::notify;
use crate::services::care::HOLIDAYS_KEY;
use crate::services::customers::ORG_TZ;
use crate::settings;

const BIRTHDAY: &str = "birthday";
const HOLIDAY: &str = "holiday";

/// A live contact with a birthday, of a live customer with an account manager.
#[derive(Debug, FromQueryResult)]
struct Contact {
    id: Uuid,
    name: String,
    birthday: NaiveDate,
    preferred_channel: Channel,
    customer_name: String,
    account_manager_id: Uuid,
}

/// Announces the birthdays and holidays within 7 days of `now`.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Tally, ApiError> {
    let today = now.with_timezone(&ORG_TZ).date_naive();
    let mut tally = Tally::default();
    let birthdays_announced = announced(db, BIRTHDAY).await?;
    for contact in fetch::<Contact>(db, &with_birthdays()).await? {
        if birthday_due(contact.birthday, today).is_none() {
            continue;
        }
        let on = next_birthday(contact.birthday, today);
        let occasion = on.year().to_string();
        if birthdays_announced.contains(&(contact.id, occasion.clone())) {
            continue;
        }
        let announced = Announcement {
            kind: BIRTHDAY,
            about: ("contact", contact.id),
            occasion: &occasion,
            recipients: BTreeSet::from([contact.account_manager_id]),
            notice: Notice::Birthday {
                contact_name: contact.name.clone(),
                customer_name: contact.customer_name.clone(),
                on,
                channel: contact.preferred_channel,
            },
            event: None,
            since: None,
        }
        .make(db, now)
        .await;
        tally.count("birthdays", announced);
    }
    let holidays = settings::load::<CareHolidays>(db, HOLIDAYS_KEY)
        .await?
        .value;
    let soon: Vec<_> = holidays
        .holidays
        .into_iter()
        .filter(|holiday| care_due(holiday.on, today).is_some())
        .collect();
    if !soon.is_empty() {
        let holidays_announced = announced(db, HOLIDAY).await?;
        let managers = notify::with_role(db, &[Role::AccountManager], None).await?;
        for holiday in soon {
            let occasion = format!("{}:{}", holiday.on, holiday.name);
            let notice = Notice::Holiday {
                name: holiday.name,
                on: holiday.on,
            };
            // Each account manager is greeted once (a new one too).
            for &manager in &managers {
                if holidays_announced.contains(&(manager, occasion.clone())) {
                    continue;
                }
                tally.count(
                    "holidays",
                    Announcement {
                        kind: HOLIDAY,
                        about: ("user", manager),
                        occasion: &occasion,
                        recipients: BTreeSet::from([manager]),
                        notice: notice.clone(),
                        event: None,
                        since: None,
                    }
                    .make(db, now)
                    .await,
                );
            }
        }
    }
    Ok(tally)
}

/// Live contacts with a birthday, of live customers with an account manager.
fn with_birthdays() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .columns([
            (contacts::Entity, contacts::Column::Id),
            (contacts::Entity, contacts::Column::Name),
            (contacts::Entity, contacts::Column::Birthday),
            (contacts::Entity, contacts::Column::PreferredChannel),
        ])
        .expr_as(
            Expr::col((customers::Entity, customers::Column::Name)),
            Alias::new("customer_name"),
        )
        .column((customers::Entity, customers::Column::AccountManagerId))
        .from(contacts::Entity)
        .inner_join(
            customers::Entity,
            Expr::col((customers::Entity, customers::Column::Id))
                .equals((contacts::Entity, contacts::Column::CustomerId)),
        )
        .and_where(Expr::col((contacts::Entity, contacts::Column::Birthday)).is_not_null())
        .and_where(Expr::col((contacts::Entity, contacts::Column::ArchivedAt)).is_null())
        .and_where(Expr::col((customers::Entity, customers::Column::ArchivedAt)).is_null())
        .and_where(
            Expr::col((customers::Entity, customers::Column::AccountManagerId)).is_not_null(),
        )
        .to_owned()
}
