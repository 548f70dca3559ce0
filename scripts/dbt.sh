# Sourced by scripts/test: a Python venv with real dbt (dbt-core < 1.12, since 1.12 needs a
# download this network refuses, and dbt-duckdb) for the tests that run saaslab's pipeline
# under dbt. The venv is kept between runs in ~/.cache/saaslab; exports SAASLAB_TEST_DBT. If it
# cannot be made, those tests fail in CI and say they were skipped elsewhere.
setup_test_dbt() {
  local venv="${SAASLAB_DBT_VENV:-$HOME/.cache/saaslab/dbt-venv}"
  if [ ! -x "$venv/bin/dbt" ]; then
    echo "test: creating a Python venv with dbt-core<1.12 and dbt-duckdb in $venv"
    rm -rf "$venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "dbt-core<1.12" dbt-duckdb; }; then
      echo "test: could not install dbt; the dbt tests will fail in CI (and be skipped elsewhere)"
      return 0
    fi
  fi
  export SAASLAB_TEST_DBT="$venv/bin/dbt"
  export DBT_SEND_ANONYMOUS_USAGE_STATS=false
  echo "test: $("$SAASLAB_TEST_DBT" --version 2>/dev/null | head -n 1)"
}
