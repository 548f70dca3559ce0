//! Numbers, sizes and reports as text: shared by the command line and the messages of the
//! library (a sandbox limit, a test's failing rows).

use crate::error::{Error, Result};

/// 12345678 → "12,345,678".
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 1234567 → "1.2 MB" (binary units, as `du -h`).
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 { format!("{b} B") } else { format!("{v:.1} {}", UNITS[u]) }
}

/// A report as pretty JSON, for every command's `--json`.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(|e| Error::Io(e.to_string()))
}

/// A timestamp as SQL prints it, the one shape `query`, `show`, `test` and `check` use:
/// `2024-01-31T12:00:00.500000` → `2024-01-31 12:00:00.5`; a midnight timestamp keeps its time
/// (the comparison treats it as equal to the date).
pub fn normal_time(s: &str) -> String {
    let s = s.replacen('T', " ", 1);
    match s.split_once('.') {
        Some((whole, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() { whole.to_string() } else { format!("{whole}.{frac}") }
        }
        None => s,
    }
}
