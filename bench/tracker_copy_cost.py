"""Rasa's tracker copy (a replay of every event) against bot/tracker_copy.py's, in one process, swapped every
round so both see the same load: a conversation of letters, per message the policies' predictions as the
server makes them and the copy `_run_action` makes before each action. Thread CPU per message, printed.

    .venv/bin/python bench/tracker_copy_cost.py [--model models/huurwijzer.tar.gz] [--rounds 6] [--messages 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def conversation(agent: Any, letters: List[str], parsed: List[Dict[str, Any]], messages: int) -> List[float]:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker("bench", agent.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    costs = []
    for i in range(messages):
        data = parsed[i % len(parsed)]
        started = time.thread_time()
        tracker.update(UserUttered(letters[i % len(letters)], data["intent"], data["entities"], parse_data=data))
        for _ in range(3):
            prediction = agent.processor._predict_next_with_tracker(tracker)
            action = agent.domain.action_names_or_texts[prediction.max_confidence_index]
            copied = tracker.copy()  # as _run_action copies before it runs the action
            copied.update_with_events(prediction.events, agent.domain)
            tracker.update(ActionExecuted(action))
            if action == "action_listen":
                break
            tracker.update(BotUttered("antwoord " * 40, {}, {"custom": {"topic": "x", "confidence": 0.9}}))
            tracker.update(SlotSet("fallback_suggested", False))
        costs.append(time.thread_time() - started)
    return costs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--messages", type=int, default=30)
    args = parser.parse_args()
    from latency import LETTERS
    from rasa.core.agent import Agent
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot import speedups

    rasa_copy: Callable[..., Any] = DialogueStateTracker.copy
    speedups.install()
    ours: Callable[..., Any] = DialogueStateTracker.copy
    agent = Agent.load(args.model)
    letters = list(LETTERS)
    parsed = [asyncio.run(agent.parse_message(text)) for text in letters]
    results: Dict[str, List[float]] = {"rasa": [], "ours": []}
    for round_ in range(args.rounds):
        for name in (("rasa", "ours") if round_ % 2 == 0 else ("ours", "rasa")):
            DialogueStateTracker.copy = rasa_copy if name == "rasa" else ours  # type: ignore[method-assign]
            costs = conversation(agent, letters, parsed, args.messages)
            results[name].append(1000 * sum(costs) / len(costs))
            print(f"round {round_} {name}: {results[name][-1]:.2f} ms/message", flush=True)
    lower = sum(o < r for o, r in zip(results["ours"], results["rasa"], strict=True))
    print(f"median ms/message: Rasa's copy {statistics.median(results['rasa']):.2f}, "
          f"ours {statistics.median(results['ours']):.2f}; ours lower in {lower} of {args.rounds} rounds")


if __name__ == "__main__":
    main()
