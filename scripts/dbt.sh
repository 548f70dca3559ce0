# Sourced by scripts/test: a Python venv with real dbt (dbt-core < 1.12, since 1.12 needs a
# download this network refuses) and the adapters the tests drive — dbt-duckdb, dbt-postgres and
# dbt-spark[session] (a local PySpark, run on the machine's Java) — for the tests that run
# saaslab's pipeline under dbt. The venv is kept between runs in ~/.cache/saaslab; exports
# SAASLAB_TEST_DBT and SAASLAB_TEST_DBT_SPARK. What cannot be set up makes those tests fail in
# CI and say they were skipped elsewhere.
setup_test_dbt() {
  local venv="${SAASLAB_DBT_VENV:-$HOME/.cache/saaslab/dbt-venv}"
  local packages=("dbt-core<1.12" dbt-duckdb dbt-postgres "dbt-spark[session]")
  if [ ! -x "$venv/bin/python" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv" || { echo "test: could not make a Python venv; the dbt tests will fail in CI (and be skipped elsewhere)"; return 0; }
  fi
  # Installed once; a venv made before an adapter was needed gains it here (pip keeps the rest).
  if ! "$venv/bin/python" -c "import dbt.adapters.duckdb, dbt.adapters.postgres, dbt.adapters.spark, pyspark" 2>/dev/null; then
    echo "test: installing ${packages[*]} into $venv"
    "$venv/bin/pip" install -q "${packages[@]}" \
      || echo "test: could not install dbt and its adapters; the tests that need them will fail in CI (and be skipped elsewhere)"
  fi
  if [ ! -x "$venv/bin/dbt" ]; then
    echo "test: no dbt in $venv; the dbt tests will fail in CI (and be skipped elsewhere)"
    return 0
  fi
  if "$venv/bin/python" -c "import dbt.adapters.spark, pyspark" 2>/dev/null && command -v java >/dev/null; then
    export SAASLAB_TEST_DBT_SPARK="$venv/bin/dbt"
  else
    echo "test: no dbt-spark or no Java; the dbt-spark test will fail in CI (and be skipped elsewhere)"
  fi
  export SAASLAB_TEST_DBT="$venv/bin/dbt"
  export DBT_SEND_ANONYMOUS_USAGE_STATS=false
  echo "test: $("$SAASLAB_TEST_DBT" --version 2>/dev/null | head -n 1)"
}
