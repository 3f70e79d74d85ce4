"""Latency and throughput per message through the REST channel, including the action server
and the knowledge lookup. Starts both servers itself on 127.0.0.1 and stops them.

    .venv/bin/python bench/latency.py [--messages 20] [--concurrency 1 10 50]

Each conversation sends its messages back to back; prints p50/p95 latency, throughput, errors
and the RSS memory of both processes. Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import List, Tuple

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.servers import running_servers  # noqa: E402

QUESTIONS = (
    "hallo", "wie moet mijn lekkende kraan repareren?", "hoe zeg ik mijn huur op?",
    "wanneer moet de huur betaald zijn?", "de buren maken elke nacht lawaai", "mag ik een kat houden?",
    "wat zijn jullie openingstijden?", "ik wil een medewerker spreken", "het dak lekt, wie betaalt dat?",
    "hoe vraag ik huurtoeslag aan?",
)


def conversation(url: str, sender: str, count: int, out: List[Tuple[float, bool]]) -> None:
    with requests.Session() as http:
        for i in range(count):
            started = time.perf_counter()
            try:
                response = http.post(url, json={"sender": sender, "message": QUESTIONS[i % len(QUESTIONS)]},
                                     timeout=30)
                ok = response.status_code == 200 and any("custom" in m for m in response.json())
            except requests.RequestException:
                ok = False
            out.append((time.perf_counter() - started, ok))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20, help="messages per conversation")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--endpoints", type=Path, default=ROOT / "bot" / "endpoints.yml",
                        help="Rasa endpoints file, e.g. one without a tracker store to isolate its cost")
    parser.add_argument("--plain-rasa", action="store_true", help="stock `rasa run`, without bot/speedups.py")
    args = parser.parse_args()
    model = ROOT / "models" / "huurwijzer.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        # One conversation sends back-to-back, far faster than a person: no rate limit here.
        with running_servers(model, Path(tmp), env={"HUURWIJZER_RATE_LIMIT": "0"}, endpoints=args.endpoints,
                             plain_rasa=args.plain_rasa) as servers:
            print(f"cold start (both servers ready): {time.perf_counter() - started:.1f} s")
            conversation(servers.rest_url, "warm-up", 10, [])
            print("| conversations | messages | p50 ms | p95 ms | messages/s | errors |")
            print("|---|---|---|---|---|---|")
            for concurrency in args.concurrency:
                results: List[Tuple[float, bool]] = []
                threads = [threading.Thread(target=conversation,
                                            args=(servers.rest_url, f"c{concurrency}-{i}", args.messages, results))
                           for i in range(concurrency)]
                began = time.perf_counter()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                elapsed = time.perf_counter() - began
                latencies = sorted(r[0] * 1000 for r in results)
                p95 = latencies[int(0.95 * (len(latencies) - 1))]
                errors = sum(1 for _, ok in results if not ok)
                print(f"| {concurrency} | {len(results)} | {statistics.median(latencies):.0f} | {p95:.0f} "
                      f"| {len(results) / elapsed:.1f} | {errors} |", flush=True)
            print(f"RSS: rasa {rss_mb(servers.rasa_pids[0]):.0f} MB, action server {rss_mb(servers.action_pid):.0f} MB")


if __name__ == "__main__":
    main()
