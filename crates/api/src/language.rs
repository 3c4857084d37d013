//! The language of a refusal's words: Simplified Chinese for a client whose
//! `Accept-Language` prefers Chinese (`zh`, `zh-CN`, …), English otherwise.
//! The middleware keeps the choice for the length of the request, and
//! [`ApiError`](crate::error::ApiError) renders its problem+json in it,
//! answering `Content-Language`. Codes and field names stay English.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::middleware::Next;
use rapport_domain::messages::Lang;

tokio::task_local! {
    static LANG: Lang;
}

/// The language the request being answered asked for (English outside one).
pub fn current() -> Lang {
    LANG.try_with(|lang| *lang).unwrap_or_default()
}

/// Middleware: answers the request in the language its `Accept-Language` prefers.
pub async fn negotiate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let lang = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map_or(Lang::En, preferred);
    LANG.scope(lang, next.call(req)).await
}

/// The language of the highest-weighted range of an `Accept-Language` value
/// that is Chinese or English (`*` counts as English); English when none is.
pub fn preferred(accept_language: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for range in accept_language.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let weight = parts
            .find_map(|param| param.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .unwrap_or(0.0);
        let primary = tag.split('-').next().unwrap_or_default();
        let lang = match primary {
            "zh" => Lang::Zh,
            "en" | "*" => Lang::En,
            _ => continue,
        };
        if weight > 0.0 && best.is_none_or(|(top, _)| weight > top) {
            best = Some((weight, lang));
        }
    }
    best.map_or(Lang::En, |(_, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_chosen_when_it_weighs_most_among_the_languages_spoken() {
        let cases = [
            ("zh-CN", Lang::Zh),
            ("zh", Lang::Zh),
            ("ZH-cn", Lang::Zh),
            ("zh-Hans-CN, en;q=0.8", Lang::Zh),
            ("en-US,en;q=0.9,zh-CN;q=0.8", Lang::En),
            ("fr-FR, zh;q=0.5", Lang::Zh),
            ("fr-FR", Lang::En),
            ("*", Lang::En),
            ("zh-CN;q=0, en;q=0.1", Lang::En),
            ("en;q=0.2, zh;q=0.9", Lang::Zh),
            ("", Lang::En),
            ("zh;q=nonsense", Lang::En),
        ];
        for (header, want) in cases {
            assert_eq!(preferred(header), want, "{header:?}");
        }
    }
}
