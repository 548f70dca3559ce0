#!/usr/bin/env bash
# Benchmark: the default `saaslab generate` against `tpchgen-cli parquet -s 1` on this machine.
# Prints wall time, rows/s and peak memory of each, and the ratio of their rows/s.
# Usage: benches/generate.sh            (run from anywhere; builds saaslab --release first)
set -euo pipefail
source "$(dirname "$0")/common.sh"

# tpchgen-cli from PyPI, in a venv of its own.
if ! "$work/venv/bin/tpchgen-cli" --version 2>/dev/null | grep -q " 4\.0\.0"; then
  python3 -m venv "$work/venv" >&2
  "$work/venv/bin/pip" install --quiet "tpchgen-cli==4.0.0" >&2
fi

rm -rf "$data"
read -r s_sec s_rss < <(measure saaslab "$bin" generate --out "$data" --force --quiet --json)
s_rows=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows'])" "$work/saaslab.out")
s_bytes=$(du -sb "$data" | cut -f1)

rm -rf "$work/tpch"
read -r t_sec t_rss < <(measure tpch "$work/venv/bin/tpchgen-cli" parquet -s 1 --output-dir "$work/tpch")
t_rows=8661245  # TPC-H SF1: all eight tables

python3 - "$s_rows" "$s_sec" "$s_rss" "$s_bytes" "$t_rows" "$t_sec" "$t_rss" "$(nproc)" <<'PY'
import sys
s_rows, s_sec, s_rss, s_bytes, t_rows, t_sec, t_rss, cores = sys.argv[1:]
s_rows, t_rows, cores = int(s_rows), int(t_rows), int(cores)
s_sec, t_sec = float(s_sec), float(t_sec)
s_rate, t_rate = s_rows / s_sec, t_rows / t_sec
print(f"cores: {cores}")
print(f"saaslab generate (baseline, seed 42): {s_rows:,} raw rows, {int(s_bytes)/2**20:,.0f} MiB, "
      f"{s_sec:.1f} s wall, {s_rate:,.0f} rows/s, peak RSS {int(s_rss)/1024:,.0f} MiB")
print(f"tpchgen-cli parquet -s 1:             {t_rows:,} rows, {t_sec:.1f} s wall, {t_rate:,.0f} rows/s, "
      f"peak RSS {int(t_rss)/1024:,.0f} MiB")
print(f"ratio (saaslab rows/s ÷ tpchgen rows/s): {s_rate / t_rate:.2f}")
PY
