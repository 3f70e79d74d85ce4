"""Project commands: build-nlu, train, validate, stories, run, opvolgen.  Usage: python -m bot.cli COMMAND

Training reads config.yml, bot/domain, data/ and the phrasings of the published entries in the
knowledge folder; it writes into the models folder (HUURWIJZER_MODELS_DIR, default models/): the
generated phrasings, the model and a stamp of what it was trained on."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

from huurwijzer.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
MODEL_NAME = "huurwijzer"
VENV_BIN = Path(sys.executable).parent


def _rasa() -> str:
    return str(VENV_BIN / "rasa")


def models_dir() -> Path:
    return get_settings().models_dir


def model_path() -> Path:
    return models_dir() / f"{MODEL_NAME}.tar.gz"


def generated_nlu() -> Path:
    from bot.nlu_data import GENERATED_NAME

    return models_dir() / GENERATED_NAME


def training_data() -> List[str]:
    """The --data arguments of rasa train and rasa data validate."""
    return [str(ROOT / "data"), str(generated_nlu())]


def build_nlu() -> None:
    from bot.nlu_data import LEGACY, write_training_data

    shutil.rmtree(ROOT / LEGACY, ignore_errors=True)
    knowledge = get_settings().knowledge_dir
    changed = write_training_data(knowledge, generated_nlu())
    print(f"NLU data from the entries in {knowledge}:", "updated" if changed else "unchanged")


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
    fingerprint = training_fingerprint(ROOT, pipeline, [generated_nlu()])
    model, stamp = model_path(), models_dir() / ".fingerprint"
    if not force and model.exists() and stamp.exists() and stamp.read_text().split() == [fingerprint, model.name]:
        print(f"Model is up to date: {model}")
        return model
    print("Training (config, domain, data, phrasings or spaCy pipeline changed) ...")
    started = time.monotonic()
    # Trained beside the model, then renamed over it in one step: a Rasa server watching the
    # file (bot/model_reload.py) never sees half a model.
    work = models_dir() / f".training-{os.getpid()}"
    try:
        subprocess.run(
            [_rasa(), "train", "--config", "config.yml", "--domain", "bot/domain", "--data", *training_data(),
             "--out", str(work), "--fixed-model-name", MODEL_NAME],
            cwd=ROOT, check=True,
        )
        os.replace(work / model.name, model)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamp.write_text(f"{fingerprint} {model.name}\n")
    print(f"Trained in {time.monotonic() - started:.0f} s: {model}")
    return model


def validate() -> None:
    """Rasa's data check on what training reads, warnings counted as errors."""
    build_nlu()
    subprocess.run([_rasa(), "data", "validate", "--config", "config.yml", "--domain", "bot/domain",
                    "--data", *training_data(), "--fail-on-warnings"], cwd=ROOT, check=True)


def stories() -> None:
    """The test stories in tests/stories against the trained model."""
    subprocess.run([_rasa(), "test", "core", "--model", str(model_path()), "--stories", "tests/stories",
                    "--fail-on-prediction-errors", "--out", "results/core"], cwd=ROOT, check=True)


def seed_demo_data() -> None:
    """Fills the tenancy database with the fictional demo set when it is empty."""
    from datetime import date

    from sqlalchemy.orm import Session

    from huurwijzer.tenancy.backoffice import SqlBackOffice
    from huurwijzer.tenancy.database import database_url, engine_for
    from huurwijzer.tenancy.seed import seed

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


def repair_completed(reference: str) -> int:
    """The demo back office's event: the request is carried out, and the tenant will be asked
    for a score by the next `opvolgen` run. A corporation's own system calls the same two steps."""
    from datetime import datetime, timezone

    from sqlalchemy.orm import Session

    from huurwijzer.conversation.repair_feedback import repair_completed as queue_question
    from huurwijzer.tenancy.backoffice import SqlBackOffice
    from huurwijzer.tenancy.database import database_url, engine_for, ensure_state_tables

    engine = engine_for(database_url())
    ensure_state_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        event = SqlBackOffice().complete_repair(session, reference.strip().upper(),
                                                datetime.now(timezone.utc).replace(tzinfo=None))
        if event is None:
            print(f"Reparatieverzoek {reference} bestaat niet.", file=sys.stderr)
            return 1
        new = queue_question(session, event)
    then = ("de huurder krijgt bij de volgende opvolgronde de vraag om een cijfer." if new
            else "de vraag om een cijfer stond al klaar.")
    print(f"{event.reference} is uitgevoerd; {then}")
    return 0


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
                + ('-H "Authorization: Bearer $HUURWIJZER_REST_KEY" ' if os.environ.get("HUURWIJZER_REST_KEY") else "")
                + "-H 'Content-Type: application/json' -d '{\"sender\": \"demo\", \"message\": \"hallo\"}'\n"
                f"  Shell: ACTION_SERVER_URL=http://127.0.0.1:{action_port}/webhook "
                f"HUURWIJZER_ACTION_SECRET={servers.action_secret} "
                f"HUURWIJZER_TRACKER_DB={tracker_db} .venv/bin/rasa shell"
                f" --model {model} --endpoints bot/endpoints.yml --port {rasa_port + 1}"
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
    sub.add_parser("validate", help="rasa data validate on what training reads")
    sub.add_parser("stories", help="run the test stories against the trained model")
    run_cmd = sub.add_parser("run", help="train if needed, start action server and Rasa")
    run_cmd.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", "5005")))
    run_cmd.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    followup_cmd = sub.add_parser("opvolgen", help="send the follow-up messages due now (cron / systemd timer)")
    followup_cmd.add_argument("--nu", help="act as if it is this UTC time (YYYY-MM-DDTHH:MM), to try the schedule")
    done_cmd = sub.add_parser("reparatie-klaar", help="demo back office: a repair request was carried out")
    done_cmd.add_argument("reference", help="e.g. R-2026-000123")
    args = parser.parse_args(argv)
    if args.command == "reparatie-klaar":
        raise SystemExit(repair_completed(args.reference))
    if args.command == "opvolgen":
        from datetime import datetime

        from bot.opvolgen import main as send_followups

        report = send_followups(datetime.fromisoformat(args.nu) if args.nu else None)
        raise SystemExit(1 if report.failed else 0)
    if args.command == "build-nlu":
        build_nlu()
    elif args.command in ("train", "validate", "stories"):
        steps: Dict[str, Callable[[], object]] = {"train": lambda: train(force=args.force), "validate": validate,
                                                  "stories": stories}
        try:
            steps[args.command]()
        except subprocess.CalledProcessError as exc:
            print(f"{args.command} failed (exit code {exc.returncode}); see the output above.", file=sys.stderr)
            raise SystemExit(exc.returncode) from None
    else:
        run(args.port, args.action_port)


if __name__ == "__main__":
    main()
