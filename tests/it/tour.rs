//! The README's tour runs as written: the `saaslab` lines of its tour (generate), its pipeline
//! block (build, test, query), its selection block (build -s, ls, show), its report block, its shard block and
//! its learner's loop (exercises … check), in order, in a fresh folder, each must exit 0. The
//! one change, which the README states: every `generate` line that names no size gets
//! `--customers 150 --locations 225`, so the tour takes seconds.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The first command of each README block the tour test runs.
const BLOCKS: &[&str] = &["saaslab scenarios", "saaslab build", "saaslab build -s +int_customers", "saaslab report", "saaslab generate --customers 3000 --locations 3500 --shard 1/3", "saaslab exercises"];
const SMALL_WORLD: &[&str] = &["--customers", "150", "--locations", "225"];

#[test]
fn the_readme_tour_runs_as_written_in_a_fresh_folder() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let blocks = sh_blocks(&readme);
    let dir = scratch("readme-tour");
    // The tour names the example scenario by its path in the checkout.
    std::os::unix::fs::symlink(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"), dir.join("scenarios")).unwrap();
    // The learner's loop checks an answer.sql of their own: here, the reference solution.
    let catalog = saaslab::exercise::Catalog::embedded().unwrap();
    let (_, e) = catalog.exercises().find(|(_, e)| e.id == "1.3").unwrap();
    std::fs::write(dir.join("answer.sql"), &e.solution).unwrap();

    let mut ran = 0;
    for first in BLOCKS {
        let block = blocks.iter().find(|b| b.first().is_some_and(|l| l.starts_with(first))).unwrap_or_else(|| panic!("the README has no sh block starting with `{first}`"));
        for line in block {
            let (args, stdin) = command_line(line);
            assert_eq!(args.first().map(String::as_str), Some("saaslab"), "a tour line that is not a saaslab command: {line}");
            let mut args: Vec<String> = args[1..].to_vec();
            if args[0] == "generate" && !args.iter().any(|a| a == "--customers") {
                args.extend(SMALL_WORLD.iter().map(|s| s.to_string()));
            }
            let output = run(&dir, &args, stdin.as_deref());
            assert!(output.status.success(), "README line `{line}` failed (exit {:?}):\n{}\n{}", output.status.code(), String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            ran += 1;
        }
    }
    assert!(ran >= 15, "only {ran} tour lines found: did the README's blocks move?");
    // What the tour wrote is what .gitignore covers.
    let ignore = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".gitignore")).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !["scenarios", "answer.sql", ".state"].contains(&name.as_str()) {
            assert!(ignore.lines().any(|l| l.trim_start_matches('/') == name), "the tour writes `{name}`, which .gitignore does not cover");
        }
    }
}

fn run(dir: &Path, args: &[String], stdin: Option<&Path>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_saaslab"));
    command.args(args).current_dir(dir).env("SAASLAB_CACHE_DIR", check_cache()).env("XDG_STATE_HOME", dir.join(".state"));
    command.stdin(match stdin {
        Some(file) => Stdio::from(std::fs::File::open(dir.join(file)).unwrap()),
        None => Stdio::null(),
    });
    command.output().expect("saaslab runs")
}

/// The lines of each ```sh block, comments removed.
fn sh_blocks(readme: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```sh") => current = Some(Vec::new()),
            (Some(_), l) if l.starts_with("```") => blocks.push(current.take().unwrap()),
            (Some(block), l) => {
                let code = strip_comment(l).trim().to_string();
                if !code.is_empty() {
                    block.push(code);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// The line up to a `#` outside quotes.
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Words of a command line (double quotes group, as the shell does) and a `< FILE` redirect.
fn command_line(line: &str) -> (Vec<String>, Option<PathBuf>) {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut in_word) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    match words.iter().position(|w| w == "<") {
        Some(i) => {
            let file = words.get(i + 1).map(PathBuf::from);
            words.truncate(i);
            (words, file)
        }
        None => (words, None),
    }
}

/// Every SQL example in the lessons runs on a built dataset, as written: the tables and columns
/// it names exist. (A fragment such as a lone `where …` line is prose, not a query, and is left
/// out.) Each module's exercises go from easy to hard, as its lesson's table says.
#[test]
fn the_lessons_sql_runs_and_exercises_go_from_easy_to_hard() {
    let data = built(SMALL);
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("modules");
    let mut ran = 0;
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&modules).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    for folder in &folders {
        let lesson = std::fs::read_to_string(folder.join("README.md")).unwrap();
        let mut block: Option<String> = None;
        for line in lesson.lines() {
            match (&mut block, line.trim_start()) {
                (None, l) if l.starts_with("```sql") => block = Some(String::new()),
                (Some(sql), l) if l.starts_with("```") => {
                    let sql = sql.trim().trim_end_matches(';').to_string();
                    block = None;
                    let first = sql.split_whitespace().next().unwrap_or_default().to_lowercase();
                    if first != "select" && first != "with" {
                        continue;
                    }
                    let o = saaslab(&["query", "--data", data.to_str().unwrap(), "--limit", "3", &sql]);
                    assert!(o.status.success(), "{}: the lesson's query does not run:\n{sql}\n{}", folder.display(), String::from_utf8_lossy(&o.stderr));
                    ran += 1;
                }
                (Some(sql), _) => {
                    sql.push_str(line);
                    sql.push('\n');
                }
                _ => {}
            }
        }
    }
    assert!(ran >= 8, "only {ran} lesson queries found");

    let catalog = saaslab::exercise::Catalog::embedded().unwrap();
    for module in &catalog.modules {
        let levels: Vec<_> = module.exercises.iter().map(|e| e.difficulty).collect();
        assert!(levels.windows(2).all(|w| w[0] <= w[1]), "module {}: exercises not ordered easy to hard: {:?}", module.number, module.exercises.iter().map(|e| (&e.id, e.difficulty.name())).collect::<Vec<_>>());
    }
}
