"""CPU of the tracker store alone per turn: two versions of bot/tracker_store.py side by side, in one
process, on the same events (no model, no servers). Each turn of a conversation shaped like the
server's (the message with its parse result, the answer, its metadata message, a slot, listening) is
saved and then read twice, as the next turn reads it (the retry check, then to handle it).

    git show 8294b78:bot/tracker_store.py > /tmp/old_tracker_store.py
    .venv/bin/python bench/tracker_store_cost.py /tmp/old_tracker_store.py bot/tracker_store.py --turns 30

`--letters` sends bench/latency.py's two letters (a name and an address in each: masked when stored),
otherwise its questions. `--postgres` stores on a scratch database of the PostgreSQL server at
127.0.0.1:5432 (there the store's calls run in a worker thread) instead of an SQLite file. Figures go
in docs/performance.md ("Long letters through the tracker store", "The tracker store off the event loop").
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from latency import LETTERS, QUESTIONS  # noqa: E402
from module_file import load  # noqa: E402

from bot.servers import scratch_postgres  # noqa: E402


def turn_events(text: str, index: int) -> List[Any]:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    ranking = [{"name": f"intent_{j}", "confidence": 0.5 / (j + 1)} for j in range(10)]
    parse: Dict[str, Any] = {
        "intent": ranking[0], "entities": [], "text": text, "message_id": f"m{index}", "metadata": {},
        "text_tokens": [(m.start(), m.end()) for m in re.finditer(r"\S+", text)], "intent_ranking": ranking,
        "classifier_stage": "dense", "classifier_ranking": ranking, "language": "nl"}
    buttons = [{"title": "t" * 30, "payload": "/p" * 20}] * 3
    custom = {"topic": "repair_responsibility", "knowledge_id": None, "confidence": 0.63, "language": "nl",
              "sources": ["a" * 40, "b" * 40], "buttons": buttons}
    return [UserUttered(text, ranking[0], [], parse, message_id=f"m{index}",  # type: ignore[arg-type]
                        metadata={"model_id": "x", "assistant_id": "huurwijzer"}),
            ActionExecuted("action_answer_question"), BotUttered("x" * 400, {"buttons": buttons}),
            BotUttered(None, {"custom": custom}), SlotSet("fallback_suggested", False), ActionExecuted("action_listen")]


async def conversation(module: ModuleType, db: Path, texts: Sequence[str], turns: int,
                       postgres: str = "", sender: str = "s") -> Tuple[float, float]:
    """CPU and wall-clock seconds per turn: the save and the next turn's two reads."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "bot" / "domain"))
    store = (module.PrivateSQLTrackerStore(domain, dialect="postgresql", host="127.0.0.1", port=5432,
                                           db=postgres, username="postgres", password="") if postgres
             else module.PrivateSQLTrackerStore(domain, dialect="sqlite", db=str(db)))
    tracker = DialogueStateTracker(sender, domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    await store.save(tracker)
    tracker = await store.retrieve(sender)
    spent = waited = 0.0
    for index in range(turns):
        for event in turn_events(texts[index % len(texts)], index):
            tracker.update(event)
        started, clock = time.process_time(), time.perf_counter()
        with module.one_turn():
            await store.save(tracker)
        with module.one_turn():
            tracker = await store.retrieve(sender)
            tracker = await store.retrieve(sender)
        spent += time.process_time() - started
        waited += time.perf_counter() - clock
    store.engine.dispose()
    return spent / turns, waited / turns


def main() -> None:
    from bot import speedups

    parser = argparse.ArgumentParser()
    parser.add_argument("versions", type=Path, nargs="+", help="bot/tracker_store.py files to compare")
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--letters", action="store_true", help="the two letters instead of the questions")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL at 127.0.0.1:5432, not SQLite")
    args = parser.parse_args()
    speedups.install()  # as the server runs: event classes remembered per type name
    modules = {str(path): load(path, f"tracker_store_{i}") for i, path in enumerate(args.versions)}
    texts = LETTERS if args.letters else QUESTIONS
    figures: Dict[str, List[float]] = {name: [] for name in modules}
    walls: Dict[str, List[float]] = {name: [] for name in modules}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        postgres = stack.enter_context(scratch_postgres("hw_bench_store")) if args.postgres else ""
        for run in range(args.runs):  # alternating, so the machine's load falls on every version alike
            for i, (name, module) in enumerate(modules.items()):
                cpu, wall = asyncio.run(conversation(module, Path(tmp) / f"{i}-{run}.db", texts, args.turns,
                                                     postgres, f"s-{i}-{run}"))
                figures[name].append(1000 * cpu)
                walls[name].append(1000 * wall)
    kind = "letters" if args.letters else "questions"
    for name, values in figures.items():
        print(f"{name}: {kind} x {args.turns}, CPU ms per turn (save + 2 reads): "
              f"{' '.join(f'{v:.2f}' for v in values)}; median {statistics.median(values):.2f}; "
              f"wall-clock median {statistics.median(walls[name]):.2f}")


if __name__ == "__main__":
    main()
