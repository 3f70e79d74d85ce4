"""Where the who-repairs decisions come from, aggregate only (no text of any set is printed).

    .venv/bin/python bench/gate_breakdown.py [--model M] [--sets blind,blind2,blind4]

1. The who-repairs questions that fell back, by which of the gate's conditions for letting the
   repair table answer failed (huurwijzer.conversation.understanding.decide).
2. The answers given as who-repairs, by the gate's reason, whether the classifier's own confidence
   was below 0.7, whether the message asks who and whether the table names a repair: right, another
   topic, the wrong party, or a question which repair is meant.
docs/nlu.md, "Session 11", reads these counts on the retired sets (blind, blind2, blind4).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_dev import DEV_SET, load_items, outcome, parse_sets, quiet  # noqa: E402
from eval_real import (  # noqa: E402
    REAL2_SET,
    REAL3_SET,
    REAL4_SET,
    REAL5_SET,
    REAL6_SET,
    REAL7_SET,
    REAL8_SET,
    REAL9_SET,
    REAL10_SET,
    REAL_SET,
)

FILES: Dict[str, Path] = {"blind": REAL_SET, "blind2": REAL2_SET, "blind3": REAL3_SET, "blind4": REAL4_SET,
                          "blind5": REAL5_SET, "held6": REAL6_SET, "blind7": REAL7_SET,
                          "held8": REAL8_SET, "blind9": REAL9_SET, "blind10": REAL10_SET,
                          "dev": DEV_SET}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--sets", default="blind,blind2,blind4")
    args = parser.parse_args()
    quiet()
    from huurwijzer.content.loader import build_content
    from huurwijzer.content.repair_analysis import analyse
    from huurwijzer.conversation.message_focus import focus
    from huurwijzer.conversation.understanding import MIN_REPAIR_SHARE, REPAIR_INTENT, decide, raw_ranking

    content = build_content(ROOT / "knowledge")
    items = [item for name in args.sets.split(",") for item in load_items(FILES[name.strip()])]
    results = parse_sets(Path(args.model), [items])[0]
    fell_back: Counter[str] = Counter()
    answered: Counter[tuple[str, ...]] = Counter()
    for item, result in zip(items, results, strict=True):
        done = outcome(content, item, result)
        ranking = raw_ranking(result)
        analysis = analyse(content.repairs, focus(str(item["text"])).text)
        if "expected_party" in item and done.fallback:
            share = next((r["confidence"] for r in ranking[:3] if r["name"] == REPAIR_INTENT), 0.0)
            failed = [why for why, bad in (("no object", analysis.object is None),
                                           ("object without defect", analysis.object is not None
                                            and analysis.defect is None),
                                           ("no question asking who", not analysis.asks_who),
                                           (f"who-repairs share < {MIN_REPAIR_SHARE}", share < MIN_REPAIR_SHARE))
                      if bad]
            fell_back[", ".join(failed) or "all conditions met (the gate held it back)"] += 1
        if done.in_scope and not done.fallback and done.predicted == "repair_responsibility":
            gate = 0.55 if result.get("classifier_stage") == "dense" else 0.5
            reason = decide(str(item["text"]), ranking, content.repairs, gate).reason
            how = "wrong party" if done.wrong_party else "another topic" if not done.topic_ok else \
                "asked which" if done.party is None and "expected_party" in item else "right"
            answered[(reason, "below 0.7" if ranking and ranking[0]["confidence"] < 0.7 else "0.7 or more",
                      "asks who" if analysis.asks_who else "no question", "repair named" if analysis.names_repair
                      else "no repair named", how)] += 1
    print(f"who-repairs questions that fell back, by the conditions that failed ({sum(fell_back.values())}):")
    for why, count in fell_back.most_common():
        print(f"  {count:3d}  {why}")
    print("answers given as who-repairs (in scope): reason, classifier confidence, question, table, outcome:")
    for key, count in sorted(answered.items()):
        print(f"  {count:3d}  {' | '.join(key)}")


if __name__ == "__main__":
    main()
