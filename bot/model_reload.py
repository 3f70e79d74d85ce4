"""A new model is used without a restart: staff start a training from the console, and every Rasa
server picks up the result by itself.

Each Rasa server looks at its model file every HUURWIJZER_MODEL_RELOAD_SECONDS (5; 0 = off).
When the file changed, it loads the new model in a thread (loading takes seconds of CPU; the
server keeps answering meanwhile) and then swaps it in between two messages: a message that is
being handled finishes with the model it started with. A model that does not load is logged and
the running one stays. Training writes the file in one rename (bot/cli.py), so a half-written
model is never seen. With several servers on one shared models folder, each swaps on its own.

`GET /huurwijzer/model` says which model a server runs (the console shows it after a training).
Installed by `python -m bot.server`, never on import.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Optional

logger = logging.getLogger(__name__)
STATUS_PATH = "/huurwijzer/model"


@dataclass(frozen=True)
class ModelFile:
    """What identifies one version of the model file: a new training gives a new one."""

    path: str
    modified_ns: int
    size: int

    @property
    def signature(self) -> str:
        return f"{self.modified_ns}-{self.size}"


def model_file(path: Path) -> Optional[ModelFile]:
    """The model file at `path` (or the newest .tar.gz in it, when it is a folder), or None."""
    if path.is_dir():
        from rasa.model import get_latest_model  # only then: the console imports this module too

        latest = get_latest_model(path)
        if latest is None:
            return None
        path = Path(latest)
    try:
        stat = path.stat()
    except OSError:
        return None
    return ModelFile(str(path), stat.st_mtime_ns, stat.st_size)


def reload_seconds() -> float:
    return float(os.environ.get("HUURWIJZER_MODEL_RELOAD_SECONDS") or 5)


class ModelWatcher:
    def __init__(self, agent: Any, path: Path) -> None:
        self.agent = agent
        self.path = path
        self.loaded = model_file(path)
        self.loaded_at = time.time()
        self._failed: Optional[ModelFile] = None  # not tried again until the file changes

    def status(self) -> dict[str, Any]:
        # The file name, not its path: the status is public and a path tells an attacker about the machine.
        shown = {**asdict(self.loaded), "path": Path(self.loaded.path).name} if self.loaded else None
        return {"model": shown,
                "signature": self.loaded.signature if self.loaded else None,
                "loaded_at": self.loaded_at}

    async def check(self) -> bool:
        """Loads the model when its file changed; True when a new model is in use."""
        found = model_file(self.path)
        if found is None or found == self.loaded or found == self._failed:
            return False
        try:
            processor = await asyncio.to_thread(self._processor_for, Path(found.path))
        except Exception as exc:  # noqa: BLE001 - a broken model must not stop the running one
            self._failed = found
            logger.error("model.reload_failed file=%s error=%s: the previous model stays in use",
                         Path(found.path).name, exc.__class__.__name__)
            return False
        self._swap(processor)
        self.loaded, self.loaded_at, self._failed = found, time.time(), None
        logger.info("model.reloaded file=%s model_id=%s", Path(found.path).name, processor.model_metadata.model_id)
        return True

    def _processor_for(self, path: Path) -> Any:
        from rasa.core.processor import MessageProcessor

        agent = self.agent
        return MessageProcessor(model_path=path, tracker_store=agent.tracker_store, lock_store=agent.lock_store,
                                action_endpoint=agent.action_endpoint, generator=agent.nlg,
                                http_interpreter=agent.http_interpreter)

    def _swap(self, processor: Any) -> None:
        # What Agent.load_model does after building its processor, without building it on the loop.
        from rasa.core.nlg import TemplatedNaturalLanguageGenerator

        agent = self.agent
        agent.processor = processor
        agent.domain = processor.domain
        agent._set_fingerprint(None)
        agent.tracker_store.domain = processor.domain
        if isinstance(agent.nlg, TemplatedNaturalLanguageGenerator):
            agent.nlg.responses = processor.domain.responses if processor.domain else {}

    async def run(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.check()
            except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one failure
                logger.error("model.watch_failed error=%s", exc.__class__.__name__)


def install() -> None:
    """Its Rasa targets are listed in bot/rasa_patches.py and checked before it runs."""
    import rasa.core.run
    from sanic import response

    from bot import warmup

    load_agent_on_start = rasa.core.run.load_agent_on_start

    async def load_and_watch(model_path: str, endpoints: Any, remote_storage: Any, app: Any, loop: Any) -> Any:
        agent = await load_agent_on_start(model_path, endpoints, remote_storage, app, loop)
        # Still before the server listens: its first tenant does not pay for what the NLU loads lazily.
        await warmup.warm_up(agent)
        watcher = ModelWatcher(agent, Path(model_path))
        app.ctx.model_watcher = watcher
        every = reload_seconds()
        if every > 0 and model_path:
            app.ctx.model_watch_task = loop.create_task(watcher.run(every))
        return agent

    rasa.core.run.load_agent_on_start = load_and_watch

    configure_app = rasa.core.run.configure_app

    def configure_with_status(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)

        @app.get(STATUS_PATH)  # type: ignore[untyped-decorator]
        async def model_status(request: Any) -> Any:
            watcher = getattr(request.app.ctx, "model_watcher", None)
            return response.json(watcher.status() if watcher else {"model": None}, status=200 if watcher else 503)

        return app

    rasa.core.run.configure_app = configure_with_status
