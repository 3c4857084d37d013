//! Every template a refusal is built from ([`msg!`](crate::msg) and
//! [`key!`](crate::key)), English first, then its Simplified Chinese form
//! with the same holes. Rows are grouped by where the words are used; a
//! template used in several places has one row, where it is first used.
//!
//! Chinese forms are written for a service desk reading them beside a field
//! or above a form: a field's message is a short predicate (必填, 不能为空,
//! 最多 200 个字符), the field's label being beside it. Codes (a state, an
//! action) stay as the API writes them, in quotes.
//!
//! Split by the crate whose code uses them: `domain`, and `server`
//! (the wire types' and the API server's).

mod domain;
mod server;

/// English template → Chinese template, in parts.
pub const CATALOGUE: &[&[(&str, &str)]] = &[domain::ROWS, server::ROWS];
