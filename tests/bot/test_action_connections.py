"""bot.action_connections: the Rasa server's action calls reuse one kept-open connection instead of
opening a new TCP connection per call, and the kept connections are closed when the server stops."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot import action_connections, speedups


class CountingServer:
    """An HTTP/1.1 server on 127.0.0.1 that answers every POST with `{}` on a kept-open connection and
    counts the connections opened to it (and those closed by the client)."""

    def __init__(self) -> None:
        self.opened = 0
        self.closed_by_client = 0
        self.server: Any = None

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.opened += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                await reader.readexactly(length)
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            self.closed_by_client += 1
        finally:
            writer.close()

    async def start(self) -> str:
        self.server = await asyncio.start_server(self.serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/webhook"


@pytest.fixture()
def shared_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EndpointConfig, "session", speedups.session)


def test_action_calls_reuse_one_connection_and_it_is_closed_when_the_server_stops(shared_session: None) -> None:
    async def calls() -> Dict[str, Any]:
        counting = CountingServer()
        endpoint = EndpointConfig(await counting.start(), headers={"X-Test": "1"})
        answers: List[Any] = []
        for number in range(5):  # one conversation's action calls, one after the other
            answers.append(await endpoint.request(json={"next_action": f"action_{number}"}, method="post"))
        opened = counting.opened
        await action_connections.close()  # as the Rasa server's after_server_stop listener does
        await asyncio.sleep(0.1)
        counting.server.close()
        return {"answers": answers, "opened": opened, "closed": counting.closed_by_client}

    seen = asyncio.run(calls())
    assert seen["answers"] == [{}] * 5
    assert seen["opened"] == 1, f"{seen['opened']} connections for 5 calls"
    assert seen["closed"] == 1  # closed by the client when the server stopped


def test_calls_at_the_same_time_each_get_a_connection_and_keep_them(shared_session: None) -> None:
    async def calls() -> int:
        counting = CountingServer()
        endpoint = EndpointConfig(await counting.start())
        for _ in range(3):  # three rounds of four conversations calling at once
            await asyncio.gather(*(endpoint.request(json={"n": i}, method="post") for i in range(4)))
        await action_connections.close()
        counting.server.close()
        return counting.opened

    assert asyncio.run(calls()) == 4


def test_each_event_loop_has_its_own_connector(shared_session: None) -> None:
    async def the_connector() -> Any:
        return action_connections.connector()

    first, second = asyncio.run(the_connector()), asyncio.run(the_connector())
    assert first is not second
    assert len(action_connections._connectors) <= 1  # the first loop's entry went when the second was made


def test_the_rasa_server_closes_the_kept_connections_after_it_stops() -> None:
    """bot.shutdown.prepare (run on the Rasa server's app) adds `close` as an after_server_stop listener."""
    from sanic import Sanic

    from bot import shutdown

    app = Sanic("action_connections_closed")
    shutdown.prepare(app)
    after_stop = [getattr(signal.handler, "keywords", {}).get("listener") for signal in app._future_signals
                  if signal.event == "server.shutdown.after"]
    assert action_connections.close in after_stop
