//! Who is calling: password hashes, access and refresh tokens, the caller
//! extractor, and the role × action permission matrix.

pub mod caller;
pub mod client_address;
pub mod epochs;
pub mod password;
pub mod throttle;
pub mod tokens;

pub use caller::Caller;
pub use rapport_domain::permissions::{self, Action};
