//! The logged-in user's tokens. The access token lives in memory only; the
//! refresh token is kept in local storage so a reload keeps the session.
//! Refresh tokens are single-use and rotate on every renewal: renewals are
//! serialised, so calls that fail together renew once and all retry with
//! the new token.

use std::cell::{Cell, RefCell};

use gloo_net::http::Request;
use rapport_types::auth::{LoginRequest, RefreshRequest, TokenPair};
use rapport_types::users::User;
use yew::Callback;

use super::{Failure, checked};
use crate::storage;

const REFRESH_KEY: &str = "rapport.refresh";

thread_local! {
    static ACCESS: RefCell<Option<String>> = const { RefCell::new(None) };
    static RENEWING: Cell<bool> = const { Cell::new(false) };
    static ON_EXPIRED: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

/// The access token to send, if logged in.
pub fn access_token() -> Option<String> {
    ACCESS.with(|access| access.borrow().clone())
}

fn keep(pair: &TokenPair) {
    ACCESS.with(|access| *access.borrow_mut() = Some(pair.access_token.clone()));
    storage::set(REFRESH_KEY, &pair.refresh_token);
}

fn forget() {
    ACCESS.with(|access| *access.borrow_mut() = None);
    storage::remove(REFRESH_KEY);
}

/// What to do when the session ends by itself (the app shows the login).
pub fn on_expired(callback: Callback<()>) {
    ON_EXPIRED.with(|slot| *slot.borrow_mut() = Some(callback));
}

/// The session could not be renewed: forget it and tell the app.
pub fn expired() {
    forget();
    if let Some(callback) = ON_EXPIRED.with(|slot| slot.borrow().clone()) {
        callback.emit(());
    }
}

/// Logs in; the user on success.
pub async fn log_in(email: String, password: String) -> Result<User, Failure> {
    let response = Request::post("/api/v1/auth/login")
        .header("accept-language", super::language())
        .json(&LoginRequest { email, password })?
        .send()
        .await?;
    let pair: TokenPair = checked(response).await?.json().await?;
    keep(&pair);
    me().await
}

/// The user the kept refresh token belongs to, after a reload.
pub async fn resume() -> Option<User> {
    storage::get(REFRESH_KEY)?;
    renew(None).await?;
    me().await.ok()
}

async fn me() -> Result<User, Failure> {
    super::get("/api/v1/auth/me").await
}

/// A fresh access token, unless another call already renewed the one that
/// failed (`failed`); `None` when the session cannot be renewed.
pub async fn renew(failed: Option<&str>) -> Option<String> {
    while RENEWING.with(Cell::get) {
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    let current = access_token();
    if current.is_some() && current.as_deref() != failed {
        return current;
    }
    let refresh_token = storage::get(REFRESH_KEY)?;
    RENEWING.with(|renewing| renewing.set(true));
    let renewed = async {
        let response = Request::post("/api/v1/auth/refresh")
            .json(&RefreshRequest { refresh_token })
            .ok()?
            .send()
            .await
            .ok()?;
        let pair: TokenPair = checked(response).await.ok()?.json().await.ok()?;
        keep(&pair);
        Some(pair.access_token)
    }
    .await;
    RENEWING.with(|renewing| renewing.set(false));
    if renewed.is_none() {
        forget();
    }
    renewed
}

/// Logs out: the server revokes the refresh token, the browser forgets both.
pub async fn log_out() {
    if let Some(refresh_token) = storage::get(REFRESH_KEY) {
        // Logging out locally must not wait on, or fail with, the server.
        let _ = super::post_empty("/api/v1/auth/logout", &RefreshRequest { refresh_token }).await;
    }
    forget();
}
