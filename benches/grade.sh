#!/usr/bin/env bash
# Benchmark: `saaslab grade` throughput — a class of STUDENTS (default 6) who each hand in every
# exercise's reference solution, graded on the default dataset with the hidden check datasets
# (prepared before the timed run). Prints wall time, checks per second and peak memory.
# Usage: benches/grade.sh [STUDENTS]   (BENCH_DATA names another built default dataset)
set -euo pipefail
source "$(dirname "$0")/common.sh"
if [ -n "${BENCH_DATA:-}" ]; then data="$BENCH_DATA"; else default_dataset built; fi
students="${1:-6}"
subs="$work/grade/submissions"
rm -rf "$work/grade" && mkdir -p "$subs"
export SAASLAB_CACHE_DIR="$work/check-cache"
python3 - "$root" "$subs" "$students" <<'PY'
import glob, os, sys, tomllib
root, subs, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for s in range(n):
    d = os.path.join(subs, f"student-{s + 1:02d}")
    os.makedirs(d)
    for p in glob.glob(os.path.join(root, "modules/*/exercises/*.toml")):
        e = tomllib.load(open(p, "rb"))
        open(os.path.join(d, f"{e['id']}.sql"), "w").write(e["solution"])
PY
"$bin" grade "$subs" --data "$data" --out "$work/grade/warmup" --quiet >/dev/null 2>&1 || true   # prepares the check datasets
read -r wall rss < <(measure grade "$bin" grade "$subs" --data "$data" --out "$work/grade/gradebook" --json)
checks=$(python3 -c "import json; print(len(json.load(open('$work/grade.out'))['grades']))")
echo "cores: $(nproc)"
echo "saaslab grade, $students students x every exercise on the default dataset: $checks checks in ${wall} s wall, $(python3 -c "print(f'{$checks / $wall:.1f}')") checks/s, peak RSS $((rss / 1024)) MiB"
