"""Pieces of bot/resilience/ without a running server: the conversation lock's renewal (on the
machine's Redis, a key of this test's own) and the circuit breaker that counts only this turn."""

from __future__ import annotations

import time
import uuid
from types import SimpleNamespace

import pytest
import redis
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.resilience.conversation_lock import LOCK_SECONDS, renew_ticket
from bot.resilience.listening import is_action_limit_reached


@pytest.mark.parametrize("kind", ["memory", "redis"])
def test_a_renewed_ticket_lives_on_and_the_others_stay_as_they_were(kind: str) -> None:
    store = InMemoryLockStore() if kind == "memory" else RedisLockStore(host="127.0.0.1", port=6379, db=12)
    conversation = f"renew-{uuid.uuid4().hex}"
    try:
        mine = store.issue_ticket(conversation, 0.5)
        theirs = store.issue_ticket(conversation, 0.5)
        renew_ticket(store, conversation, mine)
        lock = store.get_lock(conversation)
        assert lock is not None
        expires = {t.number: t.expires for t in lock.tickets}
        assert expires[mine] > time.time() + LOCK_SECONDS - 0.5 and expires[theirs] < time.time() + 1
        time.sleep(0.6)  # the other ticket expires; the renewed one is served
        store.update_lock(conversation)
        lock = store.get_lock(conversation)
        assert lock is not None and [t.number for t in lock.tickets] == [mine] and not lock.is_locked(mine)
    finally:
        if kind == "redis":
            redis.Redis(port=6379, db=12).delete(store.key_prefix + conversation)  # type: ignore[attr-defined]


def test_the_circuit_breaker_counts_only_the_actions_since_the_tenants_message() -> None:
    broken = [ActionExecuted("action_listen"), UserUttered("hallo"),
              *(ActionExecuted("action_fallback") for _ in range(10))]
    processor = SimpleNamespace(max_number_of_predictions=10)
    tracker = DialogueStateTracker.from_events("breaker", broken)
    assert is_action_limit_reached(processor, tracker, True)  # the turn that looped is stopped
    tracker.update(UserUttered("hoe zeg ik mijn huur op"))
    assert not is_action_limit_reached(processor, tracker, True)  # the next message is answered


@pytest.fixture()
def apology_from(knowledge_copy, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The apology read from a writable copy of knowledge/, counting the reads."""
    import importlib

    from bot.resilience import apology
    from huurwijzer.settings import get_settings

    monkeypatch.setenv("HUURWIJZER_KNOWLEDGE_DIR", str(knowledge_copy))
    get_settings.cache_clear()
    reads = []
    read = apology._read_apology
    importlib.reload(apology)  # nothing read yet
    monkeypatch.setattr(apology, "_read_apology", lambda: reads.append(1) or read())
    yield knowledge_copy, reads
    get_settings.cache_clear()


def test_the_apology_is_read_again_only_when_its_files_change(apology_from) -> None:  # type: ignore[no-untyped-def]
    """Every action call compares its turn with the apology: it used to parse replies.yml and
    corporation.yml again after each second (0.1-0.2 s of the event loop on a quiet server's every
    turn, and the first turn's holidays import on top)."""
    from bot.resilience.apology import apology_text

    folder, reads = apology_from
    first = apology_text()
    assert "spijt me" in first and len(reads) == 1
    time.sleep(1.1)
    assert apology_text() == first and len(reads) == 1  # unchanged files: not parsed again
    replies = folder / "replies.yml"
    replies.write_text(replies.read_text(encoding="utf-8").replace(
        "Het spijt me, er gaat bij mij", "Het spijt me echt, er gaat bij mij"), encoding="utf-8")
    time.sleep(1.1)
    assert "spijt me echt" in apology_text() and len(reads) == 2  # staff's edit is live
