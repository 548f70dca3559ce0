//! Embeds the reference dbt project (`pipeline/`) in the binary, so an installed `saaslab`
//! builds the warehouse from any directory. Writes `$OUT_DIR/embedded_pipeline.rs`: a sorted
//! list of (path relative to `pipeline/`, contents) pairs. Plain `include_str!`, no crate.

use std::path::{Path, PathBuf};

fn main() {
    // Read at run time, not with env!(): a build script compiled in one checkout may be reused
    // by another that shares CARGO_TARGET_DIR, and must read its own pipeline/.
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("pipeline");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out = String::from("pub static PIPELINE_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        out.push_str(&format!("    ({relative:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_pipeline.rs");
    std::fs::write(dest, out).unwrap();
}

/// Every project file: SQL and YAML, not dbt's own output folders.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            // Directories rerun the script when files are added or removed.
            println!("cargo:rerun-if-changed={}", path.display());
            if !matches!(name.as_str(), "target" | "dbt_packages" | "logs") {
                collect(&path, files);
            }
        } else if name.ends_with(".sql") || name.ends_with(".yml") || name.ends_with(".yaml") || name.ends_with(".md") {
            files.push(path);
        }
    }
}
