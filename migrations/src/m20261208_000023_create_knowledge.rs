//! The knowledge base (SPEC section 8, seed 002): articles, the requests
//! each was used on ("most used first" counts them; `use_count` keeps the
//! count on the article so lists sort by an index), and the articles'
//! full-text index (`ddl::search_table`: FTS5 on SQLite, a GIN `tsvector`
//! on PostgreSQL, the same terms on both).

use rapport_domain::knowledge::Status;
use rapport_domain::request::ProductKind;
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{self, TableParts};
use crate::m20261202_000014_check_coded_columns::{self as coded, Coded, codes};

use super::m20261123_000002_create_users::Users;
use super::m20261124_000007_create_service_requests::ServiceRequests;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The full-text index of the articles.
const SEARCH: &str = "knowledge_articles_search";

/// The coded columns of `knowledge_articles` and the codes each may hold.
pub fn coded_columns() -> Vec<Coded> {
    let product_kinds = codes(&ProductKind::ALL);
    vec![
        Coded {
            table: "knowledge_articles",
            column: "status",
            codes: Status::ALL.map(|s| s.code().to_owned()).to_vec(),
        },
        Coded {
            table: "knowledge_articles",
            column: "product_kind",
            codes: product_kinds,
        },
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(KnowledgeArticles::Table)
                    .col(uuid(KnowledgeArticles::Id).primary_key())
                    .col(string_len(KnowledgeArticles::Title, 200))
                    .col(text(KnowledgeArticles::Body))
                    // A JSON array of lowercased tags.
                    .col(json_binary(KnowledgeArticles::Tags))
                    .col(string_len_null(KnowledgeArticles::ProductKind, 16))
                    .col(string_len(KnowledgeArticles::Status, 16))
                    .col(uuid(KnowledgeArticles::AuthorId))
                    .col(uuid_null(KnowledgeArticles::SourceRequestId))
                    .col(big_integer(KnowledgeArticles::UseCount).default(0))
                    .col(timestamp_with_time_zone_null(
                        KnowledgeArticles::PublishedAt,
                    ))
                    .version_and_times()
                    .references(
                        "fk_knowledge_articles_author",
                        KnowledgeArticles::AuthorId,
                        Users::Table,
                    )
                    .references(
                        "fk_knowledge_articles_source_request",
                        KnowledgeArticles::SourceRequestId,
                        ServiceRequests::Table,
                    )
                    .to_owned(),
            )
            .await?;
        // A request is promoted once.
        ddl::unique_index(
            manager,
            "ux_knowledge_articles_source_request",
            KnowledgeArticles::Table,
            [KnowledgeArticles::SourceRequestId],
        )
        .await?;
        ddl::index(
            manager,
            "ix_knowledge_articles_status_uses",
            KnowledgeArticles::Table,
            [KnowledgeArticles::Status, KnowledgeArticles::UseCount],
        )
        .await?;
        coded::apply(manager, &coded_columns()).await?;

        manager
            .create_table(
                Table::create()
                    .table(KnowledgeArticleUses::Table)
                    .col(uuid(KnowledgeArticleUses::ArticleId))
                    .col(uuid(KnowledgeArticleUses::RequestId))
                    .col(uuid(KnowledgeArticleUses::UsedBy))
                    .col(timestamp_with_time_zone(KnowledgeArticleUses::UsedAt))
                    .primary_key(
                        Index::create()
                            .col(KnowledgeArticleUses::ArticleId)
                            .col(KnowledgeArticleUses::RequestId),
                    )
                    .references(
                        "fk_knowledge_article_uses_article",
                        KnowledgeArticleUses::ArticleId,
                        KnowledgeArticles::Table,
                    )
                    .references(
                        "fk_knowledge_article_uses_request",
                        KnowledgeArticleUses::RequestId,
                        ServiceRequests::Table,
                    )
                    .references(
                        "fk_knowledge_article_uses_user",
                        KnowledgeArticleUses::UsedBy,
                        Users::Table,
                    )
                    .to_owned(),
            )
            .await?;
        ddl::index(
            manager,
            "ix_knowledge_article_uses_request",
            KnowledgeArticleUses::Table,
            [KnowledgeArticleUses::RequestId],
        )
        .await?;
        ddl::search_table(manager, SEARCH).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::drop_search_table(manager, SEARCH).await?;
        ddl::drop_tables(
            manager,
            [
                KnowledgeArticleUses::Table.into_iden(),
                KnowledgeArticles::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum KnowledgeArticles {
    Table,
    Id,
    Title,
    Body,
    Tags,
    ProductKind,
    Status,
    AuthorId,
    SourceRequestId,
    UseCount,
    PublishedAt,
}

#[derive(DeriveIden)]
enum KnowledgeArticleUses {
    Table,
    ArticleId,
    RequestId,
    UsedBy,
    UsedAt,
}
