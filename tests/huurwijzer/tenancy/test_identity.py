from datetime import date, datetime, timedelta, timezone

import jwt
import pytest

from huurwijzer.tenancy.backoffice import ContractHolder
from huurwijzer.tenancy.identity import (
    match_holder,
    parse_contract_number,
    parse_date_of_birth,
    parse_postcode,
    verify_portal_token,
)
from huurwijzer.tenancy.lockout import Lockout, MemoryLockoutStore, RedisLockoutStore

TODAY = date(2026, 11, 22)
HOLDERS = (ContractHolder(7, "HC-100007", "3811AB", date(1980, 3, 12), "+31612345678"),
           ContractHolder(8, "HC-100007", "3811AB", date(1982, 7, 1), None))
SECRET, AUDIENCE = "test-secret-that-is-long-enough-32b", "huurwijzer"


@pytest.mark.parametrize(("text", "number"), [("HC-100007", "HC-100007"), ("mijn nummer is hc 100007", "HC-100007"),
                                              ("HC100007", "HC-100007"), ("100007", None), ("HC-12", None)])
def test_contract_numbers(text: str, number: str | None) -> None:
    assert parse_contract_number(text) == number


@pytest.mark.parametrize(("text", "code"), [("3811 ab", "3811AB"), ("3811AB", "3811AB"), ("0811 AB", None),
                                            ("postcode 3811-ab", None)])
def test_postcodes(text: str, code: str | None) -> None:
    assert parse_postcode(text) == code


@pytest.mark.parametrize(("text", "born"), [("12-03-1980", date(1980, 3, 12)), ("12/3/1980", date(1980, 3, 12)),
                                            ("1980-03-12", date(1980, 3, 12)), ("12 maart 1980", date(1980, 3, 12)),
                                            ("31-02-1980", None), ("12-03-2020", None), ("gisteren", None)])
def test_birth_dates(text: str, born: date | None) -> None:
    assert parse_date_of_birth(text, TODAY) == born


def test_all_three_must_match_for_the_same_person() -> None:
    assert match_holder(HOLDERS, "HC-100007", "3811AB", date(1982, 7, 1)) == HOLDERS[1]
    assert match_holder(HOLDERS, "HC-100007", "3811AC", date(1982, 7, 1)) is None
    assert match_holder(HOLDERS, "HC-100008", "3811AB", date(1980, 3, 12)) is None
    assert match_holder((), "HC-100007", "3811AB", date(1980, 3, 12)) is None  # unknown contract


def token(**claims: object) -> str:
    base = {"sub": "7", "contract": "HC-100007", "aud": AUDIENCE,
            "exp": datetime.now(timezone.utc) + timedelta(minutes=5)}
    return jwt.encode({**base, **claims}, SECRET, algorithm="HS256")


def test_valid_portal_token_identifies_the_tenant() -> None:
    identity = verify_portal_token(token(), SECRET, AUDIENCE)
    assert identity is not None and identity.contract_number == "HC-100007" and identity.tenant_id == 7


@pytest.mark.parametrize("bad", [
    lambda: token(exp=datetime.now(timezone.utc) - timedelta(seconds=1)),  # expired
    lambda: token(aud="someone-else"),                                      # wrong audience
    lambda: jwt.encode({"sub": "7", "contract": "HC-100007", "aud": AUDIENCE,
                        "exp": datetime.now(timezone.utc) + timedelta(minutes=5)},
                       "another-secret-that-is-long-enough", algorithm="HS256"),  # forged
    lambda: jwt.encode({"sub": "7", "contract": "HC-100007", "aud": AUDIENCE}, SECRET, algorithm="HS256"),  # no exp
    lambda: token()[:-3] + "abc",                                            # tampered signature
    lambda: "",
])
def test_bad_tokens_are_refused(bad) -> None:  # type: ignore[no-untyped-def]
    assert verify_portal_token(bad(), SECRET, AUDIENCE) is None


def test_alg_none_is_refused() -> None:
    unsigned = jwt.encode({"sub": "7", "contract": "HC-100007", "aud": AUDIENCE,
                           "exp": datetime.now(timezone.utc) + timedelta(minutes=5)}, None, algorithm="none")
    assert verify_portal_token(unsigned, SECRET, AUDIENCE) is None


def test_three_failures_lock_conversation_and_contract_for_15_minutes() -> None:
    now = [1000.0]
    lockout = Lockout(MemoryLockoutStore(clock=lambda: now[0]))
    for _ in range(3):
        assert not lockout.is_locked("conv-1", "HC-100007")
        lockout.record_failure("conv-1", "HC-100007")
    assert lockout.is_locked("conv-1", None)
    assert lockout.is_locked("conv-2", "HC-100007")  # the contract is locked for other conversations too
    assert not lockout.is_locked("conv-2", "HC-100014")
    now[0] += 15 * 60
    assert not lockout.is_locked("conv-1", "HC-100007")


def test_lockout_is_shared_through_redis() -> None:
    store = RedisLockoutStore("redis://127.0.0.1:6379/15")
    first, second = Lockout(store), Lockout(RedisLockoutStore("redis://127.0.0.1:6379/15"))
    conversation = f"conv-{datetime.now().timestamp()}"
    for _ in range(3):
        first.record_failure(conversation, "HC-199999")
    assert second.is_locked(conversation, None)
    second.record_success(conversation, "HC-199999")
    assert not first.is_locked(conversation, "HC-199999")
