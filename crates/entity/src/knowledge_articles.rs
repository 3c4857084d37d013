//! `knowledge_articles`: the knowledge base. `status` and `product_kind`
//! are the domain's enums; `tags` is a JSON array of lowercased tags;
//! `source_request_id` is the resolved request it was promoted from (unique
//! `ux_knowledge_articles_source_request`); `use_count` counts the rows of
//! `knowledge_article_uses`, kept with them.

use rapport_domain::knowledge::Status;
use rapport_domain::request::ProductKind;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "knowledge_articles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub tags: Json,
    pub product_kind: Option<ProductKind>,
    pub status: Status,
    pub author_id: Uuid,
    #[sea_orm(unique)]
    pub source_request_id: Option<Uuid>,
    pub use_count: i64,
    pub published_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
