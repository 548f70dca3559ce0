#!/usr/bin/env bash
# Benchmark: `saaslab check` on the default (canonical) dataset, every exercise's reference
# solution, each under /usr/bin/time -v: with --quick (the learner's dataset alone) and in full
# (then also on the two hidden check datasets, prepared by one untimed check first). Prints wall
# time per exercise, min / median / max and the highest peak memory. The dataset is generated
# and built once if absent (BENCH_DATA names another built default dataset).
# Usage: benches/check.sh            (run from anywhere; builds saaslab --release first)
set -euo pipefail
source "$(dirname "$0")/common.sh"
if [ -n "${BENCH_DATA:-}" ]; then data="$BENCH_DATA"; else default_dataset built; fi
mkdir -p "$work/check"
export SAASLAB_CACHE_DIR="$work/check-cache"

SAASLAB_ROOT="$root" python3 - "$bin" "$data" "$work/check" "$(nproc)" <<'PY'
import json, statistics, subprocess, sys, tomllib, glob, os
bin, data, work, cores = sys.argv[1:5]
exercises = [tomllib.load(open(p, "rb")) for p in sorted(glob.glob(os.path.join(os.environ.get("SAASLAB_ROOT", "."), "modules/*/exercises/*.toml")))]
for e in exercises:
    open(os.path.join(work, f"{e['id']}.sql"), "w").write(e["solution"])
# Untimed: make the hidden check datasets for this seed.
subprocess.run([bin, "check", exercises[0]["id"], os.path.join(work, f"{exercises[0]['id']}.sql"), "--data", data], capture_output=True)

def timed(e, extra):
    timing = os.path.join(work, f"{e['id']}.time")
    out = subprocess.run(["/usr/bin/time", "-v", "-o", timing, bin, "check", e["id"], os.path.join(work, f"{e['id']}.sql"), "--data", data, "--json", *extra], capture_output=True, text=True)
    report = json.loads(out.stdout)
    text = open(timing).read()
    wall = [l for l in text.splitlines() if "Elapsed (wall clock)" in l][0].split(": ")[1].split(":")
    wall = float(wall[-1]) + 60 * float(wall[-2])
    rss = int([l for l in text.splitlines() if "Maximum resident set size" in l][0].split(": ")[1])
    return wall, rss, report["passed"], len(report.get("checked_on", []))

rows = []
for e in exercises:
    q, f = timed(e, ["--quick"]), timed(e, [])
    rows.append((e["id"], q, f))
    print(f"{e['id']:<5} quick {q[0]:5.2f} s  full {f[0]:5.2f} s ({f[3]} datasets)  peak RSS {max(q[1], f[1]) // 1024:4d} MiB  {'pass' if q[2] and f[2] else 'FAIL'}")
print(f"cores: {cores}")
for label, i in [("--quick (your dataset)", 1), ("full (your dataset + 2 check datasets, cached)", 2)]:
    walls = [r[i][0] for r in rows]
    print(f"saaslab check {label}, {len(rows)} reference solutions: min {min(walls):.2f} s, median {statistics.median(walls):.2f} s, max {max(walls):.2f} s wall per check (process start included); highest peak RSS {max(r[i][1] for r in rows) // 1024} MiB; all passed: {all(r[i][2] for r in rows)}")
PY
