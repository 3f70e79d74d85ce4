"""Two faults of the tracker database under the production configuration (one Rasa server, the
tracker store and the tenancy database on PostgreSQL through forwarders of their own, Redis, the
action server):

- it drops right after the repair request was committed to the tenancy database, before the turn
  is stored: the tenant gets the apology, sends the last answer again and gets the request already
  made, with its reference; there is exactly one request;
- it hangs (accepts connections, answers nothing): the tenant gets the apology within the connect
  and statement timeouts, and the next message after the stall is answered.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Iterator, List

import pytest
import requests
from sqlalchemy import create_engine, select

from bot.servers import POSTGRES, ROOT, free_port, running_servers, scratch_postgres
from tests.redis_server import start_redis
from tests.tcp_proxy import TcpProxy
from tests.test_faults import (
    APOLOGY,
    RECOVERY_SECONDS,
    Conversation,
    Stack,
    in_flight,
    production_env,
    seeded_holder,
    start_repair,
)

TIMEOUT_SECONDS = 2  # HUURWIJZER_DB_CONNECT_TIMEOUT and HUURWIJZER_DB_STATEMENT_TIMEOUT here


@pytest.fixture(scope="module")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    logs = tmp_path_factory.mktemp("repeat-stall")
    redis_port = free_port()
    redis_server = start_redis(redis_port)
    tracker_pg, tenancy_pg = TcpProxy(5432).start(), TcpProxy(5432).start()
    lock_redis, counter_redis = TcpProxy(redis_port).start(), TcpProxy(redis_port).start()
    try:
        with scratch_postgres("hw_stall_tracker") as tracker_db, scratch_postgres("hw_stall_tenancy") as tenancy_db:
            holder = seeded_holder(tenancy_db)
            env = {**production_env(tracker_db, tracker_pg, tenancy_db, tenancy_pg, lock_redis, counter_redis),
                   "HUURWIJZER_DB_CONNECT_TIMEOUT": str(TIMEOUT_SECONDS),
                   "HUURWIJZER_DB_STATEMENT_TIMEOUT": str(TIMEOUT_SECONDS)}
            with running_servers(trained_model, logs, env=env, endpoints=ROOT / "bot" / "endpoints.production.yml",
                                 ) as servers:
                built = Stack(servers, env, tracker_db, holder, tracker_pg, lock_redis, counter_redis, logs)
                yield built
    finally:
        for proxy in (tracker_pg, tenancy_pg, lock_redis, counter_redis):
            proxy.resume()
            proxy.stop()
        redis_server.terminate()
        redis_server.wait(timeout=10)


def requests_of(stack: Stack, contract: str) -> List[str]:
    from huurwijzer.tenancy import schema as t

    engine = create_engine(f"{POSTGRES}/{stack.tenancy_db}", future=True)
    with engine.connect() as conn:
        c, r = t.contracts, t.repair_requests
        rows = conn.execute(select(r.c.reference).join(c, c.c.id == r.c.contract_id)
                            .where(c.c.contract_number == contract).order_by(r.c.id)).scalars().all()
    engine.dispose()
    return list(rows)


def test_tracker_database_drops_after_the_request_is_made_and_the_answer_is_sent_again(stack: Stack) -> None:
    c = Conversation(stack)
    start_repair(c)
    assert "dringend" in c.say("slaapkamer")
    before = requests_of(stack, c.stack.holder.contract_number)
    # The action server waits while the turn is under way; the tracker database drops meanwhile, so
    # the request is made (tenancy database) and the turn cannot be stored.
    cut = in_flight(c, stack, "het kan een paar dagen wachten", 0, stack.pg.stop, stored=False)
    cut.join(timeout=60)
    result = cut.result  # type: ignore[attr-defined]
    assert "error" not in result, result.get("error")
    assert APOLOGY in result["said"] and "referentienummer" not in result["said"]
    made = requests_of(stack, c.stack.holder.contract_number)
    assert len(made) == len(before) + 1  # committed before the turn failed
    stack.pg = TcpProxy(5432, port=stack.pg.port).start()

    said = c.say("het kan een paar dagen wachten", within=RECOVERY_SECONDS)  # the tenant sends it again
    assert "al gemeld" in said and made[-1] in said, said
    assert re.findall(r"R-\d{4}-\d{6}", said) == [made[-1]]
    assert requests_of(stack, c.stack.holder.contract_number) == made  # exactly one request
    assert c.slots().get("repair_location") is None  # the form ended
    c.check_stored_turns()


def test_tracker_database_hangs_then_answers_again(stack: Stack) -> None:
    c = Conversation(stack)
    assert "opzegtermijn" in c.say("hoe zeg ik mijn huur op")
    stack.pg.stall()
    try:
        started = time.monotonic()
        said = c.say("hoe zeg ik mijn huur op", stored=False)
        seconds = time.monotonic() - started
        print(f"stalled tracker database: apology after {seconds:.1f} s")
        # A pooled connection's check waits the statement timeout, a new connection the connect timeout.
        assert APOLOGY in said and "088 - 000 12 34" in said
        assert seconds < 2 * TIMEOUT_SECONDS + 2.0, f"apology after {seconds:.1f} s"
        assert stack.servers.all_running()
    finally:
        stack.pg.resume()
    started = time.monotonic()
    assert "opzegtermijn" in c.say("hoe zeg ik mijn huur op", within=RECOVERY_SECONDS)
    print(f"first message after the stall: answered after {time.monotonic() - started:.1f} s")
    c.check_stored_turns()


def test_the_server_answers_other_requests_while_the_tracker_database_hangs(stack: Stack) -> None:
    """A turn waiting on the hanging tracker database does not hold up the server: its health page
    is answered at once, and a second conversation gets its apology within the timeouts too, not
    after the first one's."""
    first, second = Conversation(stack), Conversation(stack)
    assert "opzegtermijn" in first.say("hoe zeg ik mijn huur op")
    assert "opzegtermijn" in second.say("hoe zeg ik mijn huur op")
    health = f"http://127.0.0.1:{stack.port(0)}/"
    stack.pg.stall()
    try:
        started = time.monotonic()
        waiting = threading.Thread(target=lambda: first.say("hoe zeg ik mijn huur op", stored=False))
        waiting.start()
        time.sleep(0.5)  # the first turn is waiting on the database now
        assert requests.get(health, timeout=30).status_code == 200
        answered = time.monotonic() - started - 0.5
        said = second.say("hoe zeg ik mijn huur op", stored=False)
        second_done = time.monotonic() - started
        waiting.join(timeout=60)
        print(f"stalled tracker database: health page after {answered:.2f} s, second conversation's "
              f"apology {second_done:.1f} s after the first message")
        assert APOLOGY in said
        assert answered < 0.5, f"the health page waited {answered:.1f} s for the stalled database"
        assert second_done < 2 * TIMEOUT_SECONDS + 2.0, f"second conversation answered after {second_done:.1f} s"
    finally:
        stack.pg.resume()
    assert "opzegtermijn" in second.say("hoe zeg ik mijn huur op", within=RECOVERY_SECONDS)
    first.check_stored_turns()
    second.check_stored_turns()
