#!/usr/bin/env bash
# Benchmark: `saaslab build` (the reference pipeline) on the default dataset, from scratch, with
# the default memory limit and with `--memory-limit 8GB`, then `saaslab test`. Prints wall time
# and peak memory of each and the slowest models.
# Usage: benches/build.sh            (run from anywhere; builds saaslab --release first)
set -euo pipefail
source "$(dirname "$0")/common.sh"
default_dataset

read -r b_wall b_rss < <(measure build "$bin" build --data "$data" --full-refresh --json)
read -r m_wall m_rss < <(measure build8 "$bin" build --data "$data" --full-refresh --json --memory-limit 8GB)
read -r t_wall t_rss < <(measure test "$bin" test --data "$data" --json)
python3 - "$work/build.out" "$work/test.out" "$b_wall" "$b_rss" "$t_wall" "$t_rss" "$(nproc)" "$m_wall" "$m_rss" <<'PY'
import json, sys
build, test = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
b_wall, b_rss, t_wall, t_rss, cores = float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
m_wall, m_rss = float(sys.argv[8]), int(sys.argv[9])
k = build["kpis"]
print(f"cores: {cores}")
print(f"saaslab build (default dataset, from scratch): {len(build['models'])} models, {b_wall:.1f} s wall, peak RSS {b_rss // 1024} MiB")
print(f"saaslab build --memory-limit 8GB (from scratch): {m_wall:.1f} s wall, peak RSS {m_rss // 1024} MiB")
print("  slowest: " + ", ".join(f"{m['model']} {m['seconds']:.1f} s" for m in sorted(build["models"], key=lambda m: -m["seconds"])[:5]))
print(f"  as of {k['as_of_date']}: {k['total_customers']:,} customers, MRR {k['total_mrr']:,.0f}, ARR {k['total_arr']:,.0f}")
print(f"saaslab test: {len(test['tests'])} tests (pass {test['pass']}, warn {test['warn']}, fail {test['fail']}, error {test['error']}), {t_wall:.1f} s wall, peak RSS {t_rss // 1024} MiB")
PY
