"""A language per tenant: a verified tenant's conversation in English stores English, a later one in
Dutch stores Dutch, a conversation no message decided stores nothing; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.language import decided_language
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel, personal_questions
from huurwijzer.tenancy import tenant_language as tl
from tests.huurwijzer.support import NOW, emptied, holder, turn, verify

CONTRACT = "HC-100119"


def stored(engine: Engine, tenant_id: int) -> object:
    with Session(engine, future=True) as session:
        return tl.stored_language(session, tenant_id)


def test_a_verified_tenant_s_conversation_language_is_stored_and_replaced(
        engine: Engine, svc: kernel.Services, content: Content) -> None:
    emptied(engine, tl.tenant_languages)
    h = holder(engine, CONTRACT)
    verify(svc, content, "lang-1", h)
    assert stored(engine, h.tenant_id) is None  # no message decided a language: nothing stored
    english = in_language(content, "en")
    step = personal_questions.personal_request(svc, english, turn("lang-1", "my_rent", "what is my rent?",
                                                                  language="en"))
    assert step.reply is not None and step.reply.personal
    assert stored(engine, h.tenant_id) == "en"
    personal_questions.personal_request(svc, content, turn("lang-1", "my_rent", "ok"))  # undecided: kept
    assert stored(engine, h.tenant_id) == "en"
    personal_questions.personal_request(svc, content, turn("lang-1", "my_rent", "help me", language="de"))
    assert stored(engine, h.tenant_id) == "en"  # a language we do not answer in is not stored
    # a later conversation in Dutch
    verify(svc, content, "lang-2", h)
    personal_questions.personal_request(svc, content, turn("lang-2", "my_rent", "wat is mijn huur?", language="nl"))
    assert stored(engine, h.tenant_id) == "nl"
    with Session(engine, future=True) as session:
        rows = session.execute(select(tl.tenant_languages).where(tl.tenant_languages.c.tenant_id == h.tenant_id)).all()
    assert len(rows) == 1 and rows[0].updated_at == NOW


def test_the_login_itself_stores_the_language(engine: Engine, svc: kernel.Services, content: Content) -> None:
    emptied(engine, tl.tenant_languages)
    h = holder(engine, CONTRACT)
    first = personal_questions.personal_request(svc, content, turn("lang-3", "my_rent"))
    from huurwijzer.conversation import verification_flow

    state = dict(first.slots)
    for slot, value in (("verification_contract", h.contract_number), ("verification_postcode", h.postcode),
                        ("verification_birth_date", f"{h.date_of_birth:%d-%m-%Y}")):
        state.update(verification_flow.verification_input(svc, content, turn("lang-3", "nlu_fallback", value),
                                                          slot, value).slots)
    verification_flow.verification_result(svc, in_language(content, "en"),
                                          turn("lang-3", "nlu_fallback", slots=state, language="en"))
    assert stored(engine, h.tenant_id) == "en"


def test_remember_is_one_row_and_says_whether_it_changed(engine: Engine) -> None:
    emptied(engine, tl.tenant_languages)
    with Session(engine, future=True) as session, session.begin():
        assert tl.remember(session, 4242, "en", NOW) is True
        assert tl.remember(session, 4242, "en", NOW + timedelta(days=1)) is False
        assert tl.remember(session, 4242, "fr", NOW) is False
    with Session(engine, future=True) as session, session.begin():
        assert tl.remember(session, 4242, "nl", NOW + timedelta(days=2)) is True
    with Session(engine, future=True) as session:
        row = session.execute(select(tl.tenant_languages).where(tl.tenant_languages.c.tenant_id == 4242)).one()
    assert (row.language, row.updated_at) == ("nl", NOW + timedelta(days=2))


def test_the_decided_language_is_none_until_a_message_decides() -> None:
    assert decided_language({"language": None}, [{"event": "user", "parse_data": {"language": None}}]) is None
    assert decided_language({"language": None}, [{"event": "user", "parse_data": {"language": "en"}},
                                                 {"event": "bot"}]) == "en"
    assert decided_language({"language": "nl"}, [{"event": "user", "parse_data": {"language": "en"}}]) == "nl"


def test_retention_removes_a_language_not_renewed_within_the_period(engine: Engine, tmp_path: Path) -> None:
    from huurwijzer.reports.retention import purge_older_than
    from tests.huurwijzer.reports.test_retention import tracker_with

    emptied(engine, tl.tenant_languages)
    with Session(engine, future=True) as session, session.begin():
        tl.remember(session, 4243, "en", NOW - timedelta(days=400))
        tl.remember(session, 4244, "en", NOW - timedelta(days=3))
    tracker = tracker_with(tmp_path / "tracker.db", {})
    with tracker.begin() as conn, Session(engine, future=True) as session, session.begin():
        purge_older_than(conn, session, NOW - timedelta(days=365))
    assert (stored(engine, 4243), stored(engine, 4244)) == (None, "en")


def last_code_message(engine: Engine, phone: str) -> str:
    from huurwijzer.tenancy import schema as t

    with Session(engine, future=True) as session:
        return str(session.execute(select(t.outbox_messages.c.body).where(t.outbox_messages.c.recipient == phone)
                                   .order_by(t.outbox_messages.c.id.desc())).scalars().first())


def test_the_login_code_goes_in_the_tenant_s_stored_language(engine: Engine, svc: kernel.Services,
                                                              content: Content) -> None:
    from huurwijzer.conversation import channel_trust
    from tests.huurwijzer.support import ACTION_SECRET, OFFICE

    emptied(engine, tl.tenant_languages)
    with Session(engine, future=True) as session:
        h = next(x for n in range(1, 60) for x in OFFICE.contract_holders(session, f"HC-{100000 + n * 7:06d}")
                 if x.phone and len(OFFICE.holders_by_phone(session, x.phone)) == 1)
    assert h.phone is not None

    def ask_code(sender: str, language: object = None) -> str:
        metadata = channel_trust.phone_metadata(ACTION_SECRET, "whatsapp", sender, h.phone or "")
        asked = turn(sender, "my_rent", "mijn huur", channel="whatsapp", metadata=metadata, language=language)
        step = personal_questions.personal_request(svc, content, asked)
        assert step.slots[kernel.VERIFICATION_METHOD] == "code"
        return last_code_message(engine, h.phone or "")

    assert ask_code("wa-lang-1").startswith("Uw code voor de chat van ")  # no language stored: Dutch
    with Session(engine, future=True) as session, session.begin():
        tl.remember(session, h.tenant_id, "en", NOW)
    english = ask_code("wa-lang-2")
    assert english.startswith("Your code for the chat of ") and "valid for 10 minutes" in english
    assert ask_code("wa-lang-3", "nl").startswith("Uw code")  # this conversation's Dutch wins
