"""Compares candidate NLU pipelines (bench/pipelines/*.yml) by measurement.

    .venv/bin/python bench/nlu_compare.py [--folds 5] [--only NAME ...]

For each candidate: 5-fold cross-validation on our own training data (intent accuracy and
weighted F1, via `rasa test nlu --cross-validation`), then a model trained on all training data
scored on the shared dev set (bench/eval_dev.py), plus training time. Results: docs/nlu.md.
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
            dev = run([sys.executable, str(ROOT / "bench" / "eval_dev.py"),
                       "--model", str(out / "candidate.tar.gz")])
        metrics = dict(line.split(":", 1) for line in dev.splitlines() if ":" in line)
        rows.append((config.stem, report["accuracy"], report["weighted avg"]["f1-score"],
                     metrics["in-scope topic accuracy"].split()[0],
                     metrics["out_of_scope recognised"].split()[0],
                     metrics["wrong-answer rate"].split()[0], seconds))
        name, acc, f1, dev_in, dev_oos, wrong, secs = rows[-1]
        print(f"| {name} | {acc:.3f} | {f1:.3f} | {dev_in} | {dev_oos} | {wrong} | {secs:.0f} |", flush=True)
    print("\n| pipeline | CV accuracy | CV weighted F1 | dev in-scope | dev out_of_scope "
          "| dev wrong-answer | train NLU (s) |")
    print("|---|---|---|---|---|---|---|")
    for name, acc, f1, dev_in, dev_oos, wrong, secs in rows:
        print(f"| {name} | {acc:.3f} | {f1:.3f} | {dev_in} | {dev_oos} | {wrong} | {secs:.0f} |")


if __name__ == "__main__":
    main()
