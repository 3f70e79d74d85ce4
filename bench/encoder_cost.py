"""What the dense sentence encoder (bot/nlu/sentence_encoder.py) costs per message: the focus tokenizer plus
the encoder, CPU time in this process (1 BLAS thread, as in the Rasa server), for short questions and for
long letters, encoding everything the tokenizer kept ("before", the branch dense's component) against
the capped text the component encodes now (question sentences first, at most MAX_WORDS words). With
--models, also the whole NLU parse (Agent.parse_message: pipeline and gate) of each trained model, the
models alternated in one process, and for a two-stage model how many messages its dense stage
answered. Printed, not asserted; no servers.

    .venv/bin/python bench/encoder_cost.py [--rounds 5] [--models models/a.tar.gz models/b.tar.gz]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from latency import LETTERS, QUESTIONS  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from bot.nlu.classifier import STAGE  # noqa: E402
from bot.nlu.focus_tokenizer import FocusTokenizer  # noqa: E402
from bot.nlu.sentence_encoder import MAX_WORDS, encoded_text, encoder, featurized_text  # noqa: E402


def tokenized(text: str) -> Message:
    message = Message(data={"text": text})
    FocusTokenizer(FocusTokenizer.get_default_config()).process([message])
    return message


def cost_ms(texts: Sequence[str], pick: Callable[[Message], Optional[str]], rounds: int) -> List[float]:
    """CPU milliseconds per message (tokenizer + encoder), the median of `rounds` for each text."""
    use = encoder()
    medians = []
    for text in texts:
        spent = []
        for _ in range(rounds):
            begin = time.process_time()
            chosen = pick(tokenized(text))
            use.encode([chosen or ""])
            spent.append((time.process_time() - begin) * 1000)
        medians.append(statistics.median(spent))
    return medians


def parse_cost(models: Sequence[str], rounds: int) -> None:
    """NLU parse CPU per message of each model, median of `rounds` per text, the models alternated twice."""
    import structlog
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agents = {model: Agent.load(model) for model in models}

    async def cost(agent: Agent, texts: Sequence[str]) -> str:
        """Mean of the per-text medians, and with a two-stage classifier how many texts the dense stage
        answered (bot.nlu.classifier.STAGE)."""
        medians, dense = [], 0
        for text in texts:
            spent = []
            for _ in range(rounds):
                begin = time.process_time()
                parsed = await agent.parse_message(text)
                spent.append((time.process_time() - begin) * 1000)
            medians.append(statistics.median(spent))
            dense += parsed.get(STAGE) == "dense"
        return f"{statistics.mean(medians):.2f} ({dense}/{len(texts)} dense)"

    print("\n| model (round) | NLU parse CPU, 10 questions, ms | NLU parse CPU, 2 letters, ms |\n|---|---|---|")
    for round_ in (1, 2):
        for model, agent in agents.items():
            print(f"| {Path(model).name} ({round_}) | {asyncio.run(cost(agent, QUESTIONS))} "
                  f"| {asyncio.run(cost(agent, LETTERS))} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--models", nargs="*", default=[], help="trained models whose whole NLU parse is timed")
    args = parser.parse_args()
    encoder().encode(["opwarmen"])
    print(f"encoder CPU per message, median of {args.rounds} rounds (max_words {MAX_WORDS})")
    print("| messages | words (kept -> encoded) | before: all kept words, ms | after: capped, ms |")
    print("|---|---|---|---|")
    for label, texts in (("latency.py's 10 questions", QUESTIONS), ("2 letters of ~110 words", LETTERS)):
        kept = [len((featurized_text(tokenized(t)) or "").split()) for t in texts]
        encoded = [len((encoded_text(tokenized(t)) or "").split()) for t in texts]
        before = cost_ms(texts, featurized_text, args.rounds)
        after = cost_ms(texts, encoded_text, args.rounds)
        print(f"| {label} | {statistics.mean(kept):.0f} -> {statistics.mean(encoded):.0f} "
              f"| {statistics.mean(before):.2f} (max {max(before):.2f}) | {statistics.mean(after):.2f} "
              f"(max {max(after):.2f}) |")
    if args.models:
        parse_cost(args.models, args.rounds)


if __name__ == "__main__":
    main()
