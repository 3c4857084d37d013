//! The demo's customers, each with a contact and what it bought.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use rapport_entity::{contacts, customers, order_lines, products};
use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;

use super::orders::{PRODUCTS, order, product};
use super::{People, days_before, local, months_before};
use crate::error::ApiError;
use crate::services::customers::ORG_TZ;
use crate::state::AppState;

/// The customers by index, as the plans below refer to them.
pub(super) const YUANJING: usize = 0;
pub(super) const HAIYANG: usize = 1;
pub(super) const XINGCHEN: usize = 2;
pub(super) const YUNFAN: usize = 3;
pub(super) const TIANFU: usize = 4;
pub(super) const PENGCHENG: usize = 5;

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

/// What a customer, its contact and its order lines became.
pub(super) struct Seeded {
    pub(super) customer: customers::Model,
    pub(super) contact: contacts::Model,
    pub(super) lines: Vec<order_lines::Model>,
}

/// Customer `index` of `seeded`, for the plans of `planning`.
pub(super) fn pick<'a>(
    seeded: &'a [Seeded],
    index: usize,
    planning: &str,
) -> Result<&'a Seeded, ApiError> {
    seeded.get(index).ok_or_else(|| {
        ApiError::internal(
            planning,
            std::io::Error::other(format!("no demo customer {index}")),
        )
    })
}

/// Products, customers with a contact each, and their orders, in one
/// transaction, each registered a fortnight before it bought.
pub(super) async fn seed(
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
            stage: Set(demo.stage),
            tier: Set(demo.tier),
            account_manager_id: Set(Some(account_manager)),
            preferred_channel: Set(Channel::Phone),
            verification: Set(if demo.verified {
                Verification::Verified
            } else {
                Verification::PendingReview
            }),
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
            preferred_channel: Set(Channel::Phone),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(registered),
            updated_at: Set(registered),
        }
        .insert(&txn)
        .await?;
        crate::services::customers::index_for_search(&txn, &customer).await?;
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
