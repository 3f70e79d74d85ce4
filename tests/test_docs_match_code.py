"""The newcomer's guide names what exists: every path in README.md, docs/architecture.md, docs/deploy.md,
docs/onboarding.md and the staff guide (knowledge/README.md) is there, and .env.example lists exactly the
environment variables the code reads (both directions). Only file names are checked; no file under
tests/eval/ is opened."""
from __future__ import annotations

import re
from pathlib import Path
from typing import List, Set

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ("README.md", "docs/architecture.md", "docs/deploy.md", "docs/onboarding.md", "knowledge/README.md")
# A path in a guide may be written relative to the folder the sentence is about.
PARENTS = ("", "huurwijzer/", "tests/eval/", "knowledge/", "bot/channels/")
CODE_DIRS = ("actions", "bot", "console", "huurwijzer")
# Files a guide tells the reader to make (an example of a new entry).
EXAMPLES = {"entries/glasschade-melden.yml"}
SKIP = {".venv", "models", "__pycache__", ".git", "var", "results", ".rasa"}
# Names that look like settings but are not read from the environment.
NOT_SETTINGS = {"HUURWIJZER_LABELS"}  # a JavaScript global of the web chat
# Read by a library rather than by our code, or only by the compose file.
OUTSIDE_CODE = {"POSTGRES_PASSWORD"}


def _files() -> List[Path]:
    out: List[Path] = []
    for path in ROOT.iterdir():
        if path.name in SKIP:
            continue
        out.append(path)
        if path.is_dir():
            out.extend(p for p in path.rglob("*") if not SKIP & set(p.parts))
    return out


def _named_paths(text: str) -> List[str]:
    names = []
    for quoted in re.findall(r"`([^`\n]+)`", text):
        for word in re.split(r"[\s,]+", quoted):
            word = word.strip("()'\":;")
            if not word or re.fullmatch(r"\.\w+", word) or word in EXAMPLES or "=" in word or "*" in word:
                continue
            if word.startswith(("http", "/", "-", "$", "<", "{")):
                continue
            if "/" in word or re.search(r"\.(py|yml|md|json|js|sh|toml|lock)$", word):
                names.append(word.rstrip("/"))
    return names


def test_every_path_the_guides_name_exists() -> None:
    base_names = {p.name for p in _files()}
    missing = []
    for guide in GUIDES:
        for name in _named_paths((ROOT / guide).read_text(encoding="utf-8")):
            if "/" not in name:
                found = name in base_names
            else:
                found = any((ROOT / (parent + name)).exists() for parent in PARENTS)
            if not found:
                missing.append(f"{guide}: {name}")
    assert not missing, missing


def _read_by_code() -> Set[str]:
    pattern = re.compile(r"[\"'{]((?:HUURWIJZER|WHATSAPP|TWILIO|RASA|ACTION)_[A-Z0-9_]+|LOG_LEVEL)\b")
    names: Set[str] = set()
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".yml") and "__pycache__" not in path.parts:
                names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names - NOT_SETTINGS


def test_env_example_lists_exactly_what_the_code_reads() -> None:
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    read = _read_by_code()
    assert sorted(read - listed) == [], "read by the code but not in .env.example"
    assert sorted(listed - read - OUTSIDE_CODE) == [], "in .env.example but read by nothing"
