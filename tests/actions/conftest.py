"""The seeded tenancy database of tests/huurwijzer/conftest.py, for the SDK adapters' tests.

Every adapter test runs on the demo database seeded for the flows' fixed clock, and the adapters reach
the test's services and content (not the process-wide ones) for as long as a test runs."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from tests.actions.actions_use import actions_use
from tests.huurwijzer.conftest import flows_engine  # noqa: F401 - fixture
from tests.huurwijzer.support import services


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:  # noqa: F811 - the adapters' tests use the flows' database
    return flows_engine


@pytest.fixture()
def svc(engine: Engine, content: Content, monkeypatch: pytest.MonkeyPatch) -> kernel.Services:
    return actions_use(services(engine), content, monkeypatch)
