//! Embeds the folders an installed `saaslab` needs in the binary, so it works from any
//! directory: the reference dbt project (`pipeline/`), the teaching modules (`modules/`) and
//! the exercises' expected results (`expected/`). Writes `$OUT_DIR/embedded.rs`: per folder, a
//! sorted list of (path relative to the folder, contents) pairs. Plain `include_str!`, no crate.

use std::path::{Path, PathBuf};

fn main() {
    // Read at run time, not with env!(): a build script compiled in one checkout may be reused
    // by another that shares CARGO_TARGET_DIR, and must read its own folders.
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut out = String::new();
    for (folder, constant, extensions) in [
        ("pipeline", "PIPELINE_FILES", &["sql", "yml", "yaml", "md"][..]),
        ("modules", "MODULE_FILES", &["toml", "md", "sql"][..]),
        ("expected", "EXPECTED_FILES", &["json"][..]),
    ] {
        let root = manifest_dir.join(folder);
        println!("cargo:rerun-if-changed={}", root.display());
        let mut files = Vec::new();
        collect(&root, extensions, &mut files);
        files.sort();
        out.push_str(&format!("pub static {constant}: &[(&str, &str)] = &[\n"));
        for path in &files {
            println!("cargo:rerun-if-changed={}", path.display());
            let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            out.push_str(&format!("    ({relative:?}, include_str!({:?})),\n", path.display().to_string()));
        }
        out.push_str("];\n");
    }
    // A fingerprint of everything that shapes a generated and built dataset (the simulator's
    // code, the built-in scenarios, the pipeline): caches of generated data, such as the
    // hidden check datasets, are keyed by it, so a changed generator never reuses stale data.
    let mut sources = Vec::new();
    for (folder, extensions) in [("src", &["rs"][..]), ("scenarios", &["toml"][..]), ("pipeline", &["sql", "yml", "yaml"][..])] {
        let root = manifest_dir.join(folder);
        println!("cargo:rerun-if-changed={}", root.display());
        collect(&root, extensions, &mut sources);
    }
    sources.push(manifest_dir.join("Cargo.lock"));
    sources.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &sources {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&manifest_dir).unwrap().to_string_lossy().replace('\\', "/");
        for byte in relative.bytes().chain([0]).chain(std::fs::read(path).unwrap_or_default()).chain([0]) {
            hash = (hash ^ byte as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    out.push_str(&format!("pub static SOURCE_FINGERPRINT: &str = \"{hash:016x}\";\n"));
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}

/// Every file with one of `extensions`, not dbt's own output folders.
fn collect(dir: &Path, extensions: &[&str], files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            // Directories rerun the script when files are added or removed.
            println!("cargo:rerun-if-changed={}", path.display());
            if !matches!(name.as_str(), "target" | "dbt_packages" | "logs") {
                collect(&path, extensions, files);
            }
        } else if extensions.iter().any(|e| name.ends_with(&format!(".{e}"))) {
            files.push(path);
        }
    }
}
