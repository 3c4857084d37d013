//! Every string the app shows, in Simplified Chinese (the default) and
//! English. Each language is one exhaustive `match`, so a message without
//! its translation does not compile. The chosen language is remembered in
//! the browser's storage.

mod en;
mod labels;
pub mod notices;
mod settings;
mod zh;

pub use settings::S;

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
    CustomerUnverified,
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
    ResolutionMethod,
    CustomerSigned,
    AccountManagerSigned,
    Yes,
    No,
    EventCreated,
    EventRouted,
    EventComplaintOpened,
    EventSurveySent,
    EventSurveyAnswered,
    Comment,
    Visits,
    Complaints,
    Overdue,
    Done,
    Kind,
    Customer,
    DueAt,
    Request,
    Satisfaction,
    Summary,
    PromisedBy,
    NoVisits,
    NoComplaints,
    MarkAllRead,
    Care,
    Birthday,
    Holiday,
    Today,
    ThisWeek,
    Greeted,
    MarkGreeted,
    NoReminders,
    Day,
    Name,
    Jobs,
    RunNow,
    LastRun,
    Runs,
    LastError,
    Every,
    Outcome,
    NoEntries,
    System,
    AuditLog,
    Audit,
    Active,
    Inactive,
    Deliveries,
    WebhooksTitle,
    Register,
    SecretShownOnce,
    NoDeliveries,
    Attempts,
    Resend,
    Needs,
    NoNeeds,
    Owner,
    AnswerBy,
    Evaluation,
    CustomerValue,
    Fit,
    Cost,
    SolutionDirection,
    Milestones,
    MilestonesHint,
    KnowledgeBase,
    NoArticles,
    SearchArticles,
    Used,
    Helped,
    ThisHelped,
    PromoteSolution,
    MonthlyReport,
    DownloadCsv,
    MonthBefore,
    Opened,
    Resolved,
    Closed,
    CallBackMedian,
    FeesPaid,
    ByCategory,
    ByPriority,
    SatisfactionScores,
    Signed,
    Renewed,
    Expiring,
    Invoiced,
    Paid,
    Reports,
    Rejected,
    ReviewRegistration,
    Verify,
    Reject,
    RejectionReason,
    Details,
    Cause,
    AppointmentMade,
    FaultExplained,
    FeesExplained,
    ContactLeft,
    AskedOtherProblems,
    DatabaseBackupChecked,
    Suggestions,
    RecordVisit,
    OutcomeCloses,
    OutcomeReopens,
    OutcomeRecorded,
    PreviousCover,
    PurchasesSince,
    PurchasesLastYear,
    LeavingFree,
    RenewalQuote,
    FirstQuote,
    Starts,
    PurchasesCounted,
    Package,
    Rate,
    LastYearService,
    OnSiteVisits,
    SlaCompliance,
    All,
    EndingSoon,
    FreeYears,
    Period,
    Fee,
    CoveredLines,
    CoveredValue,
    FreeUntil,
    InvoiceMethodField,
    SentOn,
    PaidOn,
    Confirm,
    Contract,
    NoSteps,
    Contacts,
    FollowUps,
    LogFollowUp,
    OccurredAt,
    Feedback,
    NextStep,
    NoFollowUps,
    Orders,
    NoOrders,
    OrderDate,
    Product,
    Quantity,
    UnitPrice,
    LineTotal,
    InstallationOn,
    InvoiceOn,
    AcceptanceOn,
    WarrantyStart,
    RecordDelivery,
    DeliveryHint,
    OrderTotal,
    NotYet,
    NewContract,
    DraftContract,
    CreateDraft,
    PeriodStart,
    PeriodEnd,
    DraftAnswer,
    DraftPricedHint,
    FirstContract,
    RenewalContract,
    RenewsContract,
    NewOrder,
    RecordOrder,
    OrderLines,
    AddLine,
    RemoveLine,
    FindProduct,
    FindProductHint,
    NoProductFound,
    ChooseProduct,
    UnitPriceYuan,
    NotAQuantity,
    SaveOrder,
    BackToOrders,
    ScheduleVisit,
    ExecutiveNeedsContact,
    NoContactChosen,
    RegisterComplaint,
    AccountManager,
    Verification,
    MyCustomers,
    LastRoutineVisit,
    NeverVisited,
    CadenceMonthly,
    CadenceBimonthly,
    CadenceQuarterly,
    /// Said around the date (`{date}`) the visit has been due since.
    RoutineVisitDueSince,
    RoutineCadence,
    CareForCustomer,
    FreeBatch,
    FreeBatchHint,
    Month,
    RunBatch,
    BatchRan,
    BatchAlreadyRan,
    ContractsCreated,
    RanAt,
    OrdersDated,
    MakeSurveyLink,
    SurveyLinkOnce,
    Copy,
    Copied,
    ValidUntil,
    TakenIn,
    RemoveFilter,
    BarOpensRequests,
    Executive,
    ReviewByAnother,
    AnotherManager,
    NoContacts,
    FollowUpSummary,
    VisitedAt,
    MaintenanceDetails,
    MaintenanceContact,
    ResponsibleTechnician,
    Sites,
    InstalledVersions,
    ClockCalendar,
    OrganisationCalendarDefault,
    NotSet,
    EditDetails,
    CancelEdit,
    DetailsSaved,
    NotASiteCount,
    NoLongerOffered,
}

impl T {
    /// The message in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
}

/// Words from either catalogue: the app's ([`T`]) or the settings area's ([`S`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    App(T),
    Settings(S),
}

impl Words {
    /// The words in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Words::App(words) => words.get(lang),
            Words::Settings(words) => words.get(lang),
        }
    }
}

impl From<T> for Words {
    fn from(words: T) -> Words {
        Words::App(words)
    }
}

impl From<S> for Words {
    fn from(words: S) -> Words {
        Words::Settings(words)
    }
}

/// A coded value's name in either language.
pub trait Label: Copy {
    /// Its name in `lang`.
    fn label(self, lang: Lang) -> &'static str;
}
