//! `/api/v1/knowledge`: the knowledge base (SPEC section 8, seed 002).
//!
//! Articles are written as drafts, by hand or promoted from a resolved
//! service request (`from_request`: its title, fault description and
//! solution fill what is not given, and the article keeps the request as
//! its source); a manager publishes them. Search is the shared full-text
//! index (`crate::search::FullText`, terms of `rapport_domain::text`):
//! words, pairs of Chinese characters, and the source request's number.
//! "Most used" counts the requests an article was used on
//! (`POST …/uses`), which also links the two; suggestions for a request
//! rank published articles by how many of the request's title and
//! description terms they hold, then by use (`rapport_domain::knowledge`).

mod promotion;
mod suggestions;

pub use suggestions::suggestions;

use promotion::{body_of, promotable};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rapport_domain::knowledge::{self as rules, Status};
use rapport_domain::msg;
use rapport_domain::text;
use rapport_entity::{
    knowledge_article_uses as uses, knowledge_articles as articles, service_requests,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::Value;
use uuid::Uuid;

use rapport_types::knowledge::{
    Article, ArticleAction, ArticleChanges, ArticleFilter, ArticleSort, ArticleUse, NewArticle,
};
use rapport_types::page::{PageQuery, Paged};

use crate::audit::{self, Entry};
use crate::error::{ApiError, non_blank};
use crate::pagination::Page;
use crate::search::{FullText, Wanted};

/// The articles' full-text index (migration `create_knowledge`).
const INDEX: FullText = FullText::new("knowledge_articles_search");

/// Writes `new` as a draft by `actor`, promoting `new.from_request` if
/// given (409 unless it is resolved or closed with a solution, or when it
/// was promoted before), indexed for search, with its audit entry, on
/// `conn` (the caller's transaction).
pub async fn create(
    conn: &impl ConnectionTrait,
    actor: Uuid,
    new: NewArticle,
    now: DateTime<Utc>,
) -> Result<Article, ApiError> {
    let tags = tags_of("tags", &new.tags)?;
    let source = match new.from_request {
        Some(id) => Some(promotable(conn, id).await?),
        None => None,
    };
    let title = match (&new.title, &source) {
        (Some(title), _) => non_blank("title", title)?,
        (None, Some(request)) => request.title.clone(),
        (None, None) => {
            return Err(ApiError::field(
                "title",
                msg!("is required without `from_request`"),
            ));
        }
    };
    let body = match (&new.body, &source) {
        (Some(body), _) => non_blank("body", body)?,
        (None, Some(request)) => body_of(request),
        (None, None) => {
            return Err(ApiError::field(
                "body",
                msg!("is required without `from_request`"),
            ));
        }
    };
    let product_kind = match (new.product_kind, &source) {
        (Some(kind), _) => Some(kind),
        (None, Some(request)) => Some(request.product_kind),
        (None, None) => None,
    };
    let model = articles::Model {
        id: Uuid::now_v7(),
        title,
        body,
        tags: Value::from(tags),
        product_kind,
        status: Status::Draft,
        author_id: actor,
        source_request_id: source.as_ref().map(|request| request.id),
        use_count: 0,
        published_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    articles::ActiveModel::from(model.clone())
        .insert(conn)
        .await?;
    let number = source.map(|request| request.number);
    index(conn, &model, number.as_deref()).await?;
    let mut article = article_from_model(model, number)?;
    name_authors(conn, std::slice::from_mut(&mut article)).await?;
    let action = if article.source_request_id.is_some() {
        "article.promote"
    } else {
        "article.create"
    };
    let entry = Entry::created(Some(actor), action, "article", article.id, &article);
    audit::record(conn, now, entry).await?;
    Ok(article)
}

/// One page of the articles `filter` finds: published ones only unless
/// `sees_drafts`; most used first unless asked otherwise.
pub async fn list(
    conn: &impl ConnectionTrait,
    page: PageQuery,
    filter: ArticleFilter,
    sees_drafts: bool,
) -> Result<Paged<Article>, ApiError> {
    let page = Page::from_query(page)?;
    let mut query = articles::Entity::find();
    if !sees_drafts {
        query = query.filter(articles::Column::Status.eq(Status::Published));
    }
    query = match filter.status {
        Some(status) => query.filter(articles::Column::Status.eq(status)),
        None => query.filter(articles::Column::Status.ne(Status::Archived)),
    };
    if let Some(found) = crate::search::query(filter.q.as_deref())? {
        let backend = conn.get_database_backend();
        query = query.filter(INDEX.matching(backend, articles::Column::Id, Wanted::Any(&found)));
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(has_tag(tag)?);
    }
    if let Some(kind) = filter.product_kind {
        query = query.filter(
            Condition::any()
                .add(articles::Column::ProductKind.eq(kind))
                .add(articles::Column::ProductKind.is_null()),
        );
    }
    if let Some(author) = filter.author_id {
        query = query.filter(articles::Column::AuthorId.eq(author));
    }
    if let Some(request) = filter.request_id {
        let used = sea_orm::sea_query::Query::select()
            .column(uses::Column::ArticleId)
            .from(uses::Entity)
            .and_where(uses::Column::RequestId.eq(request))
            .to_owned();
        query = query.filter(
            Condition::any()
                .add(articles::Column::SourceRequestId.eq(request))
                .add(articles::Column::Id.in_subquery(used)),
        );
    }
    query = match filter.sort.unwrap_or_default() {
        ArticleSort::MostUsed => query
            .order_by_desc(articles::Column::UseCount)
            .order_by_desc(articles::Column::CreatedAt),
        ArticleSort::Newest => query.order_by_desc(articles::Column::UpdatedAt),
    };
    query = query.order_by_desc(articles::Column::Id);
    let mut page = page
        .fetch(conn, query, |row| article_from_model(row, None))
        .await?;
    let numbers = numbers_of(conn, page.items.iter().filter_map(|a| a.source_request_id)).await?;
    for article in &mut page.items {
        article.source_request_number = article
            .source_request_id
            .and_then(|id| numbers.get(&id).cloned());
    }
    name_authors(conn, &mut page.items).await?;
    Ok(page)
}

/// One article; a draft or archived one only if `sees_drafts` (404 otherwise).
pub async fn get(
    conn: &impl ConnectionTrait,
    id: Uuid,
    sees_drafts: bool,
) -> Result<Article, ApiError> {
    let model = find(conn, id).await?;
    if !sees_drafts && model.status != Status::Published {
        return Err(ApiError::NotFound(msg!("article")));
    }
    read(conn, model).await
}

/// Applies `changes` to article `id` at the version read (409
/// `stale_version`; 409 `article_archived`), reindexing it.
pub async fn update(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    changes: ArticleChanges,
    now: DateTime<Utc>,
) -> Result<Article, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    crate::db::expect_version(current.version, changes.version)?;
    if current.status == Status::Archived {
        return Err(ApiError::conflict(
            "article_archived",
            msg!("an archived article does not change; restore it first"),
        ));
    }
    let before = read(&txn, current.clone()).await?;
    let mut model = current.into_active_model();
    if let Some(title) = &changes.title {
        model.title = Set(non_blank("title", title)?);
    }
    if let Some(body) = &changes.body {
        model.body = Set(non_blank("body", body)?);
    }
    if let Some(tags) = &changes.tags {
        model.tags = Set(Value::from(tags_of("tags", tags)?));
    }
    if let Some(kind) = changes.product_kind {
        model.product_kind = Set(Some(kind));
    }
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, articles::Column::Version, changes.version)
            .await?;
    index(&txn, &saved, before.source_request_number.as_deref()).await?;
    let after = read(&txn, saved).await?;
    let entry = Entry::changed(
        Some(actor),
        "article.update",
        "article",
        id,
        &before,
        &after,
    );
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// Publishes, unpublishes, archives or restores article `id` at the version
/// read, as the article's lifecycle allows (409 `illegal_transition`).
pub async fn act(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    asked: ArticleAction,
    now: DateTime<Utc>,
) -> Result<Article, ApiError> {
    let txn = crate::db::begin(db).await?;
    let current = find(&txn, id).await?;
    crate::db::expect_version(current.version, asked.version)?;
    let before = read(&txn, current.clone()).await?;
    let status = before
        .status
        .apply(asked.action)
        .map_err(|refusal| ApiError::conflict("illegal_transition", refusal.message()))?;
    let mut model = current.into_active_model();
    model.status = Set(status);
    if status == Status::Published {
        model.published_at = Set(Some(now));
    }
    model.updated_at = Set(now);
    let saved =
        crate::db::update_versioned(&txn, model, articles::Column::Version, asked.version).await?;
    let after = read(&txn, saved).await?;
    let action = format!("article.{}", asked.action.code());
    let entry = Entry::changed(Some(actor), &action, "article", id, &before, &after);
    audit::record(&txn, now, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// Records that published article `id` was used on `used.request_id` by
/// `actor`: the link, one more use (once per request: a repeat changes
/// nothing), and the audit entry. The article's version does not move, so
/// nobody editing it is refused for it.
pub async fn use_on(
    db: &DatabaseConnection,
    actor: Uuid,
    id: Uuid,
    used: ArticleUse,
    now: DateTime<Utc>,
) -> Result<Article, ApiError> {
    let txn = crate::db::begin(db).await?;
    let article = find(&txn, id).await?;
    if article.status != Status::Published {
        return Err(ApiError::conflict(
            "article_not_published",
            msg!("only a published article is used on requests"),
        ));
    }
    crate::db::unique(&txn, service_requests::Entity::find_by_id(used.request_id))
        .await?
        .ok_or_else(|| ApiError::field("request_id", msg!("no such service request")))?;
    let already = crate::db::unique(&txn, uses::Entity::find_by_id((id, used.request_id))).await?;
    if already.is_none() {
        uses::ActiveModel {
            article_id: Set(id),
            request_id: Set(used.request_id),
            used_by: Set(actor),
            used_at: Set(now),
        }
        .insert(&txn)
        .await?;
        articles::Entity::update_many()
            .col_expr(
                articles::Column::UseCount,
                Expr::col(articles::Column::UseCount).add(1),
            )
            .filter(articles::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        let entry = Entry::created(
            Some(actor),
            "article.use",
            "article",
            id,
            &serde_json::json!({"request_id": used.request_id}),
        );
        audit::record(&txn, now, entry).await?;
    }
    let article = read(&txn, find(&txn, id).await?).await?;
    txn.commit().await?;
    Ok(article)
}

/// The tags as kept (`rapport_domain::knowledge::tags`), 422 on `field`.
fn tags_of(field: &str, given: &[String]) -> Result<Vec<String>, ApiError> {
    rules::tags(given).map_err(|error| ApiError::field(field, error.message()))
}

/// The condition that an article carries `tag` (as kept: trimmed, lowercased).
fn has_tag(tag: &str) -> Result<Condition, ApiError> {
    let tag = tags_of("tag", &[tag.to_owned()])?.pop().unwrap_or_default();
    // The tags column is a JSON array of strings: look for the tag's JSON
    // text, quotes included, so `vpn` does not find `openvpn`.
    let quoted = Value::String(tag).to_string();
    let mut pattern = String::from("%");
    for c in quoted.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Ok(Condition::all().add(
        Expr::col(articles::Column::Tags)
            .cast_as(Alias::new("text"))
            .like(LikeExpr::new(pattern).escape('\\')),
    ))
}

/// (Re)indexes an article: its title, body and tags, and its source
/// request's number.
async fn index(
    conn: &impl ConnectionTrait,
    model: &articles::Model,
    number: Option<&str>,
) -> Result<(), ApiError> {
    let tags: Vec<String> = serde_json::from_value(model.tags.clone()).unwrap_or_default();
    let tags = tags.join(" ");
    let codes: Vec<&str> = number.into_iter().collect();
    let document = text::document(&[&model.title, &model.body, &tags], &codes);
    INDEX.set(conn, model.id, document).await
}

/// The numbers of service requests `ids`, by id.
async fn numbers_of(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, String>, ApiError> {
    crate::db::names_of::<service_requests::Entity>(
        conn,
        service_requests::Column::Id,
        service_requests::Column::Number,
        ids,
    )
    .await
}

/// The API's view of a stored article, with its source request's number if known.
fn article_from_model(model: articles::Model, number: Option<String>) -> Result<Article, ApiError> {
    let tags: Vec<String> = serde_json::from_value(model.tags.clone()).map_err(|error| {
        ApiError::internal(format!("reading the tags of article {}", model.id), error)
    })?;
    Ok(Article {
        id: model.id,
        title: model.title,
        body: model.body,
        tags,
        product_kind: model.product_kind,
        status: model.status,
        author_id: model.author_id,
        author_name: None,
        source_request_id: model.source_request_id,
        source_request_number: number,
        use_count: model.use_count,
        published_at: model.published_at,
        version: model.version,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

/// An article read with its source request's number.
async fn read(conn: &impl ConnectionTrait, model: articles::Model) -> Result<Article, ApiError> {
    let numbers = numbers_of(conn, model.source_request_id).await?;
    let number = model
        .source_request_id
        .and_then(|id| numbers.get(&id).cloned());
    let mut article = article_from_model(model, number)?;
    name_authors(conn, std::slice::from_mut(&mut article)).await?;
    Ok(article)
}

/// Sets each article's author name, in one statement.
async fn name_authors(conn: &impl ConnectionTrait, list: &mut [Article]) -> Result<(), ApiError> {
    let ids = list.iter().map(|article| article.author_id);
    let names = crate::services::users::names_of(conn, ids).await?;
    for article in list {
        article.author_name = names.get(&article.author_id).cloned();
    }
    Ok(())
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> Result<articles::Model, ApiError> {
    crate::db::unique(conn, articles::Entity::find_by_id(id))
        .await?
        .ok_or(ApiError::NotFound(msg!("article")))
}
