//! Requests in every state: how the demo words their intake and actions,
//! and those still being served when the demo loads.

use chrono::{DateTime, TimeDelta, Utc};
use rapport_domain::org::Department;
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::routing::{RoutingRule, default_rules};
use rapport_domain::sla::SlaTarget;
use rapport_types::request_actions::{ActionKind, RequestAction, Signer};
use rapport_types::requests::NewRequest;
use uuid::Uuid;

use super::customers::{HAIYANG, Seeded, TIANFU, XINGCHEN, YUANJING, pick};
use super::{DESK, Doing, HWTECH, Plan, TECH, days, hours, minutes, visits};
use crate::error::ApiError;
use crate::services::requests::clocks::Clocks;
use crate::services::{calendar, sla};
use crate::state::AppState;

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

/// What the demo wants a request's clocks to show when it is loaded.
#[derive(Clone, Copy)]
pub(super) enum Want {
    /// Less than a fifth of a clock's span left, none past.
    AtRisk,
    /// A deadline past.
    Breached,
}

/// A request to take in for `customer`.
pub(super) struct Asked {
    pub(super) category: Category,
    pub(super) product_kind: ProductKind,
    pub(super) work_type: WorkType,
    pub(super) priority: Priority,
    pub(super) channel: IntakeChannel,
    pub(super) title: &'static str,
    pub(super) description: &'static str,
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

pub(super) const fn fault(
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

/// An action with none of its fields yet.
pub(super) fn action(kind: ActionKind) -> RequestAction {
    RequestAction {
        reason: None,
        ..RequestAction::with_reason(kind, 0, String::new())
    }
}

pub(super) fn with_note(kind: ActionKind, note: &str) -> Box<RequestAction> {
    Box::new(RequestAction {
        note: Some(note.to_owned()),
        ..action(kind)
    })
}

pub(super) fn with_reason(kind: ActionKind, reason: &str) -> Box<RequestAction> {
    Box::new(RequestAction {
        reason: Some(reason.to_owned()),
        ..action(kind)
    })
}

pub(super) fn resolved(
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

pub(super) fn signed(signer: Signer, at: DateTime<Utc>) -> Box<RequestAction> {
    Box::new(RequestAction {
        signer: Some(signer),
        signed_at: Some(at.fixed_offset()),
        ..action(ActionKind::SignForm)
    })
}

pub(super) fn quoted(fee_cents: i64, method: ResolutionMethod, note: &str) -> Box<RequestAction> {
    Box::new(RequestAction {
        fee_cents: Some(fee_cents),
        method: Some(method),
        note: Some(note.to_owned()),
        ..action(ActionKind::Quote)
    })
}

/// Numbers the requests as they are planned, and gives what happens to
/// each afterwards that number.
pub(super) struct Desk<'a> {
    plans: &'a mut Vec<Plan>,
    seeded: &'a [Seeded],
    clocks: Clocks,
    /// When the demo is loaded.
    pub(super) now: DateTime<Utc>,
    key: usize,
}

impl<'a> Desk<'a> {
    /// Customer `index` of the demo.
    pub(super) fn customer(&self, index: usize) -> Result<&'a Seeded, ApiError> {
        pick(self.seeded, index, "planning the demo requests")
    }

    /// The latest intake instant, at least `lead` before `now`, at which
    /// `targets` started would stand as `want` says at `now`; searched in
    /// ten-minute steps with the engine intake uses, because which wall time
    /// that is depends on the day, the hour and the holidays.
    pub(super) fn back_dated(
        &self,
        targets: &[SlaTarget],
        lead: TimeDelta,
        want: Want,
    ) -> Result<DateTime<Utc>, ApiError> {
        let now = self.now;
        let mut at = now - lead;
        // Ninety days covers any holiday the calendar can hold.
        for _ in 0..90 * 24 * 6 {
            let rows = self.clocks.started(targets, at)?;
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

    /// Plans the intake of `asked` for `customer` at `at`, then each of
    /// `then` that long after it, by whom.
    pub(super) fn request(
        &mut self,
        at: DateTime<Utc>,
        asked: &Asked,
        customer: &Seeded,
        then: Vec<(TimeDelta, &'static str, Doing)>,
    ) {
        self.key += 1;
        let key = self.key;
        self.plans.push(Plan {
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
            self.plans.push(Plan {
                at: at + after,
                by,
                doing,
            });
        }
    }
}

/// An action on the request it is planned with.
pub(super) fn act(action: Box<RequestAction>) -> Doing {
    Doing::Act(0, action)
}

pub(super) fn call_back(note: &str) -> Doing {
    act(with_note(ActionKind::CallBack, note))
}

/// Requests in every state, in the plans from the Oracle rule on.
pub(super) async fn plans(
    state: &AppState,
    plans: &mut Vec<Plan>,
    seeded: &[Seeded],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let calendar = calendar::for_request(&state.reader, &state.settings, None).await?;
    let policy = sla::policy(&state.reader, &state.settings).await?;
    let clocks = Clocks::new(calendar, policy, Uuid::nil(), now);

    let mut rules = vec![oracle_rule()];
    rules.extend(default_rules());
    plans.push(Plan {
        at: now - TimeDelta::days(30),
        by: DESK,
        doing: Doing::Rules(rules),
    });

    let mut desk = Desk {
        plans,
        seeded,
        clocks,
        now,
        key: 0,
    };
    in_service(&mut desk)?;
    visits::after_service(&mut desk)
}

/// Requests still being served when the demo loads: new, assigned (some
/// clocks at risk or breached), in progress, waiting on the customer.
fn in_service(desk: &mut Desk<'_>) -> Result<(), ApiError> {
    let now = desk.now;

    // New: nobody has the skill the Oracle rule asks for.
    let asked = fault(
        ProductKind::Software,
        Priority::Important,
        "Oracle 数据库归档日志空间不足告警",
        "客户监控平台报警：ERP 后台 Oracle 数据库归档日志目录使用率 92%，需要 DBA 清理并调整备份策略。",
    );
    desk.request(now - minutes(25), &asked, desk.customer(YUANJING)?, vec![]);

    // Assigned, its call-back at risk.
    let asked = fault(
        ProductKind::Software,
        Priority::Important,
        "ERP 月末结账报表导出超时",
        "财务部月末结账，总账报表导出超过 10 分钟后超时，影响月结进度。",
    );
    let at = desk.back_dated(&asked.targets(), minutes(10), Want::AtRisk)?;
    desk.request(at, &asked, desk.customer(YUANJING)?, vec![]);

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
    let at = desk.back_dated(&asked.targets(), minutes(10), Want::Breached)?;
    desk.request(at, &asked, desk.customer(XINGCHEN)?, vec![]);

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
    desk.request(
        now - days(2),
        &asked,
        desk.customer(YUANJING)?,
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
    desk.request(
        now - hours(3),
        &asked,
        desk.customer(TIANFU)?,
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
    let at = desk.back_dated(&asked.targets(), minutes(20), Want::AtRisk)?;
    desk.request(at, &asked, desk.customer(YUANJING)?, vec![]);

    // Waiting on the customer's answer to a quote: no contract, billable.
    let asked = fault(
        ProductKind::Software,
        Priority::Routine,
        "ERP 客户端升级后无法连接服务器",
        "客户自行升级 ERP 客户端至 5.3 后，登录提示“无法连接应用服务器”，约 20 台电脑受影响。",
    );
    desk.request(
        now - days(1) - hours(3),
        &asked,
        desk.customer(HAIYANG)?,
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
    desk.request(
        at,
        &asked,
        desk.customer(TIANFU)?,
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
    Ok(())
}
