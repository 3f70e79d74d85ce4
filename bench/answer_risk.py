"""A learned answer-risk gate, measured leave-one-set-out on the retired sets (aggregate only; no text
of any set is printed). docs/nlu.md, "Session 12: a learned answer-risk gate", has the rule.

    .venv/bin/python bench/answer_risk.py [--model M] [--cache FILE]

For every in-scope answer the gate gives (not a fallback, a service topic): whether it is wrong
(another topic or the wrong party) and a few numbers known at the moment of answering. For each of
blind, blind2 and blind4 a logistic regression is fitted on the other two plus dev, its cut-off
chosen on those same items (most wrong answers avoided minus 3 x right answers lost), and the left-out
set scored with it. Then one gate fitted on all four is scored on dev.
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_dev import CONVERSATION, DEV_SET, load_items, outcome, parse_sets, quiet  # noqa: E402
from eval_real import REAL2_SET, REAL4_SET, REAL_SET  # noqa: E402

SETS = {"blind": REAL_SET, "blind2": REAL2_SET, "blind4": REAL4_SET, "dev": DEV_SET}
HELD_OUT = ("blind", "blind2", "blind4")
COST_OF_A_LOST_RIGHT_ANSWER = 3.0
FEATURES = ("confidence", "margin", "gate confidence", "dense stage", "repair table", "same topic",
            "who repairs", "personal", "log words", "asks who", "names repair", "english")


@dataclass(frozen=True)
class Answer:
    set_name: str
    features: Tuple[float, ...]
    wrong: bool
    fallback: bool  # the gate already fell back: the risk gate has nothing to do
    in_scope: bool


def _features(text: str, result: Dict[str, Any], content: Any) -> Tuple[float, ...]:
    from huurwijzer.content.repair_analysis import analyse
    from huurwijzer.conversation.message_focus import focus
    from huurwijzer.conversation.understanding import REPAIR_INTENT, decide, raw_ranking

    ranking = raw_ranking(result)
    first = float(ranking[0]["confidence"]) if ranking else 0.0
    second = float(ranking[1]["confidence"]) if len(ranking) > 1 else 0.0
    dense = result.get("classifier_stage") == "dense"
    intent = str(result["intent"]["name"])
    reason = decide(text, ranking, content.repairs, 0.55 if dense else 0.5).reason
    analysis = analyse(content.repairs, focus(text).text)
    return (first, first - second, float(result["intent"]["confidence"]), float(dense),
            float(reason == "repair_table"), float(reason == "same_topic"), float(intent == REPAIR_INTENT),
            float(intent.startswith("my_")), math.log(1 + len(text.split())), float(analysis.asks_who),
            float(analysis.names_repair), float(result.get("language") == "en"))


def collect(model: Path, cache: Path) -> List[Answer]:
    if cache.exists():
        return list(pickle.loads(cache.read_bytes()))
    from huurwijzer.content.loader import build_content

    content = build_content(ROOT / "knowledge")
    item_sets = {name: load_items(path) for name, path in SETS.items()}
    parsed = parse_sets(model, list(item_sets.values()))
    answers = []
    for (name, items), results in zip(item_sets.items(), parsed, strict=True):
        for item, result in zip(items, results, strict=True):
            done = outcome(content, item, result)
            answers.append(Answer(name, _features(str(item["text"]), result, content), done.wrong_answer,
                                  done.fallback or done.predicted in CONVERSATION, done.in_scope))
    cache.write_bytes(pickle.dumps(answers))
    return answers


def _fit(train: Sequence[Answer]) -> Tuple[Any, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.array([a.features for a in train])
    y = np.array([a.wrong for a in train])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(scaler.transform(x), y)
    risks = model.predict_proba(scaler.transform(x))[:, 1]
    best, best_tau = 0.0, 1.01
    for tau in sorted(set(np.round(risks, 4)), reverse=True):
        held = risks >= tau
        gain = float((held & y).sum()) - COST_OF_A_LOST_RIGHT_ANSWER * float((held & ~y).sum())
        if gain > best:
            best, best_tau = gain, float(tau)
    return (scaler, model), best_tau


def _held(gate: Tuple[Any, float], answers: Sequence[Answer]) -> Tuple[int, int]:
    import numpy as np

    (scaler, model), tau = gate
    if not answers:
        return 0, 0
    risks = model.predict_proba(scaler.transform(np.array([a.features for a in answers])))[:, 1]
    avoided = sum(1 for a, r in zip(answers, risks, strict=True) if r >= tau and a.wrong)
    lost = sum(1 for a, r in zip(answers, risks, strict=True) if r >= tau and not a.wrong)
    return avoided, lost


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--cache", default="/tmp/answer_risk_parses.pkl")
    args = parser.parse_args()
    quiet()
    answers = collect(Path(args.model), Path(args.cache))
    gated = [a for a in answers if a.in_scope and not a.fallback]

    def of(names: Sequence[str]) -> List[Answer]:
        return [a for a in gated if a.set_name in names]

    total_avoided = total_lost = 0
    for left_out in HELD_OUT:
        gate = _fit(of([n for n in SETS if n != left_out]))
        avoided, lost = _held(gate, of([left_out]))
        total_avoided, total_lost = total_avoided + avoided, total_lost + lost
        answered = of([left_out])
        print(f"{left_out:7} answered {len(answered):3d} (wrong {sum(a.wrong for a in answered):2d}), "
              f"tau {gate[1]:.3f}: wrong avoided {avoided}, right answers lost {lost}")
    print(f"left-out sets together: wrong avoided {total_avoided}, right answers lost {total_lost}")
    full = _fit(of(list(SETS)))
    avoided, lost = _held(full, of(["dev"]))
    dev_all = [a for a in answers if a.set_name == "dev"]
    fallbacks = sum(a.fallback and a.in_scope for a in dev_all) + avoided + lost
    print(f"fitted on all (tau {full[1]:.3f}): dev wrong avoided {avoided}, right lost {lost}, "
          f"in-scope fallbacks then {fallbacks}")
    (_, model), _ = full
    print("weights (standardised):", ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, model.coef_[0], strict=True)))


if __name__ == "__main__":
    main()
