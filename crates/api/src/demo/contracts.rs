//! Contracts in every state of their lifecycle.

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::lifecycle::contract::Action as ContractStep;
use rapport_types::contracts::{ContractAction, InvoiceMethod, NewContract};
use uuid::Uuid;

use super::customers::{PENGCHENG, Seeded, TIANFU, YUANJING, YUNFAN, pick};
use super::{
    DESK, Doing, HWTECH, MANAGER, People, Plan, TECH, days_after, days_before, local,
    months_before, year_end,
};
use crate::error::ApiError;
use crate::services::customers::ORG_TZ;

fn step(action: ContractStep) -> ContractAction {
    ContractAction {
        version: 0,
        action,
        invoice_method: None,
        invoice_sent_on: None,
        paid_on: None,
        reason: None,
    }
}

/// A paid one-year contract's draft for `customer` starting `start`,
/// covering all its purchases.
fn paid_year(
    customer: &Seeded,
    package: &str,
    start: NaiveDate,
    technician: Option<Uuid>,
    versions: &str,
) -> Box<NewContract> {
    Box::new(NewContract {
        customer_id: customer.customer.id,
        package_code: package.to_owned(),
        period_start: start,
        period_end: year_end(start),
        previous_contract_id: None,
        maintenance_contact_id: Some(customer.contact.id),
        technician_id: technician,
        sites: 1,
        installed_versions: versions.to_owned(),
        calendar_name: None,
        order_line_ids: customer.lines.iter().map(|line| line.id).collect(),
    })
}

/// Plans contract `*key + 1`: drafted on `drafted` by the service desk
/// (which keeps the maintenance contracts), then taken through `steps` by
/// the manager, one every two days.
fn contract(
    plans: &mut Vec<Plan>,
    key: &mut usize,
    draft: Box<NewContract>,
    steps: Vec<ContractAction>,
    drafted: NaiveDate,
) {
    *key += 1;
    plans.push(Plan {
        at: local(drafted, 10),
        by: DESK,
        doing: Doing::Draft(*key, draft),
    });
    for (n, step) in (1..).zip(steps) {
        plans.push(Plan {
            at: local(days_after(drafted, 2 * n), 15),
            by: MANAGER,
            doing: Doing::Step(*key, Box::new(step)),
        });
    }
}

/// An invoice sent by courier on `sent_on`: a special VAT invoice
/// (增值税专用发票) on paper.
fn invoiced(sent_on: NaiveDate) -> ContractAction {
    ContractAction {
        invoice_method: Some(InvoiceMethod::Courier),
        invoice_sent_on: Some(sent_on),
        ..step(ContractStep::Invoice)
    }
}

/// The steps of a contract drafted on `drafted` that was agreed, signed,
/// invoiced and paid; the dates match [`contract`]'s step every two days.
fn paid_in_full(drafted: NaiveDate) -> Vec<ContractAction> {
    vec![
        step(ContractStep::Agree),
        step(ContractStep::Sign),
        invoiced(days_after(drafted, 6)),
        ContractAction {
            paid_on: Some(days_after(drafted, 8)),
            ..step(ContractStep::Pay)
        },
    ]
}

/// A contract in every state of its lifecycle, and one ending within 30 days.
pub(super) fn plans(
    plans: &mut Vec<Plan>,
    seeded: &[Seeded],
    people: &People<'_>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let today = now.with_timezone(&ORG_TZ).date_naive();
    let customer = |index: usize| pick(seeded, index, "planning the demo contracts");
    let tech = Some(people.id(TECH)?);
    let hwtech = Some(people.id(HWTECH)?);
    let mut key = 0;

    // 远景: paid, ending within 30 days (it started 11 months ago), and
    // its renewal drafted this week.
    let start = months_before(today, 11);
    let drafted = days_before(start, 10);
    contract(
        plans,
        &mut key,
        paid_year(customer(YUANJING)?, "STANDARD", start, tech, "远景ERP 5.2"),
        paid_in_full(drafted),
        drafted,
    );
    let renewal_start = days_after(year_end(start), 1);
    contract(
        plans,
        &mut key,
        paid_year(
            customer(YUANJING)?,
            "PREMIUM",
            renewal_start,
            tech,
            "远景ERP 5.3",
        ),
        vec![],
        days_before(today, 3),
    );

    // 云帆: last year's contract expired a month ago; the renewal is agreed,
    // not yet signed, so its work is billable meanwhile.
    let start = days_before(months_before(today, 13), 1);
    let drafted = days_before(start, 12);
    contract(
        plans,
        &mut key,
        paid_year(customer(YUNFAN)?, "STANDARD", start, tech, "WMS 3.1"),
        paid_in_full(drafted),
        drafted,
    );
    plans.push(Plan {
        at: local(days_after(year_end(start), 1), 9),
        by: MANAGER,
        doing: Doing::Step(key, Box::new(step(ContractStep::Expire))),
    });
    contract(
        plans,
        &mut key,
        paid_year(
            customer(YUNFAN)?,
            "STANDARD",
            days_after(today, 7),
            tech,
            "WMS 3.2",
        ),
        vec![step(ContractStep::Agree)],
        days_before(today, 20),
    );

    // 天府: signed three months ago, the invoice still to send.
    let start = months_before(today, 3);
    contract(
        plans,
        &mut key,
        paid_year(
            customer(TIANFU)?,
            "PREMIUM",
            start,
            hwtech,
            "PACS 存储 2 台 + HIS 数据库服务器",
        ),
        vec![step(ContractStep::Agree), step(ContractStep::Sign)],
        days_before(start, 8),
    );

    // 鹏程: the first draft was cancelled for a bigger package, which was
    // then signed and invoiced; payment is due.
    let start = months_before(today, 2);
    let drafted = days_before(start, 30);
    contract(
        plans,
        &mut key,
        paid_year(
            customer(PENGCHENG)?,
            "BASIC",
            start,
            tech,
            "远景ERP 5.1, WMS 3.0",
        ),
        vec![ContractAction {
            reason: Some("客户改选标准版套餐，本草稿作废".to_owned()),
            ..step(ContractStep::Cancel)
        }],
        drafted,
    );
    let drafted = days_before(start, 14);
    contract(
        plans,
        &mut key,
        paid_year(
            customer(PENGCHENG)?,
            "STANDARD",
            start,
            tech,
            "远景ERP 5.1, WMS 3.0",
        ),
        vec![
            step(ContractStep::Agree),
            step(ContractStep::Sign),
            invoiced(days_after(drafted, 6)),
        ],
        drafted,
    );
    Ok(())
}
