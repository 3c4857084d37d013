//! The cursors of the request list, the search and the queue: where a
//! page starts, written as opaque URL-safe text that names the kind of
//! list it continues.

use chrono::{DateTime, NaiveDateTime, Utc};
use rapport_domain::msg;
use uuid::Uuid;

use crate::error::ApiError;

/// The instant format of cursors: sortable, URL-safe, to the nanosecond.
const INSTANT: &str = "%Y%m%dT%H%M%S%.9fZ";

/// Where a page starts.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::services::requests) enum Cursor {
    /// The list: after the request taken in at `at` with id `id`.
    Newest { at: DateTime<Utc>, id: Uuid },
    /// A search: after request `id` among the number matches.
    Number(Uuid),
    /// A search: after request `id` among the word matches (from their
    /// first when none).
    Words(Option<Uuid>),
    /// The queue: after the request numbered `number` whose nearest
    /// running deadline is `due`.
    Due {
        due: Option<DateTime<Utc>>,
        number: String,
    },
}

pub(super) fn bad_cursor() -> ApiError {
    ApiError::field(
        "cursor",
        msg!("is not a cursor of this list: pass a `next_cursor` it returned"),
    )
}

impl Cursor {
    pub(in crate::services::requests) fn encode(&self) -> String {
        let instant = |at: &DateTime<Utc>| at.format(INSTANT).to_string();
        match self {
            Cursor::Newest { at, id } => format!("t{}_{}", instant(at), id.simple()),
            Cursor::Number(id) => format!("n{}", id.simple()),
            Cursor::Words(None) => "w".to_owned(),
            Cursor::Words(Some(id)) => format!("w{}", id.simple()),
            Cursor::Due { due, number } => format!(
                "d{}_{number}",
                due.as_ref().map_or_else(|| "-".to_owned(), instant)
            ),
        }
    }

    pub(in crate::services::requests) fn parse(text: &str) -> Result<Cursor, ApiError> {
        let instant = |text: &str| {
            NaiveDateTime::parse_from_str(text, INSTANT)
                .map(|at| at.and_utc())
                .map_err(|_| bad_cursor())
        };
        let id = |text: &str| Uuid::try_parse(text).map_err(|_| bad_cursor());
        let mut chars = text.chars();
        let kind = chars.next().ok_or_else(bad_cursor)?;
        let rest = chars.as_str();
        Ok(match kind {
            't' => {
                let (at, key) = rest.split_once('_').ok_or_else(bad_cursor)?;
                Cursor::Newest {
                    at: instant(at)?,
                    id: id(key)?,
                }
            }
            'n' => Cursor::Number(id(rest)?),
            'w' if rest.is_empty() => Cursor::Words(None),
            'w' => Cursor::Words(Some(id(rest)?)),
            'd' => {
                let (due, number) = rest.split_once('_').ok_or_else(bad_cursor)?;
                if number.is_empty() || number.len() > 32 {
                    return Err(bad_cursor());
                }
                Cursor::Due {
                    due: if due == "-" {
                        None
                    } else {
                        Some(instant(due)?)
                    },
                    number: number.to_owned(),
                }
            }
            _ => return Err(bad_cursor()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_as_written() {
        let at: DateTime<Utc> = "2025-03-05T06:00:00.123456789Z".parse().unwrap();
        let id = Uuid::now_v7();
        for cursor in [
            Cursor::Newest { at, id },
            Cursor::Number(id),
            Cursor::Words(None),
            Cursor::Words(Some(id)),
            Cursor::Due {
                due: Some(at),
                number: "SR-2025-000001".to_owned(),
            },
            Cursor::Due {
                due: None,
                number: "SR-2025-000001".to_owned(),
            },
        ] {
            let text = cursor.encode();
            assert!(
                text.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{text}"
            );
            assert_eq!(Cursor::parse(&text).unwrap(), cursor);
        }
        for bad in ["", "x", "t2025", "tnot_a_time", "n123", "d-_", "w!"] {
            assert!(Cursor::parse(bad).is_err(), "{bad}");
        }
    }
}
