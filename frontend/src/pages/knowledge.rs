//! 知识库 the knowledge base: search (Chinese or English, most used
//! first), one article with its source request, publishing for managers;
//! and beside a request, the articles suggested for it (one click says
//! one helped) and, once it is resolved, promoting its solution to a draft.

use rapport_domain::knowledge::{Action as Step, promotable};
use rapport_domain::permissions::Action;
use rapport_types::knowledge::{Article, ArticleAction, ArticleUse, NewArticle, Suggestion};
use rapport_types::page::Paged;
use rapport_types::requests::ServiceRequest;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::filled::use_search;
use crate::components::loaded::{ready, shown_paged, use_get, use_get_with};
use crate::components::query::{use_go, use_query};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

/// What the URL holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KnowledgeQuery {
    pub q: Option<String>,
    pub page: Option<u64>,
}

#[component]
pub fn Knowledge() -> Html {
    let lang = use_lang();
    let query: KnowledgeQuery = use_query();
    let go = use_go(Route::Knowledge);
    let list = use_get_with::<Paged<Article>, _>("/api/v1/knowledge/articles", Some(query.clone()));
    let (search, on_search) = use_search(
        query.q.clone(),
        go.reform(|q| KnowledgeQuery { q, page: None }),
    );
    let on_page = {
        let q = query.q.clone();
        go.reform(move |page| KnowledgeQuery {
            q: q.clone(),
            page: Some(page),
        })
    };
    let body = shown_paged(&list, lang, T::NoArticles, on_page, |page| {
        html! {
            <ul class="articles">
                { for page.items.iter().map(|article| html! { <ArticleItem article={article.clone()} /> }) }
            </ul>
        }
    });
    html! {
        <section class="knowledge-page">
            <h2>{ T::KnowledgeBase.get(lang) }</h2>
            <form class="search" onsubmit={on_search}>
                <input id="knowledge-search" type="search" ref={search}
                    placeholder={T::SearchArticles.get(lang)} />
                <button type="submit">{ T::Search.get(lang) }</button>
            </form>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ArticleItemProps {
    article: Article,
}

/// One article in a list: its title (opening it), tags and how often it helped.
#[component]
fn ArticleItem(props: &ArticleItemProps) -> Html {
    let lang = use_lang();
    let article = &props.article;
    html! {
        <li data-article={article.id.to_string()}>
            <Link<Route> to={Route::Article { id: article.id }}>{ article.title.clone() }</Link<Route>>
            <span class="status">{ article.status.label(lang) }</span>
            { for article.tags.iter().map(|tag| html! { <span class="tag">{ tag.clone() }</span> }) }
            <span class="uses">{ format!("{} {}", T::Used.get(lang), article.use_count) }</span>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub id: Uuid,
}

#[component]
pub fn ArticlePage(props: &ArticleProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let article = use_get::<Article>(format!("/api/v1/knowledge/articles/{}", props.id), 0);
    let failure = use_state(|| None::<Failure>);
    let shown = match ready(&article, lang) {
        Ok(shown) => shown.clone(),
        Err(other) => return other,
    };
    let steps = if context.session.may(Action::PublishKnowledge) {
        Step::ALL
            .into_iter()
            .filter(|&step| shown.status.apply(step).is_ok())
            .collect()
    } else {
        Vec::new()
    };
    let buttons = steps.into_iter().map(|step| {
        let (article, failure) = (article.clone(), failure.clone());
        let asked = ArticleAction {
            action: step,
            version: shown.version,
        };
        let path = format!("/api/v1/knowledge/articles/{}/actions", shown.id);
        let onclick = Callback::from(move |_| {
            let (article, failure, asked, path) = (article.clone(), failure.clone(), asked.clone(), path.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::post::<_, Article>(&path, &asked).await {
                    Ok(after) => article.set(Some(Ok(after))),
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        });
        html! { <button class="step" data-step={step.code()} {onclick}>{ step.label(lang) }</button> }
    });
    html! {
        <section class="article-page">
            <h2>{ shown.title.clone() }</h2>
            <p class="facts">
                <span class="status" id="article-status">{ shown.status.label(lang) }</span>
                if let Some(kind) = shown.product_kind { <span>{ kind.label(lang) }</span> }
                { for shown.tags.iter().map(|tag| html! { <span class="tag">{ tag.clone() }</span> }) }
                <span>{ format!("{} {}", T::Used.get(lang), shown.use_count) }</span>
                if let (Some(id), Some(number)) = (shown.source_request_id, shown.source_request_number.clone()) {
                    <Link<Route> to={Route::Request { id }}>{ number }</Link<Route>>
                }
                <span>{ format::time(shown.updated_at) }</span>
            </p>
            <div class="buttons">{ for buttons }</div>
            if let Some(failure) = &*failure {
                <p class="error">{ failure.detail() }</p>
            }
            <div class="article-body">{ for shown.body.lines().map(|line| html! { <p>{ line.to_owned() }</p> }) }</div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct RequestKnowledgeProps {
    pub request: ServiceRequest,
}

/// Beside a request: the published articles suggested for it, each with
/// "this helped"; once it is resolved with a solution, promoting it to a
/// draft article (for those who write articles).
#[component]
pub fn RequestKnowledge(props: &RequestKnowledgeProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let suggestions = use_state(Vec::<Suggestion>::new);
    let helped = use_state(Vec::<Uuid>::new);
    let failure = use_state(|| None::<Failure>);
    let request = &props.request;
    {
        let suggestions = suggestions.clone();
        use_effect_with(request.id, move |id| {
            let path = format!("/api/v1/knowledge/suggestions?request_id={id}");
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(found) = services::get::<Vec<Suggestion>>(&path).await {
                    suggestions.set(found);
                }
            });
        });
    }
    let may_promote = context.session.may(Action::WriteKnowledge)
        && promotable(request.status, request.solution.is_some()).is_ok();
    let promote = {
        let (id, failure) = (request.id, failure.clone());
        Callback::from(move |_| {
            let (navigator, failure) = (navigator.clone(), failure.clone());
            let asked = NewArticle {
                from_request: Some(id),
                title: None,
                body: None,
                tags: Vec::new(),
                product_kind: None,
            };
            wasm_bindgen_futures::spawn_local(async move {
                match services::post::<_, Article>("/api/v1/knowledge/articles", &asked).await {
                    Ok(draft) => {
                        if let Some(navigator) = &navigator {
                            navigator.push(&Route::Article { id: draft.id });
                        }
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let items = suggestions.iter().map(|suggestion| {
        let article = &suggestion.article;
        let done = helped.contains(&article.id);
        let mark = {
            let (helped, article_id, request_id) = (helped.clone(), article.id, request.id);
            Callback::from(move |_| {
                let helped = helped.clone();
                let path = format!("/api/v1/knowledge/articles/{article_id}/uses");
                wasm_bindgen_futures::spawn_local(async move {
                    if services::post_empty(&path, &ArticleUse { request_id }).await.is_ok() {
                        let mut next = (*helped).clone();
                        next.push(article_id);
                        helped.set(next);
                    }
                });
            })
        };
        html! {
            <li data-article={article.id.to_string()}>
                <Link<Route> to={Route::Article { id: article.id }}>{ article.title.clone() }</Link<Route>>
                if done {
                    <span class="tag done">{ T::Helped.get(lang) }</span>
                } else {
                    <button class="link helped" onclick={mark}>{ T::ThisHelped.get(lang) }</button>
                }
            </li>
        }
    });
    html! {
        <div class="request-knowledge card">
            <h3>{ T::KnowledgeBase.get(lang) }</h3>
            if suggestions.is_empty() {
                <p class="empty">{ T::NoArticles.get(lang) }</p>
            } else {
                <ul class="suggestions">{ for items }</ul>
            }
            if may_promote {
                <button id="promote-solution" onclick={promote}>{ T::PromoteSolution.get(lang) }</button>
            }
            if let Some(failure) = &*failure {
                <p class="error">{ failure.detail() }</p>
            }
        </div>
    }
}
