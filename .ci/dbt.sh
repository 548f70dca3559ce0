# Sourced by .ci/run: a Python venv with real dbt (dbt-core < 1.12, since 1.12 needs a download
# this network refuses, and dbt-duckdb) for the test that compares saaslab's build with dbt's.
# The venv is kept between runs in ~/.cache/saaslab; exports SAASLAB_TEST_DBT. If it cannot be
# made, the comparison test says it was skipped and why.
setup_test_dbt() {
  local venv="${SAASLAB_DBT_VENV:-$HOME/.cache/saaslab/dbt-venv}"
  if [ ! -x "$venv/bin/dbt" ]; then
    echo "ci: creating a Python venv with dbt-core<1.12 and dbt-duckdb in $venv"
    rm -rf "$venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "dbt-core<1.12" dbt-duckdb; }; then
      echo "ci: could not install dbt; the dbt comparison test will be skipped"
      return 0
    fi
  fi
  export SAASLAB_TEST_DBT="$venv/bin/dbt"
  export DBT_SEND_ANONYMOUS_USAGE_STATS=false
  echo "ci: $("$SAASLAB_TEST_DBT" --version 2>/dev/null | head -n 1)"
}
