"""The blind set of real tenant questions beside the dev set, scored the same way (`make eval-real`).

    .venv/bin/python bench/eval_real.py [--model M] [--sweep] [--sets blind,dev] [--language en]
        [--errors [blind|blind2|blind3|blind4|blind5|held6|blind7|held8|blind9|blind10] --who N]

tests/eval/real/, real2/, real3/, real4/, real5/, real7/, real9/ and real10/ (each collected later, when the one
before had been measured often) were each collected by someone who never read our training data. By
default only aggregate figures are printed, never a text of the set, so running this does not
teach us its questions. `--errors` prints one blind set's misclassified questions and appends a
line (UTC time, commit, who) to that set's looks.log: commit that file, so every look at
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
# The second blind set (session 7), collected after the first had been run often in aggregate:
# the deciding column from then on.
REAL2_SET = ROOT / "tests" / "eval" / "real2" / "questions.yml"
# The third blind set (session 8), collected while blind2 was the deciding column, so that blind2's
# errors can be studied once without leaving the team without an unseen measure.
REAL3_SET = ROOT / "tests" / "eval" / "real3" / "questions.yml"
REAL4_SET = ROOT / "tests" / "eval" / "real4" / "questions.yml"
# The fifth (session 10), collected while blind4 was looked at once for the kinds of its errors.
REAL5_SET = ROOT / "tests" / "eval" / "real5" / "questions.yml"
# Real text collected as training candidates (session 11) and kept out of training: held6, skewed to
# complaints, move-out, out of scope and emergencies (tests/eval/real6/README.md).
REAL6_SET = ROOT / "tests" / "eval" / "real6" / "questions.yml"
# The seventh (session 18), collected while the helpers tuned on other text: the newest unseen column.
REAL7_SET = ROOT / "tests" / "eval" / "real7" / "questions.yml"
# Real out-of-scope questions near housing that failed as training data (session 18): held8, out of scope only.
REAL8_SET = ROOT / "tests" / "eval" / "real8" / "questions.yml"
# The ninth (session 19), collected while the helpers tuned on other text: the newest unseen column.
REAL9_SET = ROOT / "tests" / "eval" / "real9" / "questions.yml"
REAL10_SET = ROOT / "tests" / "eval" / "real10" / "questions.yml"
REAL11_SET = ROOT / "tests" / "eval" / "real11" / "questions.yml"
# Our own hard questions (written by us, so weaker than the blind set): a calibration column.
OWN_SET = ROOT / "tests" / "eval" / "own" / "questions.yml"
# Who-repairs questions from corporations' own onderhoudsABC pages (session 18, tuned on): `abc` is all of
# it, `abcA` the half fixed on, `abcB` the half checked on (split by source, tests/eval/repairs_abc/README.md).
ABC_SET = ROOT / "tests" / "eval" / "repairs_abc" / "questions.yml"
ABC_HALVES = {"abcA": "A", "abcB": "B"}
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


def redecided(content: Any, items: List[Dict[str, Any]], results: List[Dict[str, Any]],
              threshold: float) -> List[Dict[str, Any]]:
    """The parses re-decided at `threshold` as the live gate decides (gate_decision: `decide`, the second look
    at an unsure who-repairs answer, an acute situation, the danger check), with the content's repair table
    and emergencies."""
    from huurwijzer.conversation.gate_decision import gate_decision
    from huurwijzer.conversation.housing_evidence import live_housing_words
    from huurwijzer.conversation.understanding import raw_ranking

    redone, housing = [], live_housing_words()
    for item, result in zip(items, results, strict=True):
        decision = gate_decision(item["text"], raw_ranking(result), content.repairs, content.emergencies, threshold,
                                 housing, content.not_ours)
        redone.append({**result, "intent": {"name": decision.intent, "confidence": decision.confidence}})
    return redone


def sweep_lines(columns: Dict[str, tuple[List[Dict[str, Any]], List[Dict[str, Any]]]]) -> List[str]:
    """The gate re-decided at other thresholds on the same parses (bot.nlu.gate does the same live)."""
    from huurwijzer.content.loader import build_content

    content = build_content(ROOT / "knowledge")
    names = list(columns)
    lines = ["| threshold | " + " | ".join(f"{n} wrong (in scope) | {n} fallback (all)" for n in names) + " |",
             "|---" * (2 * len(names) + 1) + "|"]
    for threshold in THRESHOLDS:
        cells = []
        for name in names:
            items, results = columns[name]
            figures = score(content, items, redecided(content, items, results, threshold)).figures()
            cells += [show("", figures["wrong-answer rate (in scope)"]), show("", figures["fallback rate (all)"])]
        lines.append(f"| {threshold} | " + " | ".join(cells) + " |")
    return lines


def in_language(items: List[Dict[str, Any]], language: Optional[str]) -> List[Dict[str, Any]]:
    """The items a tenant wrote in `language` (Dutch: whatever is not detected as another), or all."""
    if language is None:
        return items
    from huurwijzer.content.language import DUTCH, detect

    return [item for item in items if (detect(str(item["text"])) or DUTCH) == language]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--real", default=str(REAL_SET))
    parser.add_argument("--dev", default=str(DEV_SET))
    parser.add_argument("--own", default=str(OWN_SET))
    parser.add_argument("--abc", default=str(ABC_SET))
    parser.add_argument("--real2", default=str(REAL2_SET))
    parser.add_argument("--real3", default=str(REAL3_SET))
    parser.add_argument("--real4", default=str(REAL4_SET))
    parser.add_argument("--real5", default=str(REAL5_SET))
    parser.add_argument("--real6", default=str(REAL6_SET))
    parser.add_argument("--real7", default=str(REAL7_SET))
    parser.add_argument("--real8", default=str(REAL8_SET))
    parser.add_argument("--real9", default=str(REAL9_SET))
    parser.add_argument("--real10", default=str(REAL10_SET))
    parser.add_argument("--real11", default=str(REAL11_SET))
    parser.add_argument("--sets",
                        default="blind,blind2,blind3,blind4,blind5,held6,blind7,held8,blind9,blind10,blind11,dev,own",
                        help="comma-separated columns to score (a helper tuning on blind may leave the others out)")
    parser.add_argument("--errors", nargs="?", const="blind",
                        choices=("blind", "blind2", "blind3", "blind4", "blind5", "held6", "blind7", "held8", "blind9",
                                 "blind10", "blind11"),
                        default=None,
                        help="print that blind set's misclassified questions (counted in its looks.log)")
    parser.add_argument("--who", default=None, help="who looks at the errors (default: git user.name)")
    parser.add_argument("--sweep", action="store_true", help="the confidence gate's trade-off table")
    parser.add_argument("--stages", action="store_true",
                        help="where the who-repairs questions are lost, by stage (bench/repair_stages.py)")
    parser.add_argument("--language", default=None, choices=("nl", "en"),
                        help="score only the items detected in this language (huurwijzer.content.language)")
    args = parser.parse_args()
    quiet()
    from huurwijzer.content.loader import build_content

    sets: Dict[str, List[Dict[str, Any]]] = {}
    wanted = {name.strip() for name in args.sets.split(",") if name.strip()}
    if args.errors:
        wanted.add(args.errors)
    files = {"blind": Path(args.real), "blind2": Path(args.real2), "blind3": Path(args.real3),
             "blind4": Path(args.real4), "blind5": Path(args.real5), "held6": Path(args.real6),
             "blind7": Path(args.real7), "held8": Path(args.real8), "blind9": Path(args.real9),
             "blind10": Path(args.real10), "blind11": Path(args.real11), "dev": Path(args.dev),
             "own": Path(args.own), "abc": Path(args.abc), "abcA": Path(args.abc), "abcB": Path(args.abc)}
    blind_files = {name: path for name, path in files.items() if name.startswith(("blind", "held"))}
    for name, path in files.items():
        if name not in wanted:
            continue
        if path.exists():
            items = load_items(path)
            if name in ABC_HALVES:
                items = [item for item in items if item.get("half") == ABC_HALVES[name]]
            sets[name] = in_language(items, args.language)
        else:
            print(f"(no {name} set at {path})")
    parsed = dict(zip(sets, parse_sets(Path(args.model), list(sets.values())), strict=True))
    content = build_content(ROOT / "knowledge")
    columns = {name: score(content, sets[name], parsed[name]) for name in sets}
    print("questions: " + ", ".join(f"{name} {len(items)}" for name, items in sets.items()))
    print("\n".join(side_by_side(columns)))
    if args.stages:
        from repair_stages import stage_lines

        print()
        print("\n".join(stage_lines(content, columns)))
    if args.sweep:
        print()
        print("\n".join(sweep_lines({name: (sets[name], parsed[name]) for name in sets})))
    if args.errors and args.errors in columns:
        who = args.who or subprocess.run(["git", "config", "user.name"], cwd=ROOT, capture_output=True,
                                         text=True).stdout.strip() or getpass.getuser()
        log = blind_files[args.errors].parent / "looks.log"
        looks = record_look(log, who)
        print(f"\n{args.errors} errors (look number {looks}, recorded in {log}; commit it):")
        print("\n".join(errors(columns[args.errors])))


if __name__ == "__main__":
    main()
