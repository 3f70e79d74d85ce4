"""Verification state on SQLite and PostgreSQL: answers, lockout, idle expiry, one-time codes,
portal tokens, and repair requests written through the back office."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import List, Tuple

import jwt
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.backoffice import ContractHolder, NewRepairRequest, SqlBackOffice
from huurwijzer.tenancy.database import ensure_state_tables
from huurwijzer.tenancy.lockout import Lockout, MemoryLockoutStore

NOW = datetime(2026, 11, 22, 10, 0)
SECRET, AUDIENCE = "portal-secret-for-tests-0123456789", "huurwijzer"
OFFICE = SqlBackOffice()


@pytest.fixture()
def db(engine: Engine) -> Engine:
    ensure_state_tables(engine)
    return engine


def holder(db: Engine, contract: str = "HC-100007") -> ContractHolder:
    with Session(db, future=True) as session:
        return OFFICE.contract_holders(session, contract)[0]


def key() -> str:
    return v.conversation_key(uuid.uuid4().hex)


def answers_for(h: ContractHolder) -> v.Answers:
    return v.Answers(h.contract_number, h.postcode, h.date_of_birth)


def check(db: Engine, lockout: Lockout, k: str, given: v.Answers, now: datetime = NOW) -> v.Result:
    with Session(db, future=True) as session, session.begin():
        return v.check_answers(session, OFFICE, lockout, k, given, now)


def current(db: Engine, k: str, now: datetime) -> v.Verified | None:
    with Session(db, future=True) as session, session.begin():
        return v.current(session, k, now)


def test_answers_given_one_by_one_verify_the_holder(db: Engine) -> None:
    h, k, lockout = holder(db), key(), Lockout(MemoryLockoutStore())
    assert check(db, lockout, k, v.Answers(h.contract_number)).outcome is v.Outcome.INCOMPLETE
    assert check(db, lockout, k, v.Answers(postcode=h.postcode)).outcome is v.Outcome.INCOMPLETE
    result = check(db, lockout, k, v.Answers(date_of_birth=h.date_of_birth))
    assert result.outcome is v.Outcome.VERIFIED and result.verified is not None
    assert (result.verified.tenant_id, result.verified.contract_number) == (h.tenant_id, h.contract_number)
    assert current(db, k, NOW + timedelta(minutes=5)) == result.verified
    with Session(db, future=True) as session:  # half-given answers are gone once checked
        assert session.execute(select(t.pending_verifications).where(
            t.pending_verifications.c.conversation_key == k)).first() is None


def test_all_three_in_one_message(db: Engine) -> None:
    h = holder(db)
    text = f"{h.contract_number.lower().replace('-', ' ')}, {h.postcode[:4]} {h.postcode[4:].lower()}, " \
           f"{h.date_of_birth:%d-%m-%Y}"
    given = v.parse_answers(text, NOW.date())
    assert given == answers_for(h)
    assert check(db, Lockout(MemoryLockoutStore()), key(), given).outcome is v.Outcome.VERIFIED


def test_wrong_answers_fail_alike_and_three_failures_lock(db: Engine) -> None:
    h, other = holder(db), holder(db, "HC-100014")
    lockout, k = Lockout(MemoryLockoutStore()), key()
    wrong: List[v.Answers] = [
        v.Answers(h.contract_number, other.postcode, h.date_of_birth),  # wrong postcode
        v.Answers(h.contract_number, h.postcode, other.date_of_birth),  # wrong date of birth
        v.Answers("HC-999999", h.postcode, h.date_of_birth),  # contract that does not exist
    ]
    outcomes = [check(db, lockout, k, w) for w in wrong]
    assert [o.outcome for o in outcomes] == [v.Outcome.FAILED, v.Outcome.FAILED, v.Outcome.LOCKED]
    assert all(o.verified is None for o in outcomes)
    # Locked for this conversation, even with the right answers...
    assert check(db, lockout, k, answers_for(h)).outcome is v.Outcome.LOCKED
    assert current(db, k, NOW) is None


def test_the_contract_locks_too_across_conversations(db: Engine) -> None:
    h, other = holder(db), holder(db, "HC-100014")
    lockout = Lockout(MemoryLockoutStore())
    for _ in range(3):  # three different conversations try the same contract
        check(db, lockout, key(), v.Answers(h.contract_number, h.postcode, other.date_of_birth))
    assert check(db, lockout, key(), answers_for(h)).outcome is v.Outcome.LOCKED


def test_verification_expires_after_30_idle_minutes_and_on_log_out(db: Engine) -> None:
    h, lockout = holder(db), Lockout(MemoryLockoutStore())
    k = key()
    check(db, lockout, k, answers_for(h))
    assert current(db, k, NOW + timedelta(minutes=29)) is not None  # and that keeps it alive
    assert current(db, k, NOW + timedelta(minutes=58)) is not None
    assert current(db, k, NOW + timedelta(minutes=89)) is None
    k2 = key()
    check(db, lockout, k2, answers_for(h))
    with Session(db, future=True) as session, session.begin():
        assert v.end(session, k2) is True
        assert v.end(session, k2) is False
    assert current(db, k2, NOW) is None


def test_one_conversation_never_sees_another_conversations_tenant(db: Engine) -> None:
    a, b = holder(db), holder(db, "HC-100014")
    lockout, ka, kb = Lockout(MemoryLockoutStore()), key(), key()
    check(db, lockout, ka, answers_for(a))
    check(db, lockout, kb, answers_for(b))
    va, vb = current(db, ka, NOW), current(db, kb, NOW)
    assert va is not None and vb is not None
    assert va.contract_number == a.contract_number and vb.contract_number == b.contract_number


def phone_holder(db: Engine) -> Tuple[ContractHolder, str]:
    with Session(db, future=True) as session:
        for number in ("HC-100007", "HC-100014", "HC-100021", "HC-100028"):
            for h in OFFICE.contract_holders(session, number):
                if h.phone and len(OFFICE.holders_by_phone(session, h.phone)) == 1:
                    return h, h.phone
    raise AssertionError("no tenant with a unique phone number in the demo data")


def test_one_time_code_goes_to_the_outbox_and_verifies(db: Engine) -> None:
    h, phone = phone_holder(db)
    lockout, k = Lockout(MemoryLockoutStore()), key()
    local = "0" + phone[3:]  # +316... written as 06...
    with Session(db, future=True) as session, session.begin():
        assert v.send_code(session, OFFICE, v.OutboxNotifier(), k, local,
                           lambda c, tenant_id: f"code {c} for {tenant_id == h.tenant_id}", NOW,
                           make_code=lambda: "123456")
    with Session(db, future=True) as session:
        sent = session.execute(select(t.outbox_messages.c.recipient, t.outbox_messages.c.body)
                               .order_by(t.outbox_messages.c.id.desc())).first()
        stored = session.execute(select(t.pending_verifications.c.code_hash)
                                 .where(t.pending_verifications.c.conversation_key == k)).scalar_one()
    assert sent is not None and tuple(sent) == (phone, "code 123456 for True")
    assert "123456" not in stored
    with Session(db, future=True) as session, session.begin():
        assert v.check_code(session, lockout, k, "654321", NOW).outcome is v.Outcome.FAILED
        result = v.check_code(session, lockout, k, "123456", NOW + timedelta(minutes=1))
    assert result.outcome is v.Outcome.VERIFIED and result.verified is not None
    assert result.verified.tenant_id == h.tenant_id and result.verified.method == "code"


def test_codes_expire_lock_and_need_a_known_phone(db: Engine) -> None:
    _, phone = phone_holder(db)
    lockout = Lockout(MemoryLockoutStore())
    k = key()
    with Session(db, future=True) as session, session.begin():
        assert not v.send_code(session, OFFICE, v.OutboxNotifier(), k, "+31600000000", lambda c, _: c, NOW)
        assert v.check_code(session, lockout, k, "123456", NOW).outcome is v.Outcome.NO_CODE
        v.send_code(session, OFFICE, v.OutboxNotifier(), k, phone, lambda c, _: c, NOW, make_code=lambda: "111111")
        assert v.check_code(session, lockout, k, "111111", NOW + timedelta(minutes=11)).outcome is v.Outcome.NO_CODE
        k2 = key()
        v.send_code(session, OFFICE, v.OutboxNotifier(), k2, phone, lambda c, _: c, NOW, make_code=lambda: "222222")
        outcomes = [v.check_code(session, lockout, k2, "000000", NOW).outcome for _ in range(3)]
        assert outcomes == [v.Outcome.FAILED, v.Outcome.FAILED, v.Outcome.LOCKED]
        assert v.check_code(session, lockout, k2, "222222", NOW).outcome is v.Outcome.NO_CODE


def token(claims: dict[str, object], secret: str = SECRET) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


def test_portal_tokens(db: Engine) -> None:
    h, other = holder(db), holder(db, "HC-100014")
    exp = int((NOW + timedelta(minutes=10)).replace(tzinfo=timezone.utc).timestamp())
    good = {"sub": str(h.tenant_id), "contract": h.contract_number, "aud": AUDIENCE, "exp": exp}

    def accept(tok: str) -> v.Result:
        with Session(db, future=True) as session, session.begin():
            return v.accept_portal_token(session, OFFICE, key(), tok, SECRET, AUDIENCE, NOW)

    result = accept(token(good))
    assert result.outcome is v.Outcome.VERIFIED and result.verified is not None
    assert result.verified.method == "portaal"
    refused = [
        token(good, secret="a-forged-secret-that-is-long-enough"),
        token({**good, "exp": int(NOW.replace(tzinfo=timezone.utc).timestamp()) - 1}),
        token({**good, "aud": "another-app"}),
        token({**good, "sub": str(other.tenant_id)}),  # signed, but not a holder of that contract
        token({k: val for k, val in good.items() if k != "exp"}),
        "not-a-token",
    ]
    assert [accept(tok).outcome for tok in refused] == [v.Outcome.FAILED] * len(refused)


def test_repair_requests_get_a_stored_reference(db: Engine) -> None:
    request = NewRepairRequest("deurbel", "keuken", "De bel doet niets meer.", "normaal")
    with Session(db, future=True) as session, session.begin():
        first = OFFICE.create_repair_request(session, "HC-100021", request, NOW)
        second = OFFICE.create_repair_request(session, "HC-100021", request, NOW)
    assert first != second and first.startswith("R-2026-")
    with Session(db, future=True) as session:
        stored = OFFICE.repair_requests(session, "HC-100021")
    assert {first, second} <= {r.reference for r in stored}
    assert all(r.status == "gemeld" for r in stored if r.reference in (first, second))


@pytest.mark.parametrize(("raw", "normal"), [("+31 6 1234 5678", "+31612345678"), ("0612345678", "+31612345678"),
                                             ("0031612345678", "+31612345678"), ("12", None)])
def test_phone_numbers_are_normalised(raw: str, normal: str | None) -> None:
    assert v.normalise_phone(raw) == normal


@pytest.mark.parametrize(("text", "code"), [("123456", "123456"), ("code: 123 456", "123456"), ("12345", None),
                                            ("1234567", None)])
def test_codes_are_read_from_text(text: str, code: str | None) -> None:
    assert v.parse_code(text) == code
