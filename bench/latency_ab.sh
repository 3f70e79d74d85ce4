#!/bin/bash
# Server A/B in one sitting: bench/latency.py --concurrency 1 --letters in another checkout (OLD, e.g. a
# `git archive main` with .venv linked) and in this one, the same model file, alternated in ABBA order so
# the machine's load falls on both alike. Prints each run's rows, then Rasa CPU ms per message per side.
#
#   git archive main | tar -x -C /tmp/main && ln -s "$PWD/.venv" /tmp/main/.venv && ln -s "$PWD/../shared" /tmp/shared
#   bench/latency_ab.sh /tmp/main 4 18720               # 4 pairs, Rasa on 18720, actions on 18721
#   bench/latency_ab.sh /tmp/main 1 18720 --production  # PostgreSQL + Redis
set -euo pipefail
OLD=$(cd "$1" && pwd); PAIRS=${2:-4}; PORT=${3:-18720}; EXTRA=${4:-}
NEW=$(cd "$(dirname "$0")/.." && pwd); MODEL="$NEW/models/huurwijzer.tar.gz"
LOG=$(mktemp)
run() {
  echo "== $1 $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$LOG"
  (cd "$2" && .venv/bin/python bench/latency.py --model "$MODEL" --concurrency 1 --letters --messages 60 \
      --ports "$PORT" $EXTRA 2>/dev/null | grep "back to back" | sed "s/^/$1 /" | tee -a "$LOG")
}
for pair in $(seq 1 "$PAIRS"); do
  if [ $((pair % 2)) = 1 ]; then run old "$OLD"; run new "$NEW"; else run new "$NEW"; run old "$OLD"; fi
done
for side in old new; do
  for kind in "back to back |" "back to back, letters |"; do
    # column 8 of a row (after the side's name) is Rasa CPU ms/msg
    grep "^$side | 1 $kind" "$LOG" | awk -F'|' -v s="$side" -v k="${kind% |}" \
      '{gsub(/ /, "", $8); v = v " " $8; t += $8; n++} END {if (n) printf "%s, %s: Rasa CPU ms/msg%s (mean %.1f)\n", s, k, v, t / n}'
  done
done
rm -f "$LOG"
