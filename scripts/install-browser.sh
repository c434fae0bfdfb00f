#!/usr/bin/env bash
# Install headless Chromium and its driver (Debian's `chromium` and `chromium-driver`) for the
# browser tests (the report's and the dashboard's, marked `browser`; Selenium drives
# /usr/bin/chromedriver). Idempotent and quiet: does nothing when
# /usr/bin/chromium is already there, and says so. Without root it installs nothing,
# prints why, and exits 0, so the browser tests skip with a message instead of failing.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver
if [ -x "$CHROMIUM" ] && [ -x "$DRIVER" ]; then
  echo "install-browser: $CHROMIUM already present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown')); nothing to do"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser: $CHROMIUM or $DRIVER is missing and this is not root; not installing (run as root: apt-get install chromium chromium-driver). Browser tests will skip."
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM or $DRIVER is missing and apt-get is not available; install them by hand. Browser tests will skip."
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {  # run quietly; on failure show what apt said
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-browser: failed: $*" >&2
    exit 1
  fi
}
echo "install-browser: apt-get update"
run apt-get update -qq
echo "install-browser: apt-get install --no-install-recommends chromium chromium-driver"
run apt-get install -y -qq --no-install-recommends chromium chromium-driver
echo "install-browser: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
