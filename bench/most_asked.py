"""Which knowledge entries are asked most: each question of the dev set (shared/eval/dev-questions.yml)
is answered with its labelled topic the way huurwijzer.conversation.answering picks an entry (best retrieval match
in the topic, else the topic's overview entry), and the entries are counted. Questions answered from
the repair table (who repairs a named object) count for no entry. Ties: the order of the entry ids.

    .venv/bin/python bench/most_asked.py [--top 20]

Used to choose which entries got an English answer first (answer_en)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from huurwijzer.content.loader import build_content  # noqa: E402
from huurwijzer.content.retrieval import overview_entry  # noqa: E402
from huurwijzer.content.topics import service_topics  # noqa: E402
from huurwijzer.conversation.answering import MIN_ENTRY_SCORE, REPAIR_TOPIC  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", default=str(ROOT.parent / "shared" / "eval" / "dev-questions.yml"))
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    content = build_content(ROOT / "knowledge")
    items = yaml.safe_load(Path(args.questions).read_text(encoding="utf-8"))["items"]
    counts: Counter[str] = Counter()
    topics = set(service_topics())
    for item in items:
        topic = item["topic"]
        if topic not in topics:
            continue
        if topic == REPAIR_TOPIC and content.repairs.match(item["text"]) is not None:
            continue
        matches = content.index.rank(item["text"], topics={topic}, limit=1)
        entry = matches[0].entry if matches and matches[0].score >= MIN_ENTRY_SCORE else None
        entry = entry or overview_entry(content.knowledge, topic)
        if entry is not None:
            counts[entry.id] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    english = {e.id for e in content.knowledge.published() if e.answer_en}
    for place, (entry_id, count) in enumerate(ranked[:args.top], 1):
        print(f"{place:3} {count:3}  {entry_id}{'  (answer_en)' if entry_id in english else ''}")
    print(f"{len(english)} entries have an English answer; "
          f"{len(english & {e for e, _ in ranked[:args.top]})} of the top {args.top}.")


if __name__ == "__main__":
    main()
