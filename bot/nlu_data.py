"""Turns the phrasings in knowledge/entries into Rasa NLU training data.

Staff add phrasings to an entry (in the console or the files); training regenerates the file
`knowledge-nlu.yml` in the models folder from the knowledge folder the assistant answers from
(HUURWIJZER_KNOWLEDGE_DIR), and retrains when anything changed. Draft and retired entries are
left out.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Dict, List

from huurwijzer.content.knowledge import entry_files, load_entries

GENERATED_NAME = "knowledge-nlu.yml"
# Where earlier versions wrote it; training would read it twice beside the new file.
LEGACY = Path("data/nlu/generated")


def _escape(text: str) -> str:
    # Rasa's example lists are markdown-ish: [..](..) and {..} would be read as entity markup.
    return " ".join(text.replace("[", "(").replace("]", ")").replace("{", "(").replace("}", ")").split())


def render_training_data(knowledge_dir: Path) -> str:
    knowledge = load_entries(entry_files(knowledge_dir / "entries"))
    by_topic: Dict[str, List[str]] = defaultdict(list)
    for entry in knowledge.published():
        for question in entry.questions:
            text = _escape(question)
            if text and text not in by_topic[entry.topic]:
                by_topic[entry.topic].append(text)
    lines = [
        'version: "3.1"',
        "# GENERATED from knowledge/entries by `python -m bot.cli build-nlu`. Do not edit.",
        "nlu:",
    ]
    for topic in sorted(by_topic):
        lines.append(f"- intent: {topic}")
        lines.append("  examples: |")
        lines.extend(f"    - {text}" for text in by_topic[topic])
    return "\n".join(lines) + "\n"


def write_training_data(knowledge_dir: Path, target: Path) -> bool:
    """Writes the generated file; returns True when its content changed."""
    text = render_training_data(knowledge_dir)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return True
