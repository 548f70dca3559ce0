# Sourced by scripts/test: a headless browser for the report's browser test. Installs Debian's
# chromium if none is present and exports SAASLAB_TEST_CHROMIUM. If that fails, the browser test
# fails in CI and says it was skipped elsewhere.
setup_test_chromium() {
  local bin
  bin=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$bin" ]; then
    echo "test: installing Chromium (Debian's chromium package) for the report's browser test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || {
      echo "test: could not install Chromium; the browser test will fail in CI (and be skipped elsewhere)"; return 0; }
    bin=$(command -v chromium || true)
  fi
  if [ -n "$bin" ]; then
    export SAASLAB_TEST_CHROMIUM="$bin"
    echo "test: $("$bin" --version 2>/dev/null | head -n 1)"
  fi
}
