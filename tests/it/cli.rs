//! Bad input gets a clear error and exit code 2, never a panic.

use crate::common::*;
use std::process::Command;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn scenarios_lists_every_builtin_with_a_description() {
    let o = saaslab(&["scenarios"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    for name in ["baseline", "clean", "price_increase", "firmware_outage", "recession", "growth_push"] {
        let line = text.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name} missing"));
        assert!(line.len() > name.len() + 20, "{name} has no description: {line}");
    }
}

#[test]
fn an_unknown_key_names_file_line_and_key() {
    let dir = scratch("bad-key");
    let file = dir.join("typo.toml");
    std::fs::write(&file, "extends = \"baseline\"\nname = \"typo\"\ndescription = \"x\"\n\n[churn]\nbase_monthly_hazrd = 0.02\n").unwrap();
    let o = saaslab(&["generate", "--scenario", file.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("typo.toml") && e.contains("line 6") && e.contains("base_monthly_hazrd"), "{e}");
    assert!(e.contains("base_monthly_hazard"), "should list the allowed keys: {e}");
    assert!(!dir.join("out").exists());
}

#[test]
fn an_invalid_value_names_file_line_key_and_what_is_allowed() {
    let dir = scratch("bad-value");
    let file = dir.join("bad.toml");
    std::fs::write(&file, "extends = \"baseline\"\nname = \"bad\"\ndescription = \"x\"\n[defects]\nnull_rate = 1.5\n").unwrap();
    let o = saaslab(&["generate", "--scenario", file.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("bad.toml") && e.contains("line 5") && e.contains("defects.null_rate") && e.contains("0 to 1"), "{e}");

    std::fs::write(&file, "extends = \"baseline\"\nname = \"bad\"\ndescription = \"x\"\n[counts]\ncustomers = \"many\"\n").unwrap();
    let o = saaslab(&["generate", "--scenario", file.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("counts.customers"), "{}", stderr(&o));

    std::fs::write(&file, "extends = \"baseline\"\nname = [\n").unwrap();
    let o = saaslab(&["generate", "--scenario", file.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not valid TOML") && stderr(&o).contains("line"), "{}", stderr(&o));
}

#[test]
fn bad_flags_and_unknown_scenarios_exit_2() {
    let dir = scratch("bad-flags");
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    for (args, expect) in [
        (vec!["generate", "--out", out, "--scenario", "nope"], "unknown scenario `nope`"),
        (vec!["generate", "--out", out, "--customers", "10", "--locations", "5"], "counts.locations"),
        (vec!["generate", "--out", out, "--start", "2025-01-01", "--end", "2024-01-01"], "dates.end"),
        (vec!["generate", "--out", out, "--scale", "-1"], "--scale"),
        (vec!["generate", "--out", out, "--format", "xlsx"], "xlsx"),
        (vec!["generate", "--out", out, "--threads", "0"], "threads"),
        (vec!["generate", "--bogus"], "bogus"),
    ] {
        let o = saaslab(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{args:?} should mention {expect}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?} panicked");
    }
}

#[test]
fn an_existing_dataset_is_replaced_only_with_force() {
    let dir = scratch("force").join("data");
    generate(&dir, SMALL);
    let o = saaslab(&["generate", "--out", dir.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    let mut args = SMALL.to_vec();
    args.extend(["--force", "--seed", "9"]);
    generate(&dir, &args);
    assert_eq!(manifest(&dir).seed, 9);
    let leftovers: Vec<_> = std::fs::read_dir(dir.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "temporary folders left behind: {leftovers:?}");

    // A file where the folder should be is never replaced, even with --force.
    let file = dir.parent().unwrap().join("a-file");
    std::fs::write(&file, "keep me").unwrap();
    let o = saaslab(&["generate", "--out", file.to_str().unwrap(), "--force", "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a file, not a folder"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

/// `saaslab … | head`: when the reader goes away the program ends quietly with success.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let data = dataset(SMALL);
    for args in [
        vec!["query", "--data", data.to_str().unwrap(), "--limit", "100000", "select range as n, range * 2 as twice from range(100000)"],
        vec!["query", "--data", data.to_str().unwrap(), "--json", "--limit", "100000", "select range as n from range(100000)"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} wrote to stderr: {err}");
    }
}

/// Values a field cannot hold, or a machine cannot: each is refused up front with exit 2, the
/// key and what is allowed — never a panic, an abort, a hang or a full disk.
#[test]
fn out_of_range_flags_and_values_are_refused_before_anything_runs() {
    let dir = scratch("bounds");
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    let scenario = |name: &str, body: &str| {
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(&file, format!("extends = \"baseline\"\nname = \"{name}\"\ndescription = \"x\"\n{body}")).unwrap();
        file.to_str().unwrap().to_string()
    };
    let huge = "18446744073709551615";
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["--customers".into(), huge.into(), "--locations".into(), huge.into()], "counts.customers"),
        (vec!["--customers".into(), "100000000".into(), "--locations".into(), "100000000".into()], "counts.customers"),
        (vec!["--scale".into(), "1e9".into()], "counts.customers"),
        (vec!["--end".into(), "9999-12-31".into()], "dates.end"),
        (vec!["--start".into(), "1900-01-01".into()], "dates.start"),
        (vec!["--threads".into(), "10000".into()], "threads"),
        (vec!["--threads".into(), "257".into()], "threads"),
        (vec!["--scenario".into(), scenario("outage", "[[shocks]]\nkind = \"firmware_outage\"\ndate = 2024-06-01\ndevice_sku = \"TS-200\"\nfirmware_version = \"9\"\nduration_days = 4294967295\noffline_multiplier = 2.0\n")], "shocks.0.duration_days"),
        (vec!["--scenario".into(), scenario("beats", "[events]\nheartbeats_per_device_day = 1e12\nalerts_per_device_month = 0.8\nsessions_per_user_month = 6.0\npages_per_session = 2.8\nmobile_user_share = 0.3\nscreens_per_session = 3.0\ntracks_per_session = 0.8\nfeature_uses_per_user_month = 4.0\n")], "events.heartbeats_per_device_day"),
        (vec!["--scenario".into(), scenario("sensors", "[fleet]\nsensors_per_location = 1e9\n")], "fleet"),
        (vec!["--scenario".into(), scenario("price", "[plans.tiers.starter]\nper_location_cents = 9223372036854775807\nper_device_cents = 100\nannual_discount = 0.1\nfeatures = []\n")], "plans.tiers.starter.per_location_cents"),
        (vec!["--scenario".into(), scenario("rise", "[[shocks]]\nkind = \"price_increase\"\ndate = 2024-03-01\nincrease = 1e300\n")], "shocks.0.increase"),
        (vec!["--scenario".into(), scenario("nan", "[[shocks]]\nkind = \"recession\"\nstart = 2023-01-01\nend = 2023-12-31\nacquisition_multiplier = 0.5\nchurn_multiplier = 1.5\npayment_shift = nan\n")], "shocks.0.payment_shift"),
        (vec!["--scenario".into(), scenario("inf", "[[shocks]]\nkind = \"recession\"\nstart = 2023-01-01\nend = 2023-12-31\nacquisition_multiplier = 0.5\nchurn_multiplier = 1.5\npayment_shift = -inf\n")], "shocks.0.payment_shift"),
    ];
    for (flags, key) in cases {
        let mut args = vec!["generate", "--out", out, "--quiet"];
        args.extend(flags.iter().map(String::as_str));
        let started = std::time::Instant::now();
        let o = saaslab(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{flags:?}: {err}");
        assert!(err.contains(key), "{flags:?} should name {key}: {err}");
        assert!(!err.contains("panicked") && !err.contains("hit a bug"), "{flags:?}: {err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{flags:?} took {:?} to be refused", started.elapsed());
        assert!(!std::path::Path::new(out).exists(), "{flags:?} wrote something");
    }
}

/// A run far larger than anyone means by accident asks for --yes first.
#[test]
fn a_huge_run_needs_yes() {
    let dir = scratch("huge");
    let out = dir.join("out");
    let o = saaslab(&["generate", "--out", out.to_str().unwrap(), "--customers", "5000000", "--locations", "50000000", "--quiet"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("pass --yes") && err.contains(" TB in about "), "{err}");
    assert!(!out.exists());
}

/// Many more threads than work still finishes, with the same bytes.
#[test]
fn the_most_threads_allowed_finish_a_tiny_run() {
    let root = scratch("many-threads");
    let tiny = ["--customers", "20", "--locations", "25", "--start", "2024-01-01", "--end", "2024-03-31", "--quiet"];
    let started = std::time::Instant::now();
    generate(&root.join("a"), &with(&tiny, &["--threads", "256"]));
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "256 threads took {:?}", started.elapsed());
    generate(&root.join("b"), &with(&tiny, &["--threads", "1"]));
    assert!(dataset_files(&root.join("a")) == dataset_files(&root.join("b")), "256 threads and 1 thread differ");
}

/// `--force` replaces a dataset folder (or an empty one), never a folder of other files; a
/// link is written through; the folder one works in is never replaced.
#[test]
fn force_replaces_only_a_dataset_and_links_are_followed() {
    let root = scratch("force-rules");
    let tiny = ["--customers", "20", "--locations", "25", "--start", "2024-01-01", "--end", "2024-03-31", "--quiet"];
    let mine = root.join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("mine.txt"), "keep me").unwrap();
    let o = saaslab(&with(&["generate", "--out", mine.to_str().unwrap(), "--force"], &tiny));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a saaslab dataset") && stderr(&o).contains("mine.txt"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(mine.join("mine.txt")).unwrap(), "keep me");

    // Through a link: the folder it names gets the dataset, the link stays a link.
    let real = root.join("real");
    let link = root.join("link");
    std::fs::create_dir_all(&real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    generate(&link, &tiny);
    generate(&link, &with(&tiny, &["--force", "--seed", "3"]));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    assert_eq!(manifest(&real).seed, 3);

    // The folder one is in: refused before any work, nothing written.
    let here = root.join("here");
    std::fs::create_dir_all(&here).unwrap();
    std::fs::write(here.join("notes.txt"), "mine").unwrap();
    let started = std::time::Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache()).args(with(&["generate", "--out", ".", "--force"], &tiny)).current_dir(&here).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("working in"), "{}", stderr(&o));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let left: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).filter(|n| n.ends_with(".partial")).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Two writers to one folder: the second stops at once and names the first; the first
/// finishes a whole dataset. An interrupted run leaves nothing half-written.
#[test]
fn one_writer_at_a_time_and_an_interrupt_cleans_up() {
    let root = scratch("writers");
    let out = root.join("data");
    let staging = root.join(".data.partial");
    let big = ["--customers", "3000", "--locations", "4500", "--start", "2022-01-01", "--end", "2024-12-31", "--quiet"];
    let spawn = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache())
            .args(with(&with(&["generate", "--out", out.to_str().unwrap()], &big), extra))
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let wait_for = |path: &std::path::Path| {
        let started = std::time::Instant::now();
        while !path.exists() && started.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(path.exists(), "{} never appeared", path.display());
    };

    let first = spawn(&[]);
    wait_for(&staging.join("raw"));
    let second = saaslab(&with(&with(&["generate", "--out", out.to_str().unwrap()], &big), &["--force"]));
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(stderr(&second).contains("another saaslab is writing") && stderr(&second).contains(&format!("pid {}", first.id())), "{}", stderr(&second));
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(table(&manifest(&out), "app.accounts").rows, 3000);
    assert!(!staging.exists());

    // Ctrl-C in the middle of a replacement: exit 130, the old dataset intact, no partial folder.
    let before = dataset_files(&out);
    let run = spawn(&["--force", "--seed", "5"]);
    wait_for(&staging.join("raw"));
    assert!(Command::new("kill").args(["-INT", &run.id().to_string()]).status().unwrap().success());
    let run = run.wait_with_output().unwrap();
    assert_eq!(run.status.code(), Some(130), "{}", stderr(&run));
    assert!(!staging.exists(), "the partial folder was left behind");
    assert!(dataset_files(&out) == before, "the interrupted run changed the dataset it was replacing");
}

/// `--quiet` hides progress, not results: a quiet build still says what it built and a quiet
/// test run still gives its verdict; `--full-refresh` is offered by `build` alone.
#[test]
fn quiet_hides_progress_not_results() {
    let dir = scratch("quiet-results").join("data");
    generate(&dir, &["--customers", "60", "--locations", "80", "--start", "2024-01-01", "--end", "2024-12-31", "--quiet"]);
    let data = dir.to_str().unwrap();
    let o = saaslab(&["build", "--data", data, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("built ") && out.contains(" models into ") && out.contains("churn risk:"), "quiet build printed: {out}");
    assert!(o.stderr.is_empty(), "a quiet build printed progress: {}", stderr(&o));
    let o = saaslab(&["test", "--data", data, "--quiet"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && out.contains("Done. PASS="), "quiet test printed: {out}");
    assert!(!out.contains(" of ") || !out.contains("PASS  "), "a quiet test printed per-test lines: {out}");
    let help = |command: &str| String::from_utf8_lossy(&saaslab(&[command, "--help"]).stdout).into_owned();
    assert!(help("build").contains("--full-refresh"));
    assert!(!help("test").contains("--full-refresh"), "test offers a build-only flag");
}

/// Every flag and argument of every command says what it is for in `--help` (none blank), and
/// a flag that one command ignores is not offered by it (`test` has no `--full-refresh`).
#[test]
fn every_flag_has_help_and_completions_print() {
    use clap::CommandFactory;
    let cli = saaslab::cli::Cli::command();
    let mut blank = Vec::new();
    for sub in cli.get_subcommands() {
        let mut commands: Vec<&clap::Command> = vec![sub];
        commands.extend(sub.get_subcommands());
        for command in commands {
            for arg in command.get_arguments().filter(|a| !matches!(a.get_id().as_str(), "help" | "version")) {
                if arg.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                    blank.push(format!("{} {}", command.get_name(), arg.get_id()));
                }
            }
        }
    }
    assert!(blank.is_empty(), "flags without help: {blank:?}");
    let test = cli.find_subcommand("test").unwrap();
    assert!(!test.get_arguments().any(|a| a.get_id() == "full_refresh"));

    let o = saaslab(&["completions", "bash"]);
    let script = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && script.contains("saaslab") && script.contains("--select") && script.contains("--memory-limit"), "{}", stderr(&o));
    for shell in ["zsh", "fish"] {
        assert!(saaslab(&["completions", shell]).status.success());
    }
    let o = saaslab(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}
