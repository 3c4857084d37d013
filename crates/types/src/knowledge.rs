//! The knowledge base (客户问题知识库, SPEC section 8, seed 002).

use chrono::{DateTime, Utc};
use rapport_domain::knowledge::{Action as Step, Status};
use rapport_domain::request::ProductKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// An article as the API shows it.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// The article's id.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// The problem and how it is solved.
    pub body: String,
    /// Its tags, lowercased.
    pub tags: Vec<String>,
    /// The kind of product it is about; absent for either.
    pub product_kind: Option<ProductKind>,
    /// `draft`, `published` or `archived`.
    pub status: Status,
    /// Who wrote it (for a promoted request: who promoted it).
    pub author_id: Uuid,
    /// The author's display name, read with the article (not stored here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// The resolved service request it was promoted from.
    pub source_request_id: Option<Uuid>,
    /// That request's number, `SR-<year>-<seq>`.
    pub source_request_number: Option<String>,
    /// On how many service requests it was used.
    pub use_count: i64,
    /// When it was last published.
    pub published_at: Option<DateTime<Utc>>,
    /// Send back on changes and actions.
    pub version: i32,
    /// When written.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// An article to write, as a draft: either all of title and body, or
/// `from_request`, a resolved service request whose title, fault
/// description and solution (and product kind) fill whatever is not given.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    /// A resolved (or closed) service request to promote; an article is
    /// promoted from a request once.
    pub from_request: Option<Uuid>,
    /// 1 to 200 characters, not blank (required without `from_request`).
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: Option<String>,
    /// 1 to 50000 characters, not blank (required without `from_request`).
    #[validate(length(min = 1, max = 50_000))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 50_000, pattern = r"\S")
    )]
    pub body: Option<String>,
    /// At most 20 tags of 1 to 32 characters, none blank.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = tags_schema))]
    pub tags: Vec<String>,
    /// The kind of product (default: the request's, else none).
    pub product_kind: Option<ProductKind>,
}

/// Changes to an article (not archived); absent fields stay.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticleChanges {
    /// The version read.
    pub version: i32,
    /// 1 to 200 characters, not blank.
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub title: Option<String>,
    /// 1 to 50000 characters, not blank.
    #[validate(length(min = 1, max = 50_000))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 50_000, pattern = r"\S")
    )]
    pub body: Option<String>,
    /// The whole list, replacing it.
    #[cfg_attr(feature = "openapi", schema(schema_with = changed_tags_schema))]
    pub tags: Option<Vec<String>>,
    /// The kind of product.
    pub product_kind: Option<ProductKind>,
}

/// One action on an article with the version read.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticleAction {
    /// `publish`, `unpublish`, `archive` or `restore`.
    pub action: Step,
    /// The version read.
    pub version: i32,
}

/// An article was used on a service request (it helped solve it): counts
/// towards "most used first" and links the two.
#[derive(Debug, PartialEq, Clone, Deserialize, Validate, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ArticleUse {
    /// The service request it was used on.
    pub request_id: Uuid,
}

/// How to order the article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ArticleSort {
    /// Used on the most requests first, then the newest (the default).
    #[default]
    MostUsed,
    /// Last changed first.
    Newest,
}

/// Filters for the article list. Only those who write articles see drafts
/// and archived ones; everyone else sees published articles only.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ArticleFilter {
    /// Full-text search, Chinese or English: every word (and every pair of
    /// Chinese characters) must be found in the title, body or tags, or the
    /// source request's number; at most 100 characters.
    pub q: Option<String>,
    /// Only this status (default: published for readers; all but archived for writers).
    pub status: Option<Status>,
    /// Only articles with this tag.
    pub tag: Option<String>,
    /// Only articles about this kind of product (or either).
    pub product_kind: Option<ProductKind>,
    /// Only this author's articles.
    pub author_id: Option<Uuid>,
    /// Only articles linked to this service request: promoted from it or used on it.
    pub request_id: Option<Uuid>,
    /// `most_used` (default) or `newest`.
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<ArticleSort>,
}

/// Which request to suggest articles for.
#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SuggestionQuery {
    /// The service request being resolved.
    pub request_id: Uuid,
    /// How many, 1 to 20 (default 5).
    pub limit: Option<u32>,
}

/// A published article suggested for a request.
#[derive(Debug, PartialEq, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    /// The article.
    #[serde(flatten)]
    pub article: Article,
    /// How many of the request's search terms (words, pairs of Chinese
    /// characters) it holds.
    pub matched_terms: u32,
}

/// The tags an article may be given, as `rapport_domain::knowledge::tags`
/// keeps them.
#[cfg(feature = "openapi")]
fn tags_schema() -> utoipa::openapi::schema::Array {
    tags_array("", false)
}

#[cfg(feature = "openapi")]
fn changed_tags_schema() -> utoipa::openapi::schema::Array {
    tags_array("The whole list, replacing it. ", true)
}

#[cfg(feature = "openapi")]
fn tags_array(first: &str, nullable: bool) -> utoipa::openapi::schema::Array {
    use rapport_domain::knowledge::{MAX_TAG, MAX_TAGS};
    let description = format!(
        "{first}At most {MAX_TAGS} tags of 1 to {MAX_TAG} characters, none blank; \
         kept lowercased, each once."
    );
    crate::schemas::non_blank_strings(MAX_TAGS, MAX_TAG, &description, nullable)
}
