#!/usr/bin/env bash
# Benchmark: `saaslab check` on the default (canonical) dataset, every exercise's reference
# solution, each under /usr/bin/time -v. Prints wall time per exercise, min / median / max and
# the highest peak memory. The dataset is generated and built once if absent.
# Usage: benches/check.sh            (run from anywhere; builds saaslab --release first)
set -euo pipefail
source "$(dirname "$0")/common.sh"
default_dataset built
mkdir -p "$work/check"

SAASLAB_ROOT="$root" python3 - "$bin" "$data" "$work/check" "$(nproc)" <<'PY'
import json, statistics, subprocess, sys, tomllib, glob, os
bin, data, work, cores = sys.argv[1:5]
rows = []
for path in sorted(glob.glob(os.path.join(os.environ.get("SAASLAB_ROOT", "."), "modules/*/exercises/*.toml"))):
    e = tomllib.load(open(path, "rb"))
    sql = os.path.join(work, f"{e['id']}.sql")
    open(sql, "w").write(e["solution"])
    timing = os.path.join(work, f"{e['id']}.time")
    out = subprocess.run(["/usr/bin/time", "-v", "-o", timing, bin, "check", e["id"], sql, "--data", data, "--json"], capture_output=True, text=True)
    report = json.loads(out.stdout)
    text = open(timing).read()
    wall = [l for l in text.splitlines() if "Elapsed (wall clock)" in l][0].split(": ")[1].split(":")
    wall = float(wall[-1]) + 60 * float(wall[-2])
    rss = int([l for l in text.splitlines() if "Maximum resident set size" in l][0].split(": ")[1])
    rows.append((e["id"], wall, rss, report["passed"], report["expected_from"]))
    print(f"{e['id']:<5} {wall:5.2f} s  peak RSS {rss // 1024:4d} MiB  {'pass' if report['passed'] else 'FAIL'} ({report['expected_from']})")
walls = [r[1] for r in rows]
print(f"cores: {cores}")
print(f"saaslab check, {len(rows)} reference solutions on the default dataset: min {min(walls):.2f} s, median {statistics.median(walls):.2f} s, max {max(walls):.2f} s wall per check (process start included); highest peak RSS {max(r[2] for r in rows) // 1024} MiB; all passed: {all(r[3] for r in rows)}")
PY
