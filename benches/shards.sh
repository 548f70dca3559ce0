#!/usr/bin/env bash
# Benchmark: what one shard costs. For --scale 1 and 4, and N = 1, 2, 4, writes shard 1 of N
# (N = 1: the whole dataset) and prints its rows, size, wall time, rows/s and peak memory.
# Shard 1 is the largest (it also writes the company-wide tables), so it bounds the others.
# Usage: benches/shards.sh [SCALES] [NS]   e.g. benches/shards.sh "1 4" "1 2 4" (the default)
set -euo pipefail
source "$(dirname "$0")/common.sh"
scales="${1:-1 4}"
ns="${2:-1 2 4}"
echo "scale  N  shard rows        size      wall     rows/s      peak RSS"
for scale in $scales; do
  for n in $ns; do
    out="$work/shards-$scale-$n"
    rm -rf "$out"
    shard=()
    [ "$n" -gt 1 ] && shard=(--shard "1/$n")
    read -r sec rss < <(measure "shards-$scale-$n" "$bin" generate --scale "$scale" --yes --out "$out" --force --quiet --json "${shard[@]}")
    rows=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows'])" "$work/shards-$scale-$n.out")
    bytes=$(du -sb "$out" | cut -f1)
    python3 - "$scale" "$n" "$rows" "$bytes" "$sec" "$rss" <<'PY'
import sys
scale, n, rows, size, sec, rss = sys.argv[1:]
rows, size, sec, rss = int(rows), int(size), float(sec), int(rss)
print(f"{scale:>5} {n:>2}  {rows:>12,}  {size/2**30:>6.2f} GiB  {sec:>6.1f} s  {rows/sec:>10,.0f}  {rss/1024:>8,.0f} MiB")
PY
    rm -rf "$out"
  done
done
