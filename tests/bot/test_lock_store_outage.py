"""The Redis lock store hanging (a server that accepts connections and never answers, or the
machine's Redis behind a forwarder that stalls): a message's lock calls wait in a worker thread,
so the Rasa server's event loop goes on serving other requests and conversations meanwhile; the
tenant gets the apology, or the answer when the turn was stored before Redis hung."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from types import SimpleNamespace
from typing import Any, Dict, Iterator, List, Optional

import pytest
import redis
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError, RedisLockStore

from bot import speedups
from bot.resilience import conversation_lock, turn
from tests.tcp_proxy import TcpProxy

REDIS_DB = 12  # the machine's Redis, a database these tests share with test_resilience.py
APOLOGY = "spijt me"


@pytest.fixture()
def hanging_port() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts every connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: List[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield int(listener.getsockname()[1])
    listener.close()
    for conn in held:
        conn.close()


async def loop_ticks(seconds: float = 0.5) -> int:
    """How often the event loop ran a 10 ms sleep in `seconds` (about 50 when it is free)."""
    ticks, started = 0, time.monotonic()
    while time.monotonic() - started < seconds:
        await asyncio.sleep(0.01)
        ticks += 1
    return ticks


def an_agent(store: Any, answer: Optional[Any] = None) -> Any:
    """What turn.handle_message uses of Rasa's Agent: nothing stored yet, a processor that answers."""
    async def retrieve(sender: str) -> None:
        return None

    async def handle(message: UserMessage) -> None:
        if answer is not None:
            await answer()
        await message.output_channel.send_text_message(message.sender_id, "het antwoord")

    return SimpleNamespace(is_ready=lambda: True, lock_store=store,
                           tracker_store=SimpleNamespace(retrieve=retrieve),
                           processor=SimpleNamespace(handle_message=handle))


def said(channel: CollectingOutputChannel) -> str:
    return " ".join(str(m.get("text") or "") for m in channel.messages)


def test_a_message_while_redis_hangs_gets_the_apology_and_the_loop_runs_meanwhile(hanging_port: int) -> None:
    store = RedisLockStore(host="127.0.0.1", port=hanging_port, db=REDIS_DB, socket_timeout=1)

    async def message_during_the_hang() -> Dict[str, Any]:
        channel = CollectingOutputChannel()
        handling = asyncio.ensure_future(turn.handle_message(
            an_agent(store), UserMessage("mag ik een kat houden?", channel, f"hang-{uuid.uuid4().hex}")))
        ticks = await loop_ticks()
        waiting = not handling.done()
        await handling
        return {"ticks": ticks, "waiting": waiting, "said": said(channel)}

    seen = asyncio.run(message_during_the_hang())
    assert seen["waiting"] and seen["ticks"] >= 20, f"the event loop ran {seen['ticks']} times in 0.5 s"
    assert APOLOGY in seen["said"] and "het antwoord" not in seen["said"]


def test_redis_hanging_at_the_end_of_a_turn_leaves_the_loop_free_and_the_answer_is_sent() -> None:
    """The turn was stored; releasing its lock waits on the hanging Redis off the loop; the answer is
    sent, and the lock is released once Redis answers again."""
    proxy = TcpProxy(6379).start()
    store = RedisLockStore(host="127.0.0.1", port=proxy.port, db=REDIS_DB, socket_timeout=1)
    sender = f"hang-end-{uuid.uuid4().hex}"
    key = store.key_prefix + sender
    try:
        async def hang_during_the_turn() -> Dict[str, Any]:
            channel = CollectingOutputChannel()

            async def answer() -> None:
                proxy.stall()

            handling = asyncio.ensure_future(turn.handle_message(
                an_agent(store, answer), UserMessage("mag ik een kat houden?", channel, sender)))
            ticks = await loop_ticks()
            waiting = not handling.done()
            await handling
            held = redis.Redis(port=6379, db=REDIS_DB).exists(key)
            proxy.resume()
            deadline = time.monotonic() + conversation_lock.LOCK_SECONDS + 1
            while redis.Redis(port=6379, db=REDIS_DB).exists(key) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return {"ticks": ticks, "waiting": waiting, "said": said(channel), "held": held,
                    "released": not redis.Redis(port=6379, db=REDIS_DB).exists(key)}

        seen = asyncio.run(hang_during_the_turn())
        assert seen["waiting"] and seen["ticks"] >= 20, f"the event loop ran {seen['ticks']} times in 0.5 s"
        assert seen["said"] == "het antwoord"
        assert seen["held"] and seen["released"]  # released late, when Redis answered again
    finally:
        proxy.resume()
        proxy.stop()
        redis.Redis(port=6379, db=REDIS_DB).delete(key)


def test_rasa_s_lock_context_waits_off_the_loop(hanging_port: int) -> None:
    """LockStore.lock as installed (Rasa's reminders and HTTP API use it)."""
    store = RedisLockStore(host="127.0.0.1", port=hanging_port, db=REDIS_DB, socket_timeout=1)
    lock = speedups.polled_often(conversation_lock.lock)

    async def take() -> None:
        async with lock(store, "reminder"):
            pass

    async def lock_during_the_hang() -> Dict[str, Any]:
        taking = asyncio.ensure_future(take())
        ticks = await loop_ticks()
        failed = await asyncio.gather(taking, return_exceptions=True)
        return {"ticks": ticks, "failed": failed[0]}

    seen = asyncio.run(lock_during_the_hang())
    assert seen["ticks"] >= 20 and isinstance(seen["failed"], LockError)
