//! One error type for the whole crate, carrying the exit code the CLI returns.
//!
//! saaslab promises exit code 2 for usage and input errors, 1 for a failed check and 0 for
//! success. Every error says what was wrong, where (file, line, key) and what to do next,
//! so the variants hold a ready-to-print message rather than a bare cause.

use std::fmt;
use std::path::Path;

#[derive(Debug)]
pub enum Error {
    /// Bad flags, a bad scenario, a missing dataset: the user can fix it. Exit code 2.
    Input(String),
    /// A check or test ran and failed. Exit code 1.
    Failed(String),
    /// The machine refused something (disk full, permission): also exit code 2, since the
    /// user must act, but the message names the path and the OS error.
    Io(String),
}

impl Error {
    pub fn input(msg: impl Into<String>) -> Self {
        Error::Input(msg.into())
    }

    /// Wrap an I/O failure with the path it happened on and what saaslab was doing.
    pub fn io(doing: &str, path: &Path, err: impl fmt::Display) -> Self {
        Error::Io(format!("{doing} {}: {err}", path.display()))
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Failed(_) => 1,
            Error::Input(_) | Error::Io(_) => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(m) | Error::Failed(m) | Error::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
