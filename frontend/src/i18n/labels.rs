//! The names of coded values (statuses, priorities, roles…) in both
//! languages.

use rapport_domain::customer::{Channel, Stage, Tier};
use rapport_domain::knowledge::{Action as ArticleAction, Status as ArticleStatus};
use rapport_domain::lifecycle::complaint::{Action as ComplaintAction, Status as ComplaintStatus};
use rapport_domain::lifecycle::contract::{
    Action as ContractAction, InvoiceMethod, Status as ContractStatus,
};
use rapport_domain::lifecycle::need::{
    Action as NeedAction, Kind as NeedKind, Status as NeedStatus,
};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::{Department, Role};
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::sla::{SlaStatus, SlaTarget};
use rapport_types::contracts::ContractKind;
use rapport_types::customers::Verification;
use rapport_types::follow_ups::Method as FollowUpMethod;
use rapport_types::request_actions::{ActionKind, Signer};
use rapport_types::visits::{VisitKind, VisitStatus};
use rapport_types::webhooks::DeliveryStatus;

use super::{Label, Lang};

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
pub(super) use pairs;

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

pairs!(ContractKind {
    ContractKind::Free => ("免费维护", "Free year"),
    ContractKind::Paid => ("维护合同", "Maintenance contract"),
});

pairs!(ContractAction {
    ContractAction::Agree => ("口头同意", "Agreed"),
    ContractAction::Sign => ("签订", "Sign"),
    ContractAction::Invoice => ("开票", "Invoice"),
    ContractAction::Pay => ("收款", "Payment"),
    ContractAction::Expire => ("到期", "Expire"),
    ContractAction::Cancel => ("取消", "Cancel"),
});

pairs!(ComplaintAction {
    ComplaintAction::Investigate => ("开始调查", "Investigate"),
    ComplaintAction::ProposeSolution => ("提交方案", "Propose a solution"),
    ComplaintAction::RejectSolution => ("退回方案", "Send the solution back"),
    ComplaintAction::Approve => ("批准方案", "Approve"),
    ComplaintAction::Resolve => ("已解决", "Resolved"),
    ComplaintAction::Revisit => ("回访", "Return visit"),
});

pairs!(ArticleStatus {
    ArticleStatus::Draft => ("草稿", "Draft"),
    ArticleStatus::Published => ("已发布", "Published"),
    ArticleStatus::Archived => ("已归档", "Archived"),
});

pairs!(ArticleAction {
    ArticleAction::Publish => ("发布", "Publish"),
    ArticleAction::Unpublish => ("撤回为草稿", "Back to draft"),
    ArticleAction::Archive => ("归档", "Archive"),
    ArticleAction::Restore => ("恢复", "Restore"),
});

pairs!(SlaStatus {
    SlaStatus::Running => ("进行中", "Running"),
    SlaStatus::AtRisk => ("即将超时", "At risk"),
    SlaStatus::Breached => ("已超时", "Breached"),
    SlaStatus::Met => ("已达成", "Met"),
});

pairs!(NeedKind {
    NeedKind::Feature => ("功能需求", "Feature"),
    NeedKind::Service => ("服务需求", "Service"),
    NeedKind::Issue => ("问题", "Issue"),
});

pairs!(NeedStatus {
    NeedStatus::New => ("新建", "New"),
    NeedStatus::Evaluated => ("已评估", "Evaluated"),
    NeedStatus::Planned => ("已计划", "Planned"),
    NeedStatus::InProgress => ("进行中", "In progress"),
    NeedStatus::Delivered => ("已交付", "Delivered"),
    NeedStatus::Confirmed => ("客户已确认", "Confirmed"),
    NeedStatus::Rejected => ("不予采纳", "Rejected"),
});

pairs!(NeedAction {
    NeedAction::Evaluate => ("评估", "Evaluate"),
    NeedAction::Plan => ("制定计划", "Plan"),
    NeedAction::Start => ("开始", "Start"),
    NeedAction::CompleteMilestone => ("完成里程碑", "Milestone done"),
    NeedAction::Deliver => ("交付", "Deliver"),
    NeedAction::Rework => ("返工", "Rework"),
    NeedAction::Confirm => ("客户确认", "Customer confirmed"),
    NeedAction::Reject => ("不予采纳", "Reject"),
});

pairs!(InvoiceMethod {
    InvoiceMethod::Post => ("邮寄", "Post"),
    InvoiceMethod::Courier => ("快递", "Courier"),
    InvoiceMethod::InPerson => ("当面交付", "In person"),
    InvoiceMethod::Electronic => ("电子发票", "Electronic"),
});

pairs!(VisitKind {
    VisitKind::Return => ("回访", "Return visit"),
    VisitKind::Executive => ("高层回访", "Executive visit"),
    VisitKind::Routine => ("例行回访", "Routine visit"),
});

pairs!(VisitStatus {
    VisitStatus::Due => ("待回访", "Due"),
    VisitStatus::Done => ("已回访", "Done"),
    VisitStatus::Cancelled => ("已取消", "Cancelled"),
});

pairs!(DeliveryStatus {
    DeliveryStatus::Pending => ("待投递", "Pending"),
    DeliveryStatus::Delivered => ("已投递", "Delivered"),
    DeliveryStatus::Dead => ("投递失败", "Dead"),
});

pairs!(ComplaintStatus {
    ComplaintStatus::Received => ("已受理", "Received"),
    ComplaintStatus::Investigating => ("调查中", "Investigating"),
    ComplaintStatus::SolutionProposed => ("待审批方案", "Solution proposed"),
    ComplaintStatus::Approved => ("方案已批准", "Approved"),
    ComplaintStatus::Resolved => ("已解决", "Resolved"),
    ComplaintStatus::Revisited => ("已回访", "Revisited"),
});

pairs!(FollowUpMethod {
    FollowUpMethod::Phone => ("电话", "Phone"),
    FollowUpMethod::Email => ("邮件", "Email"),
    FollowUpMethod::Wechat => ("微信", "WeChat"),
    FollowUpMethod::Visit => ("拜访", "Visit"),
    FollowUpMethod::Meeting => ("会议", "Meeting"),
});
