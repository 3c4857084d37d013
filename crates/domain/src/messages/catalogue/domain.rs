//! The templates of `rapport-domain`.

/// English template → Chinese template.
pub const ROWS: &[(&str, &str)] = &[
    // rapport-domain: customer
    ("orders", "订单"),
    ("contracts", "合同"),
    ("visits", "拜访"),
    ("service requests", "服务请求"),
    (
        "a `pending_review` customer gets no {what} until a reviewer verifies it",
        "客户尚在审核中，审核通过前不能新建{what}",
    ),
    (
        "a `{status}` customer gets no {what}",
        "客户状态为“{status}”，不能新建{what}",
    ),
    // rapport-domain: fees
    (
        "an amount of money cannot be negative (got {cents} fen)",
        "金额不能为负数（收到 {cents} 分）",
    ),
    (
        "a package rate must be between 0 and {max} basis points (0% to 1000%), got {rate}",
        "套餐费率须在 0 到 {max} 个基点之间（0% 至 1000%），收到 {rate}",
    ),
    (
        "a package code must be 1 to {max} characters of A-Z, 0-9 and _, got “{code}”",
        "套餐代码须为 1 到 {max} 个字符，只能使用 A-Z、0-9 和 _，收到“{code}”",
    ),
    (
        "the covered value or fee is too large to compute",
        "保修金额或费用过大，无法计算",
    ),
    // rapport-domain: knowledge
    ("article", "文章"),
    (
        "a service request that is `{status}` has no solution to promote: {reason}",
        "服务请求当前为“{status}”，没有可转为知识库文章的解决方案：{reason}",
    ),
    ("it records no solution", "该请求未记录解决方案"),
    ("it was cancelled", "该请求已取消"),
    ("it is not resolved yet", "该请求尚未解决"),
    ("a tag must not be blank", "标签不能为空"),
    ("a tag is at most {max} characters", "标签最多 {max} 个字符"),
    (
        "an article carries at most {max} tags",
        "一篇文章最多 {max} 个标签",
    ),
    // rapport-domain: messages
    ("must be at most {max} characters long", "最多 {max} 个字符"),
    ("it is already signed", "合同已签订"),
    // rapport-domain: reports
    (
        "must be a month written YYYY-MM, e.g. 2026-11",
        "须为 YYYY-MM 格式的月份，例如 2026-11",
    ),
    // rapport-domain: sla
    (
        "an SLA clock must count from 1 to {max}, not {amount}",
        "SLA 时限须在 1 到 {max} 之间，不能是 {amount}",
    ),
    (
        "a pause cannot end ({to}) before it begins ({from})",
        "暂停的结束时间（{to}）不能早于开始时间（{from}）",
    ),
    (
        "the deadline falls outside the range of dates the system can represent",
        "截止时间超出系统可表示的日期范围",
    ),
    // rapport-domain: visits
    (
        "a satisfaction score runs from 1 to 5, not {score}",
        "满意度评分须为 1 到 5，不能是 {score}",
    ),
    // rapport-domain: warranty
    (
        "a period cannot end ({end}) before it starts ({start})",
        "结束日期（{end}）不能早于开始日期（{start}）",
    ),
    (
        "`{text}` is not a month written YYYY-MM (e.g. 2025-03)",
        "“{text}”不是 YYYY-MM 格式的月份（例如 2025-03）",
    ),
    (
        "there is no month {month}; months run from 1 to 12",
        "没有 {month} 月，月份须为 1 到 12",
    ),
    (
        "the year {year} is outside the calendar",
        "{year} 年超出日历范围",
    ),
    // rapport-domain: calendar
    (
        "“{text}” is not a time of day; write HH:MM between 00:00 and 24:00",
        "“{text}”不是有效的时间，请按 HH:MM 填写，范围 00:00 到 24:00",
    ),
    (
        "a business period must end after it starts, but {start}–{end} does not",
        "工作时段的结束时间须晚于开始时间，{start}–{end} 不符合",
    ),
    (
        "business periods {first} and {second} overlap",
        "工作时段 {first} 与 {second} 重叠",
    ),
    (
        "business hours need at least one period",
        "工作时间至少要有一个时段",
    ),
    (
        "the business hours for {day} are empty; remove {day} from the work week instead",
        "{day} 的工作时段为空；如该日不上班，请将 {day} 从工作周中去掉",
    ),
    (
        "the work week must have at least one working day",
        "工作周至少要有一个工作日",
    ),
    (
        "{date} has more than one calendar exception; a date is either a holiday or a workday",
        "{date} 设置了多个例外；一个日期只能是节假日或调休工作日之一",
    ),
    (
        "“{name}” is not a known time zone (expected an IANA name such as Asia/Shanghai)",
        "“{name}”不是已知的时区（应为 IANA 时区名，例如 Asia/Shanghai）",
    ),
    (
        "the calendar has no working time within {days} days after {date}",
        "日历在 {date} 之后的 {days} 天内没有工作时间",
    ),
    ("{date} is not a working day", "{date} 不是工作日"),
    (
        "business time to add cannot be negative",
        "要增加的工作时长不能为负数",
    ),
    (
        "the date is outside the range the calendar can represent",
        "日期超出日历可表示的范围",
    ),
    // rapport-domain: lifecycle/complaint
    ("complaint", "投诉"),
    ("it is already being investigated", "该投诉已在调查中"),
    (
        "investigation starts when a complaint is received",
        "投诉只能在“已受理”时开始调查",
    ),
    (
        "investigate it first, naming the department",
        "请先调查并指定责任部门",
    ),
    (
        "a solution already awaits a manager",
        "已有解决方案等待经理审批",
    ),
    ("its solution was already approved", "解决方案已获批准"),
    (
        "no solution awaits a manager's decision",
        "没有等待经理审批的解决方案",
    ),
    ("it is already resolved", "该投诉已解决"),
    (
        "a manager approves a solution first",
        "需先由经理批准解决方案",
    ),
    ("the return visit is already done", "已完成回访"),
    (
        "the return visit follows the resolution",
        "解决之后才能回访",
    ),
    // rapport-domain: lifecycle/contract
    ("contract", "合同"),
    (
        "it is over; draft a new contract instead",
        "合同已结束，请新建合同",
    ),
    ("the customer has already agreed", "客户已同意"),
    (
        "the customer agrees on the phone first",
        "须先经客户电话同意",
    ),
    ("it is invoiced once signed", "签订后才能开票"),
    ("it is already invoiced", "合同已开票"),
    ("it is already paid", "合同已付款"),
    ("it is paid once invoiced", "开票后才能付款"),
    (
        "it was never in force; cancel it instead",
        "合同从未生效，请改为取消",
    ),
    (
        "once paid the deal is done; it can only expire",
        "合同已付款成交，只能到期终止",
    ),
    // rapport-domain: lifecycle
    (
        "a {machine} that is `{state}` does not allow `{action}`",
        "{machine}当前为“{state}”，不能执行“{action}”",
    ),
    (
        "cannot {action} a {machine} that is `{status}`: {reason}",
        "{machine}当前为“{status}”，不能执行“{action}”：{reason}",
    ),
    // rapport-domain: lifecycle/need
    ("need", "需求"),
    ("the customer already confirmed it", "客户已确认该需求"),
    ("it was rejected", "该需求已被拒绝"),
    (
        "it is already planned; change the plan instead",
        "该需求已有计划，请修改计划",
    ),
    ("evaluate it first", "请先评估"),
    ("it is already planned", "该需求已有计划"),
    (
        "plan it first (owner and milestones)",
        "请先制定计划（负责人和里程碑）",
    ),
    ("the work has already started", "工作已经开始"),
    (
        "it has no milestones until it is planned",
        "制定计划前没有里程碑",
    ),
    ("it is already delivered", "该需求已交付"),
    ("the work has not started", "工作尚未开始"),
    ("it has not been delivered", "该需求尚未交付"),
    (
        "a delivered need is confirmed or reworked, not rejected",
        "已交付的需求只能确认或返工，不能拒绝",
    ),
    // rapport-domain: lifecycle/request
    ("service request", "服务请求"),
    // rapport-domain: lifecycle/request/actions
    ("the lifecycle does not allow it", "流程不允许此操作"),
    ("it must be in progress", "请求须处于处理中"),
    (
        "a contract covers it, the work is free",
        "该请求在合同保障范围内，服务免费",
    ),
    ("no quote awaits an answer", "没有等待客户答复的报价"),
    (
        "a quote awaits the customer's answer; accept or decline it",
        "报价正在等待客户答复，请先记录接受或拒绝",
    ),
    // rapport-domain: lifecycle/request/plan
    (
        "a technician works only the requests assigned to them",
        "技术员只能处理分派给自己的请求",
    ),
    (
        "an on-site fix is completed once the customer and the account manager have signed the service form",
        "现场服务须经客户和客户经理在服务单上签字后才能完成",
    ),
    ("`{field}` {message}", "“{field}”{message}"),
    ("must not be in the future", "不能晚于当前时间"),
    (
        "the customer has not signed the form yet",
        "客户尚未在服务单上签字",
    ),
    (
        "must not be before the customer's signature",
        "不能早于客户签字时间",
    ),
    ("must be in the future", "须晚于当前时间"),
    (
        "must be between the intake and now",
        "须在受理时间与当前时间之间",
    ),
];
