//! The user's own folders, by the XDG base-directory rules: saaslab's cache (the hidden check
//! datasets) and state (progress records of read-only datasets).

use std::path::PathBuf;

/// `$XDG_CACHE_HOME/saaslab`, else `~/.cache/saaslab`.
pub fn cache() -> Option<PathBuf> {
    user_dir("XDG_CACHE_HOME", ".cache")
}

/// `$XDG_STATE_HOME/saaslab`, else `~/.local/state/saaslab`.
pub fn state() -> Option<PathBuf> {
    user_dir("XDG_STATE_HOME", ".local/state")
}

/// The folder a non-empty environment variable names.
pub fn env_dir(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

fn user_dir(xdg: &str, under_home: &str) -> Option<PathBuf> {
    env_dir(xdg).or_else(|| env_dir("HOME").map(|home| home.join(under_home))).map(|base| base.join("saaslab"))
}
