#!/usr/bin/env bash
# Installs the official Dutch spaCy pipeline nl_core_news_sm 3.4.0 when its host is reachable.
# Without it the assistant uses the offline fallback (see bot/nlu/dutch_spacy.py); retrain afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="https://github.com/explosion/spacy-models/releases/download/nl_core_news_sm-3.4.0/nl_core_news_sm-3.4.0-py3-none-any.whl"
if ! .venv/bin/python - "$URL" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="HEAD"), timeout=10)
except Exception as exc:
    print(f"nl_core_news_sm is not reachable here ({exc}); the offline fallback stays active.")
    sys.exit(1)
PY
then
  exit 0
fi
.venv/bin/python -m pip install --quiet "$URL"
echo "nl_core_news_sm installed; run 'make train' to retrain with it."
