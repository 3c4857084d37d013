//! What a request that no route takes is answered: a 405 naming the
//! methods (`Allow`) when its path is an operation's, else a 404; both
//! problem+json like every other error of the API. actix alone answers an
//! empty 404 for both.

use std::sync::LazyLock;

use actix_web::ResponseError;
use actix_web::dev::{ServiceRequest, ServiceResponse};

use crate::error::ApiError;

/// Each documented path, split into segments (`{id}` matches any one), with
/// the methods it takes as `Allow` lists them. Read from the OpenAPI
/// document, which is made from the registered routes, so it cannot drift.
static PATHS: LazyLock<Vec<(Vec<String>, String)>> = LazyLock::new(|| {
    let document = crate::routes::openapi::document();
    let Some(paths) = document["paths"].as_object() else {
        return Vec::new();
    };
    paths
        .iter()
        .map(|(path, item)| {
            let allow: Vec<&str> = ["GET", "PUT", "POST", "DELETE", "PATCH"]
                .into_iter()
                .filter(|method| item.get(method.to_lowercase()).is_some())
                .collect();
            (
                path.split('/').map(str::to_owned).collect(),
                allow.join(", "),
            )
        })
        .collect()
});

/// The methods (as `Allow` lists them) of the documented path `path` is:
/// of those it matches, the one with the most literal segments, as actix
/// prefers `/contracts/quote` to `/contracts/{id}`.
fn allowed(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    PATHS
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(want, have)| want == have || (want.starts_with('{') && !have.is_empty()))
        })
        .max_by_key(|(template, _)| template.iter().filter(|s| !s.starts_with('{')).count())
        .map(|(_, allow)| allow.clone())
}

/// 405 when `path` is an operation's path and `method` none of its
/// methods. actix tries the next route when a method does not fit, so
/// `PATCH /contracts/quote` reaches `PATCH /contracts/{id}`, whose id then
/// does not parse: that is this case, not a missing record.
pub fn wrong_method(method: &str, path: &str) -> Option<ApiError> {
    let allow = allowed(path)?;
    (!allow.split(", ").any(|allowed| allowed == method)).then(|| ApiError::MethodNotAllowed {
        path: path.to_owned(),
        method: method.to_owned(),
        allow,
    })
}

/// The default service of the API's paths: 405 or 404, problem+json.
pub async fn answer(req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
    let path = req.path().to_owned();
    let error = wrong_method(req.method().as_str(), &path).unwrap_or(ApiError::NoSuchPath(path));
    Ok(req.into_response(error.error_response()))
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn a_path_is_matched_segment_by_segment_with_parameters_matching_any_one() {
        assert_eq!(allowed("/api/v1/customers").as_deref(), Some("GET, POST"));
        assert_eq!(
            allowed("/api/v1/customers/0194c0de-1234-7abc-8def-0123456789ab").as_deref(),
            Some("GET, PATCH")
        );
        assert_eq!(allowed("/healthz").as_deref(), Some("GET"));
        assert_eq!(allowed("/api/v1/contracts/quote").as_deref(), Some("POST"));
        assert_eq!(allowed("/api/v1/customers/"), None);
        assert_eq!(allowed("/api/v1/nothing"), None);
        assert_eq!(allowed("/api/v2/customers"), None);
    }
}
