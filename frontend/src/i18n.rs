//! Every string the app shows, in Simplified Chinese (the default) and
//! English. Each language is one exhaustive `match`, so a message without
//! its translation does not compile. The chosen language is remembered in
//! the browser's storage.

use rapport_domain::customer::{Channel, Stage, Tier};
use rapport_domain::lifecycle::contract::Status as ContractStatus;
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::{Department, Role};
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::sla::SlaTarget;
use rapport_types::customers::Verification;
use rapport_types::request_actions::{ActionKind, Signer};
use yew::prelude::*;

use crate::storage;

/// The languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese, the default.
    Zh,
    /// English.
    En,
}

const LANG_KEY: &str = "rapport.lang";

impl Lang {
    /// The language chosen last time, else Chinese.
    pub fn remembered() -> Lang {
        match storage::get(LANG_KEY).as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// Remembers this choice for the next visit.
    pub fn remember(self) {
        storage::set(LANG_KEY, self.code());
    }

    /// The BCP 47 tag, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The message in both languages, Chinese first: for the customer's
    /// survey page, which has no language switch.
    pub fn both(text: T) -> String {
        format!("{} {}", text.get(Lang::Zh), text.get(Lang::En))
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// The language in force, with a way to change it.
#[derive(Clone, PartialEq)]
pub struct LangContext {
    /// The language pages render in.
    pub lang: Lang,
    /// Switches the language (and remembers it).
    pub set: Callback<Lang>,
}

/// The language of the page being rendered.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<LangContext>().map_or(Lang::Zh, |context| context.lang)
}

/// Something the app says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    AppName,
    Tagline,
    Email,
    Password,
    LogIn,
    LoggingIn,
    LogOut,
    LoginFailed,
    SessionExpired,
    Home,
    Queue,
    Intake,
    Notifications,
    Settings,
    SwitchLanguage,
    Loading,
    ServerDown,
    NotAllowedTitle,
    NotAllowedBody,
    NotFoundTitle,
    BackHome,
    MyOpen,
    MyAtRisk,
    MyBreached,
    UnreadNotifications,
    ViewMine,
    ViewUnassigned,
    ViewDepartment,
    ViewAtRisk,
    ViewBreached,
    ViewWaiting,
    ViewAll,
    Search,
    SearchHint,
    Priority,
    Status,
    Any,
    Number,
    Title,
    Due,
    Tags,
    Remote,
    Billable,
    Paused,
    Met,
    Previous,
    Next,
    PageOf,
    NothingHere,
    Keys,
    KeysHelp,
    KeyDown,
    KeyUp,
    KeyOpen,
    KeySearch,
    KeyHelp,
    Close,
    Contact,
    Channel,
    Category,
    ProductKind,
    WorkType,
    Description,
    Department,
    Assignee,
    Nobody,
    Clocks,
    Deadline,
    Timeline,
    Actions,
    NoActions,
    Save,
    Saving,
    SavedNext,
    StaleTitle,
    StaleBody,
    Reload,
    Note,
    Reason,
    FeeYuan,
    Method,
    ScheduledFor,
    Signer,
    SignedAt,
    OutstandingIssue,
    NextVisitAt,
    Parts,
    AmountYuan,
    ConfirmedBy,
    FaultDescription,
    Solution,
    FixedAt,
    AssignTo,
    ByRouting,
    FindCustomer,
    FindCustomerHint,
    OpenRequests,
    NoOpenRequests,
    Covered,
    NotCovered,
    RoutesTo,
    Preview,
    TakeIn,
    NoNotifications,
    Tier,
    Quote,
    NotAnAmount,
    Customers,
    Contracts,
    NoCustomers,
    CustomerName,
    Stage,
    Industry,
    Address,
    PreferredChannel,
    NextRoutineVisit,
    RegisterCustomer,
    Reveal,
    TodayNew,
    VisitsDue,
    ComplaintsOverdue,
    WeightedLoad,
    Eligible,
    SurveyTitle,
    SurveyResolution,
    SurveySpeed,
    SurveyAttitude,
    SurveyInvalid,
    SurveyClosed,
    SurveyFailed,
    SurveyUnreachable,
    SurveyRateAll,
    SurveyThanks,
    SurveyRequest,
    SurveyScale,
    SurveyComment,
    Submit,
    Suggested,
    LacksSkills,
    Target,
    MetAt,
    NoContracts,
}

impl T {
    /// The message in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(self) -> &'static str {
        match self {
            T::AppName => "Rapport 客户服务",
            T::Tagline => "客户关系与售后服务系统",
            T::Email => "邮箱",
            T::Password => "密码",
            T::LogIn => "登录",
            T::LoggingIn => "正在登录…",
            T::LogOut => "退出登录",
            T::LoginFailed => "邮箱或密码不正确",
            T::SessionExpired => "登录已过期，请重新登录",
            T::Home => "工作台",
            T::Queue => "服务请求",
            T::Intake => "受理",
            T::Notifications => "通知",
            T::Settings => "设置",
            T::SwitchLanguage => "English",
            T::Loading => "加载中…",
            T::ServerDown => "服务器不可用",
            T::NotAllowedTitle => "无权访问",
            T::NotAllowedBody => "您的角色不能使用此页面。如需访问，请联系管理员。",
            T::NotFoundTitle => "页面不存在",
            T::BackHome => "返回工作台",
            T::MyOpen => "我的未结请求",
            T::MyAtRisk => "我的即将超时",
            T::MyBreached => "我的已超时",
            T::UnreadNotifications => "未读通知",
            T::ViewMine => "我的",
            T::ViewUnassigned => "未分派",
            T::ViewDepartment => "本部门",
            T::ViewAtRisk => "即将超时",
            T::ViewBreached => "已超时",
            T::ViewWaiting => "等待客户",
            T::ViewAll => "全部",
            T::Search => "搜索",
            T::SearchHint => "编号或标题",
            T::Priority => "优先级",
            T::Status => "状态",
            T::Any => "全部",
            T::Number => "编号",
            T::Title => "标题",
            T::Due => "时限",
            T::Tags => "标签",
            T::Remote => "远程",
            T::Billable => "收费",
            T::Paused => "已暂停",
            T::Met => "已达成",
            T::Previous => "上一页",
            T::Next => "下一页",
            T::PageOf => "页",
            T::NothingHere => "没有符合条件的请求",
            T::Keys => "快捷键",
            T::KeysHelp => "按 ? 查看快捷键",
            T::KeyDown => "下一条",
            T::KeyUp => "上一条",
            T::KeyOpen => "打开所选请求",
            T::KeySearch => "搜索",
            T::KeyHelp => "显示或隐藏本帮助",
            T::Close => "关闭",
            T::Contact => "联系人",
            T::Channel => "来源",
            T::Category => "类别",
            T::ProductKind => "产品类型",
            T::WorkType => "工作类型",
            T::Description => "描述",
            T::Department => "部门",
            T::Assignee => "处理人",
            T::Nobody => "未分派",
            T::Clocks => "服务时限",
            T::Deadline => "截止时间",
            T::Timeline => "处理记录",
            T::Actions => "操作",
            T::NoActions => "当前状态下您没有可执行的操作",
            T::Save => "保存",
            T::Saving => "正在保存…",
            T::SavedNext => "保存并转到下一条",
            T::StaleTitle => "记录已被他人修改",
            T::StaleBody => "在您编辑期间，其他人修改了此请求。请重新加载后再操作。",
            T::Reload => "重新加载",
            T::Note => "说明",
            T::Reason => "原因",
            T::FeeYuan => "费用（元）",
            T::Method => "方式",
            T::ScheduledFor => "计划时间",
            T::Signer => "签字人",
            T::SignedAt => "签字时间",
            T::OutstandingIssue => "遗留问题",
            T::NextVisitAt => "下次上门时间",
            T::Parts => "配件",
            T::AmountYuan => "金额（元）",
            T::ConfirmedBy => "客户确认人",
            T::FaultDescription => "故障描述",
            T::Solution => "解决方案",
            T::FixedAt => "解决时间",
            T::AssignTo => "分派给",
            T::ByRouting => "按分派规则自动选择",
            T::FindCustomer => "查找客户",
            T::FindCustomerHint => "客户名称或电话后四位",
            T::OpenRequests => "该客户的未结请求",
            T::NoOpenRequests => "该客户没有未结请求",
            T::Covered => "合同覆盖，免费服务",
            T::NotCovered => "无有效合同，需收费",
            T::RoutesTo => "将分派至",
            T::Preview => "预览",
            T::TakeIn => "受理",
            T::NoNotifications => "没有通知",
            T::Tier => "客户级别",
            T::Quote => "报价",
            T::NotAnAmount => "请输入金额，如 1234.50",
            T::Customers => "客户",
            T::Contracts => "合同",
            T::NoCustomers => "没有符合条件的客户",
            T::CustomerName => "客户名称",
            T::Stage => "客户阶段",
            T::Industry => "行业",
            T::Address => "地址",
            T::PreferredChannel => "首选联系方式",
            T::NextRoutineVisit => "下次例行拜访",
            T::RegisterCustomer => "登记新客户",
            T::Reveal => "显示完整信息",
            T::TodayNew => "今日新请求",
            T::VisitsDue => "待回访",
            T::ComplaintsOverdue => "逾期投诉",
            T::WeightedLoad => "当时负荷",
            T::Eligible => "可选人数",
            T::SurveyTitle => "满意度调查",
            T::SurveyResolution => "问题解决效果",
            T::SurveySpeed => "响应速度",
            T::SurveyAttitude => "服务态度",
            T::SurveyInvalid => "此链接无效，请核对链接地址。",
            T::SurveyClosed => "此问卷已提交或链接已过期。",
            T::SurveyFailed => "提交失败。",
            T::SurveyUnreachable => "无法连接服务器。",
            T::SurveyRateAll => "请为三项都打分。",
            T::SurveyThanks => "感谢您的评价！",
            T::SurveyRequest => "服务单",
            T::SurveyScale => "1 分最差，5 分最好。",
            T::SurveyComment => "意见与建议",
            T::Submit => "提交",
            T::Suggested => "推荐",
            T::LacksSkills => "缺少所需技能",
            T::Target => "目标",
            T::MetAt => "达成时间",
            T::NoContracts => "没有合同",
        }
    }

    fn en(self) -> &'static str {
        match self {
            T::AppName => "Rapport Service",
            T::Tagline => "Customer relationship and after-sales service",
            T::Email => "Email",
            T::Password => "Password",
            T::LogIn => "Log in",
            T::LoggingIn => "Logging in…",
            T::LogOut => "Log out",
            T::LoginFailed => "Wrong email or password",
            T::SessionExpired => "Your session has expired; please log in again",
            T::Home => "Home",
            T::Queue => "Requests",
            T::Intake => "Intake",
            T::Notifications => "Notifications",
            T::Settings => "Settings",
            T::SwitchLanguage => "中文",
            T::Loading => "Loading…",
            T::ServerDown => "Server unavailable",
            T::NotAllowedTitle => "Not allowed",
            T::NotAllowedBody => {
                "Your role cannot use this page. Ask an administrator if you need it."
            }
            T::NotFoundTitle => "Page not found",
            T::BackHome => "Back to home",
            T::MyOpen => "My open requests",
            T::MyAtRisk => "Mine at risk",
            T::MyBreached => "Mine breached",
            T::UnreadNotifications => "Unread notifications",
            T::ViewMine => "Mine",
            T::ViewUnassigned => "Unassigned",
            T::ViewDepartment => "My department",
            T::ViewAtRisk => "At risk",
            T::ViewBreached => "Breached",
            T::ViewWaiting => "Waiting on customer",
            T::ViewAll => "All",
            T::Search => "Search",
            T::SearchHint => "Number or title",
            T::Priority => "Priority",
            T::Status => "Status",
            T::Any => "Any",
            T::Number => "Number",
            T::Title => "Title",
            T::Due => "Due",
            T::Tags => "Tags",
            T::Remote => "Remote",
            T::Billable => "Billable",
            T::Paused => "Paused",
            T::Met => "Met",
            T::Previous => "Previous",
            T::Next => "Next",
            T::PageOf => "page",
            T::NothingHere => "No requests match",
            T::Keys => "Keyboard shortcuts",
            T::KeysHelp => "Press ? for shortcuts",
            T::KeyDown => "Next row",
            T::KeyUp => "Previous row",
            T::KeyOpen => "Open the selected request",
            T::KeySearch => "Search",
            T::KeyHelp => "Show or hide this help",
            T::Close => "Close",
            T::Contact => "Contact",
            T::Channel => "Channel",
            T::Category => "Category",
            T::ProductKind => "Product kind",
            T::WorkType => "Work type",
            T::Description => "Description",
            T::Department => "Department",
            T::Assignee => "Assignee",
            T::Nobody => "Unassigned",
            T::Clocks => "SLA clocks",
            T::Deadline => "Deadline",
            T::Timeline => "Timeline",
            T::Actions => "Actions",
            T::NoActions => "Nothing you can do in this state",
            T::Save => "Save",
            T::Saving => "Saving…",
            T::SavedNext => "Save and go to the next",
            T::StaleTitle => "Someone else changed this record",
            T::StaleBody => {
                "This request was changed while you were editing it. Reload it, then try again."
            }
            T::Reload => "Reload",
            T::Note => "Note",
            T::Reason => "Reason",
            T::FeeYuan => "Fee (yuan)",
            T::Method => "Method",
            T::ScheduledFor => "Scheduled for",
            T::Signer => "Signer",
            T::SignedAt => "Signed at",
            T::OutstandingIssue => "Outstanding issue",
            T::NextVisitAt => "Next visit at",
            T::Parts => "Parts",
            T::AmountYuan => "Amount (yuan)",
            T::ConfirmedBy => "Confirmed by",
            T::FaultDescription => "Fault description",
            T::Solution => "Solution",
            T::FixedAt => "Fixed at",
            T::AssignTo => "Assign to",
            T::ByRouting => "Pick by the routing rules",
            T::FindCustomer => "Find the customer",
            T::FindCustomerHint => "Customer name or a phone's last digits",
            T::OpenRequests => "The customer's open requests",
            T::NoOpenRequests => "No open requests for this customer",
            T::Covered => "Covered by a contract: free",
            T::NotCovered => "No contract in force: billable",
            T::RoutesTo => "Goes to",
            T::Preview => "Preview",
            T::TakeIn => "Take in",
            T::NoNotifications => "No notifications",
            T::Tier => "Tier",
            T::Quote => "Quote",
            T::NotAnAmount => "Enter an amount such as 1234.50",
            T::Customers => "Customers",
            T::Contracts => "Contracts",
            T::NoCustomers => "No customers match",
            T::CustomerName => "Customer name",
            T::Stage => "Stage",
            T::Industry => "Industry",
            T::Address => "Address",
            T::PreferredChannel => "Preferred channel",
            T::NextRoutineVisit => "Next routine visit",
            T::RegisterCustomer => "Register a customer",
            T::Reveal => "Reveal",
            T::TodayNew => "New today",
            T::VisitsDue => "Visits due",
            T::ComplaintsOverdue => "Overdue complaints",
            T::WeightedLoad => "load when chosen",
            T::Eligible => "people eligible",
            T::SurveyTitle => "Satisfaction survey",
            T::SurveyResolution => "Was the problem solved?",
            T::SurveySpeed => "How fast did we respond?",
            T::SurveyAttitude => "How was our attitude?",
            T::SurveyInvalid => "This link is not valid.",
            T::SurveyClosed => "This survey was answered or the link expired.",
            T::SurveyFailed => "Sending failed.",
            T::SurveyUnreachable => "Cannot reach the server.",
            T::SurveyRateAll => "Please rate all three.",
            T::SurveyThanks => "Thank you for your feedback.",
            T::SurveyRequest => "Request",
            T::SurveyScale => "1 is worst, 5 is best.",
            T::SurveyComment => "Comments",
            T::Submit => "Submit",
            T::Suggested => "suggested",
            T::LacksSkills => "lacks the skills",
            T::Target => "Target",
            T::MetAt => "Met at",
            T::NoContracts => "No contracts",
        }
    }
}

/// A coded value's name in either language.
pub trait Label: Copy {
    /// Its name in `lang`.
    fn label(self, lang: Lang) -> &'static str;
}

/// Both names of each value, Chinese first; one arm per value so none is missed.
macro_rules! pairs {
    ($ty:ty { $($value:path => ($zh:literal, $en:literal)),+ $(,)? }) => {
        impl Label for $ty {
            fn label(self, lang: Lang) -> &'static str {
                let (zh, en) = match self { $($value => ($zh, $en)),+ };
                match lang {
                    Lang::Zh => zh,
                    Lang::En => en,
                }
            }
        }
    };
}

pairs!(Status {
    Status::New => ("新建", "New"),
    Status::Assigned => ("已分派", "Assigned"),
    Status::InProgress => ("处理中", "In progress"),
    Status::WaitingCustomer => ("等待客户", "Waiting on customer"),
    Status::Resolved => ("已解决", "Resolved"),
    Status::Reopened => ("已重开", "Reopened"),
    Status::Closed => ("已关闭", "Closed"),
    Status::Cancelled => ("已取消", "Cancelled"),
});

pairs!(Priority {
    Priority::Urgent => ("紧急", "Urgent"),
    Priority::Important => ("重要", "Important"),
    Priority::Routine => ("一般", "Routine"),
});

pairs!(Category {
    Category::Fault => ("故障", "Fault"),
    Category::Service => ("服务", "Service"),
    Category::Feature => ("功能需求", "Feature"),
    Category::Consultation => ("咨询", "Consultation"),
    Category::Complaint => ("投诉", "Complaint"),
});

pairs!(ProductKind {
    ProductKind::Software => ("软件", "Software"),
    ProductKind::Hardware => ("硬件", "Hardware"),
});

pairs!(WorkType {
    WorkType::Maintenance => ("维护", "Maintenance"),
    WorkType::Implementation => ("实施", "Implementation"),
});

pairs!(IntakeChannel {
    IntakeChannel::Phone => ("电话", "Phone"),
    IntakeChannel::Email => ("邮件", "Email"),
    IntakeChannel::Online => ("在线表单", "Online form"),
    IntakeChannel::Wechat => ("微信", "WeChat"),
    IntakeChannel::OnSite => ("现场", "On site"),
    IntakeChannel::Api => ("接口", "API"),
});

pairs!(ResolutionMethod {
    ResolutionMethod::Phone => ("电话", "Phone"),
    ResolutionMethod::Remote => ("远程", "Remote"),
    ResolutionMethod::OnSite => ("上门", "On site"),
});

pairs!(Department {
    Department::Service => ("客服部", "Service"),
    Department::Sales => ("销售部", "Sales"),
    Department::TechnicalSoftware => ("软件技术部", "Software engineering"),
    Department::TechnicalHardware => ("硬件技术部", "Hardware engineering"),
    Department::Marketing => ("市场部", "Marketing"),
    Department::Management => ("管理层", "Management"),
});

pairs!(Role {
    Role::Admin => ("管理员", "Administrator"),
    Role::Manager => ("服务经理", "Service manager"),
    Role::AccountManager => ("客户经理", "Account manager"),
    Role::Sales => ("销售", "Sales"),
    Role::Service => ("客服专员", "Service desk"),
    Role::Assistant => ("助理", "Assistant"),
    Role::Technician => ("技术", "Technician"),
    Role::Marketing => ("市场", "Marketing"),
});

pairs!(SlaTarget {
    SlaTarget::ResponseUrgent => ("响应（紧急）", "Response (urgent)"),
    SlaTarget::ResponseImportant => ("响应（重要）", "Response (important)"),
    SlaTarget::ResponseRoutine => ("响应（一般）", "Response (routine)"),
    SlaTarget::CallBack => ("技术回电", "Call-back"),
    SlaTarget::ResolutionMaintenance => ("解决（维护）", "Resolution (maintenance)"),
    SlaTarget::ResolutionImplementation => ("解决（实施）", "Resolution (implementation)"),
    SlaTarget::RemoteRecord => ("远程记录补全", "Remote fix record"),
    SlaTarget::OnSiteSignature => ("客户经理签字", "Account manager signature"),
    SlaTarget::ReturnVisit => ("回访", "Return visit"),
    SlaTarget::SatisfactionSurvey => ("满意度调查", "Satisfaction survey"),
    SlaTarget::DissatisfiedReview => ("不满意复核", "Dissatisfied review"),
});

pairs!(ActionKind {
    ActionKind::Assign => ("分派", "Assign"),
    ActionKind::CallBack => ("回电", "Call back"),
    ActionKind::Quote => ("报价", "Quote"),
    ActionKind::AcceptQuote => ("客户接受报价", "Quote accepted"),
    ActionKind::DeclineQuote => ("客户拒绝报价", "Quote declined"),
    ActionKind::WaitCustomer => ("等待客户", "Wait on customer"),
    ActionKind::Resume => ("继续处理", "Resume"),
    ActionKind::SignForm => ("服务单签字", "Sign the service form"),
    ActionKind::SecondVisit => ("二次上门", "Second visit"),
    ActionKind::ConfirmParts => ("确认配件", "Confirm parts"),
    ActionKind::Resolve => ("解决", "Resolve"),
    ActionKind::Reopen => ("重开", "Reopen"),
    ActionKind::Cancel => ("取消", "Cancel"),
    ActionKind::Close => ("关闭", "Close"),
});

pairs!(Signer {
    Signer::Customer => ("客户", "Customer"),
    Signer::AccountManager => ("客户经理", "Account manager"),
});

pairs!(Tier {
    Tier::Core => ("核心客户", "Core"),
    Tier::Potential => ("潜力客户", "Potential"),
    Tier::Ordinary => ("普通客户", "Ordinary"),
});

pairs!(Stage {
    Stage::Potential => ("潜在客户", "Potential"),
    Stage::New => ("新客户", "New"),
    Stage::LongTerm => ("长期客户", "Long-term"),
});

pairs!(Channel {
    Channel::Phone => ("电话", "Phone"),
    Channel::Email => ("邮件", "Email"),
    Channel::Wechat => ("微信", "WeChat"),
    Channel::Visit => ("上门", "Visit"),
});

pairs!(Verification {
    Verification::PendingReview => ("待审核", "Pending review"),
    Verification::Verified => ("已审核", "Verified"),
    Verification::Rejected => ("已驳回", "Rejected"),
});

pairs!(ContractStatus {
    ContractStatus::Draft => ("草稿", "Draft"),
    ContractStatus::Agreed => ("已口头同意", "Agreed"),
    ContractStatus::Signed => ("已签订", "Signed"),
    ContractStatus::Invoiced => ("已开票", "Invoiced"),
    ContractStatus::Paid => ("已付款", "Paid"),
    ContractStatus::Expired => ("已到期", "Expired"),
    ContractStatus::Cancelled => ("已取消", "Cancelled"),
});
