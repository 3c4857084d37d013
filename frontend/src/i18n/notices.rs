//! What a notification tells, said in either language from its kind and
//! parameters: one arm per kind and language, so a kind without its words
//! does not compile.

use rapport_types::notifications::Notice;

use super::{Label, Lang};

/// The notice's one line in `lang`.
pub fn headline(notice: &Notice, lang: Lang) -> String {
    match (notice, lang) {
        (
            Notice::QuoteDeclined {
                request_number,
                customer_name,
                ..
            },
            Lang::Zh,
        ) => format!("{request_number} {customer_name}：客户拒绝报价"),
        (
            Notice::QuoteDeclined {
                request_number,
                customer_name,
                ..
            },
            Lang::En,
        ) => format!("{request_number} {customer_name}: the customer declined the quote"),
        (
            Notice::DissatisfiedVisit {
                request_number,
                customer_name,
                satisfaction,
                ..
            },
            Lang::Zh,
        ) => format!("{request_number} {customer_name}：回访满意度 {satisfaction}，已重新打开"),
        (
            Notice::DissatisfiedVisit {
                request_number,
                customer_name,
                satisfaction,
                ..
            },
            Lang::En,
        ) => format!(
            "{request_number} {customer_name}: rated {satisfaction} of 5 at the return visit, reopened"
        ),
        (
            Notice::CustomerUnverified {
                request_number,
                customer_name,
            },
            Lang::Zh,
        ) => format!("{request_number} {customer_name}：客户尚未审核，请求已受理，请尽快审核"),
        (
            Notice::CustomerUnverified {
                request_number,
                customer_name,
            },
            Lang::En,
        ) => format!(
            "{request_number} {customer_name}: request taken in for a customer not yet reviewed; please review it"
        ),
        (
            Notice::Assigned {
                request_number,
                title,
                priority,
            },
            Lang::Zh,
        ) => format!(
            "{request_number} 已分派给您（{}）：{title}",
            priority.label(lang)
        ),
        (
            Notice::Assigned {
                request_number,
                title,
                priority,
            },
            Lang::En,
        ) => format!(
            "{request_number} assigned to you ({}): {title}",
            priority.label(lang)
        ),
        (
            Notice::NewRequest {
                request_number,
                title,
                priority,
            },
            Lang::Zh,
        ) => format!(
            "本部门新请求 {request_number}（{}）：{title}",
            priority.label(lang)
        ),
        (
            Notice::NewRequest {
                request_number,
                title,
                priority,
            },
            Lang::En,
        ) => format!(
            "New request for your department {request_number} ({}): {title}",
            priority.label(lang)
        ),
        // Written before notices had kinds: as it was stored.
        (Notice::Message { subject, .. }, _) => subject.clone(),
    }
}

/// What the customer or the sender said, as they said it.
pub fn details(notice: &Notice) -> String {
    match notice {
        Notice::QuoteDeclined { note, .. } => note.clone().unwrap_or_default(),
        Notice::DissatisfiedVisit { suggestions, .. } => suggestions.clone(),
        Notice::CustomerUnverified { .. } | Notice::Assigned { .. } | Notice::NewRequest { .. } => {
            String::new()
        }
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
}
