#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives it; no browser is downloaded).
# A no-op when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Install Debian's chromium first: apt-get install chromium" >&2; exit 1; }
  SUDO="sudo"
fi
echo "Installing Debian's chromium for the browser tests ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null || true  # an older package list may still hold chromium
$SUDO apt-get install -y -q chromium >/dev/null
/usr/bin/chromium --version
