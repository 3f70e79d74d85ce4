"""One name, one place: the names the Rasa server (bot/), the action server (actions/) and the console
share are defined in huurwijzer/conversation/shared_names.py and taken from there, never spelled again; Rasa's events
table is declared once, in huurwijzer/reports/events.py; no module imports a private name of another package."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

from huurwijzer.conversation import shared_names
from huurwijzer.reports import events

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("actions", "bot", "console", "huurwijzer")
HOME = ROOT / "huurwijzer" / "conversation" / "shared_names.py"
SHARED: Dict[str, str] = {name: value for name, value in vars(shared_names).items()
                          if name.isupper() and isinstance(value, str)}
# Names whose value is not one string: they are checked only for where they are imported from.
SHARED_SETS = {name for name, value in vars(shared_names).items()
               if name.isupper() and isinstance(value, (tuple, frozenset))}


def sources() -> Iterator[Tuple[Path, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def test_shared_values_are_spelled_only_in_shared_names() -> None:
    values = {value: name for name, value in SHARED.items()}
    spelled: List[str] = []
    for path, tree in sources():
        if path == HOME:
            continue
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in values and id(node) not in docs:
                spelled.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r} "
                               f"(use huurwijzer.conversation.shared_names.{values[node.value]})")
    assert spelled == []


def test_the_shared_names_are_what_the_check_looks_for() -> None:
    assert {"PHONE_KEY", "PORTAL_TOKEN_KEY", "PERSONAL_KEY", "SECRET_ANSWER_KEY", "VERIFICATION_FORM",
            "ONBOARDING_FORM", "REDACTED"} <= set(SHARED)
    assert SHARED["PHONE_KEY"] == "whatsapp_phone"


def test_rasa_s_events_table_is_declared_once() -> None:
    declared: List[str] = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Table" \
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "events":
                declared.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert declared == []  # reports/events.py declares it with EVENTS_TABLE, no one else at all


def test_the_events_table_is_rasa_s() -> None:
    from rasa.core.tracker_store import SQLTrackerStore

    rasa_table = SQLTrackerStore.SQLEvent.__table__
    assert events.EVENTS.name == rasa_table.name
    assert [(c.name, type(c.type)) for c in events.EVENTS.columns] == \
        [(c.name, type(c.type)) for c in rasa_table.columns]


def test_the_event_type_names_the_reports_read_are_rasa_s() -> None:
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, UserUttered

    assert (UserUttered.type_name, BotUttered.type_name, ActiveLoop.type_name) == events.TURN_TYPES
    assert ActiveLoop.type_name == events.FORM_EVENT and ActionExecuted.type_name == events.ACTION_EVENT


def test_both_processes_take_the_shared_names_from_one_module() -> None:
    """Wherever bot/, console/, actions/ or the core import a shared name, it comes from the conversation
    kernel's huurwijzer.conversation.shared_names (Rasa's events table from huurwijzer.reports.events);
    and the Rasa side (bot/) and the action side (actions/) both use it."""
    elsewhere: List[str] = []
    used = {"bot": 0, "actions": 0}
    homes = {**{name: "huurwijzer.conversation.shared_names" for name in SHARED.keys() | SHARED_SETS},
             "EVENTS": "huurwijzer.reports.events", "EVENTS_TABLE": "huurwijzer.reports.events"}
    for path, tree in sources():
        top = path.relative_to(ROOT).parts[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if alias.name not in homes:
                        if node.module == "huurwijzer.conversation" and alias.name == "shared_names":
                            used[top] = used.get(top, 0) + 1
                    elif node.module == homes[alias.name]:
                        used[top] = used.get(top, 0) + 1
                    else:
                        elsewhere.append(f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name} from {node.module}")
    assert elsewhere == []
    assert used["bot"] >= 4 and used["actions"] >= 4


def test_the_shared_names_need_nothing_but_python() -> None:
    """The Rasa server, the console and the action server all import shared_names: it imports nothing."""
    tree = ast.parse((ROOT / "huurwijzer" / "conversation" / "shared_names.py").read_text(encoding="utf-8"))
    imported = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [getattr(node, "module", None) for node in imported] == ["__future__"]


def test_no_private_name_is_imported_from_our_other_modules() -> None:
    private: List[str] = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PACKAGES:
                private += [f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}.{alias.name}"
                            for alias in node.names if alias.name.startswith("_") and alias.name != "__version__"]
    assert private == []


def test_the_core_names_rasa_s_requested_slot_as_rasa_does() -> None:
    from rasa.shared.core.constants import REQUESTED_SLOT as RASA_REQUESTED_SLOT
    from rasa_sdk.forms import REQUESTED_SLOT as SDK_REQUESTED_SLOT

    assert shared_names.REQUESTED_SLOT == SDK_REQUESTED_SLOT == RASA_REQUESTED_SLOT
