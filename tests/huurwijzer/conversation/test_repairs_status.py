"""A logged-in tenant's repair list: a planned appointment whose day has passed is not shown as
if it is still to come (qa3: "Afspraak: zaterdag 10 oktober om 09:00." in December)."""

from __future__ import annotations

from datetime import date, datetime

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation.personal import repairs_reply
from huurwijzer.conversation.reply import AnswerMetadata
from huurwijzer.tenancy.backoffice import RepairRequest

TODAY = date(2026, 12, 4)


def _planned(on: datetime) -> RepairRequest:
    return RepairRequest("R-2026-000054", "dak-lekkage", "zolder", "lekt", "spoed", "ingepland", on,
                         datetime(2026, 10, 7))


def test_a_passed_appointment_says_it_was_and_what_to_do(content: Content) -> None:
    meta = AnswerMetadata("report_repair", 1.0)
    passed = repairs_reply(content, [_planned(datetime(2026, 10, 10, 9))], TODAY, meta).text
    assert "De afspraak was op zaterdag 10 oktober om 09:00" in passed and "Afspraak: " not in passed
    assert content.profile.variables["telefoon"] in passed
    english = repairs_reply(in_language(content, ENGLISH), [_planned(datetime(2026, 10, 10, 9))], TODAY, meta).text
    assert "The appointment was on Saturday 10 October at 09:00" in english
    coming = repairs_reply(content, [_planned(datetime(2026, 12, 7, 9))], TODAY, meta).text
    assert "Afspraak: maandag 7 december om 09:00." in coming
    today = repairs_reply(content, [_planned(datetime(2026, 12, 4, 13))], TODAY, meta).text
    assert "Afspraak: vandaag om 13:00." in today
