//! HTTP handlers over [`crate::services::knowledge`].

use crate::auth::{Action, Caller};
use crate::error::ApiError;
use crate::idempotency;
use crate::routes::extract::{Json, Listing};
use crate::routes::responses::{BadBody, BadQuery, Invalid, Refused};
use crate::services::knowledge as service;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use rapport_types::knowledge::{
    Article, ArticleAction, ArticleChanges, ArticleFilter, ArticleUse, NewArticle, Suggestion,
    SuggestionQuery,
};
use rapport_types::page::{PageQuery, Paged};
use rapport_types::problem::Problem;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

/// Registers the knowledge-base routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(suggestions)
        .service(create)
        .service(list)
        .service(get_one)
        .service(update)
        .service(act)
        .service(use_on);
}

/// Whether the caller sees drafts and archived articles: those who write them.
fn sees_drafts(caller: &Caller) -> bool {
    caller.require(Action::WriteKnowledge).is_ok()
}

/// Write a draft article, or promote a resolved service request's solution
/// to one (`from_request`: its title, fault and solution fill what is not
/// given; the article names the request as its source).
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    request_body = NewArticle,
    params(idempotency::KeyHeader),
    responses(
        (status = 201, description = "Written as a draft", body = Article),
        (status = 409, description = "The request is not resolved (`request_not_resolved`) or was promoted before (`duplicate`), or the Idempotency-Key is still in use", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (title and body are required without `from_request`), or no such request", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/knowledge/articles")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<NewArticle>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteKnowledge)?;
    idempotency::create(&state, caller.id, &request, async |txn, now| {
        service::create(txn, caller.id, body.0, now).await
    })
    .await
}

/// Search and list articles, most used first: `q` full-text in Chinese or
/// English, by tag, product kind, author, status, or the service request
/// they are linked to. Drafts and archived articles only for those who
/// write articles.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(PageQuery, ArticleFilter),
    responses(
        (status = 200, description = "One page of articles", body = Paged<Article>),
        (status = 422, description = "Bad page, limit, tag or search text", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/knowledge/articles")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    Listing { page, filter }: Listing<ArticleFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadKnowledge)?;
    let drafts = sees_drafts(&caller);
    Ok(HttpResponse::Ok().json(service::list(&state.reader, page, filter, drafts).await?))
}

/// One article (a draft only for those who write articles).
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 404, description = "No such article (or a draft the caller may not see)", body = Problem, content_type = "application/problem+json"),
        Refused
    )
)]
#[get("/knowledge/articles/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadKnowledge)?;
    let drafts = sees_drafts(&caller);
    Ok(HttpResponse::Ok().json(service::get(&state.reader, *id, drafts).await?))
}

/// Change an article (with the version read): title, body, tags, product kind.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The article's id")),
    request_body = ArticleChanges,
    responses(
        (status = 200, description = "The changed article", body = Article),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version (`stale_version`), or archived (`article_archived`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        Refused,
        BadBody
    )
)]
#[patch("/knowledge/articles/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ArticleChanges>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteKnowledge)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::update(&state.db, caller.id, *id, body.0, now).await?))
}

/// `publish`, `unpublish`, `archive` or `restore` an article, with the version read.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The article's id")),
    request_body = ArticleAction,
    responses(
        (status = 200, description = "The article in its new state", body = Article),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version (`stale_version`), or the state does not allow it (`illegal_transition`)", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/knowledge/articles/{id}/actions")]
pub async fn act(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ArticleAction>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::PublishKnowledge)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::act(&state.db, caller.id, *id, body.0, now).await?))
}

/// Record that a published article helped with a service request: links
/// the two (the request's articles are `GET /knowledge/articles?request_id=`)
/// and counts one use, once per request.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The article's id")),
    request_body = ArticleUse,
    responses(
        (status = 200, description = "The article with its use counted", body = Article),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The article is not published (`article_not_published`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such service request", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadBody
    )
)]
#[post("/knowledge/articles/{id}/uses")]
pub async fn use_on(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Json<ArticleUse>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::WriteKnowledge)?;
    let now = state.clock.now();
    Ok(HttpResponse::Ok().json(service::use_on(&state.db, caller.id, *id, body.0, now).await?))
}

/// Published articles that may help resolve a service request: those of
/// its product kind holding the most words (and pairs of Chinese
/// characters) of its title and description, then the most used.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(SuggestionQuery),
    responses(
        (status = 200, description = "The suggestions, best first", body = Vec<Suggestion>),
        (status = 422, description = "No such request, or a bad limit", body = Problem, content_type = "application/problem+json"),
        Refused,
        BadQuery
    )
)]
#[get("/knowledge/suggestions")]
pub async fn suggestions(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SuggestionQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ReadKnowledge)?;
    Ok(HttpResponse::Ok().json(service::suggestions(&state.reader, query.into_inner()).await?))
}
