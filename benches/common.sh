# Shared by the benchmark scripts (source it): where things are, a release build, the default
# dataset, and `measure`. Sets root, work, bin and data.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/saaslab/target}"
work="${BENCH_DIR:-$HOME/.cache/saaslab/bench}"
mkdir -p "$work"
cargo build --release --manifest-path "$root/Cargo.toml" >&2
bin="$CARGO_TARGET_DIR/release/saaslab"
data="$work/saaslab-data"

# The default dataset in $data, generated if absent (and built too with `default_dataset built`).
default_dataset() {
  if [ ! -f "$data/manifest.json" ]; then
    "$bin" generate --out "$data" --force --quiet
  fi
  if [ "${1:-}" = built ] && [ ! -f "$data/warehouse.duckdb" ]; then
    "$bin" build --data "$data" --quiet
  fi
}

# measure NAME COMMAND... -> "wall_seconds peak_rss_kib"; the command's stdout is in $work/NAME.out.
measure() {
  local name="$1"; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  echo "$wall $rss"
}
