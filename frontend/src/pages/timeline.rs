//! A request's timeline entry as a person reads it: each field the entry
//! changed by its name in the page's language, coded values by their label,
//! times in the organisation's zone, money in yuan, yes or no for flags.
//! Bookkeeping the server keeps beside a change (the clock it counts down,
//! the pause log, the routing explanation) is left out.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::org::Department;
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_types::request_actions::ActionKind;
use rapport_types::requests::{Parts, Quote};
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use crate::format;
use crate::i18n::{Label, Lang, T};

/// Fields a change carries that are not the person's business.
const LEFT_OUT: &[&str] = &[
    "due",
    "pauses",
    "routing_reason",
    "version",
    "updated_at",
    "survey_id",
];

/// What happened, in `lang`: an action's name, or one of the events the
/// server records on its own.
pub fn kind(code: &str, lang: Lang) -> String {
    let text = match code {
        "created" => T::EventCreated,
        "assigned" => T::EventRouted,
        "complaint_opened" => T::EventComplaintOpened,
        "survey_sent" => T::EventSurveySent,
        "survey_answered" => T::EventSurveyAnswered,
        _ => {
            return format::from_code::<ActionKind>(code)
                .map_or_else(|| code.to_owned(), |kind| kind.label(lang).to_owned());
        }
    };
    text.get(lang).to_owned()
}

/// One line per field the entry changed, `name: before → after`, in `lang`.
/// Taking a request in records the whole request, which the page's header
/// already shows: no lines for it.
pub fn changes(
    kind: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    people: &BTreeMap<Uuid, String>,
    lang: Lang,
) -> Vec<String> {
    let Some(Value::Object(after)) = after else {
        return Vec::new();
    };
    if matches!(kind, "created" | "complaint_opened") {
        return Vec::new();
    }
    after
        .iter()
        .filter(|(field, _)| !LEFT_OUT.contains(&field.as_str()))
        .map(|(field, value)| {
            let name = name(field).map_or_else(|| field.clone(), |text| text.get(lang).to_owned());
            match before.and_then(|before| before.get(field)) {
                Some(old) => format!(
                    "{name}: {} → {}",
                    shown(field, old, people, lang),
                    shown(field, value, people, lang)
                ),
                None => format!("{name}: {}", shown(field, value, people, lang)),
            }
        })
        .collect()
}

/// A field's name on the page, when it has one.
fn name(field: &str) -> Option<T> {
    Some(match field {
        "status" => T::Status,
        "priority" => T::Priority,
        "category" => T::Category,
        "product_kind" => T::ProductKind,
        "work_type" => T::WorkType,
        "channel" => T::Channel,
        "department" => T::Department,
        "assignee_id" => T::Assignee,
        "contact_id" => T::Contact,
        "title" => T::Title,
        "description" => T::Description,
        "billable" => T::Billable,
        "remote" => T::Remote,
        "paused_since" => T::Paused,
        "quote" => T::Quote,
        "resolution_method" => T::ResolutionMethod,
        "fault_description" => T::FaultDescription,
        "solution" => T::Solution,
        "resolved_at" => T::FixedAt,
        "customer_signed_at" => T::CustomerSigned,
        "account_manager_signed_at" => T::AccountManagerSigned,
        "outstanding_issue" => T::OutstandingIssue,
        "next_visit_at" => T::NextVisitAt,
        "parts" => T::Parts,
        "cancel_reason" | "reason" => T::Reason,
        "note" => T::Note,
        "comment" => T::Comment,
        "resolution" => T::SurveyResolution,
        "speed" => T::SurveySpeed,
        "attitude" => T::SurveyAttitude,
        _ => return None,
    })
}

/// A value as the page shows it: by the field's type where it is known.
fn shown(field: &str, value: &Value, people: &BTreeMap<Uuid, String>, lang: Lang) -> String {
    fn label<V: DeserializeOwned + Label>(value: &Value, lang: Lang) -> Option<String> {
        serde_json::from_value::<V>(value.clone())
            .ok()
            .map(|coded| coded.label(lang).to_owned())
    }
    let typed = match field {
        "status" => label::<Status>(value, lang),
        "priority" => label::<Priority>(value, lang),
        "category" => label::<Category>(value, lang),
        "product_kind" => label::<ProductKind>(value, lang),
        "work_type" => label::<WorkType>(value, lang),
        "channel" => label::<IntakeChannel>(value, lang),
        "department" => label::<Department>(value, lang),
        "resolution_method" => label::<ResolutionMethod>(value, lang),
        "quote" => serde_json::from_value::<Quote>(value.clone())
            .ok()
            .map(|quote| {
                let mut text = format!(
                    "{} · {}",
                    format::money(quote.fee_cents),
                    quote.method.label(lang)
                );
                if let Some(answer) = quote.answer {
                    text.push_str(&format!(" · {answer}"));
                }
                text
            }),
        "assignee_id" => value
            .as_str()
            .and_then(|id| id.parse::<Uuid>().ok())
            .and_then(|id| people.get(&id).cloned()),
        "parts" => serde_json::from_value::<Parts>(value.clone())
            .ok()
            .map(|parts| {
                format!(
                    "{} · {} · {}",
                    parts.description,
                    format::money(parts.amount_cents),
                    parts.confirmed_by
                )
            }),
        _ => None,
    };
    typed.unwrap_or_else(|| match value {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => T::Yes.get(lang).to_owned(),
        Value::Bool(false) => T::No.get(lang).to_owned(),
        Value::String(text) => text
            .parse::<DateTime<Utc>>()
            .map_or_else(|_| text.clone(), format::time),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::changes;
    use crate::i18n::Lang;

    #[test]
    fn a_change_reads_as_names_and_labels_not_codes() {
        let before = json!({"status": "assigned", "paused_since": null, "remote": false});
        let after = json!({
            "status": "waiting_customer",
            "paused_since": "2026-11-30T02:00:00Z",
            "remote": true,
            "due": {"target": "resolution"},
            "note": "等客户回电"
        });
        let lines = changes(
            "wait_customer",
            Some(&before),
            Some(&after),
            &Default::default(),
            Lang::En,
        );
        assert!(
            lines.iter().all(|line| !line.starts_with("due")),
            "{lines:?}"
        );
        assert!(lines.contains(&"Note: 等客户回电".to_owned()), "{lines:?}");
        assert!(lines.contains(&"Remote: No → Yes".to_owned()), "{lines:?}");
        let status = lines
            .iter()
            .find(|line| line.starts_with("Status"))
            .unwrap();
        assert!(!status.contains("waiting_customer"), "{status}");
        let paused = lines
            .iter()
            .find(|line| line.starts_with("Paused"))
            .unwrap();
        assert!(paused.contains("10:00"), "in Beijing time: {paused}");
    }

    #[test]
    fn a_person_reads_by_name() {
        let id = uuid::Uuid::from_u128(7);
        let people = [(id, "李工".to_owned())].into_iter().collect();
        let lines = changes(
            "assign",
            Some(&json!({"assignee_id": null})),
            Some(&json!({"assignee_id": id})),
            &people,
            Lang::Zh,
        );
        assert_eq!(lines, ["处理人: — → 李工"]);
    }
}
