//! One error type for the benchmark: what was being attempted, and why it failed.

use std::fmt;

type Source = Box<dyn std::error::Error + Send + Sync>;

/// A failed step: `what` was being attempted when `source` happened.
#[derive(Debug)]
pub struct BenchError {
    what: String,
    source: Option<Source>,
}

impl BenchError {
    /// `what` failed because of `source`.
    pub fn new(what: impl Into<String>, source: impl Into<Source>) -> BenchError {
        BenchError {
            what: what.into(),
            source: Some(source.into()),
        }
    }

    /// A failure with no underlying error.
    pub fn msg(what: impl Into<String>) -> BenchError {
        BenchError {
            what: what.into(),
            source: None,
        }
    }

    /// "what: because: because", the whole cause chain on one line.
    pub fn chain(&self) -> String {
        let mut text = self.what.clone();
        let mut source: Option<&(dyn std::error::Error + 'static)> = self
            .source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static));
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    }
}

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl std::error::Error for BenchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// Adds what was being attempted to any error.
pub trait Context<T> {
    fn context(self, what: impl Into<String>) -> Result<T, BenchError>;
}

impl<T, E: Into<Source>> Context<T> for Result<T, E> {
    fn context(self, what: impl Into<String>) -> Result<T, BenchError> {
        self.map_err(|error| BenchError::new(what, error))
    }
}
