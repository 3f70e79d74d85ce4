"""A running Rasa server takes a new model file into use by itself, keeps answering while it
loads it, and keeps the old model when the new file is broken (bot/model_reload.py)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any, Dict

import pytest
import requests

from bot.model_reload import model_file
from bot.servers import running_servers


def test_model_file_is_the_newest_archive_in_a_folder(tmp_path: Path) -> None:
    assert model_file(tmp_path) is None
    assert model_file(tmp_path / "missing.tar.gz") is None
    old, new = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    old.write_bytes(b"1")
    new.write_bytes(b"22")
    os.utime(old, (1, 1))
    found = model_file(tmp_path)
    assert found is not None and found.path == str(new) and found.size == 2
    assert model_file(new) == found
    new.write_bytes(b"333")
    assert model_file(new) != found  # a new training gives a new signature


def status(base: str) -> Dict[str, Any]:
    answer: Dict[str, Any] = requests.get(f"{base}/huurwijzer/model", timeout=5).json()
    return answer


def answered(url: str, sender: str, text: str) -> bool:
    response = requests.post(url, json={"sender": sender, "message": text}, timeout=10)
    return response.status_code == 200 and any("custom" in m for m in response.json())


def test_new_model_is_used_without_restart_and_a_broken_one_is_refused(trained_model: Path, tmp_path: Path) -> None:
    model = tmp_path / "models" / "huurwijzer.tar.gz"
    model.parent.mkdir()
    shutil.copy2(trained_model, model)
    env = {"HUURWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / 'tenancy.db'}", "HUURWIJZER_MODEL_RELOAD_SECONDS": "0.5"}
    with running_servers(model, tmp_path, env=env) as servers:
        base = servers.rest_url.replace("/webhooks/rest/webhook", "")
        first = status(base)
        assert first["model"]["path"] == model.name
        assert answered(servers.rest_url, "a", "mag ik een kat houden?")

        broken = model.with_name("broken.tmp")
        broken.write_bytes(b"not a model")
        os.replace(broken, model)
        deadline = time.monotonic() + 20
        while "model.reload_failed" not in (tmp_path / "rasa.log").read_text(errors="replace"):
            assert time.monotonic() < deadline, "the broken model was not noticed"
            time.sleep(0.2)
        assert status(base)["signature"] == first["signature"]  # the old model stays in use
        assert answered(servers.rest_url, "a", "hoe zeg ik mijn huur op?")

        fresh = model.with_name("fresh.tmp")
        shutil.copy(trained_model, fresh)
        os.replace(fresh, model)
        expected = model_file(model)
        assert expected is not None
        failures, sent = 0, 0
        deadline = time.monotonic() + 60
        while status(base)["signature"] != expected.signature:
            if time.monotonic() > deadline:
                pytest.fail("the new model was not taken into use")
            sent += 1
            failures += not answered(servers.rest_url, f"during-{sent}", "wie repareert een lekkende kraan?")
        assert failures == 0, f"{failures} of {sent} messages failed while the model was swapped"
        assert answered(servers.rest_url, "a", "mag ik een hond houden?")  # same conversation, new model
        assert "model.reloaded" in (tmp_path / "rasa.log").read_text(errors="replace")
        assert servers.all_running()


def test_the_public_model_status_shows_no_path_of_the_machine(tmp_path: Path) -> None:
    # Issue 17 (low): GET /huurwijzer/model needs no login; it showed the model's absolute path.
    import json

    from bot.model_reload import ModelWatcher

    model = tmp_path / "models" / "huurwijzer.tar.gz"
    model.parent.mkdir()
    model.write_bytes(b"model")
    status = ModelWatcher(None, model).status()
    assert status["signature"] and status["model"]["path"] == "huurwijzer.tar.gz"
    assert str(tmp_path) not in json.dumps(status)
