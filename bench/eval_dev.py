"""Measures topic accuracy of a trained model on a question set (default: the shared dev set).

    .venv/bin/python bench/eval_dev.py [--model models/huurwijzer.tar.gz] [--questions FILE] [--errors]

Prints in-scope topic accuracy, out_of_scope recall, the share of turns that went to the
fallback, the wrong-answer rate (confident answers under the wrong topic), and for who-repairs
questions the responsible party the answer's metadata carries (through huurwijzer.conversation.answering, as
the action server computes it). bench/eval_real.py uses the same scoring (`score`) for the
blind set and prints both side by side.
Never train on the dev texts: they measure generalisation.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from huurwijzer.content.loader import Content, build_content  # noqa: E402
from huurwijzer.content.topics import topic_for_intent  # noqa: E402
from huurwijzer.conversation.answering import answer_question, best_guess_topic  # noqa: E402
from huurwijzer.conversation.suggestions import suggest_topics  # noqa: E402

CONVERSATION = {"greeting", "chitchat", "out_of_scope", "adversarial", "human_handover"}
DEV_SET = ROOT.parent / "shared" / "eval" / "dev-questions.yml"
FALLBACK = "nlu_fallback"


def quiet() -> None:
    """Rasa logs every parse at debug level through structlog; keep only warnings."""
    import structlog

    logging.disable(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def load_items(path: Path) -> List[Dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["items"])


async def parse_all(model: Path, texts: List[str]) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def parse_sets(model: Path, sets: Sequence[List[Dict[str, Any]]]) -> List[List[Dict[str, Any]]]:
    """Parses several question sets with one loaded model."""
    texts = [item["text"] for items in sets for item in items]
    results = asyncio.run(parse_all(model, texts))
    out, start = [], 0
    for items in sets:
        out.append(results[start:start + len(items)])
        start += len(items)
    return out


@dataclass(frozen=True)
class Outcome:
    """What the assistant did with one question."""

    item: Dict[str, Any]
    predicted: str  # the answered topic, or the best guess when it fell back
    confidence: float
    fallback: bool
    party: Optional[str]  # responsible_party of the answer, when it answered who repairs
    # Topics of the fallback's suggestion buttons: a fallback whose buttons hold the right topic is
    # one click from the answer, one without is a dead end for the tenant.
    offered: frozenset[str] = frozenset()

    @property
    def expected(self) -> str:
        return str(self.item["topic"])

    @property
    def in_scope(self) -> bool:
        return self.expected not in CONVERSATION

    @property
    def topic_ok(self) -> bool:
        return self.predicted == self.expected

    @property
    def party_ok(self) -> bool:
        return self.party == self.item.get("expected_party")

    @property
    def wrong_party(self) -> bool:
        """Told with confidence that the other party repairs (a clarifying question is not wrong)."""
        return "expected_party" in self.item and self.party is not None and not self.party_ok

    @property
    def wrong_answer(self) -> bool:
        """A confident answer with the wrong topic or the wrong party."""
        return not self.fallback and (not self.topic_ok or self.wrong_party)

    @property
    def in_scope_guess(self) -> bool:
        return self.predicted not in CONVERSATION

    @property
    def offers_right(self) -> bool:
        return self.fallback and self.expected in self.offered

    @property
    def refused(self) -> bool:
        return not self.fallback and self.predicted == "adversarial" and self.expected != "adversarial"


def outcome(content: Content, item: Dict[str, Any], result: Dict[str, Any]) -> Outcome:
    intent = str((result.get("intent") or {}).get("name") or "")
    confidence = float((result.get("intent") or {}).get("confidence") or 0.0)
    fallback = intent == FALLBACK or not intent
    predicted = (None if fallback else topic_for_intent(intent)) or best_guess_topic(
        [r for r in result.get("intent_ranking") or [] if r.get("name") != FALLBACK])[0]
    party = None
    if predicted == "repair_responsibility" and not fallback:
        party = answer_question(content, intent, confidence, item["text"], None).metadata.responsible_party
    offered: frozenset[str] = frozenset()
    if fallback:
        ranking = [r for r in result.get("intent_ranking") or [] if r.get("name") != FALLBACK]
        buttons = suggest_topics(content, ranking, str(item["text"])).buttons
        offered = frozenset(b.payload[1:].split("{", 1)[0] for b in buttons if b.payload.startswith("/"))
    return Outcome(item, predicted, confidence, fallback, party, offered)


@dataclass
class Scores:
    outcomes: List[Outcome]
    per_topic: Dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, pred: Any, among: Any = lambda o: True) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if among(o)]
        return sum(1 for o in chosen if pred(o)), len(chosen)

    def figures(self) -> Dict[str, tuple[int, int]]:
        """name -> (numerator, denominator)."""
        return {
            "in-scope topic accuracy": self.count(lambda o: o.topic_ok, lambda o: o.in_scope),
            # answered (not a fallback) with the right topic and, for who repairs, no wrong party
            "right answers (in scope)": self.count(lambda o: not o.fallback and o.topic_ok and not o.wrong_party,
                                                   lambda o: o.in_scope),
            "who repairs (party)": self.count(lambda o: o.party_ok, lambda o: "expected_party" in o.item),
            # where the who-repairs questions went that did not get the right party
            "who repairs: fell back": self.count(lambda o: o.fallback, lambda o: "expected_party" in o.item),
            "who repairs: the wrong party": self.count(lambda o: o.wrong_party and not o.fallback,
                                                       lambda o: "expected_party" in o.item),
            "who repairs: another topic": self.count(lambda o: not o.fallback and not o.topic_ok,
                                                     lambda o: "expected_party" in o.item),
            "wrong-answer rate (in scope)": self.count(lambda o: o.wrong_answer, lambda o: o.in_scope),
            "fallback rate (all)": self.count(lambda o: o.fallback),
            "fallback rate (in scope)": self.count(lambda o: o.fallback, lambda o: o.in_scope),
            "fallbacks offering the right topic (in scope)": self.count(lambda o: o.offers_right,
                                                                         lambda o: o.in_scope and o.fallback),
            "out-of-scope recall": self.count(lambda o: o.predicted == "out_of_scope",
                                             lambda o: o.expected == "out_of_scope"),
            # a tenant's question about something else, answered with confidence as a housing topic
            "out of scope answered as a topic": self.count(lambda o: not o.fallback and o.in_scope_guess,
                                                           lambda o: o.expected == "out_of_scope"),
            "misuse recognised": self.count(lambda o: o.predicted == "adversarial",
                                           lambda o: o.expected == "adversarial"),
            "legitimate refused as misuse": self.count(lambda o: o.refused, lambda o: o.expected != "adversarial"),
            "all-topic accuracy": self.count(lambda o: o.topic_ok),
        }

    def topics(self) -> Dict[str, Dict[str, int]]:
        table: Dict[str, Dict[str, int]] = {}
        for o in self.outcomes:
            row = table.setdefault(o.expected, {"n": 0, "right": 0, "wrong": 0, "fallback": 0})
            row["n"] += 1
            row["right"] += o.topic_ok
            row["wrong"] += o.wrong_answer
            row["fallback"] += o.fallback
        return dict(sorted(table.items()))


def score(content: Content, items: List[Dict[str, Any]], results: List[Dict[str, Any]]) -> Scores:
    return Scores([outcome(content, item, result) for item, result in zip(items, results, strict=True)])


COUNTS = {"legitimate refused as misuse"}


def show(figure: str, value: tuple[int, int]) -> str:
    num, den = value
    if figure in COUNTS:
        return f"{num}"
    return f"{num / den:.3f} ({num}/{den})" if den else "-"


def errors(scores: Scores) -> List[str]:
    lines = []
    for o in scores.outcomes:
        party_missed = "expected_party" in o.item and not o.party_ok
        if o.topic_ok and not party_missed and not (o.fallback and o.in_scope):
            continue
        what = f"{o.expected} -> {o.predicted} ({o.confidence:.2f}{', fallback' if o.fallback else ''})"
        if "expected_party" in o.item:
            what += f" party {o.item['expected_party']} -> {o.party}"
        lines.append(f"  {o.item['id']} {what}: {' '.join(str(o.item['text']).split())[:160]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--questions", default=str(DEV_SET))
    parser.add_argument("--errors", action="store_true", help="list the misclassified questions")
    args = parser.parse_args()
    quiet()
    items = load_items(Path(args.questions))
    [results] = parse_sets(Path(args.model), [items])
    scores = score(build_content(ROOT / "knowledge"), items, results)
    if args.errors:
        print("\n".join(errors(scores)))
    print(f"questions:                 {len(items)}")
    for name, value in scores.figures().items():
        print(f"{name + ':':34}{show(name, value)}")


if __name__ == "__main__":
    main()
