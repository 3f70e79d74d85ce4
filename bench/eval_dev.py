"""Measures topic accuracy of a trained model on a question set (default: the shared dev set).

    .venv/bin/python bench/eval_dev.py [--model models/huurwijzer.tar.gz] [--questions FILE] [--errors]

Prints in-scope topic accuracy, out_of_scope recall, the share of turns that went to the
fallback, the wrong-answer rate (confident answers under the wrong topic), and for who-repairs
questions the responsible party the answer's metadata carries (through actions.answering, as
the action server computes it).
Never train on the dev texts: they measure generalisation.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.answering import answer_question, best_guess_topic  # noqa: E402
from actions.content import build_content  # noqa: E402

CONVERSATION = {"greeting", "chitchat", "out_of_scope", "adversarial", "human_handover"}


def quiet() -> None:
    """Rasa logs every parse at debug level through structlog; keep only warnings."""
    import structlog

    logging.disable(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


async def parse_all(model: Path, texts: List[str]) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def sweep(items: List[Dict[str, Any]], results: List[Dict[str, Any]]) -> None:
    """What the FallbackClassifier threshold trades: confident right answers, wrong answers, fallbacks."""
    print("| threshold | right answers | wrong answers | fallbacks |\n|---|---|---|---|")
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6):
        right = wrong = fallbacks = 0
        for item, result in zip(items, results, strict=True):
            ranking = [r for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
            confidence = float(ranking[0]["confidence"]) if ranking else 0.0
            topic, _ = best_guess_topic(ranking)
            if confidence < threshold:
                fallbacks += 1
            elif topic == item["topic"]:
                right += 1
            else:
                wrong += 1
        print(f"| {threshold} | {right} | {wrong} | {fallbacks} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--questions", default=str(ROOT.parent / "shared" / "eval" / "dev-questions.yml"))
    parser.add_argument("--errors", action="store_true", help="list the misclassified questions")
    parser.add_argument("--sweep", action="store_true",
                        help="answered/wrong/fallback counts for a range of fallback thresholds")
    args = parser.parse_args()
    quiet()
    items = yaml.safe_load(Path(args.questions).read_text(encoding="utf-8"))["items"]
    results = asyncio.run(parse_all(Path(args.model), [i["text"] for i in items]))

    content = build_content(ROOT / "knowledge")
    in_scope = correct = fallback = wrong_answers = answered = 0
    party_total = party_ok = 0
    oos_total = oos_ok = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for item, result in zip(items, results, strict=True):
        intent = result["intent"]["name"]
        predicted, _ = best_guess_topic(result.get("intent_ranking") or [])
        is_fallback = intent == "nlu_fallback"
        fallback += is_fallback
        expected = item["topic"]
        if expected == "out_of_scope":
            oos_total += 1
            oos_ok += predicted == "out_of_scope"
        elif expected not in CONVERSATION:
            in_scope += 1
            correct += predicted == expected
        if not is_fallback:
            answered += 1
            wrong_answers += predicted != expected
        if "expected_party" in item:
            party_total += 1
            party = None
            if predicted == "repair_responsibility":
                reply = answer_question(content, predicted, 1.0, item["text"], None)
                party = reply.metadata.responsible_party
            party_ok += party == item["expected_party"]
            if args.errors and party != item["expected_party"]:
                print(f"  {item['id']} party {item['expected_party']} -> {party}: {item['text'][:90]}")
        if predicted != expected:
            confusions[(expected, predicted)] += 1
            if args.errors:
                print(f"  {item['id']} {expected} -> {predicted} ({result['intent']['confidence']:.2f}"
                      f"{', fallback' if is_fallback else ''}): {item['text'][:90]}")
    print(f"questions:                 {len(items)}")
    print(f"in-scope topic accuracy:   {correct / in_scope:.3f} ({correct}/{in_scope})")
    print(f"out_of_scope recognised:   {oos_ok / oos_total:.3f} ({oos_ok}/{oos_total})")
    print(f"all-topic accuracy:        {(len(items) - sum(confusions.values())) / len(items):.3f}")
    print(f"fallback rate:             {fallback / len(items):.3f}")
    print(f"wrong-answer rate:         {wrong_answers / max(answered, 1):.3f} "
          f"({wrong_answers} of {answered} confident answers)")
    if args.sweep:
        sweep(items, results)
    if party_total:
        print(f"responsible party correct: {party_ok / party_total:.3f} ({party_ok}/{party_total})")
    if args.errors:
        print("most common confusions:", confusions.most_common(8))


if __name__ == "__main__":
    main()
