//! Demo data for `make run`: a few customers of every tier with contacts,
//! products, orders and one paid maintenance contract, so a new user sees a
//! living system. Written straight through the entities in one transaction;
//! never loaded unless `RAPPORT_DEMO_DATA=true`.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rapport_domain::customer::{Channel, Stage, Tier};
use rapport_domain::fees::{Money, RateBp, first_contract_fee};
use rapport_domain::request::ProductKind;
use rapport_entity::{
    contacts, contract_lines, contracts, customers, order_lines, orders, products,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set, TransactionTrait};
use uuid::Uuid;

use crate::codes::encode;
use crate::error::ApiError;
use crate::routes::contracts::InvoiceMethod;
use crate::state::AppState;

struct DemoCustomer {
    name: &'static str,
    industry: &'static str,
    address: &'static str,
    stage: Stage,
    tier: Tier,
    contact: (&'static str, &'static str, &'static str, &'static str),
}

const CUSTOMERS: [DemoCustomer; 3] = [
    DemoCustomer {
        name: "北京远景制造有限公司",
        industry: "制造业",
        address: "北京市海淀区中关村大街1号",
        stage: Stage::LongTerm,
        tier: Tier::Core,
        contact: (
            "张伟",
            "信息中心主任",
            "13812345678",
            "zhang.wei@yuanjing.example.cn",
        ),
    },
    DemoCustomer {
        name: "上海海洋贸易公司",
        industry: "贸易",
        address: "上海市浦东新区世纪大道100号",
        stage: Stage::New,
        tier: Tier::Potential,
        contact: ("李娜", "IT经理", "021-62345678", "li.na@ocean.example.cn"),
    },
    DemoCustomer {
        name: "广州星辰数据中心",
        industry: "信息技术",
        address: "广州市天河区珠江新城",
        stage: Stage::Potential,
        tier: Tier::Ordinary,
        contact: (
            "王强",
            "运维主管",
            "13987654321",
            "wang.qiang@xingchen.example.cn",
        ),
    },
];

/// Loads the demo customers, orders and contract; `account_manager` owns them, `creator` made them.
pub async fn load(state: &AppState, account_manager: Uuid, creator: Uuid) -> Result<(), ApiError> {
    let now = state.clock.now();
    let today = now.date_naive();
    let txn = state.db.begin().await?;
    let erp = product(
        &txn,
        now,
        "ERP-STD",
        "远景ERP 标准版 (ERP, standard)",
        ProductKind::Software,
        12_000_000,
    )
    .await?;
    let server = product(
        &txn,
        now,
        "SRV-2U",
        "2U 机架服务器 (rack server)",
        ProductKind::Hardware,
        4_500_000,
    )
    .await?;
    for (index, demo) in CUSTOMERS.iter().enumerate() {
        let customer = customers::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set(demo.name.to_owned()),
            industry: Set(demo.industry.to_owned()),
            address: Set(demo.address.to_owned()),
            stage: Set(encode(&demo.stage)),
            tier: Set(encode(&demo.tier)),
            account_manager_id: Set(Some(account_manager)),
            preferred_channel: Set(encode(&Channel::Phone)),
            verification: Set(if index == 2 {
                "pending_review"
            } else {
                "verified"
            }
            .to_owned()),
            rejection_reason: Set(None),
            registered_by: Set(creator),
            reviewed_by: Set((index != 2).then_some(account_manager)),
            reviewed_at: Set((index != 2).then_some(now)),
            last_routine_visit_on: Set(None),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let (name, position, phone, email) = demo.contact;
        contacts::ActiveModel {
            id: Set(Uuid::new_v4()),
            customer_id: Set(customer.id),
            name: Set(name.to_owned()),
            position: Set(position.to_owned()),
            department: Set("信息中心".to_owned()),
            phone: Set(phone.to_owned()),
            email: Set(email.to_owned()),
            birthday: NaiveDate::from_ymd_opt(1980, today.month(), today.day().min(28))
                .map_or(Set(None), |d| Set(Some(d))),
            is_executive: Set(index == 0),
            preferred_channel: Set(encode(&Channel::Phone)),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        // The core customer bought two years ago and now has a paid contract;
        // the others bought last month and fall in the free-contract batch.
        let ordered_on = if index == 0 {
            months_before(today, 24)
        } else {
            months_before(today, 1)
        };
        let lines = [(&erp, 1), (&server, 2)];
        let order = order(&txn, now, customer.id, creator, ordered_on, &lines).await?;
        if index == 0 {
            paid_contract(&txn, now, customer.id, creator, today, &order).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

async fn product(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    sku: &str,
    name: &str,
    kind: ProductKind,
    price_cents: i64,
) -> Result<products::Model, ApiError> {
    Ok(products::ActiveModel {
        id: Set(Uuid::new_v4()),
        sku: Set(sku.to_owned()),
        name: Set(name.to_owned()),
        kind: Set(encode(&kind)),
        list_price_cents: Set(price_cents),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?)
}

async fn order(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    customer: Uuid,
    creator: Uuid,
    ordered_on: NaiveDate,
    lines: &[(&products::Model, i32)],
) -> Result<Vec<order_lines::Model>, ApiError> {
    let total: i64 = lines
        .iter()
        .map(|(product, quantity)| product.list_price_cents * i64::from(*quantity))
        .sum();
    let order = orders::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer),
        order_date: Set(ordered_on),
        note: Set(String::new()),
        total_cents: Set(total),
        created_by: Set(creator),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    let mut saved = Vec::new();
    for (product, quantity) in lines {
        saved.push(
            order_lines::ActiveModel {
                id: Set(Uuid::new_v4()),
                order_id: Set(order.id),
                product_id: Set(product.id),
                product_kind: Set(product.kind.clone()),
                quantity: Set(*quantity),
                unit_price_cents: Set(product.list_price_cents),
                line_total_cents: Set(product.list_price_cents * i64::from(*quantity)),
                installation_completed_on: Set(Some(ordered_on)),
                invoiced_on: Set(Some(ordered_on)),
                acceptance_signed_on: Set(Some(ordered_on)),
                warranty_start: Set(Some(ordered_on)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(conn)
            .await?,
        );
    }
    Ok(saved)
}

async fn paid_contract(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    customer: Uuid,
    creator: Uuid,
    today: NaiveDate,
    lines: &[order_lines::Model],
) -> Result<(), ApiError> {
    let purchases: i64 = lines.iter().map(|line| line.line_total_cents).sum();
    let invalid = |error| ApiError::internal("pricing the demo contract", error);
    let fee = first_contract_fee(
        Money::from_cents(purchases).map_err(invalid)?,
        RateBp::new(1200).map_err(invalid)?,
    )
    .map_err(invalid)?;
    let start = months_before(today, 11);
    let contract = contracts::ActiveModel {
        id: Set(Uuid::new_v4()),
        customer_id: Set(customer),
        kind: Set("paid".to_owned()),
        status: Set("paid".to_owned()),
        package_code: Set(Some("STANDARD".to_owned())),
        period_start: Set(start),
        period_end: Set(start
            .checked_add_months(Months::new(12))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start)),
        covered_value_cents: Set(fee.covered_value.cents()),
        fee_cents: Set(fee.fee.cents()),
        previous_contract_id: Set(None),
        maintenance_contact_id: Set(None),
        technician_id: Set(None),
        sites: Set(1),
        installed_versions: Set("远景ERP 5.2".to_owned()),
        calendar_name: Set(None),
        // A special VAT invoice (增值税专用发票) on paper, sent by courier:
        // the kind of invoice is not stored, only how it was sent.
        invoice_method: Set(Some(encode(&InvoiceMethod::Courier))),
        invoice_sent_on: Set(Some(start)),
        paid_on: Set(Some(start)),
        cancel_reason: Set(None),
        free_batch_month: Set(None),
        created_by: Set(creator),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    for line in lines {
        contract_lines::ActiveModel {
            id: Set(Uuid::new_v4()),
            contract_id: Set(contract.id),
            order_line_id: Set(line.id),
            covered_value_cents: Set(line.line_total_cents),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
