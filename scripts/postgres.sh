# Sourced by scripts/test: start a throwaway PostgreSQL cluster on a free local port and export
# SAASLAB_TEST_PG_URL for the tests. Installs Debian's postgresql if no server is present.
# If anything fails, the PostgreSQL tests fail in CI and say they were skipped elsewhere.
start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "test: installing PostgreSQL (Debian's postgresql package)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || {
      echo "test: could not install PostgreSQL; its tests will fail in CI (and be skipped elsewhere)"; return 0; }
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  PG_TEST_DIR=$(mktemp -d /tmp/saaslab-pg.XXXXXX)
  chown postgres "$PG_TEST_DIR"
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if runuser -u postgres -- "$bin/initdb" -D "$PG_TEST_DIR/data" -A trust -U postgres >/dev/null \
     && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w \
          -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
    export SAASLAB_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    PG_TEST_BIN="$bin"
    echo "test: PostgreSQL running on port $port"
  else
    echo "test: could not start PostgreSQL (log: $PG_TEST_DIR/log); its tests will fail in CI (and be skipped elsewhere)"
  fi
}

stop_test_postgres() {
  if [ -n "${PG_TEST_BIN:-}" ]; then
    runuser -u postgres -- "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "${PG_TEST_DIR:-}" ] && rm -rf "$PG_TEST_DIR"
  return 0
}
