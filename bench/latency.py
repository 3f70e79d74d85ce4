"""Latency and throughput per message through the REST channel, including the action server
and the knowledge lookup. Starts the servers itself on 127.0.0.1 and stops them.

    .venv/bin/python bench/latency.py                         # p50/p95 at 1, 10, 50 conversations
    .venv/bin/python bench/latency.py --offered 20            # open loop: 20 messages/s from 100 tenants
    .venv/bin/python bench/latency.py --soak                  # 100 conversations x 20, errors and lost turns
    .venv/bin/python bench/latency.py --production --instances 2   # PostgreSQL + Redis, two Rasa servers
    .venv/bin/python bench/latency.py --concurrency 1 --letters    # also long letters (~110 words)

Back-to-back conversations send their next message as soon as the answer arrives (throughput at
saturation). The open-loop run sends at a fixed rate whatever the answers do, as tenants would, and
measures each message from its planned send time, so a queue shows up in the figures. A message is
lost when the tracker store does not hold it afterwards. Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

import requests
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.servers import POSTGRES, free_port, running_servers, scratch_postgres  # noqa: E402

QUESTIONS = (
    "hallo", "wie moet mijn lekkende kraan repareren?", "hoe zeg ik mijn huur op?",
    "wanneer moet de huur betaald zijn?", "de buren maken elke nacht lawaai", "mag ik een kat houden?",
    "wat zijn jullie openingstijden?", "ik wil een medewerker spreken", "het dak lekt, wie betaalt dat?",
    "hoe vraag ik huurtoeslag aan?",
)
# Written for this benchmark (not taken from any evaluation set): letters of about 110 words with
# the question inside a story, the kind issue 15 describes.
LETTERS = (
    "Goedemiddag, mijn naam is Petra Jansen en ik woon sinds 2009 op de Berkenlaan 31 in een bovenwoning. "
    "Al een paar weken ruikt het in de slaapkamer van mijn zoon muf en er komen zwarte plekken op het plafond "
    "en in de hoek bij het raam. Ik lucht elke dag en de verwarming staat gewoon aan, maar het wordt steeds "
    "erger. Mijn zoon heeft astma en hoest 's nachts veel, de huisarts zegt dat het door het vocht kan komen. "
    "Ik heb het vorig jaar ook al eens gemeld maar er is nooit iemand gekomen. Wie moet dit oplossen en hoe "
    "snel kan er iemand komen kijken? Met vriendelijke groet, Petra Jansen",
    "Beste mensen, wij huren nu elf jaar een eengezinswoning aan de Vlierstraat en zijn altijd tevreden "
    "geweest. Gisteravond hoorden we een harde klap en toen bleek dat de dakgoot aan de achterkant half "
    "los hangt, er loopt bij regen water langs de gevel naar binnen bij het kozijn van de keuken. Mijn "
    "man wilde er met een ladder bij maar dat durf ik niet, hij is zeventig. De buurman zegt dat de goot "
    "al jaren slecht is. Moeten wij dit zelf laten maken of doen jullie dat, en moeten we er iets voor "
    "betalen? Alvast bedankt voor uw antwoord. Groeten, familie de Wit",
)
Result = Tuple[float, bool]  # seconds, answered with the metadata message


def ask(http: requests.Session, url: str, sender: str, message: str) -> bool:
    try:
        response = http.post(url, json={"sender": sender, "message": message}, timeout=30)
        return response.status_code == 200 and any("custom" in m for m in response.json())
    except (requests.RequestException, ValueError):
        return False


def conversation(url: str, sender: str, count: int, out: List[Result], texts: Sequence[str] = QUESTIONS) -> None:
    with requests.Session() as http:
        for i in range(count):
            started = time.perf_counter()
            ok = ask(http, url, sender, texts[i % len(texts)])
            out.append((time.perf_counter() - started, ok))


def back_to_back(urls: Sequence[str], conversations: int, messages: int, prefix: str,
                 texts: Sequence[str] = QUESTIONS) -> Tuple[List[Result], float]:
    """Every conversation on its own thread; conversations alternate over the Rasa servers, as a
    load balancer would spread them."""
    results: List[Result] = []
    threads = [threading.Thread(target=conversation,
                                args=(urls[i % len(urls)], f"{prefix}-{i}", messages, results, texts))
               for i in range(conversations)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def offered_load(urls: Sequence[str], rate: float, seconds: float, tenants: int) -> Tuple[List[Result], float]:
    """`rate` messages per second in all, spread evenly over `tenants` conversations; a tenant's
    next message waits for its previous answer (people read before they type), and the latency
    counts from the planned send time."""
    results: List[Result] = []
    interval = tenants / rate
    count = max(1, int(seconds * rate / tenants))

    def tenant(index: int) -> None:
        url, sender = urls[index % len(urls)], f"offered-{index}"
        planned = began + index / rate
        with requests.Session() as http:
            for i in range(count):
                time.sleep(max(0.0, planned - time.perf_counter()))
                ok = ask(http, url, sender, QUESTIONS[(index + i) % len(QUESTIONS)])
                results.append((time.perf_counter() - planned, ok))
                planned += interval

    threads = [threading.Thread(target=tenant, args=(i,)) for i in range(tenants)]
    began = time.perf_counter() + 0.5
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def row(label: str, results: List[Result], elapsed: float, cpu: Tuple[float, float], lost: str = "") -> str:
    latencies = sorted(r[0] * 1000 for r in results)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    errors = sum(1 for _, ok in results if not ok)
    rasa_ms, action_ms = (1000 * c / len(results) for c in cpu)
    return (f"| {label} | {len(results)} | {statistics.median(latencies):.0f} | {p95:.0f} | {max(latencies):.0f} "
            f"| {len(results) / elapsed:.1f} | {rasa_ms:.1f} | {action_ms:.1f} | {errors} |{lost}")


def user_turns(tracker: Engine, prefix: str) -> Dict[str, int]:
    from rasa.core.tracker_store import SQLTrackerStore

    events = SQLTrackerStore.SQLEvent.__table__
    query = (select(events.c.sender_id, func.count()).where(events.c.type_name == "user")
             .where(events.c.sender_id.like(f"{prefix}-%")).group_by(events.c.sender_id))
    with tracker.connect() as conn:
        return {sender: count for sender, count in conn.execute(query)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process used so far (steadier than wall-clock throughput on a
    shared machine)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def production_databases() -> Iterator[Dict[str, str]]:
    """A fresh PostgreSQL tracker database and an unused Redis database number for the run."""
    with scratch_postgres("hw_bench") as name:
        yield {"HUURWIJZER_TRACKER_PG_HOST": "127.0.0.1", "HUURWIJZER_TRACKER_PG_PORT": "5432",
               "HUURWIJZER_TRACKER_PG_DB": name, "HUURWIJZER_TRACKER_PG_USER": "postgres",
               "HUURWIJZER_TRACKER_PG_PASSWORD": "", "HUURWIJZER_REDIS_HOST": "127.0.0.1",
               "HUURWIJZER_REDIS_PORT": "6379", "HUURWIJZER_REDIS_LOCK_DB": "7"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20, help="messages per conversation")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--offered", type=float, metavar="PER_SECOND", help="open-loop run at this rate")
    parser.add_argument("--seconds", type=float, default=60, help="length of the open-loop run")
    parser.add_argument("--tenants", type=int, default=100, help="conversations in the open-loop run")
    parser.add_argument("--soak", action="store_true", help="100 conversations x 20 messages, counting lost turns")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "bot" / "endpoints.yml",
                        help="Rasa endpoints file, e.g. one without a tracker store to isolate its cost")
    parser.add_argument("--production", action="store_true",
                        help="bot/endpoints.production.yml on a fresh PostgreSQL database and Redis")
    parser.add_argument("--instances", type=int, default=1, help="Rasa servers (needs --production)")
    parser.add_argument("--plain-rasa", action="store_true", help="stock `rasa run`, without bot/speedups.py")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "huurwijzer.tar.gz",
                        help="the model to serve (compare two pipelines side by side)")
    parser.add_argument("--console", action="store_true", help="start the staff console too and report its RSS")
    parser.add_argument("--letters", action="store_true",
                        help="back to back: also a run of the two ~110-word letters (LETTERS) after the questions")
    parser.add_argument("--ports", type=int, metavar="FIRST",
                        help="the first Rasa server on FIRST, the action server on FIRST + 1 (a shared machine: "
                             "stay in your own range); other servers on free ports")
    args = parser.parse_args()
    if args.instances > 1 and not args.production:
        parser.error("several Rasa servers must share stores: add --production")
    model = args.model
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        # Benchmarks send far faster than a person, and start many conversations from one address:
        # no rate limits here.
        env = {"HUURWIJZER_RATE_LIMIT": "0", "HUURWIJZER_NEW_CONVERSATIONS_PER_MINUTE": "0"}
        endpoints = args.endpoints
        tracker_url = f"sqlite:///{tmp / 'tracker.db'}"
        if args.production:
            env.update(stack.enter_context(production_databases()))
            endpoints = ROOT / "bot" / "endpoints.production.yml"
            tracker_url = f"{POSTGRES}/{env['HUURWIJZER_TRACKER_PG_DB']}"
        started = time.perf_counter()
        if args.console:  # its own database, so the run leaves var/ alone
            env["HUURWIJZER_DATABASE_URL"] = f"sqlite:///{tmp / 'tenancy.db'}"
        servers = stack.enter_context(running_servers(model, tmp, env=env, endpoints=endpoints,
                                                      plain_rasa=args.plain_rasa, rasa_instances=args.instances,
                                                      console_port=free_port() if args.console else None,
                                                      rasa_port=args.ports,
                                                      action_port=args.ports + 1 if args.ports else None))
        print(f"cold start ({args.instances} Rasa server(s) and the action server ready): "
              f"{time.perf_counter() - started:.1f} s")
        for i, url in enumerate(servers.rest_urls):
            conversation(url, f"warm-up-{i}", 10, [])
        print("| run | messages | p50 ms | p95 ms | max ms | messages/s | Rasa CPU ms/msg | action CPU ms/msg "
              "| errors |" + (" lost |" if args.soak else ""))
        print("|---|---|---|---|---|---|---|---|---|" + ("---|" if args.soak else ""))

        def cpu_now() -> Tuple[float, float]:
            return sum(cpu_seconds(pid) for pid in servers.rasa_pids), cpu_seconds(servers.action_pid)

        def cpu_since(before: Tuple[float, float]) -> Tuple[float, float]:
            after = cpu_now()
            return after[0] - before[0], after[1] - before[1]

        before = cpu_now()
        if args.offered:
            results, elapsed = offered_load(servers.rest_urls, args.offered, args.seconds, args.tenants)
            print(row(f"offered {args.offered:g}/s, {args.tenants} tenants", results, elapsed, cpu_since(before)),
                  flush=True)
        elif args.soak:
            results, elapsed = back_to_back(servers.rest_urls, 100, 20, "soak")
            cpu = cpu_since(before)
            tracker = create_engine(tracker_url, future=True)
            stored = user_turns(tracker, "soak")
            tracker.dispose()
            lost = sum(20 - stored.get(f"soak-{i}", 0) for i in range(100))
            print(row("100 x 20 back to back", results, elapsed, cpu, f" {lost} |"), flush=True)
        else:
            for concurrency in args.concurrency:
                before = cpu_now()
                results, elapsed = back_to_back(servers.rest_urls, concurrency, args.messages, f"c{concurrency}")
                print(row(f"{concurrency} back to back", results, elapsed, cpu_since(before)), flush=True)
                if args.letters:
                    before = cpu_now()
                    results, elapsed = back_to_back(servers.rest_urls, concurrency, args.messages,
                                                    f"l{concurrency}", LETTERS)
                    print(row(f"{concurrency} back to back, letters", results, elapsed, cpu_since(before)),
                          flush=True)
        rasa = ", ".join(f"rasa {rss_mb(pid):.0f} MB" for pid in servers.rasa_pids)
        console = f", console {rss_mb(servers.processes[-1].pid):.0f} MB" if args.console else ""
        print(f"RSS: {rasa}, action server {rss_mb(servers.action_pid):.0f} MB{console}")


if __name__ == "__main__":
    main()
