"""How long a staff change takes to reach tenants, measured on running servers:

- an answer-text edit in knowledge/ (live without retraining, HUURWIJZER_RELOAD_SECONDS);
- a newly trained model (bot/model_reload.py, HUURWIJZER_MODEL_RELOAD_SECONDS): from the moment
  the file is replaced until the server reports the new model, while 10 tenants keep sending;
  their latency before and during the swap, and errors.

    .venv/bin/python bench/live_edits.py
"""

from __future__ import annotations

import os
import shutil
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

from bot.model_reload import model_file  # noqa: E402
from bot.servers import running_servers  # noqa: E402

QUESTION = "mag ik een kat houden?"


def answer_text(url: str, sender: str) -> str:
    reply = requests.post(url, json={"sender": sender, "message": QUESTION}, timeout=30).json()
    return "\n".join(m.get("text", "") for m in reply)


def summary(latencies: List[float]) -> str:
    ordered = sorted(1000 * s for s in latencies)
    return (f"{len(ordered)} messages, p50 {statistics.median(ordered):.0f} ms, "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:.0f} ms, max {ordered[-1]:.0f} ms")


def main() -> None:
    trained = ROOT / "models" / "huurwijzer.tar.gz"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        knowledge, model = tmp / "knowledge", tmp / "models" / "huurwijzer.tar.gz"
        shutil.copytree(ROOT / "knowledge", knowledge)
        model.parent.mkdir()
        shutil.copy2(trained, model)
        env = {"HUURWIJZER_KNOWLEDGE_DIR": str(knowledge), "HUURWIJZER_RATE_LIMIT": "0",
               "HUURWIJZER_NEW_CONVERSATIONS_PER_MINUTE": "0",
               "HUURWIJZER_DATABASE_URL": f"sqlite:///{tmp / 'tenancy.db'}"}
        with running_servers(model, tmp, env=env) as servers:
            url, base = servers.rest_url, servers.rest_url.replace("/webhooks/rest/webhook", "")
            answer_text(url, "warm")

            entry = knowledge / "entries" / "huisdieren.yml"
            marker = "Meetpunt voor de benchmark."
            text = entry.read_text(encoding="utf-8")
            assert "answer: |\n" in text, "the benchmark edits a block answer"
            changed = text.replace("answer: |\n", f"answer: |\n  {marker}\n", 1)
            started = time.perf_counter()
            entry.write_text(changed, encoding="utf-8")
            while marker not in answer_text(url, "edit"):
                time.sleep(0.05)
            print(f"answer-text edit live after {time.perf_counter() - started:.2f} s "
                  f"(HUURWIJZER_RELOAD_SECONDS={os.environ.get('HUURWIJZER_RELOAD_SECONDS') or 1})")

            results: List[Tuple[float, float, bool]] = []  # sent at, seconds, answered
            stop = threading.Event()

            def tenant(index: int) -> None:
                with requests.Session() as http:
                    while not stop.is_set():
                        sent = time.perf_counter()
                        try:
                            reply = http.post(url, json={"sender": f"t{index}", "message": QUESTION}, timeout=30)
                            ok = reply.status_code == 200 and any("custom" in m for m in reply.json())
                        except (requests.RequestException, ValueError):
                            ok = False
                        results.append((sent, time.perf_counter() - sent, ok))

            threads = [threading.Thread(target=tenant, args=(i,)) for i in range(10)]
            for thread in threads:
                thread.start()
            time.sleep(5)
            fresh = model.with_name("fresh.tmp")
            shutil.copy(trained, fresh)
            replaced = time.perf_counter()
            os.replace(fresh, model)
            expected = model_file(model)
            assert expected is not None
            while requests.get(f"{base}/huurwijzer/model", timeout=5).json().get("signature") != expected.signature:
                time.sleep(0.05)
            live = time.perf_counter()
            time.sleep(3)
            stop.set()
            for thread in threads:
                thread.join()
            before = [s for at, s, _ in results if at < replaced]
            during = [s for at, s, _ in results if replaced <= at < live]
            errors = sum(1 for *_, ok in results if not ok)
            print(f"new model in use {live - replaced:.1f} s after the file was replaced "
                  f"(HUURWIJZER_MODEL_RELOAD_SECONDS={os.environ.get('HUURWIJZER_MODEL_RELOAD_SECONDS') or 5})")
            print(f"  10 tenants before the swap: {summary(before)}")
            print(f"  during the swap:            {summary(during)}")
            print(f"  errors: {errors} of {len(results)}")


if __name__ == "__main__":
    main()
