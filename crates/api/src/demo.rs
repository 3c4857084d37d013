//! Demo data for `make run`: customers of every tier with contacts,
//! products and orders, contracts in every state of their lifecycle, and a
//! service desk's last weeks: requests in every state, some at risk and some
//! breached as the demo is loaded, return visits due and overdue, an overdue
//! complaint and the notifications all this sent. Never loaded unless
//! `RAPPORT_DEMO_DATA=true`.
//!
//! Customers, contacts and orders are written straight through the
//! entities. Everything after goes through the server's own code paths
//! (intake, request actions, visits, contract steps) at back-dated instants,
//! in the order they happen, so clocks, timelines, audit entries, assignee
//! loads, visits and notifications are exactly what the API would have
//! written. Clocks that must stand at risk or breached when the demo loads
//! get an intake instant searched with the same SLA engine, since the demo
//! loads on first start with the real clock, on any day of the week.

use std::collections::HashMap;

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use rapport_domain::customer::{Channel, Stage, Tier};
use rapport_domain::lifecycle::contract::Action as ContractStep;
use rapport_domain::org::{Department, Role};
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::routing::{RoutingRule, default_rules};
use rapport_domain::sla::SlaTarget;
use rapport_domain::visits::{Satisfaction, VisitChecklist};
use rapport_entity::{
    contacts, contracts, customers, order_lines, orders, products, return_visits,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use rapport_types::contracts::{InvoiceMethod, NewContract, Transition};
use rapport_types::request_actions::{ActionKind, RequestAction, Signer};
use rapport_types::requests::NewRequest;
use rapport_types::routing::RuleChanges;
use rapport_types::visits::{VisitRecord, VisitStatus};

use crate::auth::{Action, Caller};
use crate::clock::Clock;
use crate::codes::encode;
use crate::error::ApiError;
use crate::services::customers::ORG_TZ;
use crate::services::requests::clocks::Clocks;
use crate::services::requests::intake::{self, Queue};
use crate::services::requests::{self, actions};
use crate::services::{calendar, contracts as contract_routes, routing, sla, visits};
use crate::state::AppState;

/// One demo user: email, id, role.
pub type Member = (&'static str, Uuid, Role);

/// A product of the demo catalogue.
struct DemoProduct {
    sku: &'static str,
    name: &'static str,
    kind: ProductKind,
    price_cents: i64,
}

const PRODUCTS: [DemoProduct; 3] = [
    DemoProduct {
        sku: "ERP-STD",
        name: "远景ERP 标准版 (ERP, standard)",
        kind: ProductKind::Software,
        price_cents: 12_000_000,
    },
    DemoProduct {
        sku: "SRV-2U",
        name: "2U 机架服务器 (rack server)",
        kind: ProductKind::Hardware,
        price_cents: 4_500_000,
    },
    DemoProduct {
        sku: "WMS-PRO",
        name: "仓储管理系统 专业版 (WMS, professional)",
        kind: ProductKind::Software,
        price_cents: 8_800_000,
    },
];

/// The customers by index, as the plans below refer to them.
const YUANJING: usize = 0;
const HAIYANG: usize = 1;
const XINGCHEN: usize = 2;
const YUNFAN: usize = 3;
const TIANFU: usize = 4;
const PENGCHENG: usize = 5;

struct DemoContact {
    name: &'static str,
    position: &'static str,
    department: &'static str,
    phone: &'static str,
    email: &'static str,
    executive: bool,
}

struct DemoCustomer {
    name: &'static str,
    industry: &'static str,
    address: &'static str,
    stage: Stage,
    tier: Tier,
    verified: bool,
    contact: DemoContact,
    /// How long ago it bought, and what (index into `PRODUCTS`, quantity).
    bought_months_ago: u32,
    bought: &'static [(usize, i32)],
}

const CUSTOMERS: [DemoCustomer; 6] = [
    DemoCustomer {
        name: "北京远景制造有限公司",
        industry: "制造业",
        address: "北京市海淀区中关村大街1号",
        stage: Stage::LongTerm,
        tier: Tier::Core,
        verified: true,
        contact: DemoContact {
            name: "张伟",
            position: "信息中心主任",
            department: "信息中心",
            phone: "13812345678",
            email: "zhang.wei@yuanjing.example.cn",
            executive: true,
        },
        bought_months_ago: 24,
        bought: &[(0, 1), (1, 2)],
    },
    DemoCustomer {
        name: "上海海洋贸易公司",
        industry: "贸易",
        address: "上海市浦东新区世纪大道100号",
        stage: Stage::New,
        tier: Tier::Potential,
        verified: true,
        contact: DemoContact {
            name: "李娜",
            position: "IT经理",
            department: "信息部",
            phone: "021-62345678",
            email: "li.na@ocean.example.cn",
            executive: false,
        },
        bought_months_ago: 1,
        bought: &[(0, 1), (1, 2)],
    },
    DemoCustomer {
        name: "广州星辰数据中心",
        industry: "信息技术",
        address: "广州市天河区珠江新城",
        stage: Stage::Potential,
        tier: Tier::Ordinary,
        verified: false,
        contact: DemoContact {
            name: "王强",
            position: "运维主管",
            department: "运维部",
            phone: "13987654321",
            email: "wang.qiang@xingchen.example.cn",
            executive: false,
        },
        bought_months_ago: 1,
        bought: &[(0, 1), (1, 2)],
    },
    DemoCustomer {
        name: "杭州云帆物流集团有限公司",
        industry: "物流",
        address: "杭州市萧山区空港大道288号",
        stage: Stage::LongTerm,
        tier: Tier::Core,
        verified: true,
        contact: DemoContact {
            name: "陈静",
            position: "信息化总监",
            department: "信息化部",
            phone: "13757123456",
            email: "chen.jing@yunfan.example.cn",
            executive: true,
        },
        bought_months_ago: 26,
        bought: &[(2, 1), (1, 1)],
    },
    DemoCustomer {
        name: "成都天府第一人民医院",
        industry: "医疗卫生",
        address: "成都市武侯区人民南路四段20号",
        stage: Stage::LongTerm,
        tier: Tier::Ordinary,
        verified: true,
        contact: DemoContact {
            name: "刘洋",
            position: "信息科科长",
            department: "信息科",
            phone: "028-85501234",
            email: "liu.yang@tianfu-hospital.example.cn",
            executive: false,
        },
        bought_months_ago: 15,
        bought: &[(1, 3)],
    },
    DemoCustomer {
        name: "深圳鹏程电子股份有限公司",
        industry: "电子制造",
        address: "深圳市南山区科技园南区高新南一道9号",
        stage: Stage::LongTerm,
        tier: Tier::Ordinary,
        verified: true,
        contact: DemoContact {
            name: "黄磊",
            position: "IT主管",
            department: "信息部",
            phone: "13600112233",
            email: "huang.lei@pengcheng.example.cn",
            executive: false,
        },
        bought_months_ago: 14,
        bought: &[(0, 1), (2, 1)],
    },
];

/// The routing rule put first so that one demo request waits unassigned:
/// nobody in the demo team is an Oracle DBA yet.
fn oracle_rule() -> RoutingRule {
    RoutingRule {
        name: "Oracle 数据库 → 软件技术（需 DBA）".to_owned(),
        category: None,
        product_kind: None,
        tier: None,
        priority: None,
        title_keywords: vec!["Oracle".to_owned()],
        department: Department::TechnicalSoftware,
        required_skills: vec!["oracle".to_owned()],
    }
}

/// What a customer, its contact and its order lines became.
struct Seeded {
    customer: customers::Model,
    contact: contacts::Model,
    lines: Vec<order_lines::Model>,
}

/// Loads the demo for `team` (the demo users).
pub async fn load(state: &AppState, team: &[Member]) -> Result<(), ApiError> {
    let now = state.clock.now();
    let people = People(team);
    let seeded = seed_customers(state, &people, now).await?;
    let mut plans = Vec::new();
    contract_plans(&mut plans, &seeded, &people, now)?;
    request_plans(state, &mut plans, &seeded, now).await?;
    // Stable: steps of one instant keep the order they were planned in.
    plans.sort_by_key(|plan| plan.at);
    run(state, &people, plans, now).await
}

/// The demo team by email.
struct People<'a>(&'a [Member]);

impl People<'_> {
    fn id(&self, email: &str) -> Result<Uuid, ApiError> {
        self.caller(email).map(|caller| caller.id)
    }

    fn caller(&self, email: &str) -> Result<Caller, ApiError> {
        self.0
            .iter()
            .find(|(address, _, _)| *address == email)
            .map(|&(_, id, role)| Caller {
                id,
                role,
                scopes: None,
            })
            .ok_or_else(|| {
                ApiError::internal(
                    "loading the demo",
                    std::io::Error::other(format!("the demo team has no {email}")),
                )
            })
    }
}

/// `day` at `hour`:00 in the organisation's zone.
fn local(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
    ORG_TZ
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map_or_else(|| day.and_time(time).and_utc(), |at| at.with_timezone(&Utc))
}

fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

fn days_before(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days)).unwrap_or(day)
}

fn days_after(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

/// The last day of a one-year period starting `start`.
fn year_end(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(12))
        .and_then(|day| day.pred_opt())
        .unwrap_or(start)
}

/// Products, customers with a contact each, and their orders, in one
/// transaction, each registered a fortnight before it bought.
async fn seed_customers(
    state: &AppState,
    people: &People<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Seeded>, ApiError> {
    let today = now.with_timezone(&ORG_TZ).date_naive();
    let account_manager = people.id("am@rapport.local")?;
    let desk = people.id("service@rapport.local")?;
    let first_sale = CUSTOMERS
        .iter()
        .map(|demo| demo.bought_months_ago)
        .max()
        .unwrap_or(0);
    let catalogued = local(days_before(months_before(today, first_sale), 30), 9);
    let txn = crate::db::begin(&state.db).await?;
    let mut catalogue = Vec::new();
    for demo in &PRODUCTS {
        catalogue.push(product(&txn, catalogued, demo).await?);
    }
    let mut seeded = Vec::new();
    for demo in &CUSTOMERS {
        let ordered_on = months_before(today, demo.bought_months_ago);
        let registered = local(days_before(ordered_on, 14), 10);
        let customer = customers::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set(demo.name.to_owned()),
            industry: Set(demo.industry.to_owned()),
            address: Set(demo.address.to_owned()),
            stage: Set(encode(&demo.stage)),
            tier: Set(encode(&demo.tier)),
            account_manager_id: Set(Some(account_manager)),
            preferred_channel: Set(encode(&Channel::Phone)),
            verification: Set(if demo.verified {
                "verified"
            } else {
                "pending_review"
            }
            .to_owned()),
            rejection_reason: Set(None),
            registered_by: Set(desk),
            reviewed_by: Set(demo.verified.then_some(account_manager)),
            reviewed_at: Set(demo.verified.then_some(registered + TimeDelta::hours(2))),
            last_routine_visit_on: Set(None),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(registered),
            updated_at: Set(registered),
        }
        .insert(&txn)
        .await?;
        let person = &demo.contact;
        let contact = contacts::ActiveModel {
            id: Set(Uuid::new_v4()),
            customer_id: Set(customer.id),
            name: Set(person.name.to_owned()),
            position: Set(person.position.to_owned()),
            department: Set(person.department.to_owned()),
            phone: Set(person.phone.to_owned()),
            email: Set(person.email.to_owned()),
            // A birthday this month, so the care reminders have something to show.
            birthday: Set(NaiveDate::from_ymd_opt(
                1980,
                chrono::Datelike::month(&today),
                chrono::Datelike::day(&today).min(28),
            )),
            is_executive: Set(person.executive),
            preferred_channel: Set(encode(&Channel::Phone)),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(registered),
            updated_at: Set(registered),
        }
        .insert(&txn)
        .await?;
        let lines: Vec<(&products::Model, i32)> = demo
            .bought
            .iter()
            .filter_map(|&(index, quantity)| catalogue.get(index).map(|p| (p, quantity)))
            .collect();
        let lines = order(&txn, customer.id, desk, ordered_on, &lines).await?;
        seeded.push(Seeded {
            customer,
            contact,
            lines,
        });
    }
    txn.commit().await?;
    Ok(seeded)
}

async fn product(
    conn: &impl ConnectionTrait,
    at: DateTime<Utc>,
    demo: &DemoProduct,
) -> Result<products::Model, ApiError> {
    Ok(products::ActiveModel {
        id: Set(Uuid::new_v4()),
        sku: Set(demo.sku.to_owned()),
        name: Set(demo.name.to_owned()),
        kind: Set(encode(&demo.kind)),
        list_price_cents: Set(demo.price_cents),
        archived_at: Set(None),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    }
    .insert(conn)
    .await?)
}

async fn order(
    conn: &impl ConnectionTrait,
    customer: Uuid,
    creator: Uuid,
    ordered_on: NaiveDate,
    lines: &[(&products::Model, i32)],
) -> Result<Vec<order_lines::Model>, ApiError> {
    let at = local(ordered_on, 11);
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
        created_at: Set(at),
        updated_at: Set(at),
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
                created_at: Set(at),
                updated_at: Set(at),
            }
            .insert(conn)
            .await?,
        );
    }
    Ok(saved)
}

/// One thing that happens at one instant, by one demo user.
struct Plan {
    at: DateTime<Utc>,
    by: &'static str,
    doing: Doing,
}

enum Doing {
    /// The routing rules in force from then on.
    Rules(Vec<RoutingRule>),
    /// Intake of the request numbered `key` in the plans.
    Intake(usize, Box<NewRequest>),
    /// An action on request `key` (its version is read when it runs).
    Act(usize, Box<RequestAction>),
    /// The return visit due for request `key`, with the score and what was said.
    Visit(usize, u8, &'static str),
    /// A draft contract, numbered `key` in the plans.
    Draft(usize, Box<NewContract>),
    /// A step of contract `key`.
    Step(usize, Box<Transition>),
}

/// An action with none of its fields yet.
fn action(kind: ActionKind) -> RequestAction {
    RequestAction {
        reason: None,
        ..RequestAction::with_reason(kind, 0, String::new())
    }
}

fn with_note(kind: ActionKind, note: &str) -> Box<RequestAction> {
    Box::new(RequestAction {
        note: Some(note.to_owned()),
        ..action(kind)
    })
}

fn with_reason(kind: ActionKind, reason: &str) -> Box<RequestAction> {
    Box::new(RequestAction {
        reason: Some(reason.to_owned()),
        ..action(kind)
    })
}

fn resolved(
    method: ResolutionMethod,
    fault: &str,
    solution: &str,
    fixed_at: Option<DateTime<Utc>>,
) -> Box<RequestAction> {
    Box::new(RequestAction {
        method: Some(method),
        fault_description: Some(fault.to_owned()),
        solution: Some(solution.to_owned()),
        fixed_at: fixed_at.map(|at| at.fixed_offset()),
        ..action(ActionKind::Resolve)
    })
}

fn signed(signer: Signer, at: DateTime<Utc>) -> Box<RequestAction> {
    Box::new(RequestAction {
        signer: Some(signer),
        signed_at: Some(at.fixed_offset()),
        ..action(ActionKind::SignForm)
    })
}

fn quoted(fee_cents: i64, method: ResolutionMethod, note: &str) -> Box<RequestAction> {
    Box::new(RequestAction {
        fee_cents: Some(fee_cents),
        method: Some(method),
        note: Some(note.to_owned()),
        ..action(ActionKind::Quote)
    })
}

fn step(action: ContractStep) -> Transition {
    Transition {
        version: 0,
        action,
        invoice_method: None,
        invoice_sent_on: None,
        paid_on: None,
        reason: None,
    }
}

const MANAGER: &str = "manager@rapport.local";
const ACCOUNT_MANAGER: &str = "am@rapport.local";
const DESK: &str = "service@rapport.local";
const TECH: &str = "tech@rapport.local";
const HWTECH: &str = "hwtech@rapport.local";

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
    steps: Vec<Transition>,
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

/// A contract in every state of its lifecycle, and one ending within 30 days.
fn contract_plans(
    plans: &mut Vec<Plan>,
    seeded: &[Seeded],
    people: &People<'_>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let today = now.with_timezone(&ORG_TZ).date_naive();
    let customer = |index: usize| {
        seeded.get(index).ok_or_else(|| {
            ApiError::internal(
                "planning the demo contracts",
                std::io::Error::other(format!("no demo customer {index}")),
            )
        })
    };
    let tech = Some(people.id(TECH)?);
    let hwtech = Some(people.id(HWTECH)?);
    let mut key = 0;
    let invoiced = |sent_on: NaiveDate| Transition {
        invoice_method: Some(InvoiceMethod::Courier),
        invoice_sent_on: Some(sent_on),
        ..step(ContractStep::Invoice)
    };
    let paid = |paid_on: NaiveDate| Transition {
        paid_on: Some(paid_on),
        ..step(ContractStep::Pay)
    };

    // 远景: paid, ending within 30 days (it started 11 months ago), and
    // its renewal drafted this week.
    let start = months_before(today, 11);
    let drafted = days_before(start, 10);
    contract(
        plans,
        &mut key,
        paid_year(customer(YUANJING)?, "STANDARD", start, tech, "远景ERP 5.2"),
        vec![
            step(ContractStep::Agree),
            step(ContractStep::Sign),
            // A special VAT invoice (增值税专用发票) on paper, sent by courier.
            invoiced(days_after(drafted, 6)),
            paid(days_after(drafted, 8)),
        ],
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
        vec![
            step(ContractStep::Agree),
            step(ContractStep::Sign),
            invoiced(days_after(drafted, 6)),
            paid(days_after(drafted, 8)),
        ],
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
        vec![Transition {
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

/// What the demo wants a request's clocks to show when it is loaded.
#[derive(Clone, Copy)]
enum Want {
    /// Less than a fifth of a clock's span left, none past.
    AtRisk,
    /// A deadline past.
    Breached,
}

/// The latest intake instant, at least `lead` before `now`, at which
/// `targets` started would stand as `want` says at `now`; searched in
/// ten-minute steps with the engine intake uses, because which wall time
/// that is depends on the day, the hour and the holidays.
fn back_dated(
    clocks: &Clocks,
    targets: &[SlaTarget],
    now: DateTime<Utc>,
    lead: TimeDelta,
    want: Want,
) -> Result<DateTime<Utc>, ApiError> {
    let mut at = now - lead;
    // Ninety days covers any holiday the calendar can hold.
    for _ in 0..90 * 24 * 6 {
        let rows = clocks.started(targets, at)?;
        let fits = match want {
            // Some margin, so the clock still stands so when someone looks.
            Want::AtRisk => {
                rows.iter()
                    .all(|row| row.deadline > now + TimeDelta::minutes(30))
                    && rows.iter().any(|row| row.at_risk_from <= now)
            }
            Want::Breached => rows
                .iter()
                .any(|row| row.deadline < now - TimeDelta::hours(1)),
        };
        if fits {
            return Ok(at);
        }
        at -= TimeDelta::minutes(10);
    }
    Err(ApiError::internal(
        "back-dating a demo request",
        std::io::Error::other("no intake instant in 90 days puts its clocks where wanted"),
    ))
}

/// A request to take in for `customer`.
struct Asked {
    category: Category,
    product_kind: ProductKind,
    work_type: WorkType,
    priority: Priority,
    channel: IntakeChannel,
    title: &'static str,
    description: &'static str,
}

impl Asked {
    fn of(&self, customer: &Seeded) -> Box<NewRequest> {
        Box::new(NewRequest {
            customer_id: customer.customer.id,
            contact_id: Some(customer.contact.id),
            channel: self.channel,
            category: self.category,
            product_kind: self.product_kind,
            work_type: self.work_type,
            priority: self.priority,
            title: self.title.to_owned(),
            description: self.description.to_owned(),
        })
    }

    /// The targets intake starts for it when someone is assigned.
    fn targets(&self) -> [SlaTarget; 3] {
        [
            SlaTarget::response_target(self.priority),
            SlaTarget::resolution_target(self.work_type),
            SlaTarget::CallBack,
        ]
    }
}

const fn fault(
    product_kind: ProductKind,
    priority: Priority,
    title: &'static str,
    description: &'static str,
) -> Asked {
    Asked {
        category: Category::Fault,
        product_kind,
        work_type: WorkType::Maintenance,
        priority,
        channel: IntakeChannel::Phone,
        title,
        description,
    }
}

/// Requests in every state, in the plans from the Oracle rule on.
async fn request_plans(
    state: &AppState,
    plans: &mut Vec<Plan>,
    seeded: &[Seeded],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let customer = |index: usize| {
        seeded.get(index).ok_or_else(|| {
            ApiError::internal(
                "planning the demo requests",
                std::io::Error::other(format!("no demo customer {index}")),
            )
        })
    };
    let calendar = calendar::for_request(&state.reader, &state.settings, None).await?;
    let policy = sla::policy(&state.reader, &state.settings).await?;
    let clocks = Clocks::new(calendar, policy, Uuid::nil());
    let hours = TimeDelta::hours;
    let minutes = TimeDelta::minutes;
    let days = TimeDelta::days;

    let mut rules = vec![oracle_rule()];
    rules.extend(default_rules());
    plans.push(Plan {
        at: now - days(30),
        by: DESK,
        doing: Doing::Rules(rules),
    });

    let mut key = 0;
    let mut request = |at: DateTime<Utc>,
                       asked: &Asked,
                       customer: &Seeded,
                       then: Vec<(TimeDelta, &'static str, Doing)>| {
        key += 1;
        plans.push(Plan {
            at,
            by: DESK,
            doing: Doing::Intake(key, asked.of(customer)),
        });
        for (after, by, doing) in then {
            let doing = match doing {
                Doing::Act(_, action) => Doing::Act(key, action),
                Doing::Visit(_, score, said) => Doing::Visit(key, score, said),
                other => other,
            };
            plans.push(Plan {
                at: at + after,
                by,
                doing,
            });
        }
    };
    let act = |action: Box<RequestAction>| Doing::Act(0, action);
    let call_back = |note: &str| act(with_note(ActionKind::CallBack, note));

    // New: nobody has the skill the Oracle rule asks for.
    let asked = fault(
        ProductKind::Software,
        Priority::Important,
        "Oracle 数据库归档日志空间不足告警",
        "客户监控平台报警：ERP 后台 Oracle 数据库归档日志目录使用率 92%，需要 DBA 清理并调整备份策略。",
    );
    request(now - minutes(25), &asked, customer(YUANJING)?, vec![]);

    // Assigned, its call-back at risk.
    let asked = fault(
        ProductKind::Software,
        Priority::Important,
        "ERP 月末结账报表导出超时",
        "财务部月末结账，总账报表导出超过 10 分钟后超时，影响月结进度。",
    );
    let at = back_dated(&clocks, &asked.targets(), now, minutes(10), Want::AtRisk)?;
    request(at, &asked, customer(YUANJING)?, vec![]);

    // Assigned, its call-back breached.
    let asked = Asked {
        channel: IntakeChannel::Wechat,
        ..fault(
            ProductKind::Hardware,
            Priority::Urgent,
            "核心交换机端口频繁闪断，部分业务中断",
            "机房核心交换机 3 个万兆端口间歇性 down/up，存储网络受影响，客户要求尽快到场。",
        )
    };
    let at = back_dated(&clocks, &asked.targets(), now, minutes(10), Want::Breached)?;
    request(at, &asked, customer(XINGCHEN)?, vec![]);

    // In progress (implementation work, called back).
    let asked = Asked {
        category: Category::Service,
        work_type: WorkType::Implementation,
        channel: IntakeChannel::Email,
        ..fault(
            ProductKind::Software,
            Priority::Routine,
            "采购模块新增三级审批流配置",
            "采购金额超过 50 万元的订单需增加总经理审批，请协助配置审批流并培训采购部。",
        )
    };
    request(
        now - days(2),
        &asked,
        customer(YUANJING)?,
        vec![(hours(1), TECH, call_back("已与张主任确认需求，下周二上线"))],
    );

    // In progress, called back this morning. (Its resolution clock counts
    // working days: those stand at risk only on the afternoon they fall
    // due, so the demo does not promise one at risk at any hour.)
    let asked = fault(
        ProductKind::Hardware,
        Priority::Important,
        "HIS 数据库服务器内存告警",
        "HIS 数据库服务器 ECC 内存可纠正错误持续增加，BMC 日志提示 DIMM B2 异常。",
    );
    request(
        now - hours(3),
        &asked,
        customer(TIANFU)?,
        vec![(
            minutes(20),
            HWTECH,
            call_back("已远程查看 BMC 日志，备件已申请"),
        )],
    );

    // Assigned to the hardware technician, its call-back at risk too.
    let asked = Asked {
        channel: IntakeChannel::Online,
        ..fault(
            ProductKind::Hardware,
            Priority::Routine,
            "财务室 UPS 蜂鸣告警",
            "财务室 UPS 面板提示电池需更换，间歇蜂鸣。",
        )
    };
    let at = back_dated(&clocks, &asked.targets(), now, minutes(20), Want::AtRisk)?;
    request(at, &asked, customer(YUANJING)?, vec![]);

    // Waiting on the customer's answer to a quote: no contract, billable.
    let asked = fault(
        ProductKind::Software,
        Priority::Routine,
        "ERP 客户端升级后无法连接服务器",
        "客户自行升级 ERP 客户端至 5.3 后，登录提示“无法连接应用服务器”，约 20 台电脑受影响。",
    );
    request(
        now - days(1) - hours(3),
        &asked,
        customer(HAIYANG)?,
        vec![
            (
                minutes(40),
                TECH,
                call_back("已初步判断为客户端与服务器版本不一致"),
            ),
            (
                hours(2),
                DESK,
                act(quoted(
                    80_000,
                    ResolutionMethod::Remote,
                    "保修期内合同尚未生效，按次收费：远程服务 800 元，待客户确认。",
                )),
            ),
        ],
    );

    // On site, parts confirmed, the customer signed; the account manager's signature awaited.
    let asked = fault(
        ProductKind::Hardware,
        Priority::Urgent,
        "PACS 存储服务器 RAID 卡故障",
        "PACS 影像存储服务器 RAID 卡报错，阵列降级，影像调阅缓慢。",
    );
    let at = now - days(2);
    request(
        at,
        &asked,
        customer(TIANFU)?,
        vec![
            (minutes(30), HWTECH, call_back("已安排工程师明早到场")),
            (
                hours(20),
                HWTECH,
                act(Box::new(RequestAction {
                    description: Some("RAID 卡 LSI 9361-8i 一块".to_owned()),
                    amount_cents: Some(350_000),
                    confirmed_by: Some("信息科 刘洋科长".to_owned()),
                    ..action(ActionKind::ConfirmParts)
                })),
            ),
            (
                hours(24),
                HWTECH,
                act(signed(Signer::Customer, at + hours(23))),
            ),
        ],
    );

    // Resolved remotely (远程), its return visit due next week.
    let asked = fault(
        ProductKind::Software,
        Priority::Important,
        "财务模块凭证打印错位",
        "更换新打印机后，记账凭证打印内容整体下移约 2 厘米。",
    );
    let at = now - days(1);
    request(
        at,
        &asked,
        customer(YUANJING)?,
        vec![
            (minutes(30), TECH, call_back("已约好下午远程")),
            (
                hours(2),
                TECH,
                act(resolved(
                    ResolutionMethod::Remote,
                    "新打印机驱动默认纸张边距与凭证模板不一致",
                    "远程调整凭证打印模板页边距并保存为默认，客户试打通过",
                    Some(at + hours(1) + minutes(45)),
                )),
            ),
        ],
    );

    // Resolved on the phone ten days ago: its return visit is overdue.
    let asked = fault(
        ProductKind::Software,
        Priority::Routine,
        "仓库条码枪扫描后数量不回填",
        "WMS 入库单扫描条码后，数量栏不自动回填，需要手工输入。",
    );
    request(
        now - days(10),
        &asked,
        customer(PENGCHENG)?,
        vec![
            (hours(1), TECH, call_back("已联系黄主管")),
            (
                days(1),
                TECH,
                act(resolved(
                    ResolutionMethod::Phone,
                    "条码枪后缀设置为 Tab 而非回车",
                    "电话指导客户扫描设置条码，后缀改为回车",
                    None,
                )),
            ),
        ],
    );

    // Fixed on site with both signatures, closed by a satisfied return visit.
    let asked = fault(
        ProductKind::Hardware,
        Priority::Important,
        "服务器电源模块告警",
        "ERP 应用服务器冗余电源 PSU2 指示灯橙色，管理口报电源失效。",
    );
    let at = now - days(15);
    request(
        at,
        &asked,
        customer(YUANJING)?,
        vec![
            (hours(1), HWTECH, call_back("已确认备件型号")),
            (
                days(1),
                HWTECH,
                act(signed(Signer::Customer, at + days(1) - minutes(30))),
            ),
            (
                days(1) + hours(2),
                ACCOUNT_MANAGER,
                act(signed(Signer::AccountManager, at + days(1) + hours(1))),
            ),
            (
                days(1) + hours(3),
                HWTECH,
                act(resolved(
                    ResolutionMethod::OnSite,
                    "PSU2 电源模块损坏",
                    "到场更换电源模块，双路供电恢复，告警消除",
                    None,
                )),
            ),
            (
                days(3),
                DESK,
                Doing::Visit(0, 5, "工程师响应及时，更换迅速，非常满意"),
            ),
        ],
    );

    // Reopened by a dissatisfied return visit: the department and the
    // account manager were told.
    let asked = fault(
        ProductKind::Software,
        Priority::Important,
        "MES 与 ERP 接口同步失败",
        "生产工单完工数据每晚同步到 ERP 时部分失败，需人工补录。",
    );
    request(
        now - days(6),
        &asked,
        customer(PENGCHENG)?,
        vec![
            (hours(2), TECH, call_back("已收集接口日志")),
            (
                days(1),
                TECH,
                act(resolved(
                    ResolutionMethod::Phone,
                    "接口账号密码过期",
                    "指导客户重置接口账号密码并重跑同步任务",
                    None,
                )),
            ),
            (
                days(3),
                DESK,
                Doing::Visit(0, 2, "问题又出现了两次，希望彻底查清原因"),
            ),
        ],
    );

    // Cancelled: the core customer declined the quote (its account manager
    // is notified).
    let asked = Asked {
        category: Category::Feature,
        work_type: WorkType::Implementation,
        ..fault(
            ProductKind::Software,
            Priority::Routine,
            "WMS 新增波次拣货功能",
            "双十一前希望 WMS 支持按线路波次拣货，减少拣货员往返。",
        )
    };
    request(
        now - days(5),
        &asked,
        customer(YUNFAN)?,
        vec![
            (hours(2), TECH, call_back("已与陈总监沟通需求范围")),
            (
                days(1),
                DESK,
                act(quoted(
                    1_500_000,
                    ResolutionMethod::OnSite,
                    "二次开发约 5 人日，含上线培训。",
                )),
            ),
            (
                days(3),
                DESK,
                act(with_note(
                    ActionKind::DeclineQuote,
                    "客户预算未批，今年暂缓开发",
                )),
            ),
        ],
    );

    // Cancelled by the customer.
    let asked = Asked {
        category: Category::Service,
        ..fault(
            ProductKind::Hardware,
            Priority::Routine,
            "机房 UPS 电池例行巡检",
            "请安排工程师对机房两台 UPS 做电池内阻检测。",
        )
    };
    request(
        now - days(4),
        &asked,
        customer(XINGCHEN)?,
        vec![(
            hours(5),
            DESK,
            act(with_reason(
                ActionKind::Cancel,
                "客户已与 UPS 厂商签订巡检服务，取消本次请求",
            )),
        )],
    );

    // A complaint past the response it was promised.
    let asked = Asked {
        category: Category::Complaint,
        ..fault(
            ProductKind::Software,
            Priority::Important,
            "多次报修仓库系统卡顿，响应太慢",
            "客户信息化总监来电投诉：仓库系统卡顿已报修两次，至今无人彻底解决，要求给出书面答复。",
        )
    };
    let response = [SlaTarget::response_target(asked.priority)];
    let at = back_dated(&clocks, &response, now, hours(1), Want::Breached)?;
    request(at, &asked, customer(YUNFAN)?, vec![]);
    Ok(())
}

/// Runs `plans` in order, each in a transaction of its own (intakes in
/// their batch's), at its instant.
async fn run(
    state: &AppState,
    people: &People<'_>,
    plans: Vec<Plan>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    // The intake task stamps its writes (audit, last assignment) with its
    // own clock: give it one that says what the plan's instant is.
    let clock = Clock::fixed(now);
    let demo = AppState {
        clock: clock.clone(),
        intake: Queue::start(state.db.clone(), state.settings.clone(), clock.clone()),
        ..state.clone()
    };
    let mut requests_by_key: HashMap<usize, Uuid> = HashMap::new();
    let mut contracts_by_key: HashMap<usize, Uuid> = HashMap::new();
    let missing = |what: &str, key: usize| {
        ApiError::internal(
            "loading the demo",
            std::io::Error::other(format!("the plans use {what} {key} before making it")),
        )
    };
    for plan in plans {
        let at = plan.at.min(now);
        clock.set(at);
        let caller = people.caller(plan.by)?;
        match plan.doing {
            Doing::Rules(rules) => {
                let txn = crate::db::begin(&demo.db).await?;
                let changes = RuleChanges {
                    version: None,
                    rules,
                };
                routing::save_rules(&txn, None, changes, at).await?;
                txn.commit().await?;
                routing::forget_rules(&demo.settings);
            }
            Doing::Intake(key, new) => {
                caller.require(Action::WriteRequests)?;
                let title = new.title.trim().to_owned();
                let checked = requests::check(&demo.reader, caller.id, *new, title, at).await?;
                let taken = intake::take_in(&demo, checked, at, None).await?;
                requests_by_key.insert(key, taken.request.id);
            }
            Doing::Act(key, asked) => {
                let id = *requests_by_key
                    .get(&key)
                    .ok_or_else(|| missing("request", key))?;
                let version = requests::find(&demo.db, id).await?.version;
                let txn = crate::db::begin(&demo.db).await?;
                let asked = RequestAction { version, ..*asked };
                actions::perform(&txn, &demo.settings, &caller, id, asked, at).await?;
                txn.commit().await?;
            }
            Doing::Visit(key, score, said) => {
                caller.require(Action::WriteVisits)?;
                let id = *requests_by_key
                    .get(&key)
                    .ok_or_else(|| missing("request", key))?;
                let visit = return_visits::Entity::find()
                    .filter(return_visits::Column::RequestId.eq(id))
                    .filter(return_visits::Column::Status.eq(encode(&VisitStatus::Due)))
                    .all(&demo.db)
                    .await?
                    .into_iter()
                    .next()
                    .ok_or_else(|| missing("the return visit of request", key))?;
                let satisfaction = Satisfaction::new(score)
                    .map_err(|error| ApiError::internal("loading the demo", error))?;
                let answer = VisitRecord {
                    version: visit.version,
                    contact_id: None,
                    satisfaction,
                    suggestions: said.to_owned(),
                    checklist: VisitChecklist {
                        appointment_made: true,
                        fault_explained: true,
                        fees_explained: true,
                        contact_left: true,
                        asked_other_problems: true,
                        database_backup_checked: false,
                    },
                };
                let txn = crate::db::begin(&demo.db).await?;
                visits::record_at(&txn, &demo.settings, &caller, visit.id, answer, at).await?;
                txn.commit().await?;
            }
            Doing::Draft(key, new) => {
                caller.require(Action::WriteContracts)?;
                let txn = crate::db::begin(&demo.db).await?;
                let detail = contract_routes::create_draft(&txn, caller.id, &new, at).await?;
                txn.commit().await?;
                contracts_by_key.insert(key, detail.contract.id);
            }
            Doing::Step(key, step) => {
                caller.require(Action::WriteContracts)?;
                let id = *contracts_by_key
                    .get(&key)
                    .ok_or_else(|| missing("contract", key))?;
                let version = crate::db::unique(&demo.db, contracts::Entity::find_by_id(id))
                    .await?
                    .ok_or_else(|| missing("contract", key))?
                    .version;
                let txn = crate::db::begin(&demo.db).await?;
                let step = Transition { version, ..*step };
                contract_routes::transition_at(&txn, &caller, id, step, at).await?;
                txn.commit().await?;
            }
        }
    }
    Ok(())
}
