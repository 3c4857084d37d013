//! Suggestions for a service request: the published articles of its
//! product kind holding the most terms of its title and description.

use std::collections::BTreeMap;

use rapport_domain::knowledge::{self as rules, Candidate, Status};
use rapport_domain::msg;
use rapport_domain::text::Query;
use rapport_entity::{knowledge_articles as articles, service_requests};
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use rapport_types::knowledge::{Article, Suggestion, SuggestionQuery};

use crate::error::ApiError;
use crate::search::Wanted;

use super::{INDEX, article_from_model, name_authors, numbers_of};

/// The most terms of a request's title that suggestions look for.
const MAX_TITLE_TERMS: usize = 12;
/// The most terms of its description besides (each costs a look-up; the
/// title says what the request is about).
const MAX_DESCRIPTION_TERMS: usize = 6;

/// The published articles that may help with service request
/// `asked.request_id`: those of its product kind (or of none) holding the
/// most terms of its title and description, then the most used.
pub async fn suggestions(
    conn: &impl ConnectionTrait,
    asked: SuggestionQuery,
) -> Result<Vec<Suggestion>, ApiError> {
    let limit = match asked.limit {
        None => 5,
        Some(limit @ 1..=20) => limit as usize,
        Some(_) => return Err(ApiError::field("limit", msg!("must be between 1 and 20"))),
    };
    let request = crate::db::unique(conn, service_requests::Entity::find_by_id(asked.request_id))
        .await?
        .ok_or_else(|| ApiError::field("request_id", msg!("no such service request")))?;
    let title_terms: Vec<_> = Query::parse(&request.title)
        .words
        .into_iter()
        .take(MAX_TITLE_TERMS)
        .collect();
    let mut terms = title_terms.clone();
    for term in Query::parse(&request.description).words {
        if terms.len() >= title_terms.len() + MAX_DESCRIPTION_TERMS {
            break;
        }
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    // One statement counts, for each published article of the request's
    // product kind, how many of the terms it holds (each term's matches
    // are looked up once, as a hashed subquery), and returns the best
    // `limit` in the domain's order (terms held, then uses, then id);
    // `rules::rank` then applies its threshold and order to those. Ranking
    // the best `limit` of all by the same keys gives the same answer as
    // ranking all, without reading every match into the server.
    let backend = conn.get_database_backend();
    let holds = |term| {
        INDEX.matching(
            backend,
            articles::Column::Id,
            Wanted::Words {
                words: std::slice::from_ref(term),
                but_not: None,
            },
        )
    };
    let mut hits: Option<Expr> = None;
    for term in &terms {
        let one: Expr = CaseStatement::new().case(holds(term), 1).finally(0).into();
        hits = Some(match hits {
            Some(sum) => sum.add(one),
            None => one,
        });
    }
    let hits = hits.unwrap_or_else(|| Expr::val(0));
    let found: Vec<(Uuid, i64, i32)> = articles::Entity::find()
        .select_only()
        .column(articles::Column::Id)
        .column(articles::Column::UseCount)
        .expr_as(hits, "hits")
        .filter(articles::Column::Status.eq(Status::Published))
        .filter(
            Condition::any()
                .add(articles::Column::ProductKind.eq(request.product_kind))
                .add(articles::Column::ProductKind.is_null()),
        )
        .order_by_desc(Expr::cust("hits"))
        .order_by_desc(articles::Column::UseCount)
        .order_by_asc(articles::Column::Id)
        .limit(u64::try_from(limit).unwrap_or(20))
        .into_tuple()
        .all(conn)
        .await?;
    let candidates = found
        .into_iter()
        .map(|(id, uses, hits)| Candidate {
            id,
            hits: usize::try_from(hits).unwrap_or(0),
            uses,
        })
        .collect();
    let ranked = rules::rank(candidates, rules::needed_hits(title_terms.len()), limit);
    let ids: Vec<Uuid> = ranked.iter().map(|candidate| candidate.id).collect();
    let mut models: BTreeMap<Uuid, articles::Model> = articles::Entity::find()
        .filter(articles::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|model| (model.id, model))
        .collect();
    let numbers = numbers_of(conn, models.values().filter_map(|m| m.source_request_id)).await?;
    let mut suggestions = Vec::with_capacity(ranked.len());
    for candidate in ranked {
        let Some(model) = models.remove(&candidate.id) else {
            continue;
        };
        let number = model
            .source_request_id
            .and_then(|id| numbers.get(&id).cloned());
        suggestions.push(Suggestion {
            article: article_from_model(model, number)?,
            matched_terms: u32::try_from(candidate.hits).unwrap_or(u32::MAX),
        });
    }
    let mut articles: Vec<Article> = suggestions.iter().map(|s| s.article.clone()).collect();
    name_authors(conn, &mut articles).await?;
    for (suggestion, named) in suggestions.iter_mut().zip(articles) {
        suggestion.article = named;
    }
    Ok(suggestions)
}
