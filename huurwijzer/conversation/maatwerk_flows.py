"""The conversation side of maatwerk: what the tenant is told after the maatwerk answers (and
which tasks staff get), "huur later afschrijven", "contactpersoon toevoegen", and short answers
with fewer buttons for tenants who asked for simple language."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from huurwijzer.content import maatwerk_profile as mp
from huurwijzer.content.knowledge import render
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from huurwijzer.conversation import maatwerk as mw
from huurwijzer.conversation.reply import AnswerMetadata, PersonalText, Reply, fixed_reply, reply_text
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v

logger = logging.getLogger(__name__)
TOPIC = "onboarding_first_steps"
HOW: Dict[str, str] = {"telefoon": "maatwerk_how_telefoon", "whatsapp": "maatwerk_how_whatsapp",
                       "e-mail": "maatwerk_how_email", "brief": "maatwerk_how_brief"}
WHEN: Dict[str, str] = {"ochtend": "maatwerk_when_ochtend", "middag": "maatwerk_when_middag",
                        "na 17:00": "maatwerk_when_avond"}


def _task_text(content: Content, name: str, task: mw.Task, team: mp.Team, extra: Optional[Dict[str, str]] = None
               ) -> str:
    how = reply_text(content, HOW.get(task.channel or "", "maatwerk_how_any"))
    when = reply_text(content, WHEN[task.preferred_times]) if task.preferred_times in WHEN else ""
    # What the tenant asked help with (money, care) is theirs alone: marked so no store keeps it.
    english = content.language == ENGLISH  # English team names (team_en) where staff wrote them
    return PersonalText(reply_text(content, name, {"team": team.shown(english), "reactietijd": str(team.working_days),
                                      "datum": f"{task.due_on:%d-%m-%Y}", "hoe": how, "wanneer": when,
                                      **(extra or {})}))


def after_preferences(svc: kernel.Services, session: Session, content: Content, tenant_id: int) -> List[str]:
    """What the stored maatwerk answers lead to, said to the tenant at once; tasks for staff."""
    maatwerk = content.maatwerk
    prefs = mw.preferences(session, tenant_id)
    if maatwerk is None or prefs is None:
        return []
    now, today, holidays = svc.clock(), svc.local_now().date(), content.profile.holidays
    said: List[str] = []
    if prefs.language_help:
        said.append(PersonalText(reply_text(content, "maatwerk_simple_language_on")))  # their wish
    if prefs.wants_money_help:
        task = mw.create_task(session, maatwerk, tenant_id, mp.MONEY, now, today, holidays)
        said.append(_task_text(content, "maatwerk_money_callback", task, maatwerk.early_help))
    if prefs.care_needs:
        task = mw.create_task(session, maatwerk, tenant_id, mp.CARE, now, today, holidays)
        route = maatwerk.route(content.language == ENGLISH)
        said.append(_task_text(content, "maatwerk_care_route", task, maatwerk.care, {"route": route}))
    said.append(reply_text(content, "maatwerk_later_debit_offer"))  # to everyone, not only on benefits
    return said


def request(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """'huur later afschrijven' or 'contactpersoon toevoegen': a task for the team, and when and
    how they will be in touch."""
    meta = AnswerMetadata(TOPIC, turn.confidence)
    maatwerk = content.maatwerk
    if maatwerk is None:
        return kernel.Step(fixed_reply(content, "maatwerk_not_offered", meta))
    kind, name = ((mp.LATER_DEBIT, "maatwerk_later_debit_saved") if turn.intent == "later_debit"
                  else (mp.CONTACT_PERSON, "maatwerk_contact_person_saved"))
    try:
        with svc.unit() as session:
            verified = kernel.verified_tenant(svc, session, turn)
            if verified is None:
                return kernel.Step(fixed_reply(content, "followup_login_first", meta))
            task = mw.create_task(session, maatwerk, verified.tenant_id, kind, svc.clock(), svc.local_now().date(),
                                  content.profile.holidays)
    except kernel.Unavailable:
        return kernel.unavailable(content, "my_rent", turn.confidence)
    text = _task_text(content, name, task, maatwerk.team_for(kind))
    return kernel.Step(Reply(text, meta, name, personal=True))  # what the tenant asked help with


# --- simple language ---------------------------------------------------------------------------------

def _simple_language_tenant(session: Session, sender_id: str, now: datetime) -> bool:
    """Whether this conversation's logged-in tenant asked for simple language. Reads the login
    without extending it (an answer to a general question is not activity on the account)."""
    s = t.verified_sessions
    row = session.execute(select(s.c.tenant_id, s.c.last_active_at)
                          .where(s.c.conversation_key == v.conversation_key(sender_id))).one_or_none()
    if row is None or now - row.last_active_at > v.IDLE_LIMIT:
        return False
    return mw.wants_simple_language(session, row.tenant_id)


def adapt(svc: kernel.Services, content: Content, sender_id: str, reply: Reply) -> Reply:
    """A knowledge answer for a tenant who asked for simple language: the short text when there is
    one (knowledge/kort.yml), and at most the profile's number of buttons. Anyone else, or when
    the database cannot be reached, gets the reply unchanged."""
    if content.maatwerk is None:
        return reply
    try:
        with svc.unit() as session:
            simple = _simple_language_tenant(session, sender_id, svc.clock())
    except (kernel.Unavailable, SQLAlchemyError):
        logger.warning("maatwerk.simple_language unknown store=database")
        return reply
    if not simple:
        return reply
    short = content.short_texts.get(reply.metadata.knowledge_id or "")
    text = render(short, content.profile.variables) if short else reply.text
    return replace(reply, text=text, buttons=reply.buttons[:content.maatwerk.max_buttons])
