//! Requests resolved, visited, reopened or cancelled, and a complaint
//! past its promised response.

use rapport_domain::request::{Category, Priority, ProductKind, ResolutionMethod, WorkType};
use rapport_domain::sla::SlaTarget;
use rapport_types::request_actions::{ActionKind, Signer};

use super::customers::{PENGCHENG, XINGCHEN, YUANJING, YUNFAN};
use super::requests::{
    Asked, Desk, Want, act, call_back, fault, quoted, resolved, signed, with_note, with_reason,
};
use super::{ACCOUNT_MANAGER, DESK, Doing, HWTECH, TECH, days, hours, minutes};
use crate::error::ApiError;

/// Requests past their service when the demo loads: resolved with a return
/// visit due, overdue or done (one reopened), cancelled, and a complaint
/// waiting past its response deadline.
pub(super) fn after_service(desk: &mut Desk<'_>) -> Result<(), ApiError> {
    let now = desk.now;

    // Resolved remotely (远程), its return visit due next week.
    let asked = fault(
        ProductKind::Software,
        Priority::Important,
        "财务模块凭证打印错位",
        "更换新打印机后，记账凭证打印内容整体下移约 2 厘米。",
    );
    let at = now - days(1);
    desk.request(
        at,
        &asked,
        desk.customer(YUANJING)?,
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
    desk.request(
        now - days(10),
        &asked,
        desk.customer(PENGCHENG)?,
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
    desk.request(
        at,
        &asked,
        desk.customer(YUANJING)?,
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
    desk.request(
        now - days(6),
        &asked,
        desk.customer(PENGCHENG)?,
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
    desk.request(
        now - days(5),
        &asked,
        desk.customer(YUNFAN)?,
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
    desk.request(
        now - days(4),
        &asked,
        desk.customer(XINGCHEN)?,
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
    let at = desk.back_dated(&response, hours(1), Want::Breached)?;
    desk.request(at, &asked, desk.customer(YUNFAN)?, vec![]);
    Ok(())
}
