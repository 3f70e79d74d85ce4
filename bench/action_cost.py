"""CPU of the answering actions alone, in-process: one conversation of `--turns` messages (the questions
and letters of bench/latency.py, with the intents the classifier gives them written in), each turn run
through the SDK action as the action server runs it, on a tracker with the conversation's events so far.
Without the Rasa server, the HTTP request and rasa_sdk's parsing, so the actions' own cost shows.

    .venv/bin/python bench/action_cost.py [--root /path/to/other/tree] [--turns 60] [--letters]

`--root` loads the code of another tree (a worktree of main) with this script: run it once per tree,
alternated, on the same machine. Prints CPU ms per action (process time: every thread of the process)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

# Before --root goes first on the path: latency puts this tree there when it is imported.
from latency import LETTERS

# The questions of bench/latency.py and the intent (and action) each gets from the model.
QUESTIONS: Tuple[Tuple[str, str], ...] = (
    ("hallo", "greet"), ("wie moet mijn lekkende kraan repareren?", "repair_responsibility"),
    ("hoe zeg ik mijn huur op?", "move_out"), ("wanneer moet de huur betaald zijn?", "rent_payment"),
    ("de buren maken elke nacht lawaai", "nuisance"), ("mag ik een kat houden?", "pets"),
    ("wat zijn jullie openingstijden?", "contact_hours"), ("ik wil een medewerker spreken", "human_handover"),
    ("het dak lekt, wie betaalt dat?", "repair_responsibility"), ("hoe vraag ik huurtoeslag aan?", "huurtoeslag"),
)


def _conversation(turns: int, letters: bool) -> List[Tuple[str, str]]:
    said = [(text, "repair_responsibility") for text in LETTERS] if letters else list(QUESTIONS)
    return [said[i % len(said)] for i in range(turns)]


def _latest(text: str, intent: str) -> Dict[str, Any]:
    return {"text": text, "intent": {"name": intent, "confidence": 0.9}, "language": "nl",
            "intent_ranking": [{"name": intent, "confidence": 0.9}, {"name": "nlu_fallback", "confidence": 0.05}],
            "entities": []}


def run(turns: int, letters: bool, repeat: int) -> Tuple[float, int]:
    from rasa_sdk import Action, Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.actions import ActionAnswerQuestion, ActionFallback, ActionHandover, ActionReply

    actions: Dict[str, Action] = {"greet": ActionReply(), "human_handover": ActionHandover()}
    answer: Action = ActionAnswerQuestion()
    fallback: Action = ActionFallback()
    conversation = _conversation(turns, letters)

    async def once() -> int:
        events: List[Dict[str, Any]] = []
        count = 0
        for text, intent in conversation:
            latest = _latest(text, intent)
            events.append({"event": "user", "text": text, "parse_data": latest})
            for action in (actions.get(intent, answer), fallback):  # the answer, and the same as a fallback
                dispatcher = CollectingDispatcher()
                tracker = Tracker("action-cost", {"fallback_suggested": False}, latest, events, False, None, {},
                                  "action_listen")
                await action.run(dispatcher, tracker, {})
                count += 1
            name = actions.get(intent, answer).name()
            events += [{"event": "action", "name": name},
                       *({"event": "bot", "text": m.get("text"), "data": {"custom": m.get("custom")}}
                         for m in dispatcher.messages),
                       {"event": "slot", "name": "fallback_suggested", "value": False},
                       {"event": "action", "name": "action_listen"}]
        return count

    asyncio.run(once())  # warm: content, indexes, the database's tables
    started, count = time.process_time(), 0
    for _ in range(repeat):
        count += asyncio.run(once())
    return time.process_time() - started, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="the code tree to load")
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--letters", action="store_true", help="the letters of bench/latency.py, not its questions")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.root).resolve()))
    os.environ.setdefault("HUURWIJZER_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/tenancy.db")
    cpu, count = run(args.turns, args.letters, args.repeat)
    import actions.actions as loaded

    tree = Path(loaded.__file__).parent.parent
    print(f"{tree}: {count} actions, {1000 * cpu / count:.2f} CPU ms per action", flush=True)


if __name__ == "__main__":
    main()
