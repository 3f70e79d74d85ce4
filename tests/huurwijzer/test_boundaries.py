"""The core package stays Rasa-free and below its users: huurwijzer/ imports nothing of actions/, bot/
or console/ and no framework (Rasa, the Rasa SDK, Flask, Sanic, socket.io), not even inside a
function; and the action server does not load the staff reports when it starts."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List, Tuple

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "huurwijzer"
FORBIDDEN = ("actions", "bot", "console", "rasa", "rasa_sdk", "flask", "sanic", "socketio", "engineio")


def imports(tree: ast.AST) -> Iterator[Tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module


def forbidden_imports(folder: Path) -> List[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for line, module in imports(ast.parse(path.read_text(encoding="utf-8"))):
            if module.split(".")[0] in FORBIDDEN:
                found.append(f"{path.relative_to(folder.parent)}:{line}: {module}")
    return found


def test_the_core_imports_none_of_its_users_and_no_framework() -> None:
    assert forbidden_imports(CORE) == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "late.py").write_text("def f():\n    from rasa_sdk import Action\n    import bot.server\n")
    (tmp_path / "fine.py").write_text("from huurwijzer.settings import get_settings\nimport rasa_like\n")
    assert [line.split(": ")[1] for line in forbidden_imports(tmp_path)] == ["rasa_sdk", "bot.server"]


# The core's parts, each importing only the parts before it (no circle between packages either).
LAYERS = ("content", "tenancy", "conversation", "reports")
BASE = ("settings", "privacy")


def upward_imports(core: Path) -> List[str]:
    found = []
    for path in sorted(core.rglob("*.py")):
        parts = path.relative_to(core).parts
        own = LAYERS.index(parts[0]) if parts[0] in LAYERS else -1
        for line, module in imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = module.split(".")
            if names[0] != core.name or len(names) < 2:
                continue
            if names[1] in LAYERS and LAYERS.index(names[1]) > own:
                found.append(f"{path.relative_to(core.parent)}:{line}: {module}")
            elif names[1] not in LAYERS and names[1] not in BASE:
                found.append(f"{path.relative_to(core.parent)}:{line}: {module} (not a known part)")
    return found


def test_the_core_parts_import_only_the_parts_below_them() -> None:
    assert upward_imports(CORE) == []


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    core = tmp_path / "huurwijzer"
    (core / "content").mkdir(parents=True)
    (core / "reports").mkdir()
    (core / "content" / "loader.py").write_text("def f():\n    from huurwijzer.conversation.onboarding import Step\n")
    (core / "reports" / "fine.py").write_text("from huurwijzer.content.loader import x\n"
                                              "from huurwijzer import settings\n")
    assert [line.split(": ")[1] for line in upward_imports(core)] == ["huurwijzer.conversation.onboarding"]


def test_the_action_server_starts_without_the_staff_reports() -> None:
    """rasa_sdk imports every module of the actions package at start-up (register_package): none of
    them may pull in the reports (unanswered questions, retention), which only staff tools use."""
    script = ("import sys\n"
              "from rasa_sdk.executor import ActionExecutor\n"
              "ActionExecutor().register_package('actions')\n"
              "import actions.server\n"
              "assert 'actions.personal_actions' in sys.modules and 'huurwijzer.conversation.kernel' in sys.modules\n"
              "print(sorted(m for m in sys.modules if m.startswith('huurwijzer.reports')))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_channels_keep_no_table_of_their_own_in_the_tenancy_database() -> None:
    """The Rasa server's channels write the tenancy database only through the owner of the state
    (huurwijzer.tenancy.answer_feedback for the web chat's thumbs), never through the schema."""
    schema_users = []
    for path in sorted((ROOT / "bot" / "channels").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module in imports(tree):
            names = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.lineno == line
                     for a in node.names]
            if module == "huurwijzer.tenancy.schema" or (module == "huurwijzer.tenancy" and "schema" in names):
                schema_users.append(f"{path.relative_to(ROOT)}:{line}")
    assert schema_users == []
