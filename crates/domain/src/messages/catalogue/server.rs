//! The templates of `rapport-types` and `rapport-api`.

/// English template → Chinese template.
pub const ROWS: &[(&str, &str)] = &[
    // rapport-types: contacts
    (
        "must be 3 to 20 digits, optionally with spaces, +, - and parentheses",
        "须为 3 到 20 位数字，可含空格、+、- 和括号",
    ),
    ("must be an email address", "须为有效的电子邮箱地址"),
    // rapport-types: quotes
    ("must not be negative", "不能为负数"),
    (
        "is too large (at most {max} fen)",
        "数值过大（最多 {max} 分）",
    ),
    (
        "must be a whole number of fen, at most {max}",
        "须为以分计的整数，最多 {max}",
    ),
    ("must be a whole number of fen", "须为以分计的整数"),
    // rapport-types: users
    (
        "each skill must be 1 to 50 characters",
        "每项技能须为 1 到 50 个字符",
    ),
    // rapport-api: db
    ("record", "记录"),
    // rapport-api: error
    ("Bad request", "请求有误"),
    ("Validation failed", "校验未通过"),
    ("Unauthorized", "未登录或凭证无效"),
    ("Forbidden", "无权操作"),
    ("Not found", "不存在"),
    ("Conflict", "冲突"),
    ("Stale version", "记录已被修改"),
    ("Gone", "已失效"),
    ("Too many requests", "尝试次数过多"),
    ("Request timeout", "请求超时"),
    ("Payload too large", "请求体过大"),
    ("Unsupported media type", "不支持的内容类型"),
    ("Method not allowed", "不支持此方法"),
    ("Internal server error", "服务器内部错误"),
    ("some fields are invalid", "部分字段填写有误"),
    ("your role may not do this", "您的角色无权执行此操作"),
    ("{what} not found", "{what}不存在"),
    (
        "this record was changed by someone else (now at version {current}); reload and try again",
        "此记录已被他人修改（当前版本 {current}），请刷新后重试",
    ),
    (
        "{detail}; try again in {seconds} s",
        "{detail}，请 {seconds} 秒后重试",
    ),
    (
        "the request body did not arrive within {seconds} s",
        "请求体未在 {seconds} 秒内送达",
    ),
    (
        "the body is larger than {bytes} bytes",
        "请求体超过 {bytes} 字节",
    ),
    (
        "the body must be JSON (Content-Type: application/json)",
        "请求体须为 JSON（Content-Type: application/json）",
    ),
    (
        "no API operation has the path {path}",
        "没有路径为 {path} 的 API 操作",
    ),
    (
        "{path} does not take {method}; it takes {allow}",
        "{path} 不支持 {method}，支持：{allow}",
    ),
    (
        "something went wrong on our side; it has been logged",
        "服务器出错，已记录日志",
    ),
    (
        "a record with these values already exists ({detail})",
        "已存在相同内容的记录（{detail}）",
    ),
    ("a referenced record does not exist", "引用的记录不存在"),
    ("is required to `{code}`", "执行“{code}”时必填"),
    ("is not used by `{code}`", "“{code}”不使用此字段"),
    ("must not be blank", "不能为空"),
    (
        "must be {min} to {max} characters long",
        "须为 {min} 到 {max} 个字符",
    ),
    (
        "must be at least {min} characters long",
        "至少 {min} 个字符",
    ),
    ("has the wrong length", "长度不符合要求"),
    (
        "must hold {min} to {max} entries",
        "须包含 {min} 到 {max} 项",
    ),
    ("must hold at most {max} entries", "最多 {max} 项"),
    ("must hold at least {min} entries", "至少 {min} 项"),
    (
        "must be between {min} and {max}",
        "须在 {min} 到 {max} 之间",
    ),
    ("must be at most {max}", "不能大于 {max}"),
    ("must be at least {min}", "不能小于 {min}"),
    ("is out of range", "超出允许范围"),
    ("is invalid ({code})", "格式无效（{code}）"),
    // rapport-api: idempotency
    ("must be printable ASCII", "只能包含可打印的 ASCII 字符"),
    ("must be 1 to 255 characters", "须为 1 到 255 个字符"),
    (
        "was already used for a different request",
        "已用于另一个不同的请求",
    ),
    (
        "a request with this Idempotency-Key is still being processed; retry shortly",
        "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试",
    ),
    // rapport-api: notify
    ("customer", "客户"),
    // rapport-api: pagination
    ("must be between 1 and 1000000", "须在 1 到 1000000 之间"),
    ("cannot be given with `page`", "不能与 page 同时使用"),
    (
        "is not a cursor of this list: pass a `next_cursor` it returned",
        "不是此列表的游标，请使用列表返回的 next_cursor",
    ),
    // rapport-api: auth/caller
    ("missing bearer token", "缺少 Bearer 令牌，请先登录"),
    (
        "the access token is invalid or expired",
        "访问令牌无效或已过期",
    ),
    (
        "the access token was ended (logout, deactivation or a new password)",
        "访问令牌已失效（已退出登录、账户已停用或密码已更改）",
    ),
    (
        "the API token is invalid or revoked",
        "API 令牌无效或已撤销",
    ),
    // rapport-api: auth/throttle
    (
        "too many failed logins for this account or from this address",
        "该账户或该地址登录失败次数过多",
    ),
    // rapport-api: routes/extract
    ("the body is unreadable", "无法读取请求体"),
    (
        "the body has trailing characters after the JSON value",
        "请求体的 JSON 之后有多余字符",
    ),
    (
        "the body is not valid JSON: {reason}",
        "请求体不是有效的 JSON：{reason}",
    ),
    (
        "the body does not match the expected shape: {reason}",
        "请求体格式不符合要求：{reason}",
    ),
    ("is required", "必填"),
    ("is not a field of this body", "不是此请求体的字段"),
    (
        "has the wrong type: {found}, expected {expected}",
        "类型不正确：收到 {found}，应为 {expected}",
    ),
    (
        "{found} is not one of the allowed values: {expected}",
        "{found} 不是允许的取值，可选：{expected}",
    ),
    ("is not valid: {reason}", "无效：{reason}"),
    (
        "must not contain the NUL character (U+0000)",
        "不能包含空字符（U+0000）",
    ),
    ("unknown parameter", "未知参数"),
    (
        "the query string is invalid: {reason}",
        "查询参数有误：{reason}",
    ),
    // rapport-api: routes/jobs
    ("job", "任务"),
    (
        "{job} is running on another instance; try again shortly",
        "{job} 正在另一个实例上运行，请稍后重试",
    ),
    // rapport-api: routes/reports
    ("must be `json` or `csv`", "须为 json 或 csv"),
    // rapport-api: services/api_tokens
    ("must be an active user", "须为在职用户"),
    ("API token", "API 令牌"),
    ("this API token is already revoked", "此 API 令牌已撤销"),
    (
        "`{name}` is not allowed to the role `{role}` of the token's user",
        "令牌所属用户的角色“{role}”不能使用“{name}”",
    ),
    (
        "`{name}` is beyond what the issuer may do",
        "“{name}”超出了签发人自身的权限",
    ),
    // rapport-api: services/audit
    ("must be at most 200 characters", "最多 200 个字符"),
    // rapport-api: services/auth
    (
        "the email or password is wrong, or the account is deactivated",
        "邮箱或密码错误，或账户已停用",
    ),
    (
        "the refresh token is invalid, expired or already used",
        "刷新令牌无效、已过期或已使用",
    ),
    (
        "the account no longer exists or is deactivated",
        "账户已不存在或已停用",
    ),
    // rapport-api: services/calendar
    ("must hold 1 to {max} entries", "须包含 1 到 {max} 项"),
    ("{date} appears more than once", "{date} 重复出现"),
    ("calendar", "日历"),
    (
        "must be 1 to 64 characters of a-z, 0-9, _ and -",
        "须为 1 到 64 个字符，只能使用 a-z、0-9、_ 和 -",
    ),
    // rapport-api: services/care
    ("is listed twice", "重复列出"),
    ("is required for a birthday", "生日问候时必填"),
    ("must be a contact of this customer", "须为该客户的联系人"),
    ("must be the contact's birthday", "须为该联系人的生日"),
    ("is for birthdays only", "仅用于生日问候"),
    (
        "must be the day of a configured holiday",
        "须为已配置节日的日期",
    ),
    ("this greeting was already made", "此问候已发送过"),
    // rapport-api: services/complaints
    ("must be between 1 and 5", "须在 1 到 5 之间"),
    ("must be after now", "须晚于当前时间"),
    ("no such customer", "客户不存在"),
    ("this customer is archived", "该客户已归档"),
    (
        "must be a service request of this customer",
        "须为该客户的服务请求",
    ),
    // rapport-api: services/contacts
    ("this contact is archived", "该联系人已归档"),
    ("contact", "联系人"),
    ("must be a contact of the customer", "须为该客户的联系人"),
    // rapport-api: services/contracts
    ("must be between 0 and 3660", "须在 0 到 3660 之间"),
    (
        "a contract that is `{status}` cannot be changed",
        "合同当前为“{status}”，不能修改",
    ),
    // rapport-api: services/customers
    (
        "must be `name` or `-created_at`",
        "须为 name 或 -created_at",
    ),
    ("is required when rejecting", "驳回时必填"),
    (
        "a registration must be reviewed by someone other than who registered it",
        "客户登记须由登记人以外的人审核",
    ),
    (
        "this customer is already `{status}`",
        "该客户已是“{status}”状态",
    ),
    ("must be an active account manager", "须为在职的客户经理"),
    // rapport-api: services/knowledge
    (
        "is required without `from_request`",
        "未提供 from_request 时必填",
    ),
    (
        "an archived article does not change; restore it first",
        "已归档的文章不能修改，请先恢复",
    ),
    (
        "only a published article is used on requests",
        "只有已发布的文章才能用于服务请求",
    ),
    ("no such service request", "服务请求不存在"),
    ("must be between 1 and 20", "须在 1 到 20 之间"),
    (
        "this request was already promoted to article {id}",
        "该请求已转为文章 {id}",
    ),
    // rapport-api: services/needs
    (
        "a need that is `{status}` no longer changes",
        "需求当前为“{status}”，不能再修改",
    ),
    (
        "a planned need keeps at least one milestone",
        "已计划的需求至少保留一个里程碑",
    ),
    (
        "a delivered need's milestones are all done; rework it first",
        "已交付需求的里程碑均已完成，请先返工",
    ),
    ("must be from 0 to {max}", "须在 0 到 {max} 之间"),
    ("must name at least one milestone", "至少填写一个里程碑"),
    (
        "a new plan's milestones are not done yet (leave out done_at)",
        "新计划的里程碑尚未完成（请不要填写 done_at）",
    ),
    ("must be 0 or more", "不能小于 0"),
    (
        "a `rejected` customer gets no needs",
        "客户审核未通过，不能登记需求",
    ),
    // rapport-api: services/notifications
    ("notification", "通知"),
    // rapport-api: services/orders
    (
        "this customer is archived and cannot place new orders",
        "该客户已归档，不能新建订单",
    ),
    ("order", "订单"),
    ("order line", "订单明细"),
    (
        "cannot be before the order date {order_date}",
        "不能早于订单日期 {order_date}",
    ),
    ("quantity × unit price is too large", "数量 × 单价过大"),
    ("the order total is too large", "订单总额过大"),
    ("this product is archived", "该产品已归档"),
    ("no such product", "产品不存在"),
    // rapport-api: services/reports
    ("is required (YYYY-MM)", "必填（YYYY-MM）"),
    ("is not a department code", "不是有效的部门代码"),
    ("must be a user id (UUID)", "须为用户 ID（UUID）"),
    ("no such user", "用户不存在"),
    // rapport-api: services/requests
    ("request", "服务请求"),
    ("must be an existing customer", "须为已登记的客户"),
    // rapport-api: services/routing
    ("must hold 1 to {max} rules", "须包含 1 到 {max} 条规则"),
    ("must be 1 to 100 characters", "须为 1 到 100 个字符"),
    (
        "must hold at most 20 entries of 1 to 50 characters",
        "最多 20 项，每项 1 到 50 个字符",
    ),
    // rapport-api: services/sla
    (
        "there is no calendar named “{name}”",
        "没有名为“{name}”的日历",
    ),
    // rapport-api: services/surveys
    (
        "a survey follows delivery; this request is `{status}`",
        "服务完成后才能发起调查，该请求当前为“{status}”",
    ),
    ("this survey has already been answered", "此调查已填写过"),
    ("survey", "调查"),
    ("this survey link has expired", "此调查链接已过期"),
    // rapport-api: services/users
    (
        "a user with this email already exists",
        "已有用户使用此邮箱",
    ),
    ("user", "用户"),
    (
        "you cannot deactivate yourself or give up your own admin role",
        "不能停用自己，也不能取消自己的管理员角色",
    ),
    // rapport-api: services/visits
    (
        "return visits are scheduled by resolving a request",
        "回访在服务请求解决时自动安排",
    ),
    (
        "must be within a year before and five years after now",
        "须在当前时间前一年到后五年之内",
    ),
    (
        "an executive visit goes to an executive contact of the customer",
        "高层拜访的对象须为该客户的高层联系人",
    ),
    (
        "executive visits go to customers under a contract in force",
        "只有合同生效中的客户才能安排高层拜访",
    ),
    ("visit", "拜访"),
    ("this visit is already {status}", "此拜访已是“{status}”状态"),
    (
        "the visited request is `{status}`, not `resolved`",
        "回访的请求当前为“{status}”，不是“resolved”",
    ),
    // rapport-api: services/webhooks
    ("webhook delivery", "Webhook 投递"),
    (
        "only a dead delivery can be re-sent; a pending one is tried again by itself",
        "只有已失败的投递才能重发；待投递的会自动重试",
    ),
    ("webhook endpoint", "Webhook 端点"),
    (
        "must be an absolute URL ({error})",
        "须为完整的 URL（{error}）",
    ),
    ("must be an http or https URL", "须为 http 或 https 地址"),
    ("must name a host", "须包含主机名"),
    (
        "must not carry credentials: verify the signature instead",
        "不能包含用户名或密码，请改为校验签名",
    ),
    (
        "unknown event `{code}`; one of {names}",
        "未知事件“{code}”，可选：{names}",
    ),
    ("must name at least one event", "至少选择一个事件"),
    // rapport-api: services/contracts/cover
    (
        "the customer's purchases are too large to sum",
        "客户的采购金额过大，无法汇总",
    ),
    // rapport-api: services/contracts/drafts
    ("lists a line twice", "重复列出了同一订单明细"),
    ("no such active package", "没有该有效套餐"),
    ("must be an active technician", "须为在职技术员"),
    (
        "{id} is already under a paid contract",
        "{id} 已在已付款的合同保障范围内",
    ),
    ("the covered value is too large", "保修金额过大"),
    (
        "{id} is not an order line of this customer",
        "{id} 不是该客户的订单明细",
    ),
    // rapport-api: services/contracts/free_batch
    (
        "the {month} batch takes orders until {until}; run it on or after that day",
        "{month} 批次收录截至 {until} 的订单，请在当天或之后执行",
    ),
    // rapport-api: services/contracts/lifecycle
    ("is required to `{action}`", "执行“{action}”时必填"),
    // rapport-api: services/contracts/packages
    ("is too large", "数值过大"),
    ("package", "套餐"),
    ("is required to create a package", "新建套餐时必填"),
    (
        "is required to change an existing package",
        "修改已有套餐时必填",
    ),
    // rapport-api: services/contracts/quotes
    (
        "is too large: the covered value cannot be computed",
        "数值过大，无法计算保修金额",
    ),
    (
        "is too large: the fee cannot be computed",
        "数值过大，无法计算费用",
    ),
    (
        "must be a paid contract of this customer that was signed and ended before the start",
        "须为该客户已付款、已签订且在开始日期前结束的合同",
    ),
    // rapport-api: services/orders/products
    (
        "another product already has this SKU",
        "已有其他产品使用此 SKU",
    ),
    ("product", "产品"),
    // rapport-api: services/requests/actions/fields
    (
        "must be between {min} and {max} fen",
        "须在 {min} 到 {max} 分之间",
    ),
    (
        "nobody active in {department} has the skills this request needs",
        "{department} 没有在职人员具备此请求所需的技能",
    ),
    // rapport-api: webhooks/worker
    ("webhook event", "Webhook 事件"),
    (
        "another worker took the delivery over",
        "另一个工作进程已接手此投递",
    ),
];
