//! The knowledge base (客户问题知识库, SPEC section 8, seed 002 step 5:
//! "每月汇总客户高频问题及解决方案，更新至知识库"): an article's lifecycle,
//! which requests may be promoted to one, its tags, and how suggestions
//! for a request are ranked.
//!
//! `draft` → `published` → (`unpublish`) `draft`; either → `archived` (SPEC
//! section 9: nothing is deleted) → (`restore`) `draft`.

use crate::messages::Message;
use crate::msg;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lifecycle::request::Status as RequestStatus;
use crate::lifecycle::{IllegalTransition, Lifecycle};

/// Where an article stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ArticleStatus))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Status {
    /// Being written; seen only by those who write articles.
    Draft,
    /// Seen and searched by everyone, suggested to technicians.
    Published,
    /// Withdrawn (never deleted); seen only by those who write articles.
    Archived,
}

/// Something that happens to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ArticleActionKind))]
pub enum Action {
    /// Make a draft visible to everyone.
    Publish,
    /// Take a published article back to draft.
    Unpublish,
    /// Withdraw it.
    Archive,
    /// Bring an archived article back as a draft.
    Restore,
}

impl Status {
    /// Every state.
    pub const ALL: [Status; 3] = [Status::Draft, Status::Published, Status::Archived];

    /// The state's code as stored and sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Archived => "archived",
        }
    }

    /// The state after `action`, or the refusal naming the current state.
    pub fn apply(self, action: Action) -> Result<Status, IllegalTransition> {
        use Action as A;
        use Status as S;
        match (self, action) {
            (S::Draft, A::Publish) => Ok(S::Published),
            (S::Published, A::Unpublish) => Ok(S::Draft),
            (S::Draft | S::Published, A::Archive) => Ok(S::Archived),
            (S::Archived, A::Restore) => Ok(S::Draft),
            _ => Err(IllegalTransition::of(self, action)),
        }
    }
}

impl Lifecycle for Status {
    type Action = Action;
    const MACHINE: &'static str = crate::key!("article");

    fn codes(self, action: Action) -> (&'static str, &'static str) {
        (self.code(), action.code())
    }
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 4] = [
        Action::Publish,
        Action::Unpublish,
        Action::Archive,
        Action::Restore,
    ];

    /// The action's code as sent on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Action::Publish => "publish",
            Action::Unpublish => "unpublish",
            Action::Archive => "archive",
            Action::Restore => "restore",
        }
    }
}

/// A request that cannot become an article yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub struct NotPromotable {
    /// The request's state.
    pub status: RequestStatus,
    /// Why.
    pub reason: &'static str,
}

impl NotPromotable {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        msg!(
            "a service request that is `{status}` has no solution to promote: {reason}",
            status = self.status.code(),
            reason = Message::from_key(self.reason)
        )
    }
}

/// Whether a request in `status` with `solution` recorded may be promoted
/// to a draft article: only once resolved (or closed after it) with a
/// solution written down.
pub fn promotable(status: RequestStatus, has_solution: bool) -> Result<(), NotPromotable> {
    let refuse = |reason| Err(NotPromotable { status, reason });
    match status {
        RequestStatus::Resolved | RequestStatus::Closed if has_solution => Ok(()),
        RequestStatus::Resolved | RequestStatus::Closed => {
            refuse(crate::key!("it records no solution"))
        }
        RequestStatus::Cancelled => refuse(crate::key!("it was cancelled")),
        _ => refuse(crate::key!("it is not resolved yet")),
    }
}

/// The longest tag, in characters.
pub const MAX_TAG: usize = 32;
/// The most tags an article carries.
pub const MAX_TAGS: usize = 20;

/// A tag that cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.message().english())]
pub enum TagError {
    /// Blank once trimmed.
    Blank,
    /// Longer than [`MAX_TAG`].
    TooLong,
    /// More than [`MAX_TAGS`].
    TooMany,
}

impl TagError {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        match self {
            TagError::Blank => msg!("a tag must not be blank"),
            TagError::TooLong => msg!("a tag is at most {max} characters", max = MAX_TAG),
            TagError::TooMany => msg!("an article carries at most {max} tags", max = MAX_TAGS),
        }
    }
}

/// The tags as kept: trimmed, lowercased (so `VPN` and `vpn` are one tag),
/// each once, in the order first given.
pub fn tags(given: &[String]) -> Result<Vec<String>, TagError> {
    let mut kept: Vec<String> = Vec::new();
    for tag in given {
        // Counted as given: lowercasing may lengthen a tag ('İ' is two).
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(TagError::Blank);
        }
        if tag.chars().count() > MAX_TAG {
            return Err(TagError::TooLong);
        }
        let tag = tag.to_lowercase();
        if !kept.contains(&tag) {
            kept.push(tag);
        }
    }
    if kept.len() > MAX_TAGS {
        return Err(TagError::TooMany);
    }
    Ok(kept)
}

/// One candidate suggestion: how many of the request's search terms the
/// article holds, and how often it was used on requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<Id> {
    /// The article.
    pub id: Id,
    /// How many of the request's terms it holds.
    pub hits: usize,
    /// How many requests it was used on.
    pub uses: i64,
}

/// How many terms a suggestion must hold when the request's title gave
/// `title_terms`: a third of them (at least one), so that one shared word
/// of a long title does not make a suggestion.
pub fn needed_hits(title_terms: usize) -> usize {
    title_terms.div_ceil(3).max(1)
}

/// The best `limit` suggestions: of those holding at least `needed` of the
/// request's terms, those holding the most first, then the most used,
/// then by id (so the order is stable).
pub fn rank<Id: Ord + Copy>(
    mut candidates: Vec<Candidate<Id>>,
    needed: usize,
    limit: usize,
) -> Vec<Candidate<Id>> {
    candidates.retain(|candidate| candidate.hits >= needed);
    candidates.sort_by(|a, b| {
        b.hits
            .cmp(&a.hits)
            .then(b.uses.cmp(&a.uses))
            .then(a.id.cmp(&b.id))
    });
    candidates.truncate(limit);
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::checks::assert_follows_table;

    #[test]
    fn every_state_and_action_pair_follows_the_transition_table() {
        use Action as A;
        use Status as S;
        const LEGAL: [(S, A, S); 5] = [
            (S::Draft, A::Publish, S::Published),
            (S::Published, A::Unpublish, S::Draft),
            (S::Draft, A::Archive, S::Archived),
            (S::Published, A::Archive, S::Archived),
            (S::Archived, A::Restore, S::Draft),
        ];
        assert_follows_table("article", &S::ALL, &A::ALL, &LEGAL, S::apply);
    }

    #[test]
    fn only_a_resolved_or_closed_request_with_a_solution_is_promoted() {
        use RequestStatus as R;
        let cases = [
            (R::Resolved, true, None),
            (R::Closed, true, None),
            (R::Resolved, false, Some("it records no solution")),
            (R::New, false, Some("it is not resolved yet")),
            (R::Assigned, false, Some("it is not resolved yet")),
            (R::InProgress, true, Some("it is not resolved yet")),
            (R::WaitingCustomer, false, Some("it is not resolved yet")),
            (R::Reopened, true, Some("it is not resolved yet")),
            (R::Cancelled, false, Some("it was cancelled")),
        ];
        for (status, solution, want) in cases {
            let got = promotable(status, solution)
                .err()
                .map(|refusal| refusal.reason);
            assert_eq!(got, want, "{status:?}");
        }
        let refusal = promotable(R::InProgress, false).unwrap_err();
        assert!(refusal.to_string().contains("`in_progress`"), "{refusal}");
    }

    #[test]
    fn tags_are_trimmed_lowercased_and_kept_once() {
        let given = ["  VPN ", "打印机", "vpn", "Printer"].map(String::from);
        assert_eq!(tags(&given).unwrap(), ["vpn", "打印机", "printer"]);
        assert_eq!(tags(&[" ".into()]), Err(TagError::Blank));
        assert_eq!(tags(&["标".repeat(33)]), Err(TagError::TooLong));
        // Counted as given: 'İ' lowercases to two characters.
        assert_eq!(tags(&["İ".repeat(32)]).unwrap(), ["i\u{307}".repeat(32)]);
        let many: Vec<String> = (0..21).map(|n| format!("t{n}")).collect();
        assert_eq!(tags(&many), Err(TagError::TooMany));
        assert_eq!(tags(&[]).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn suggestions_rank_by_terms_held_then_by_use() {
        let candidate = |id, hits, uses| Candidate { id, hits, uses };
        let ranked = rank(
            vec![
                candidate(1, 2, 0),
                candidate(2, 4, 1),
                candidate(3, 4, 9),
                candidate(4, 1, 50),
                candidate(5, 2, 0),
            ],
            needed_hits(6),
            3,
        );
        let ids: Vec<i32> = ranked.iter().map(|c| c.id).collect();
        // Six terms: at least two held; 4 holds one only, however used.
        assert_eq!(ids, [3, 2, 1]);
        // One or two terms: one held is enough.
        assert_eq!(rank(vec![candidate(7, 1, 0)], needed_hits(2), 5).len(), 1);
        assert_eq!(needed_hits(0), 1);
        assert_eq!(needed_hits(7), 3);
        assert!(rank(Vec::<Candidate<i32>>::new(), 1, 5).is_empty());
    }
}
