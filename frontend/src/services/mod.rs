//! The typed client of the Rapport API: every call goes through [`call`],
//! which adds the access token, renews it once with the refresh token when
//! the server answers 401, and otherwise reports the server's problem+json.
//! Every request asks for the app's language (`Accept-Language`), so the
//! server words its refusals in the language the page is in.

pub mod health;
pub mod session;
pub mod surveys;

use gloo_net::http::{Method, RequestBuilder, Response};
use rapport_types::problem::{FieldErrors, Problem};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call did not succeed: the server's problem+json, or no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server refused, with its HTTP status and what it said.
    Refused {
        status: u16,
        detail: String,
        code: String,
        errors: FieldErrors,
    },
    /// The server could not be reached or answered something unreadable.
    Network(String),
}

impl Failure {
    /// Someone else changed the record since it was read.
    pub fn is_stale(&self) -> bool {
        matches!(self, Failure::Refused { status: 409, code, .. } if code == "stale_version")
    }

    /// The messages about `field`, for showing beside it.
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            Failure::Refused { errors, .. } => {
                errors.get(field).map(|messages| messages.join("; "))
            }
            Failure::Network(_) => None,
        }
    }

    /// What to tell the user.
    pub fn detail(&self) -> String {
        match self {
            Failure::Refused { detail, .. } => detail.clone(),
            Failure::Network(error) => error.clone(),
        }
    }
}

impl From<gloo_net::Error> for Failure {
    fn from(error: gloo_net::Error) -> Failure {
        Failure::Network(error.to_string())
    }
}

/// The language the server is asked to word its answers in: the page's.
pub(crate) fn language() -> &'static str {
    crate::i18n::Lang::remembered().code()
}

/// `response` when it succeeded, else the failure its problem+json names.
async fn checked(response: Response) -> Result<Response, Failure> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    Err(match response.json::<Problem>().await {
        Ok(problem) => Failure::Refused {
            status,
            detail: problem.detail,
            code: problem.code,
            errors: problem.errors,
        },
        Err(_) => Failure::Refused {
            status,
            detail: response.status_text(),
            code: String::new(),
            errors: FieldErrors::new(),
        },
    })
}

/// One call to the API: `method` on `path` (with its query), an optional
/// JSON body and an optional `Idempotency-Key`, as the logged-in user.
async fn call(
    method: Method,
    path: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<Response, Failure> {
    let send = |token: Option<String>| {
        let mut request = RequestBuilder::new(path)
            .method(method.clone())
            .header("accept-language", language());
        if let Some(token) = token {
            request = request.header("authorization", &format!("Bearer {token}"));
        }
        if let Some(key) = idempotency_key {
            request = request.header("idempotency-key", key);
        }
        let body = body.clone();
        async move {
            match body {
                Some(body) => {
                    request
                        .header("content-type", "application/json")
                        .body(body)?
                        .send()
                        .await
                }
                None => request.send().await,
            }
        }
    };
    let used = session::access_token();
    let response = send(used.clone()).await?;
    if response.status() != 401 || used.is_none() {
        return checked(response).await;
    }
    // The access token expired (or was ended): renew once, then retry.
    match session::renew(used.as_deref()).await {
        Some(fresh) => {
            let response = send(Some(fresh)).await?;
            if response.status() == 401 {
                session::expired();
            }
            checked(response).await
        }
        None => {
            session::expired();
            checked(response).await
        }
    }
}

/// The answer's text. The waiting is written once, here, for every type
/// an answer is read as; only [`read`] is made again per type (the wasm
/// pays for each copy of an awaiting function).
async fn text_of(
    method: Method,
    path: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<String, Failure> {
    Ok(call(method, path, body, idempotency_key)
        .await?
        .text()
        .await?)
}

/// An answer's text read as `T`.
fn read<T: DeserializeOwned>(text: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|error| Failure::Network(error.to_string()))
}

/// `body` as the JSON text sent.
fn json<B: Serialize>(body: &B) -> Result<String, Failure> {
    serde_json::to_string(body).map_err(|error| Failure::Network(error.to_string()))
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    read(&text_of(Method::GET, path, None, None).await?)
}

/// `GET path` as text (a CSV, say).
pub async fn get_text(path: &str) -> Result<String, Failure> {
    text_of(Method::GET, path, None, None).await
}

/// Hands `text` to the browser as a download named `name`. A CSV keeps its
/// byte order mark, which the browser's decoding took away, so Excel reads
/// it as UTF-8.
pub fn save_file(name: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let text = if mime.starts_with("text/csv") && !text.starts_with('\u{feff}') {
        format!("\u{feff}{text}")
    } else {
        text.to_owned()
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let link = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.create_element("a").ok())
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// `GET path?query`.
pub async fn get_with<Q: Serialize, T: DeserializeOwned>(
    path: &str,
    query: &Q,
) -> Result<T, Failure> {
    let query =
        serde_urlencoded::to_string(query).map_err(|error| Failure::Network(error.to_string()))?;
    let path = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    get(&path).await
}

/// `POST path` with a JSON body.
pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Failure> {
    read(&text_of(Method::POST, path, Some(json(body)?), None).await?)
}

/// `PUT path` with a JSON body (a versioned replacement).
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Failure> {
    read(&text_of(Method::PUT, path, Some(json(body)?), None).await?)
}

/// `PATCH path` with a JSON body (a versioned change of some fields).
pub async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Failure> {
    read(&text_of(Method::PATCH, path, Some(json(body)?), None).await?)
}

/// `POST path` that creates something: a retry with the same `key` returns
/// the first result instead of creating twice.
pub async fn create<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: &str,
) -> Result<T, Failure> {
    read(&text_of(Method::POST, path, Some(json(body)?), Some(key)).await?)
}

/// `POST path` with no answer worth reading.
pub async fn post_empty<B: Serialize>(path: &str, body: &B) -> Result<(), Failure> {
    call(Method::POST, path, Some(json(body)?), None).await?;
    Ok(())
}

/// A fresh key for [`create`].
pub fn idempotency_key() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| format!("{}", js_sys::Date::now()))
}
