"""Compares candidate NLU pipelines (bench/pipelines/*.yml) by measurement.

    .venv/bin/python bench/nlu_compare.py [--folds 5] [--only NAME ...]

For each candidate: k-fold cross-validation on our own training data (intent accuracy and
weighted F1, via `rasa test nlu --cross-validation`), then a model trained on all training data
scored by bench/eval_real.py on the blind set of real questions (the deciding column) and the
dev set, aggregate figures only, plus training time. Results: docs/nlu.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RASA = str(Path(sys.executable).parent / "rasa")


def run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "bot.cli", "build-nlu"], cwd=ROOT, check=True)
    from bot.cli import generated_nlu  # after sys.path has the project

    rows = []
    for config in sorted((ROOT / "bench" / "pipelines").glob("*.yml")):
        if args.only and config.stem not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            # `--nlu` takes one folder: our examples and the phrasings generated from the entries.
            nlu = out / "nlu"
            shutil.copytree(ROOT / "data" / "nlu", nlu)
            shutil.copy(generated_nlu(), nlu / generated_nlu().name)
            run([RASA, "test", "nlu", "--config", str(config), "--nlu", str(nlu),
                 "--cross-validation", "--folds", str(args.folds), "--out", str(out / "cv")])
            report = json.loads((out / "cv" / "intent_report.json").read_text())
            started = time.monotonic()
            run([RASA, "train", "nlu", "--config", str(config), "--nlu", str(nlu),
                 "--out", str(out), "--fixed-model-name", "candidate"])
            seconds = time.monotonic() - started
            scored = run([sys.executable, str(ROOT / "bench" / "eval_real.py"),
                          "--model", str(out / "candidate.tar.gz")])
        table = figures(scored)
        rows.append((config.stem, report["accuracy"], report["weighted avg"]["f1-score"], table, seconds))
        print(line(rows[-1]), flush=True)
    columns = " | ".join(f"{s} {m}" for s in SETS for m in MEASURES.values())
    print(f"\n| pipeline | CV accuracy | CV weighted F1 | {columns} | train NLU (s) |")
    print("|---" * (4 + len(SETS) * len(MEASURES)) + "|")
    for row in rows:
        print(line(row))


# The measures of eval_real's table shown per set, with their short column names.
MEASURES = {"in-scope topic accuracy": "topic", "who repairs (party)": "party",
            "wrong-answer rate (in scope)": "wrong", "fallback rate (all)": "fallback",
            "out-of-scope recall": "oos"}
SETS = ("blind", "dev")


def figures(output: str) -> dict[str, dict[str, str]]:
    """eval_real's markdown table -> {set: {measure: value}} (values without their counts)."""
    lines = [row for row in output.splitlines() if row.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table: dict[str, dict[str, str]] = {name: {} for name in header[1:]}
    for row in lines[1:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if cells[0] in MEASURES:
            for name, cell in zip(header[1:], cells[1:], strict=False):
                table[name][cells[0]] = cell.split()[0] if cell else "-"
    return table


def line(row: tuple[str, float, float, dict[str, dict[str, str]], float]) -> str:
    name, acc, f1, table, secs = row
    cells = [table.get(s, {}).get(m, "-") for s in SETS for m in MEASURES]
    return f"| {name} | {acc:.3f} | {f1:.3f} | " + " | ".join(cells) + f" | {secs:.0f} |"


if __name__ == "__main__":
    main()
