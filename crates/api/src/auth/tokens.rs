//! Access tokens are short-lived JWTs (15 minutes) carrying the user and role;
//! refresh tokens are random strings stored only as SHA-256 hashes.

use chrono::{DateTime, TimeDelta, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use rapport_domain::org::Role;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// How long an access token is good for.
pub const ACCESS_TOKEN_TTL: TimeDelta = TimeDelta::minutes(15);
/// How long a refresh token is good for.
pub const REFRESH_TOKEN_TTL: TimeDelta = TimeDelta::days(30);

/// The keys that sign and check access tokens.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

/// What an access token says about its bearer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: Uuid,
    /// The user's role when the token was issued.
    pub role: Role,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// The user's token epoch when it was issued; a token of an older
    /// epoch is refused (absent in tokens from before epochs: 0).
    #[serde(default)]
    pub epoch: i32,
}

impl JwtKeys {
    /// Keys from the shared secret (`RAPPORT_JWT_SECRET`).
    pub fn from_secret(secret: &[u8]) -> JwtKeys {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// Signs an access token for `user` in token `epoch`, valid from `now`
    /// for [`ACCESS_TOKEN_TTL`].
    pub fn issue(
        &self,
        user: Uuid,
        role: Role,
        epoch: i32,
        now: DateTime<Utc>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: user,
            role,
            iat: now.timestamp(),
            exp: (now + ACCESS_TOKEN_TTL).timestamp(),
            epoch,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Checks a token's signature and expiry against `now`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against our clock below, so tests can move time.
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        (claims.exp > now.timestamp()).then_some(claims)
    }
}

/// A fresh random secret (refresh tokens, API tokens, development JWT secret), hex encoded.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The SHA-256 of a token, which is all the database keeps.
pub fn digest(token: &str) -> String {
    digest_bytes(token.as_bytes())
}

/// The SHA-256 of some bytes, hex encoded.
pub fn digest_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
