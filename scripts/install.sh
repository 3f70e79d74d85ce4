#!/usr/bin/env bash
# Creates .venv with Python 3.10 and the pinned dependencies from requirements.lock.
# Re-running is a no-op (well under a second) when the lock file and Python did not change.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"

find_python310() {
  local candidates=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
  if command -v pyenv >/dev/null 2>&1; then
    for dir in "$(pyenv root)"/versions/3.10*/bin; do candidates+=("$dir/python3.10"); done
  fi
  for dir in "$HOME"/.pyenv/versions/3.10*/bin; do candidates+=("$dir/python3.10"); done
  for py in "${candidates[@]}"; do
    # a pyenv shim exists on PATH even when it cannot run 3.10, so run it to be sure
    if "$py" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      echo "$py"; return 0
    fi
  done
  return 1
}

if ! PY=$(find_python310); then
  cat >&2 <<'MSG'
Python 3.10 is required (Rasa 3.6 does not run on 3.11 or newer) and was not found.
Install it, then run this command again, for example:
  Debian/Ubuntu:  apt-get install python3.10 python3.10-venv
  pyenv:          pyenv install 3.10
MSG
  exit 1
fi

want="$(sha256sum requirements.lock | cut -d' ' -f1) $("$PY" -c 'import sys; print(sys.version.split()[0])')"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/rasa" ]; then
  exit 0
fi

echo "Installing into $VENV with $PY ..."
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip wheel
"$VENV/bin/python" -m pip install --quiet -r requirements.lock
echo "$want" > "$STAMP"
echo "Installed."
