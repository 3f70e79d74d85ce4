"""The onboarding journey walked as a tenant would, over HTTP with the trained model and both
servers: stopping halfway, a bare yes afterwards, coming back, in Dutch and in English."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.servers import running_servers
from huurwijzer.conversation import onboarding as ob
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.seed import seed
from tests.test_personal_rest import holder, log_in, say

PREFERENCES_STEP = 6  # "Stap 6 van 7": the maatwerk questions


@pytest.fixture(scope="module")
def live(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    folder = tmp_path_factory.mktemp("journey")
    url = f"sqlite:///{folder / 'tenancy.db'}"
    engine = create_engine(url, future=True)
    seed(engine, date.today())
    with Session(engine, future=True) as session:
        rows = session.execute(select(t.contracts.c.contract_number, t.contracts.c.start_date)).all()
    new = [n for n, start in rows if ob.is_new_tenant(start, date.today())]
    with running_servers(trained_model, folder, env={"HUURWIJZER_DATABASE_URL": url}) as servers:
        yield {"url": servers.rest_url, "engine": engine, "new_tenants": new}
    engine.dispose()


def new_tenant(live: Dict[str, Any]) -> str:
    """A contract that started recently, not used by another test of this module."""
    tenants: List[str] = live["new_tenants"]
    return tenants.pop()


def to_the_preferences(live: Dict[str, Any], sender: str, question: str = "wat is mijn huur") -> str:
    """Logged in (the journey is offered), the journey started and walked to its maatwerk questions."""
    offered = log_in(live, sender, holder(live, new_tenant(live)), question)
    assert "/start_onboarding" not in offered  # the buttons are not in the text
    say(live, sender, "/start_onboarding")
    for _ in range(PREFERENCES_STEP - 2):
        say(live, sender, "/onboarding_next")
    return str(say(live, sender, "/onboarding_next")["text"])


@pytest.mark.parametrize("words", ["stop", "stoppen", "laat maar", "nee bedankt", "Nee, bedankt."])
def test_stop_in_a_preference_question_closes_the_journey(live: Dict[str, Any], words: str) -> None:
    sender = f"stop-{words}"
    assert "Hoe wilt u het liefst dat wij contact met u opnemen?" in to_the_preferences(live, sender)
    stopped = say(live, sender, words)["text"]
    assert "we gaan later verder" in stopped
    # a yes to something else later does not bring the journey (and its score question) back
    after = say(live, sender, "ja")["text"]
    assert "Stap 7" not in after and "rapportcijfer" not in after
    assert "Uw huur per maand" in say(live, sender, "wat is mijn huur?")["text"]
    assert "Stap 7 van 7" in say(live, sender, "ik ben nieuwe huurder")["text"]  # it can be resumed


def test_english_stop_in_a_preference_question(live: Dict[str, Any]) -> None:
    sender = "stop-english"
    assert "How would you like us to contact you?" in to_the_preferences(live, sender, "what is my rent?")
    assert "we will continue later" in say(live, sender, "stop")["text"]
    after = say(live, sender, "yes")["text"]
    assert "Step 7" not in after and "What mark" not in after
