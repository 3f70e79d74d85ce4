"""Channel state for several Rasa servers (bot/channels/shared_state/): the same behaviour in
memory and on this machine's Redis (127.0.0.1:6379, database 13), shared between two servers'
instances in Redis, hashed keys, and answering on when Redis is down."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Dict, Iterator, TypeVar

import pytest
import redis

from bot.channels import shared_state as state
from bot.channels.shared_state import in_memory as memory_state
from bot.channels.shared_state import in_redis as redis_state
from bot.channels.shared_state import kinds
from bot.servers import free_port

REDIS = "redis://127.0.0.1:6379/13"
T = TypeVar("T")


def run(awaitable: Awaitable[T]) -> T:
    async def inner() -> T:
        return await awaitable

    return asyncio.run(inner())


@pytest.fixture()
def clean_redis() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS)
    client.flushdb()
    yield client
    client.flushdb()


Factories = Dict[str, Callable[..., Any]]


def memory() -> Factories:
    return {"limit": memory_state.MemorySenderLimit, "seen": lambda: memory_state.MemorySeenMessages(),
            "choices": memory_state.MemoryChoices}


def in_redis() -> Factories:
    shared = redis_state.RedisState(REDIS)
    return {"limit": lambda n, window=kinds.WINDOW_SECONDS: redis_state.RedisSenderLimit(shared, n, window),
            "seen": lambda: redis_state.RedisSeenMessages(shared, "whatsapp"),
            "choices": lambda: redis_state.RedisChoices(shared)}


@pytest.fixture(params=["memory", "redis"])
def make(request: pytest.FixtureRequest, clean_redis: redis.Redis) -> Factories:
    return memory() if request.param == "memory" else in_redis()


def test_limit_per_sender_and_window(make: Factories) -> None:
    limit = make["limit"](3, window=0.5)
    assert [run(limit.allow("a")) for _ in range(4)] == [True, True, True, False]
    assert run(limit.allow("b"))  # others are not affected
    time.sleep(0.6)
    assert run(limit.allow("a"))  # the window has passed
    off = make["limit"](0)
    assert all(run(off.allow("x")) for _ in range(50))


def test_refused_messages_do_not_extend_the_wait(make: Factories) -> None:
    limit = make["limit"](2, window=0.5)
    assert run(limit.allow("a")) and run(limit.allow("a"))
    for _ in range(5):  # a script keeps sending; only accepted messages count
        assert not run(limit.allow("a"))
        time.sleep(0.05)
    time.sleep(0.35)
    assert run(limit.allow("a"))


def test_a_message_id_is_handled_once(make: Factories) -> None:
    seen = make["seen"]()
    assert run(seen.first_time("wamid.1"))
    assert not run(seen.first_time("wamid.1"))
    assert run(seen.first_time("wamid.2"))


def test_choices_are_read_once(make: Factories) -> None:
    shown = make["choices"]()
    buttons = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
    run(shown.put("tenant", buttons))
    assert run(shown.peek("tenant")) == buttons  # read without taking: a retry after a crash reads it again
    assert run(shown.peek("tenant")) == buttons
    assert run(shown.pop("tenant")) == buttons
    assert run(shown.pop("tenant")) == []
    assert run(shown.peek("tenant")) == [] and run(shown.pop("someone else")) == []


def test_two_servers_share_limit_ids_and_choices(clean_redis: redis.Redis) -> None:
    first, second = in_redis(), in_redis()  # as two Rasa servers, each with its own connection
    limit_a, limit_b = first["limit"](2), second["limit"](2)
    assert run(limit_a.allow("s")) and run(limit_b.allow("s"))
    assert not run(limit_a.allow("s")) and not run(limit_b.allow("s"))
    assert run(first["seen"]().first_time("wamid.9"))
    assert not run(second["seen"]().first_time("wamid.9"))  # Meta's retry reached the other server
    run(first["choices"]().put("tenant", [{"title": "Ja", "payload": "/affirm"}]))
    assert run(second["choices"]().pop("tenant")) == [{"title": "Ja", "payload": "/affirm"}]


def test_redis_keys_hold_no_phone_numbers_or_sender_ids(clean_redis: redis.Redis) -> None:
    made = in_redis()
    run(made["limit"](5).allow("+31612345678"))
    run(made["seen"]().first_time("wamid.HBgLMzE2MTIzNDU2Nzg"))
    run(made["choices"]().put("+31612345678", [{"title": "Ja"}]))
    keys = [k.decode() for k in clean_redis.keys("*")]
    assert len(keys) == 3 and all(k.startswith("hw:") for k in keys)
    assert not any("3161" in k or "wamid" in k for k in keys)


def test_redis_down_answers_on_within_the_timeout(caplog: pytest.LogCaptureFixture) -> None:
    down = redis_state.RedisState(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    caplog.set_level(logging.ERROR, logger="bot.channels.shared_state.in_redis")
    started = time.monotonic()
    assert run(redis_state.RedisSenderLimit(down, 1).allow("a"))
    assert run(redis_state.RedisSeenMessages(down, "twilio").first_time("SM1"))
    run(redis_state.RedisChoices(down).put("k", [{"title": "Ja"}]))
    assert run(redis_state.RedisChoices(down).pop("k")) == []
    assert run(redis_state.RedisChoices(down).peek("k")) == []
    assert time.monotonic() - started < 5 * (redis_state.REDIS_TIMEOUT + 0.5)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 5 and all(m.startswith("channel_state.unavailable store=redis") for m in messages)


def test_settings_choose_redis_only_with_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from huurwijzer.settings import get_settings

    monkeypatch.setattr(state, "_limit", None)
    monkeypatch.delenv("HUURWIJZER_REDIS_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert isinstance(state.seen_messages("whatsapp"), memory_state.MemorySeenMessages)
        assert isinstance(state.choices(), memory_state.MemoryChoices)
        monkeypatch.setenv("HUURWIJZER_REDIS_URL", REDIS)
        monkeypatch.setenv("HUURWIJZER_RATE_LIMIT", "7")
        get_settings.cache_clear()
        assert isinstance(state.seen_messages("whatsapp"), redis_state.RedisSeenMessages)
        limit = state.sender_limit()
        assert isinstance(limit, redis_state.RedisSenderLimit) and limit.per_window == 7
    finally:
        monkeypatch.setattr(state, "_limit", None)
        get_settings.cache_clear()


def test_a_typed_number_means_the_choice_in_that_place() -> None:
    from bot.channels.shared_state import typed_choice

    shown = [{"title": "Verder", "payload": "/onboarding_next"},
             {"title": "Later verder", "payload": "/onboarding_stop"}]
    assert typed_choice(" 2 ", shown) == "/onboarding_stop"
    assert typed_choice("3", shown) == "3" and typed_choice("0", shown) == "0" and typed_choice("ja", shown) == "ja"
    marks = [{"title": str(n), "payload": str(n)} for n in range(10, 0, -1)]  # a number that is a choice itself
    assert typed_choice("2", marks) == "2"
