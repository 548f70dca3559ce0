//! Instructors run a class: `generate --class ROSTER.csv` (a dataset per student, seeded from
//! the class seed and the name), `generate --student NAME` (the same seed for one student), and
//! `grade SUBMISSIONS` writing the gradebook the README documents; bad rosters exit 2 with the
//! line.

use crate::common::*;
use std::path::Path;

const TINY_2025: &[&str] = &["--customers", "60", "--locations", "80", "--start", "2025-01-01", "--end", "2025-12-31", "--quiet"];

fn out(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn roster(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn bad_rosters_exit_2_and_name_the_line() {
    let root = scratch("grade-rosters");
    for (file, text, says) in [
        ("dup.csv", "name,email\nAda Lovelace,a@x\nAlan Turing,t@x\nada  lovelace,b@x\n", "line 4"),
        ("noname.csv", "email\nada@x\n", "no `name` column"),
        ("empty-name.csv", "name,email\nAda Lovelace,a@x\n,b@x\n", "line 3"),
        ("clash.csv", "name\nJo Ng\nJo-Ng\n", "share the folder"),
        ("nobody.csv", "name\n", "names no student"),
    ] {
        let path = roster(&root, file, text);
        let o = saaslab(&with(&["generate", "--class", &path, "--out", root.join("class").to_str().unwrap()], TINY_2025));
        assert_eq!(o.status.code(), Some(2), "{file}: {}", out(&o));
        assert!(out(&o).contains(says) && out(&o).contains(file), "{file}: {}", out(&o));
    }
    assert!(!root.join("class").join("class.json").exists());
}

#[test]
fn a_class_is_generated_graded_and_written_to_a_gradebook() {
    let root = scratch("grade-class");
    let class = root.join("class");
    let path = roster(&root, "roster.csv", "name,email\nAda Lovelace,ada@x.org\nAlan Turing,alan@x.org\n\nGrace Hopper,grace@x.org\n");
    let o = saaslab(&with(&["generate", "--class", &path, "--out", class.to_str().unwrap()], TINY_2025));
    assert!(o.status.success(), "{}", out(&o));
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(class.join("class.json")).unwrap()).unwrap();
    let students = index["students"].as_array().unwrap();
    assert_eq!(students.iter().map(|s| s["folder"].as_str().unwrap()).collect::<Vec<_>>(), ["ada-lovelace", "alan-turing", "grace-hopper"]);
    let seeds: std::collections::BTreeSet<u64> = students.iter().map(|s| s["seed"].as_u64().unwrap()).collect();
    assert_eq!(seeds.len(), 3, "each student has their own seed");
    // --student gives a student the class's seed for them.
    let ada = root.join("ada");
    generate(&ada, &with(&["--student", "ada  lovelace"], TINY_2025));
    assert_eq!(manifest(&ada).seed, students[0]["seed"].as_u64().unwrap());
    for s in students {
        let dir = class.join(s["folder"].as_str().unwrap());
        assert_eq!(manifest(&dir).seed, s["seed"].as_u64().unwrap());
        assert!(saaslab(&["build", "--data", dir.to_str().unwrap(), "--quiet"]).status.success());
    }

    // Three students × three exercises: passes, a recorded mistake, SQL that does not run, a
    // missing file, and a stray file that is left out.
    let subs = root.join("submissions");
    let catalog = saaslab::exercise::Catalog::embedded().unwrap();
    let exercise = |id: &str| catalog.find(id).unwrap().1.clone();
    let write = |student: &str, file: &str, sql: &str| {
        std::fs::create_dir_all(subs.join(student)).unwrap();
        std::fs::write(subs.join(student).join(file), sql).unwrap();
    };
    for id in ["1.1", "2.1", "3.1"] {
        write("ada-lovelace", &format!("{id}.sql"), &exercise(id).solution);
        write("alan-turing", &format!("{id}.sql"), &exercise(id).mistakes[0].sql);
    }
    write("grace-hopper", "1.1.sql", "select nonsense from nowhere");
    write("grace-hopper", "2.1.sql", &exercise("2.1").solution);
    write("grace-hopper", "notes.txt", "not an answer");
    let gradebook = root.join("gradebook");
    let o = saaslab(&["grade", subs.to_str().unwrap(), "--data", class.to_str().unwrap(), "--out", gradebook.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("left out") && out(&o).contains("notes.txt"), "{}", out(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["grades"].as_array().unwrap().len(), 9);

    let mut reader = csv::Reader::from_path(gradebook.join("grades.csv")).unwrap();
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["student", "exercise", "verdict", "failed_on", "hint", "seconds"]);
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let verdict = |student: &str, id: &str| rows.iter().find(|r| r[0] == student && r[1] == id).map(|r| (r[2].clone(), r[3].clone(), r[4].clone())).unwrap();
    for id in ["1.1", "2.1", "3.1"] {
        assert_eq!(verdict("ada-lovelace", id).0, "pass", "{id}: {rows:?}");
        let (v, on, hint) = verdict("alan-turing", id);
        assert!(v == "fail" && !on.is_empty() && !hint.is_empty(), "{id}: {rows:?}");
    }
    let (v, on, hint) = verdict("grace-hopper", "1.1");
    assert!(v == "fail" && on == "your dataset" && hint.contains("nowhere"), "{v} {on} {hint}");
    assert_eq!(verdict("grace-hopper", "2.1").0, "pass");
    assert_eq!(verdict("grace-hopper", "3.1").0, "missing");
    let feedback = std::fs::read_to_string(gradebook.join("feedback").join("grace-hopper.md")).unwrap();
    assert!(feedback.contains("1 of 3 exercises passed") && feedback.contains("did not run") && feedback.contains("no file 3.1.sql"), "{feedback}");
    // Grading touches nobody's progress.
    assert!(!class.join("ada-lovelace").join("progress.json").exists());

    // A student whose dataset is not built cannot be graded: exit 1, and the gradebook says so.
    std::fs::remove_file(class.join("grace-hopper").join("warehouse.duckdb")).unwrap();
    let o = saaslab(&["grade", subs.to_str().unwrap(), "--data", class.to_str().unwrap(), "--out", gradebook.to_str().unwrap(), "--quick"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("could not be graded"), "{}", out(&o));
    let text = std::fs::read_to_string(gradebook.join("grades.csv")).unwrap();
    assert!(text.lines().any(|l| l.starts_with("grace-hopper,2.1,ungraded")), "{text}");

    // Not a submissions folder: exit 2.
    let o = saaslab(&["grade", root.join("nope").to_str().unwrap(), "--data", class.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
}
