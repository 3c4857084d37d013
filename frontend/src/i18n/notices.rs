//! What a notification tells, said in either language from its kind and
//! parameters: one arm per kind, each with its words in both languages,
//! so a kind without its words does not compile.

use rapport_types::notifications::Notice;

use super::{Label, Lang};
use crate::format::time;

/// The notice's one line in `lang`.
pub fn headline(notice: &Notice, lang: Lang) -> String {
    match notice {
        Notice::QuoteDeclined {
            request_number,
            customer_name,
            ..
        } => match lang {
            Lang::Zh => format!("{request_number} {customer_name}：客户拒绝报价"),
            Lang::En => {
                format!("{request_number} {customer_name}: the customer declined the quote")
            }
        },
        Notice::DissatisfiedVisit {
            request_number,
            customer_name,
            satisfaction,
            ..
        } => match lang {
            Lang::Zh => {
                format!("{request_number} {customer_name}：回访满意度 {satisfaction}，已重新打开")
            }
            Lang::En => format!(
                "{request_number} {customer_name}: rated {satisfaction} of 5 at the return visit, reopened"
            ),
        },
        Notice::CustomerUnverified {
            request_number,
            customer_name,
        } => match lang {
            Lang::Zh => {
                format!("{request_number} {customer_name}：客户尚未审核，请求已受理，请尽快审核")
            }
            Lang::En => format!(
                "{request_number} {customer_name}: request taken in for a customer not yet reviewed; please review it"
            ),
        },
        Notice::Assigned {
            request_number,
            title,
            priority,
        } => match lang {
            Lang::Zh => format!(
                "{request_number} 已分派给您（{}）：{title}",
                priority.label(lang)
            ),
            Lang::En => format!(
                "{request_number} assigned to you ({}): {title}",
                priority.label(lang)
            ),
        },
        Notice::NewRequest {
            request_number,
            title,
            priority,
        } => match lang {
            Lang::Zh => format!(
                "本部门新请求 {request_number}（{}）：{title}",
                priority.label(lang)
            ),
            Lang::En => format!(
                "New request for your department {request_number} ({}): {title}",
                priority.label(lang)
            ),
        },
        Notice::SlaAtRisk {
            request_number,
            title,
            target,
            deadline,
        } => match lang {
            Lang::Zh => format!(
                "{request_number} {}即将超时（{} 到期）：{title}",
                target.label(lang),
                time(*deadline)
            ),
            Lang::En => format!(
                "{request_number} {} at risk (due {}): {title}",
                target.label(lang),
                time(*deadline)
            ),
        },
        Notice::SlaBreached {
            request_number,
            title,
            target,
            deadline,
        } => match lang {
            Lang::Zh => format!(
                "{request_number} {}已超时（{} 到期）：{title}",
                target.label(lang),
                time(*deadline)
            ),
            Lang::En => format!(
                "{request_number} {} breached (was due {}): {title}",
                target.label(lang),
                time(*deadline)
            ),
        },
        Notice::ComplaintOverdue {
            customer_name,
            summary,
            promised_by,
        } => match lang {
            Lang::Zh => format!(
                "{customer_name} 的投诉已过承诺时间（{}）：{summary}",
                time(*promised_by)
            ),
            Lang::En => format!(
                "{customer_name}'s complaint is past its promised time ({}): {summary}",
                time(*promised_by)
            ),
        },
        Notice::ContractExpiring {
            customer_name,
            period_end,
        } => match lang {
            Lang::Zh => format!("{customer_name} 的维护合同将于 {period_end} 到期，请准备续约"),
            Lang::En => format!(
                "{customer_name}'s maintenance contract ends on {period_end}: time to renew"
            ),
        },
        Notice::FreePeriodEnding {
            customer_name,
            free_until,
        } => match lang {
            Lang::Zh => {
                format!("{customer_name} 的免费维护期将于 {free_until} 结束，请报价首个维护合同")
            }
            Lang::En => format!(
                "{customer_name}'s free maintenance ends on {free_until}: quote the first contract"
            ),
        },
        Notice::ContractExpired {
            customer_name,
            period_end,
        } => match lang {
            Lang::Zh => format!("{customer_name} 的维护合同已于 {period_end} 到期，未续约"),
            Lang::En => {
                format!("{customer_name}'s maintenance contract ended on {period_end} unrenewed")
            }
        },
        Notice::VisitDue {
            visit,
            customer_name,
            request_number,
            due_on,
        } => match lang {
            Lang::Zh => format!(
                "{customer_name} 的{}已到期（{due_on}）{}",
                visit.label(lang),
                request_number
                    .as_deref()
                    .map(|number| format!("：{number}"))
                    .unwrap_or_default()
            ),
            Lang::En => format!(
                "{} to {customer_name} due ({due_on}){}",
                visit.label(lang),
                request_number
                    .as_deref()
                    .map(|number| format!(": {number}"))
                    .unwrap_or_default()
            ),
        },
        Notice::Birthday {
            contact_name,
            customer_name,
            on,
            channel,
        } => match lang {
            Lang::Zh => format!(
                "{customer_name} {contact_name} {on} 生日，请通过{}问候",
                channel.label(lang)
            ),
            Lang::En => format!(
                "{contact_name} of {customer_name} has a birthday on {on}: greet by {}",
                channel.label(lang)
            ),
        },
        Notice::Holiday { name, on } => match lang {
            Lang::Zh => format!("{on} {name}：请向您的客户致以节日问候"),
            Lang::En => format!("{name} on {on}: send your customers holiday greetings"),
        },
        Notice::RegistrationWaiting {
            customer_name,
            registered_at,
        } => match lang {
            Lang::Zh => format!(
                "新客户 {customer_name} 待审核（{} 登记）",
                time(*registered_at)
            ),
            Lang::En => format!(
                "New customer {customer_name} waits for review (registered {})",
                time(*registered_at)
            ),
        },
        // Written before notices had kinds: as it was stored.
        Notice::Message { subject, .. } => subject.clone(),
    }
}

/// What the customer or the sender said, as they said it.
pub fn details(notice: &Notice) -> String {
    match notice {
        Notice::QuoteDeclined { note, .. } => note.clone().unwrap_or_default(),
        Notice::DissatisfiedVisit { suggestions, .. } => suggestions.clone(),
        Notice::ComplaintOverdue { .. }
        | Notice::CustomerUnverified { .. }
        | Notice::Assigned { .. }
        | Notice::NewRequest { .. }
        | Notice::SlaAtRisk { .. }
        | Notice::SlaBreached { .. }
        | Notice::ContractExpiring { .. }
        | Notice::FreePeriodEnding { .. }
        | Notice::ContractExpired { .. }
        | Notice::VisitDue { .. }
        | Notice::Birthday { .. }
        | Notice::Holiday { .. }
        | Notice::RegistrationWaiting { .. } => String::new(),
        Notice::Message { body, .. } => body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use rapport_types::notifications::Notice;

    use super::headline;
    use crate::i18n::Lang;

    #[test]
    fn a_notice_reads_in_either_language() {
        let notice = Notice::DissatisfiedVisit {
            request_number: "SR-2026-000042".to_owned(),
            customer_name: "远景".to_owned(),
            satisfaction: 2,
            suggestions: String::new(),
        };
        assert_eq!(
            headline(&notice, Lang::Zh),
            "SR-2026-000042 远景：回访满意度 2，已重新打开"
        );
        assert_eq!(
            headline(&notice, Lang::En),
            "SR-2026-000042 远景: rated 2 of 5 at the return visit, reopened"
        );
    }

    #[test]
    fn the_schedulers_notices_name_their_facts_in_either_language() {
        use chrono::{NaiveDate, TimeZone, Utc};
        use rapport_domain::customer::Channel;
        use rapport_domain::sla::SlaTarget;
        use rapport_types::visits::VisitKind;

        let deadline = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let cases = [
            (
                Notice::SlaAtRisk {
                    request_number: "SR-2026-000007".to_owned(),
                    title: "打印机卡纸".to_owned(),
                    target: SlaTarget::CallBack,
                    deadline,
                },
                "SR-2026-000007",
            ),
            (
                Notice::SlaBreached {
                    request_number: "SR-2026-000008".to_owned(),
                    title: "无法登录".to_owned(),
                    target: SlaTarget::ResponseUrgent,
                    deadline,
                },
                "2026-03-02 18:00",
            ),
            (
                Notice::ComplaintOverdue {
                    customer_name: "远景".to_owned(),
                    summary: "迟到".to_owned(),
                    promised_by: deadline,
                },
                "远景",
            ),
            (
                Notice::ContractExpiring {
                    customer_name: "远景".to_owned(),
                    period_end: day,
                },
                "2026-03-31",
            ),
            (
                Notice::FreePeriodEnding {
                    customer_name: "远景".to_owned(),
                    free_until: day,
                },
                "2026-03-31",
            ),
            (
                Notice::ContractExpired {
                    customer_name: "远景".to_owned(),
                    period_end: day,
                },
                "2026-03-31",
            ),
            (
                Notice::VisitDue {
                    visit: VisitKind::Return,
                    customer_name: "远景".to_owned(),
                    request_number: Some("SR-2026-000009".to_owned()),
                    due_on: day,
                },
                "SR-2026-000009",
            ),
            (
                Notice::Birthday {
                    contact_name: "韩梅梅".to_owned(),
                    customer_name: "远景".to_owned(),
                    on: day,
                    channel: Channel::Wechat,
                },
                "韩梅梅",
            ),
            (
                Notice::Holiday {
                    name: "中秋节".to_owned(),
                    on: day,
                },
                "中秋节",
            ),
            (
                Notice::RegistrationWaiting {
                    customer_name: "新客户".to_owned(),
                    registered_at: deadline,
                },
                "新客户",
            ),
        ];
        for (notice, fact) in cases {
            let zh = headline(&notice, Lang::Zh);
            let en = headline(&notice, Lang::En);
            assert!(zh.contains(fact) && en.contains(fact), "{zh} / {en}");
            assert_ne!(zh, en);
        }
        let breached = Notice::SlaBreached {
            request_number: "SR-2026-000008".to_owned(),
            title: "无法登录".to_owned(),
            target: SlaTarget::ResponseUrgent,
            deadline,
        };
        assert_eq!(
            headline(&breached, Lang::En),
            "SR-2026-000008 Response (urgent) breached (was due 2026-03-02 18:00): 无法登录"
        );
    }
}
