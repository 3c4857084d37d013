//! Generated service requests with realistic shares: most old requests are
//! closed, recent ones are still being worked; priorities, categories and
//! departments as a service desk sees them; two or three SLA rows and two to
//! four timeline events each. Deadlines are close approximations of the
//! policy's clocks (wall time), enough for the list filters and the clocks
//! that get-by-id measures.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use rand::Rng;
use rand::rngs::SmallRng;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Department;
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::routing::{DecidedBy, OpenLoad};
use rapport_domain::sla::{ClockKind, ClockSpec, SlaPolicy, SlaTarget};
use rapport_entity::{request_events, request_sla, service_requests};
use rapport_types::routing::RoutingReason;
use sea_orm::Set;
use uuid::Uuid;

use super::{Batch, SeededCustomer};

/// The staff of each department, as routing would pick them.
#[derive(Default)]
pub struct Staff {
    by_department: BTreeMap<&'static str, Vec<Uuid>>,
}

impl Staff {
    pub fn add(&mut self, department: Department, id: Uuid) {
        self.by_department
            .entry(department.code())
            .or_default()
            .push(id);
    }

    /// Everyone, department by department.
    pub fn all(&self) -> Vec<Uuid> {
        self.by_department.values().flatten().copied().collect()
    }

    pub fn of(&self, department: Department) -> &[Uuid] {
        self.by_department
            .get(department.code())
            .map_or(&[], Vec::as_slice)
    }
}

/// Seeded requests span this many days back from now.
const SPAN_DAYS: i64 = 730;

/// The titles of the seeded requests, and of the intake phase's.
pub(crate) const TITLES: [&str; 12] = [
    "ERP 登录失败 login fails",
    "打印机无法连接 printer offline",
    "月结报表导出很慢 month-end export slow",
    "服务器风扇异响 server fan noise",
    "新增用户权限 add user permissions",
    "数据库备份失败 backup failed",
    "条码枪不识别 barcode scanner",
    "升级到 5.3 upgrade to 5.3",
    "发票打印格式错误 invoice layout",
    "硬盘告警 disk warning",
    "咨询续约价格 renewal price question",
    "对上次上门服务不满意 unhappy with visit",
];

/// The title of one in forty requests older than a year, and of none
/// since: a product retired a year ago, which a search still finds only
/// past every newer request ("search: retired" in the views).
pub(crate) const RETIRED_TITLE: &str = "旧版客户端闪退 legacy client crash";

const DESCRIPTION: &str = "客户反映问题自昨天下午开始出现，影响财务部三名同事的日常工作。\
    The customer reports the problem started yesterday afternoon and blocks three people \
    in finance; they tried restarting the client and the server without success.";

pub struct Generator {
    rng: SmallRng,
    admin: Uuid,
    staff: Staff,
    customers: Vec<SeededCustomer>,
    policy: SlaPolicy,
    start: DateTime<Utc>,
    step: TimeDelta,
    index: u64,
    last_seq: BTreeMap<i32, i32>,
}

impl Generator {
    pub fn new(
        rng: SmallRng,
        admin: Uuid,
        staff: Staff,
        customers: Vec<SeededCustomer>,
        rows: u64,
        now: DateTime<Utc>,
    ) -> Generator {
        let span = TimeDelta::days(SPAN_DAYS);
        let step_ms = span.num_milliseconds() / i64::try_from(rows.max(1)).unwrap_or(i64::MAX);
        Generator {
            rng,
            admin,
            staff,
            customers,
            policy: SlaPolicy::default(),
            start: now - span,
            step: TimeDelta::milliseconds(step_ms.max(1)),
            index: 0,
            last_seq: BTreeMap::new(),
        }
    }

    /// Each year's last request number, for the counters.
    pub fn last_seq_by_year(&self) -> Vec<(i32, i32)> {
        self.last_seq
            .iter()
            .map(|(year, seq)| (*year, *seq))
            .collect()
    }

    /// The next `count` requests, oldest first.
    pub fn batch(&mut self, count: u64) -> Batch {
        let mut batch = Batch {
            ids: Vec::with_capacity(usize::try_from(count).unwrap_or_default()),
            requests: Vec::with_capacity(usize::try_from(count).unwrap_or_default()),
            clocks: Vec::new(),
            events: Vec::new(),
        };
        for _ in 0..count {
            self.one(&mut batch);
        }
        batch
    }

    fn one(&mut self, batch: &mut Batch) {
        let rng = &mut self.rng;
        let offset = self.step * i32::try_from(self.index).unwrap_or(i32::MAX);
        self.index += 1;
        let created = self.start + offset + TimeDelta::milliseconds(rng.random_range(0..100));
        let age_days = (self.start + TimeDelta::days(SPAN_DAYS) - created).num_days();
        let year = created
            .with_timezone(&rapport_api::services::customers::ORG_TZ)
            .year();
        let seq = self.last_seq.entry(year).or_insert(0);
        *seq += 1;
        let number = format!("SR-{year}-{:06}", *seq);

        let customer = &self.customers[rng.random_range(0..self.customers.len())];
        let priority = pick(
            rng,
            &[
                (Priority::Urgent, 10),
                (Priority::Important, 30),
                (Priority::Routine, 60),
            ],
        );
        let category = pick(
            rng,
            &[
                (Category::Fault, 50),
                (Category::Service, 20),
                (Category::Feature, 10),
                (Category::Consultation, 12),
                (Category::Complaint, 8),
            ],
        );
        let product_kind = pick(
            rng,
            &[(ProductKind::Software, 65), (ProductKind::Hardware, 35)],
        );
        let work_type = pick(
            rng,
            &[(WorkType::Maintenance, 80), (WorkType::Implementation, 20)],
        );
        let (rule, department) = match (category, product_kind) {
            (Category::Consultation, _) => ("咨询 → 销售", Department::Sales),
            (Category::Complaint, _) => ("投诉 → 客服", Department::Service),
            (_, ProductKind::Software) => ("软件 → 软件技术", Department::TechnicalSoftware),
            _ => ("硬件 → 硬件技术", Department::TechnicalHardware),
        };
        let status = status_at_age(rng, age_days);
        let members = self.staff.of(department);
        let assignee = (status != Status::New && !members.is_empty())
            .then(|| members[rng.random_range(0..members.len())]);
        let routing_reason = RoutingReason {
            rule: Some(rule.to_owned()),
            department,
            required_skills: Default::default(),
            decided_by: assignee.map(|_| DecidedBy::LeastLoad),
            load: assignee.map(|_| OpenLoad {
                urgent: rng.random_range(0..3),
                important: rng.random_range(0..5),
                routine: rng.random_range(0..8),
            }),
            weighted_load: assignee.map(|_| rng.random_range(0..30)),
            eligible_count: members.len(),
        };

        let response = SlaTarget::response_target(priority);
        let resolution = if work_type == WorkType::Maintenance {
            SlaTarget::ResolutionMaintenance
        } else {
            SlaTarget::ResolutionImplementation
        };
        let resolution_span = span(&self.policy, resolution);
        let finished = matches!(status, Status::Resolved | Status::Closed | Status::Reopened);
        let resolved_at = finished
            .then(|| created + resolution_span * rng.random_range(20..125) / 100)
            .filter(|at| *at < Utc::now());
        let updated = match (status, resolved_at) {
            (Status::Closed, Some(at)) => at + TimeDelta::hours(rng.random_range(24..72)),
            (_, Some(at)) => at,
            _ => created + TimeDelta::minutes(rng.random_range(5..600)),
        }
        .min(Utc::now());
        let method = resolved_at.map(|_| {
            pick(
                rng,
                &[
                    (ResolutionMethod::Phone, 35),
                    (ResolutionMethod::Remote, 45),
                    (ResolutionMethod::OnSite, 20),
                ],
            )
        });
        let id = time_ordered(created);
        let title = if age_days > 365 && rng.random_ratio(1, 40) {
            RETIRED_TITLE
        } else {
            TITLES[rng.random_range(0..TITLES.len())]
        };

        batch.ids.push(id);
        batch.requests.push(service_requests::ActiveModel {
            id: Set(id),
            number: Set(number.clone()),
            year: Set(year),
            seq: Set(*seq),
            customer_id: Set(customer.id),
            customer_unverified: Set(false),
            contact_id: Set(None),
            channel: Set(pick(
                rng,
                &[
                    (IntakeChannel::Phone, 50),
                    (IntakeChannel::Email, 20),
                    (IntakeChannel::Wechat, 20),
                    (IntakeChannel::Online, 10),
                ],
            )),
            category: Set(category),
            product_kind: Set(product_kind),
            work_type: Set(work_type),
            priority: Set(priority),
            title: Set(title.to_owned()),
            description: Set(DESCRIPTION.to_owned()),
            status: Set(status),
            billable: Set(customer.contract.is_none()),
            contract_id: Set(customer.contract),
            calendar_name: Set(None),
            department: Set(department),
            assignee_id: Set(assignee),
            routing_reason: Set(serde_json::to_value(&routing_reason).unwrap_or_default()),
            paused_since: Set((status == Status::WaitingCustomer).then_some(updated)),
            pauses: Set(serde_json::json!([])),
            quote: Set(None),
            resolution_method: Set(method),
            fault_description: Set(resolved_at.map(|_| "配置文件损坏 corrupt config".to_owned())),
            solution: Set(resolved_at.map(|_| "恢复备份并重启 restored and restarted".to_owned())),
            resolved_at: Set(resolved_at),
            closed_at: Set((status == Status::Closed).then_some(updated)),
            customer_signed_at: Set(None),
            account_manager_signed_at: Set(None),
            outstanding_issue: Set(None),
            next_visit_at: Set(None),
            parts: Set(None),
            cancel_reason: Set(
                (status == Status::Cancelled).then(|| "客户撤回 withdrawn".to_owned())
            ),
            created_by: Set(self.admin),
            version: Set(1 + i32::from(assignee.is_some()) + 2 * i32::from(resolved_at.is_some())),
            created_at: Set(created),
            updated_at: Set(updated),
        });

        // SLA rows: response and resolution always, call-back once assigned.
        let responded = !matches!(status, Status::New | Status::Assigned);
        let mut targets = vec![(response, responded.then_some(0.0)), (resolution, None)];
        if assignee.is_some() {
            targets.push((SlaTarget::CallBack, responded.then_some(0.0)));
        }
        for (target, met) in targets {
            let span = span(&self.policy, target);
            let deadline = created + span;
            // One in twelve milestones comes late.
            let late = self.rng.random_range(0..12) == 0;
            let met_at = match (target, met) {
                (t, _) if t == resolution => resolved_at,
                (_, Some(_)) => {
                    let percent = if late {
                        110
                    } else {
                        self.rng.random_range(10..90)
                    };
                    Some(created + span * percent / 100)
                }
                _ => None,
            };
            batch.clocks.push(request_sla::ActiveModel {
                request_id: Set(id),
                target: Set(target),
                clock: Set(
                    serde_json::to_value(ClockSpec::from(self.policy.clock(target)))
                        .unwrap_or_default(),
                ),
                started_at: Set(created),
                deadline: Set(deadline),
                at_risk_from: Set(created + span * 4 / 5),
                met_at: Set(met_at),
                request_created_at: Set(created),
            });
        }

        // Timeline: created, assigned, resolved, closed or cancelled.
        let snapshot = serde_json::json!({
            "number": number, "status": "new", "priority": priority,
            "department": department, "title": title,
        });
        let mut events = vec![("created", created, None, Some(snapshot))];
        if let Some(assignee) = assignee {
            events.push((
                "assigned",
                created,
                Some(serde_json::json!({"status": "new", "assignee_id": null})),
                Some(serde_json::json!({"status": "assigned", "assignee_id": assignee})),
            ));
        }
        if let Some(at) = resolved_at {
            events.push((
                "resolve",
                at,
                None,
                Some(serde_json::json!({"status": "resolved", "resolution_method": method})),
            ));
        }
        match status {
            Status::Closed => events.push(("close", updated, None, None)),
            Status::Cancelled => events.push(("cancel", updated, None, None)),
            _ => {}
        }
        for (kind, at, before, after) in events {
            batch.events.push(request_events::ActiveModel {
                id: Set(time_ordered(at)),
                request_id: Set(id),
                at: Set(at),
                actor_id: Set(Some(assignee.unwrap_or(self.admin))),
                kind: Set(kind.to_owned()),
                before: Set(before),
                after: Set(after),
            });
        }
    }
}

/// The wall time a target's clock roughly spans.
fn span(policy: &SlaPolicy, target: SlaTarget) -> TimeDelta {
    let clock = policy.clock(target);
    let amount = i64::from(clock.amount());
    match clock.kind() {
        ClockKind::Hours => TimeDelta::hours(amount),
        // Eight business hours a day, nights and weekends in between.
        ClockKind::BusinessHours => TimeDelta::hours(amount * 3),
        // Five working days a week.
        ClockKind::WorkingDays => TimeDelta::hours(amount * 24 * 7 / 5),
        ClockKind::Days => TimeDelta::days(amount),
    }
}

/// Where a request of this age stands. Open requests are about two weeks of
/// intake, as on a desk that resolves in days: recent ones are being worked,
/// older ones are closed but for a thin backlog (a few per ten thousand).
fn status_at_age(rng: &mut SmallRng, age_days: i64) -> Status {
    let shares: &[(Status, u32)] = match age_days {
        0..2 => &[
            (Status::New, 10),
            (Status::Assigned, 35),
            (Status::InProgress, 30),
            (Status::WaitingCustomer, 10),
            (Status::Resolved, 15),
        ],
        2..14 => &[
            (Status::Assigned, 3),
            (Status::InProgress, 6),
            (Status::WaitingCustomer, 4),
            (Status::Reopened, 1),
            (Status::Resolved, 20),
            (Status::Closed, 63),
            (Status::Cancelled, 3),
        ],
        _ => &[
            (Status::Closed, 9_500),
            (Status::Cancelled, 400),
            (Status::Resolved, 75),
            (Status::InProgress, 10),
            (Status::Assigned, 5),
            (Status::WaitingCustomer, 5),
            (Status::Reopened, 5),
        ],
    };
    pick(rng, shares)
}

/// One of `shares`, each as likely as its weight.
fn pick<T: Copy>(rng: &mut SmallRng, shares: &[(T, u32)]) -> T {
    let total: u32 = shares.iter().map(|(_, weight)| weight).sum();
    let mut ticket = rng.random_range(0..total.max(1));
    for (value, weight) in shares {
        if ticket < *weight {
            return *value;
        }
        ticket -= weight;
    }
    shares[0].0
}

/// A time-ordered (v7) id for a row made at `at`, as the server makes them.
fn time_ordered(at: DateTime<Utc>) -> Uuid {
    let seconds = u64::try_from(at.timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        seconds,
        at.timestamp_subsec_nanos(),
    ))
}
