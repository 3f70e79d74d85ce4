"""Project commands: build-nlu, train, run.  Usage: python -m bot.cli COMMAND"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Optional

from actions.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
STAMP = MODELS / ".fingerprint"
VENV_BIN = Path(sys.executable).parent


def _rasa() -> str:
    return str(VENV_BIN / "rasa")


def build_nlu() -> None:
    from bot.nlu_data import write_training_data

    changed = write_training_data(ROOT)
    print("NLU data from knowledge entries:", "updated" if changed else "unchanged")


def latest_model() -> Optional[Path]:
    models = sorted(MODELS.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def describe_pipeline() -> str:
    """The NLU components of config.yml, and which spaCy model backs them if any."""
    import yaml

    from bot.nlu.dutch_spacy import active_pipeline_name

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    names = [str(c["name"]).rsplit(".", 1)[-1] for c in config["pipeline"]]
    spacy = next((c for c in config["pipeline"] if str(c["name"]).endswith("SpacyNLP")), None)
    backing = active_pipeline_name(str(spacy.get("model", "nl_core_news_sm"))) if spacy else "not used"
    return f"{' > '.join(names)} (spaCy: {backing})"


def train(force: bool = False) -> Path:
    """Trains only when config, domain, data or the spaCy model behind the pipeline changed."""
    from bot.fingerprint import training_fingerprint

    build_nlu()
    pipeline = describe_pipeline()
    print(f"NLU pipeline: {pipeline}")
    fingerprint = training_fingerprint(ROOT, pipeline)
    model = latest_model()
    if not force and model and STAMP.exists() and STAMP.read_text().split() == [fingerprint, model.name]:
        print(f"Model is up to date: {model.relative_to(ROOT)}")
        return model
    print("Training (config, domain, data or spaCy pipeline changed) ...")
    started = time.monotonic()
    subprocess.run(
        [_rasa(), "train", "--config", "config.yml", "--domain", "bot/domain", "--data", "data",
         "--out", str(MODELS), "--fixed-model-name", "huurwijzer"],
        cwd=ROOT, check=True,
    )
    model = MODELS / "huurwijzer.tar.gz"
    STAMP.write_text(f"{fingerprint} {model.name}\n")
    print(f"Trained in {time.monotonic() - started:.0f} s: {model.relative_to(ROOT)}")
    return model


def seed_demo_data() -> None:
    """Fills the tenancy database with the fictional demo set when it is empty."""
    from datetime import date

    from sqlalchemy.orm import Session

    from actions.tenancy.backoffice import SqlBackOffice
    from actions.tenancy.database import database_url, engine_for
    from actions.tenancy.seed import seed

    engine = engine_for(database_url())
    summary = seed(engine, date.today())
    print("Demo tenancy data: " + (f"seeded {summary.tenants} tenants, {summary.contracts} contracts"
                                   if summary else "already present"))
    with Session(engine, future=True) as session:  # fictional demo tenant, to try "wat is mijn huur?"
        holders = SqlBackOffice().contract_holders(session, "HC-100007")
    if holders:
        h = holders[0]
        print(f"Demo login (fictional): contract number {h.contract_number}, postcode {h.postcode[:4]} "
              f"{h.postcode[4:]}, date of birth {h.date_of_birth:%d-%m-%Y}")


def run(rasa_port: int, action_port: int) -> None:
    from bot.servers import running_servers

    model = train()
    seed_demo_data()
    tracker_db = get_settings().tracker_db
    tracker_db.parent.mkdir(parents=True, exist_ok=True)
    # SIGTERM ends the run like Ctrl-C does: the context manager stops both servers.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        endpoints = ROOT / (os.environ.get("HUURWIJZER_ENDPOINTS") or "bot/endpoints.yml")
        print(f"Endpoints: {endpoints.relative_to(ROOT)}")
        with running_servers(model, env={"HUURWIJZER_TRACKER_DB": str(tracker_db)}, rasa_port=rasa_port,
                             action_port=action_port, interface=os.environ.get("RASA_INTERFACE") or "127.0.0.1",
                             endpoints=endpoints, extra_rasa_args=["--cors", "*"],
                             console_port=int(os.environ.get("HUURWIJZER_CONSOLE_PORT") or 5002)) as servers:
            print(
                "\nHuurwijzer is running.\n"
                f"  Web chat (demo page): {servers.rest_url.replace('/webhooks/rest/webhook', '/webhooks/webchat/')}\n"
                f"  Staff console: {servers.console_url}  (first admin account: "
                ".venv/bin/python -m console maak-beheerder NAAM)\n"
                f"  REST:  curl -s -X POST {servers.rest_url} "
                "-H 'Content-Type: application/json' -d '{\"sender\": \"demo\", \"message\": \"hallo\"}'\n"
                f"  Shell: ACTION_SERVER_URL=http://127.0.0.1:{action_port}/webhook "
                f"HUURWIJZER_TRACKER_DB={tracker_db} .venv/bin/rasa shell"
                f" --model {model.relative_to(ROOT)} --endpoints bot/endpoints.yml --port {rasa_port + 1}"
                "  (in a second terminal)\n"
                "Stop with Ctrl-C.\n",
                flush=True,
            )
            while servers.all_running():
                time.sleep(1)
            print("A server stopped; stopping the other one.", flush=True)
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)


def main(argv: Optional[List[str]] = None) -> None:
    get_settings()  # loads .env, so the port defaults below see it
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build-nlu", help="generate NLU data from knowledge entries")
    train_cmd = sub.add_parser("train", help="train when something changed")
    train_cmd.add_argument("--force", action="store_true")
    run_cmd = sub.add_parser("run", help="train if needed, start action server and Rasa")
    run_cmd.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", "5005")))
    run_cmd.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    args = parser.parse_args(argv)
    if args.command == "build-nlu":
        build_nlu()
    elif args.command == "train":
        train(force=args.force)
    else:
        run(args.port, args.action_port)


if __name__ == "__main__":
    main()
