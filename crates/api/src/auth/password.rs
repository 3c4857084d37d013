//! Argon2id password hashes (SPEC section 9). Hashing is deliberately slow,
//! so it runs on the blocking pool, never on a server worker.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::ApiError;

/// Hashes a password for storage.
pub async fn hash(password: String) -> Result<String, ApiError> {
    actix_web::web::block(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| error.to_string())
    })
    .await
    .map_err(|error| ApiError::internal("hashing a password", error))?
    .map_err(|error| ApiError::internal("hashing a password", std::io::Error::other(error)))
}

/// A hash of no one's password, made once with the same parameters as
/// every stored hash. A login for an email with no (active) account checks
/// the password against it, so that it takes as long as a wrong password
/// for a real account: otherwise the time tells which emails exist.
static DUMMY_HASH: std::sync::LazyLock<Option<String>> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(b"no account has this password", &salt)
        .map(|hash| hash.to_string())
        .ok()
});

/// Checks `password` against the dummy hash (see [`DUMMY_HASH`]): as slow
/// as a real check, and never a match.
pub async fn verify_for_no_account(password: String) -> Result<bool, ApiError> {
    let dummy = actix_web::web::block(|| DUMMY_HASH.clone())
        .await
        .map_err(|error| ApiError::internal("checking a password", error))?
        .unwrap_or_default();
    verify(password, dummy).await?;
    Ok(false)
}

/// Whether `password` matches the stored hash; a malformed hash never matches.
pub async fn verify(password: String, stored: String) -> Result<bool, ApiError> {
    actix_web::web::block(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|error| ApiError::internal("checking a password", error))
}
