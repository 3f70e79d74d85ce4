"""The blind set of real tenant questions beside the dev set, scored the same way (`make eval-real`).

    .venv/bin/python bench/eval_real.py [--model models/huurwijzer.tar.gz] [--sweep] [--errors --who NAME]

tests/eval/real/questions.yml was collected by someone who never read our training data. By
default only aggregate figures are printed, never a text of the set, so running this does not
teach us its questions. `--errors` prints the blind set's misclassified questions and appends a
line (UTC time, commit, who) to tests/eval/real/looks.log: commit that file, so every look at
the set's errors while tuning is counted. `--sweep` prints the confidence gate's trade-off
(wrong answers against fallbacks) for both sets, again aggregate only.
"""

from __future__ import annotations

import argparse
import getpass
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_dev import (  # noqa: E402
    DEV_SET,
    Scores,
    errors,
    load_items,
    parse_sets,
    quiet,
    score,
    show,
)

REAL_SET = ROOT / "tests" / "eval" / "real" / "questions.yml"
# Our own hard questions (written by us, so weaker than the blind set): a calibration column.
OWN_SET = ROOT / "tests" / "eval" / "own" / "questions.yml"
THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


def record_look(looks: Path, who: str) -> int:
    """Appends one line per look at the set's errors to `looks` (looks.log beside the set);
    returns how many looks there were."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with looks.open("a", encoding="utf-8") as handle:
        handle.write(f"{when} {commit} {who}\n")
    lines = looks.read_text(encoding="utf-8").splitlines()
    return sum(1 for line in lines if line.strip() and not line.startswith("#"))


def side_by_side(columns: Dict[str, Scores]) -> List[str]:
    names = list(columns)
    figures = {name: s.figures() for name, s in columns.items()}
    lines = ["| measure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for figure in next(iter(figures.values())):
        lines.append(f"| {figure} | " + " | ".join(show(figure, figures[n][figure]) for n in names) + " |")
    lines += ["", "| topic | " + " | ".join(f"{n}: right/n (wrong, fallback)" for n in names) + " |",
              "|---" * (len(names) + 1) + "|"]
    tables = {name: s.topics() for name, s in columns.items()}
    for topic in sorted({t for table in tables.values() for t in table}):
        cells = []
        for name in names:
            row: Optional[Dict[str, int]] = tables[name].get(topic)
            cells.append(f"{row['right']}/{row['n']} ({row['wrong']}, {row['fallback']})" if row else "")
        lines.append(f"| {topic} | " + " | ".join(cells) + " |")
    return lines


def sweep_lines(columns: Dict[str, tuple[List[Dict[str, Any]], List[Dict[str, Any]]]]) -> List[str]:
    """The gate re-decided at other thresholds on the same parses (bot.nlu.gate does the same live)."""
    from huurwijzer.content.loader import build_content
    from huurwijzer.conversation.understanding import decide, raw_ranking

    content = build_content(ROOT / "knowledge")
    names = list(columns)
    lines = ["| threshold | " + " | ".join(f"{n} wrong (in scope) | {n} fallback (all)" for n in names) + " |",
             "|---" * (2 * len(names) + 1) + "|"]
    for threshold in THRESHOLDS:
        cells = []
        for name in names:
            items, results = columns[name]
            redone = []
            for item, result in zip(items, results, strict=True):
                ranking = raw_ranking(result)
                decision = decide(item["text"], ranking, content.repairs, threshold)
                redone.append({**result, "intent": {"name": decision.intent, "confidence": decision.confidence}})
            figures = score(content, items, redone).figures()
            cells += [show("", figures["wrong-answer rate (in scope)"]), show("", figures["fallback rate (all)"])]
        lines.append(f"| {threshold} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--real", default=str(REAL_SET))
    parser.add_argument("--dev", default=str(DEV_SET))
    parser.add_argument("--own", default=str(OWN_SET))
    parser.add_argument("--errors", action="store_true",
                        help="print the blind set's misclassified questions (counted in looks.log)")
    parser.add_argument("--who", default=None, help="who looks at the errors (default: git user.name)")
    parser.add_argument("--sweep", action="store_true", help="the confidence gate's trade-off table")
    args = parser.parse_args()
    quiet()
    from huurwijzer.content.loader import build_content

    sets: Dict[str, List[Dict[str, Any]]] = {}
    real = Path(args.real)
    if real.exists():
        sets["blind"] = load_items(real)
    else:
        print(f"(no blind set at {real}: dev and own sets only)")
    sets["dev"] = load_items(Path(args.dev))
    sets["own"] = load_items(Path(args.own))
    parsed = dict(zip(sets, parse_sets(Path(args.model), list(sets.values())), strict=True))
    content = build_content(ROOT / "knowledge")
    columns = {name: score(content, sets[name], parsed[name]) for name in sets}
    print("questions: " + ", ".join(f"{name} {len(items)}" for name, items in sets.items()))
    print("\n".join(side_by_side(columns)))
    if args.sweep:
        print()
        print("\n".join(sweep_lines({name: (sets[name], parsed[name]) for name in sets})))
    if args.errors and "blind" in columns:
        who = args.who or subprocess.run(["git", "config", "user.name"], cwd=ROOT, capture_output=True,
                                         text=True).stdout.strip() or getpass.getuser()
        log = real.parent / "looks.log"
        looks = record_look(log, who)
        print(f"\nblind-set errors (look number {looks}, recorded in {log}; commit it):")
        print("\n".join(errors(columns["blind"])))


if __name__ == "__main__":
    main()
