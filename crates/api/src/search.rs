//! Text search in lists (`?q=`): the text, trimmed, found anywhere in one of
//! some columns, ignoring case. `%`, `_` and `\` in it match themselves.

use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr};

use crate::error::ApiError;

/// The longest search text, in characters.
const MAX_QUERY: usize = 100;

/// The condition that `q` appears in one of `columns`; none for no or blank
/// text; 422 on `q` when it is too long.
pub fn text_in<C: IntoColumnRef + Copy>(
    q: Option<&str>,
    columns: &[C],
) -> Result<Option<Condition>, ApiError> {
    let Some(text) = q.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_QUERY {
        return Err(ApiError::field(
            "q",
            format!("must be at most {MAX_QUERY} characters"),
        ));
    }
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let pattern = format!("%{escaped}%");
    let condition = columns.iter().fold(Condition::any(), |any, &column| {
        any.add(
            Expr::expr(Func::lower(Expr::col(column)))
                .like(LikeExpr::new(pattern.as_str()).escape('\\')),
        )
    });
    Ok(Some(condition))
}
