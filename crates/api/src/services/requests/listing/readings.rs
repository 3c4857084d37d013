//! How each part of a search is read, decided once per search.

use rapport_domain::text::Query;
use sea_orm::{ConnectionTrait, DbBackend};

use crate::error::ApiError;
use crate::search::{CommonSearches, Reading, Wanted};

use super::COUNT_CAP;
use crate::services::requests::text_search;

/// How each part of a search is read ([`FullText::reading`]): each decided
/// by a count on PostgreSQL, so decided once per search.
///
/// [`FullText::reading`]: crate::search::FullText::reading
pub(in crate::services::requests) struct Readings {
    /// The requests whose number the query names.
    pub(super) number: Reading,
    /// The requests holding its words.
    pub(super) words: Reading,
    /// Either: walked when either part is, else the few of both sorted.
    pub(super) any: Reading,
    /// Whether a part was counted past [`COUNT_CAP`].
    past_cap: bool,
}

// A part counted past the matches it sorts is past the count's cap.
const _: () = assert!(crate::search::FEW_MATCHES >= COUNT_CAP);

impl Readings {
    /// The readings of `query`'s parts, remembered in `recent`.
    pub(in crate::services::requests) async fn of(
        conn: &impl ConnectionTrait,
        recent: &CommonSearches,
        query: &Query,
    ) -> Result<Readings, ApiError> {
        let words = Wanted::Words {
            words: &query.words,
            but_not: query.code.as_ref(),
        };
        let words = text_search::INDEX.reading(conn, recent, words).await?;
        let number = match &query.code {
            Some(code) => {
                text_search::INDEX
                    .reading(conn, recent, Wanted::Code(code))
                    .await?
            }
            None => Reading::Sort,
        };
        let any = if number == Reading::Walk || words == Reading::Walk {
            Reading::Walk
        } else {
            Reading::Sort
        };
        // SQLite walks without counting.
        let past_cap = any == Reading::Walk && conn.get_database_backend() == DbBackend::Postgres;
        Ok(Readings {
            number,
            words,
            any,
            past_cap,
        })
    }

    /// Every part's matches sorted: for a search known to find few (so
    /// none past the cap).
    pub(in crate::services::requests) fn sorted() -> Readings {
        Readings {
            number: Reading::Sort,
            words: Reading::Sort,
            any: Reading::Sort,
            past_cap: false,
        }
    }

    /// The count of a search that nothing but its text filters, when a part
    /// was counted past the cap: the cap, inexact, without counting again.
    pub(in crate::services::requests) fn capped_count(&self) -> Option<(u64, bool)> {
        self.past_cap.then_some((COUNT_CAP, false))
    }
}
