//! A class: a roster of students, each with a seed of their own derived from the class seed and
//! their name, so that neighbours work on different numbers and cannot copy them; and the
//! folder name of each student's dataset (and submissions).
//!
//! A roster is a CSV file with a header row that has a `name` column (other columns, such as
//! an email, are ignored). Names are compared trimmed, case-insensitive and with runs of spaces
//! as one, so "Ada  Lovelace" and "ada lovelace" are the same student; their folder name is the
//! name in lower case, letters and digits kept, everything else a single `-`.

use crate::error::{Error, Result};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Student {
    pub name: String,
    /// The folder name of the student's dataset and submissions.
    pub slug: String,
}

/// The file a class folder (`generate --class`) names its students' datasets in.
pub const INDEX: &str = "class.json";

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ClassIndex {
    pub class_seed: u64,
    pub scenario: String,
    pub students: Vec<ClassEntry>,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ClassEntry {
    pub name: String,
    /// The dataset's folder in the class folder (and the student's submissions folder).
    pub folder: String,
    pub seed: u64,
}

/// The student's dataset seed: the class seed and the student's name, hashed.
pub fn seed_for(class_seed: u64, name: &str) -> u64 {
    crate::rng::key(class_seed, crate::rng::Kind::Scenario, 0, &format!("student:{}", normal(name))) % 1_000_000_000
}

/// The name as it is compared: trimmed, lower case, single spaces.
fn normal(name: &str) -> String {
    single_spaced(name).to_lowercase()
}

/// The name trimmed, with runs of spaces as one.
fn single_spaced(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A folder name for a student: lower-case letters and digits, other runs as `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A student named on the command line.
pub fn student(name: &str) -> Result<Student> {
    let s = slug(name);
    if s.is_empty() {
        return Err(Error::input(format!("--student {name:?}: a student's name needs at least one letter or digit")));
    }
    Ok(Student { name: single_spaced(name), slug: s })
}

/// Read a roster: every student once, in file order. Errors name the file and line.
pub fn read_roster(path: &Path) -> Result<Vec<Student>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("cannot read the roster", path, e))?;
    let at = |line: u64, what: String| Error::input(format!("{} line {line}: {what}", path.display()));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| at(1, format!("not a CSV header: {e}")))?.clone();
    let Some(column) = header.iter().position(|h| h.trim().eq_ignore_ascii_case("name")) else {
        return Err(at(1, format!("the header has no `name` column (it has: {}); the first row names the columns, e.g. `name,email`", header.iter().collect::<Vec<_>>().join(", "))));
    };
    let mut students: Vec<(Student, u64)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| at(e.position().map_or(0, |p| p.line()), format!("not valid CSV: {e}")))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let name = record.get(column).unwrap_or("").trim();
        if name.is_empty() {
            return Err(at(line, "the `name` is empty: every row names one student".into()));
        }
        let s = student(name).map_err(|_| at(line, format!("{name:?} has no letter or digit to name a folder after")))?;
        if let Some((other, other_line)) = students.iter().find(|(o, _)| normal(&o.name) == normal(name)) {
            return Err(at(line, format!("{name:?} is already on line {other_line} ({:?}): each student once", other.name)));
        }
        if let Some((other, other_line)) = students.iter().find(|(o, _)| o.slug == s.slug) {
            return Err(at(line, format!("{name:?} and {:?} (line {other_line}) would share the folder `{}`: tell them apart in the roster (add an initial)", other.name, s.slug)));
        }
        students.push((s, line));
    }
    if students.is_empty() {
        return Err(at(1, "the roster names no student".into()));
    }
    Ok(students.into_iter().map(|(s, _)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_one_seed_and_a_folder() {
        assert_eq!(seed_for(42, "Ada  Lovelace"), seed_for(42, " ada lovelace"));
        assert_ne!(seed_for(42, "Ada Lovelace"), seed_for(42, "Alan Turing"));
        assert_ne!(seed_for(42, "Ada Lovelace"), seed_for(7, "Ada Lovelace"));
        assert_eq!(slug("Zoë O'Brien-Smith"), "zoë-o-brien-smith");
        assert!(student("  !! ").is_err());
    }
}
