# Sourced by scripts/test: a Python venv with real dbt (dbt-core < 1.12, since 1.12 needs a
# download this network refuses, with dbt-duckdb, dbt-postgres and dbt-spark[session]) for the
# tests that run saaslab's pipeline under dbt. The venv is kept between runs in ~/.cache/saaslab; exports SAASLAB_TEST_DBT. If it
# cannot be made, those tests fail in CI and say they were skipped elsewhere.
setup_test_dbt() {
  local venv="${SAASLAB_DBT_VENV:-$HOME/.cache/saaslab/dbt-venv}"
  if [ ! -x "$venv/bin/dbt" ]; then
    echo "test: creating a Python venv with dbt-core<1.12, dbt-duckdb and dbt-postgres in $venv"
    rm -rf "$venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "dbt-core<1.12" dbt-duckdb dbt-postgres; }; then
      echo "test: could not install dbt; the dbt tests will fail in CI (and be skipped elsewhere)"
      return 0
    fi
  fi
  # A venv made before the PostgreSQL comparison has no dbt-postgres yet.
  if ! "$venv/bin/python" -c "import dbt.adapters.postgres" 2>/dev/null; then
    echo "test: adding dbt-postgres to $venv"
    "$venv/bin/pip" install -q "dbt-core<1.12" dbt-postgres \
      || echo "test: could not install dbt-postgres; the dbt-postgres test will fail"
  fi
  # dbt-spark with a local PySpark (method: session) for the Spark comparison; it needs Java.
  if ! "$venv/bin/python" -c "import dbt.adapters.spark, pyspark" 2>/dev/null; then
    echo "test: adding dbt-spark[session] (PySpark) to $venv"
    "$venv/bin/pip" install -q "dbt-core<1.12" "dbt-spark[session]" \
      || echo "test: could not install dbt-spark; the dbt-spark test will fail in CI (and be skipped elsewhere)"
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
