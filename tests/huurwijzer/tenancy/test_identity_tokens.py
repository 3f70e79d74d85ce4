"""Issue 17 (low): a portal token does not log in again after "log uit", and a token valid for
years is refused."""

from __future__ import annotations

from datetime import timedelta, timezone

import jwt
import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions, shared_names, verification_flow
from tests.huurwijzer.support import AUDIENCE, NOW, SECRET, holder, services, turn


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def token_for(engine: Engine, contract: str, valid_for: timedelta) -> str:
    h = holder(engine, contract)
    exp = int((NOW + valid_for).replace(tzinfo=timezone.utc).timestamp())
    return jwt.encode({"sub": str(h.tenant_id), "contract": h.contract_number, "aud": AUDIENCE, "exp": exp},
                      SECRET, algorithm="HS256")


def test_a_portal_token_does_not_log_in_again_after_log_out(engine: Engine, content: Content) -> None:
    svc = services(engine)
    token = token_for(engine, "HC-100105", timedelta(minutes=30))
    metadata = {shared_names.PORTAL_TOKEN_KEY: token}
    first = personal_questions.personal_request(svc, content, turn("portal-out", "my_rent", metadata=metadata))
    assert first.reply is not None and "€" in first.reply.text
    out = verification_flow.log_out(svc, content, turn("portal-out", "log_out", metadata=metadata))
    assert out.reply is not None and "uitgelogd" in out.reply.text
    # the widget keeps sending the page's token with every message
    again = personal_questions.personal_request(svc, content, turn("portal-out", "my_rent", metadata=metadata))
    assert again.reply is None and again.slots[kernel.NEXT_STEP] == "verify"
    elsewhere = personal_questions.personal_request(svc, content, turn("portal-other", "my_rent", metadata=metadata))
    assert elsewhere.reply is None


def test_a_portal_token_valid_for_years_is_refused(engine: Engine, content: Content) -> None:
    svc = services(engine)
    token = token_for(engine, "HC-100112", timedelta(days=3650))
    step = personal_questions.personal_request(svc, content, turn("portal-long", "my_rent",
                                                     metadata={shared_names.PORTAL_TOKEN_KEY: token}))
    assert step.reply is None and step.slots[kernel.NEXT_STEP] == "verify"
