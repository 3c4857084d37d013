//! Webhooks (SPEC section 10): every event some endpoint subscribed to is
//! written to an outbox in the transaction of the change that caused it
//! ([`outbox`]); a delivery worker per server ([`worker`]) POSTs it, signed
//! ([`signature`]), to each endpoint in order, retrying with backoff
//! ([`backoff`]) for a day before giving up.

pub mod backoff;
pub mod data;
pub mod events;
pub mod openapi;
pub mod outbox;
pub mod signature;
pub mod worker;
