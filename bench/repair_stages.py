"""Where the who-repairs questions of a set are lost, stage by stage (issue 15), aggregate only.

    .venv/bin/python bench/eval_real.py --sets abcA,abcB,blind --stages

For the items that carry an `expected_party`:
- routed: answered (not a fallback) under the who-repairs topic; else fell back or another topic;
- the analysis (huurwijzer.content.repair_analysis, run on every item whatever the routing): an object
  found or not; if found, buttons (ambiguous), the right party or the wrong one given that object;
- among the routed: the right party, a question back (no party: buttons or "I do not know"), the wrong party.
No text of a set is printed, so the table may be shown for the blind sets.
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence

from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import analyse
from huurwijzer.conversation.answering import REPAIR_TOPIC

ROWS = (
    "who-repairs items",
    "routed to the who-repairs answer",
    "  fell back",
    "  another topic",
    "object found (analysis)",
    "  object found: party right",
    "  object found: party wrong",
    "  object found: buttons (ambiguous)",
    "  no object found",
    "routed: party right",
    "routed: asked back (no party)",
    "routed: party wrong",
)


def stage_counts(content: Content, outcomes: Sequence[Any]) -> Dict[str, int]:
    """The ROWS for one set's outcomes (bench/eval_dev.Outcome)."""
    counts = dict.fromkeys(ROWS, 0)
    for o in outcomes:
        expected = o.item.get("expected_party")
        if expected is None:
            continue
        counts["who-repairs items"] += 1
        routed = not o.fallback and o.predicted == REPAIR_TOPIC
        counts["routed to the who-repairs answer"] += routed
        counts["  fell back"] += o.fallback
        counts["  another topic"] += not o.fallback and o.predicted != REPAIR_TOPIC
        analysis = analyse(content.repairs, str(o.item["text"]))
        if analysis.object is None:
            counts["  no object found"] += 1
        else:
            counts["object found (analysis)"] += 1
            if analysis.ambiguous:
                counts["  object found: buttons (ambiguous)"] += 1
            elif analysis.party == expected:
                counts["  object found: party right"] += 1
            else:
                counts["  object found: party wrong"] += 1
        if routed:
            if o.party is None:
                counts["routed: asked back (no party)"] += 1
            elif o.party == expected:
                counts["routed: party right"] += 1
            else:
                counts["routed: party wrong"] += 1
    return counts


def stage_lines(content: Content, columns: Dict[str, Any]) -> List[str]:
    """A markdown table, one column per set (its Scores), of the stage counts."""
    names = list(columns)
    counts = {name: stage_counts(content, scores.outcomes) for name, scores in columns.items()}
    lines = ["| who repairs, by stage | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for row in ROWS:
        lines.append(f"| {row} | " + " | ".join(str(counts[name][row]) for name in names) + " |")
    return lines
