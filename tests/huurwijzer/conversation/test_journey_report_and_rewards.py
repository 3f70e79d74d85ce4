"""After the onboarding journey: the staff report of its completion and scores, and the rewards
programme a tenant is told about (off by default; its rules in the corporation profile)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.content.profile import Rewards
from huurwijzer.conversation import journey_answers, journey_slots, journey_steps, kernel, personal_questions
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.answer_feedback import answer_feedback
from tests.huurwijzer.conversation.test_journey import new_tenant_contract
from tests.huurwijzer.support import NOW, OFFICE, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def test_staff_report_shows_completion_and_scores(svc: kernel.Services, content: Content, engine: Engine,
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.kennis import main as kennis

    h = holder(engine, "HC-100091")
    verify(svc, content, "j-report", h, pending="verify_identity")
    journey_steps.journey_step(svc, content, turn("j-report", "onboarding_next", slots={journey_slots.ACTIVE: True}))
    score = journey_answers.feedback_input(svc, content, turn("j-report"), "feedback_score", "6")
    comment = journey_answers.feedback_input(svc, content, turn("j-report"), "feedback_comment",
                                             "bel mij op 0612345678")
    journey_answers.answers_saved(svc, content, turn("j-report", slots={**score.slots, **comment.slots}))
    from sqlalchemy import insert

    from huurwijzer.tenancy.database import ensure_state_tables

    ensure_state_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        session.execute(insert(answer_feedback).values(conversation_key="k", knowledge_id="huur-opzeggen",
                                                         helpful=False, created_at=NOW))
    status = kennis(["rapport", "--database", f"sqlite:///{tmp_path / 'geen.db'}",
                     "--huurdata", str(engine.url)])
    out = capsys.readouterr().out
    assert status == 0
    assert "Kennismaking nieuwe huurders" in out and "Welkom en wie wij zijn" in out
    assert "Rapportcijfer: gemiddeld" in out
    assert "0612345678" not in out and "[telefoon]" in out
    assert "1 x nee  huur-opzeggen" in out


def test_rewards_programme_is_off_by_default(svc: kernel.Services, content: Content) -> None:
    assert content.profile.rewards is None
    step = personal_questions.personal_request(svc, content, turn("r-off", "my_rewards"))
    assert step.reply is not None and "geen beloningsprogramma" in step.reply.text  # no login needed


def test_rewards_status_follows_the_rules_in_the_profile(svc: kernel.Services, content: Content,
                                                         engine: Engine) -> None:
    on = replace(content, profile=replace(content.profile, rewards=Rewards("Eemdal Extra", 12, 12, ("klusdag",))))
    with Session(engine, future=True) as session:
        numbers = session.execute(select(t.contracts.c.contract_number)).scalars().all()
        start = {n: OFFICE.contract(session, n).start_date for n in numbers[:200]}  # type: ignore[union-attr]
        clean = next(n for n in numbers[40:200] if all(
            (s := OFFICE.rent_status(session, n, NOW.date() - timedelta(days=31 * m))) and s.arrears == 0
            for m in range(13)) and start[n] < NOW.date() - timedelta(days=400))
    verify(svc, on, "r-on", holder(engine, clean), pending="verify_identity")
    member = personal_questions.personal_request(svc, on, turn("r-on", "my_rewards"))
    assert member.reply is not None and "U doet mee aan Eemdal Extra" in member.reply.text
    new = new_tenant_contract(engine)
    verify(svc, on, "r-new", holder(engine, new), pending="verify_identity")
    not_yet = personal_questions.personal_request(svc, on, turn("r-new", "my_rewards"))
    assert not_yet.reply is not None and "U doet nog niet mee" in not_yet.reply.text


def test_months_without_arrears_are_counted_back_from_today() -> None:
    from decimal import Decimal

    from huurwijzer.conversation.personal import months_without_arrears
    from huurwijzer.tenancy.backoffice import RentStatus

    late = {date(2026, 8, 31)}  # arrears at the end of August

    def status(day: date) -> RentStatus:
        return RentStatus(Decimal("100"), Decimal("0") if day in late else Decimal("100"), None)

    assert months_without_arrears(status, date(2026, 11, 22), 12) == 3  # today, October, September
    assert months_without_arrears(status, date(2026, 11, 22), 2) == 2


def test_profile_with_the_programme_switched_on(knowledge_copy: Path) -> None:
    from huurwijzer.content.profile import ProfileError, load_profile

    path = knowledge_copy / "corporation.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  aan: false", "  aan: true"), encoding="utf-8")
    rewards = load_profile(path).rewards
    assert rewards is not None and rewards.months_without_arrears == 12 and len(rewards.benefits) == 3
    path.write_text(path.read_text(encoding="utf-8").replace("geen_achterstand_maanden: 12",
                                                             "geen_achterstand_maanden: twaalf"), encoding="utf-8")
    with pytest.raises(ProfileError, match="geen_achterstand_maanden"):
        load_profile(path)
