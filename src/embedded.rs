//! The folders compiled into the binary by `build.rs`: `PIPELINE_FILES`, `MODULE_FILES` and
//! `EXPECTED_FILES`, each a sorted list of (path relative to its folder, contents).

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
