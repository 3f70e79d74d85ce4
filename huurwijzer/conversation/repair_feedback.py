"""Feedback that comes back: after a repair is completed (an event from the back office) the
tenant is asked one 1-10 question with an optional comment, over their channel; staff publish
"U vroeg, wij deden" notes, and each tenant who gave feedback hears the newest one once.

The question goes out with the follow-ups (`python -m bot.cli opvolgen`), claimed in
`followup_deliveries` as moment "reparatie:<reference>", so it too is sent at most once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Dict, List, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.followup_plan import FollowUpPlan
from huurwijzer.content.language import DUTCH, ENGLISH
from huurwijzer.conversation import followups as fu
from huurwijzer.conversation.followup_report import REPAIR_MOMENT_PREFIX, RunReport
from huurwijzer.privacy import mask
from huurwijzer.tenancy import feedback_texts
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.backoffice import BackOffice, CompletedRepair
from huurwijzer.tenancy.tenant_language import stored_language

ASK_WITHIN = timedelta(days=14)  # a question not sent within two weeks of the repair is dropped
ANSWER_WITHIN = timedelta(days=14)
_SCORE = re.compile(r"(?<![\d,.])(10|[1-9])(?:[,.]\d)?(?![\d])")
# Words that only lead up to the score ("ik geef jullie een 8", "I'd give it an 8") and what follows
# it to say the scale ("8/10", "8 op 10", "8 out of 10"): neither is a comment.
_LEAD_WORDS = frozenset("ik i i'd we geef geven give would jullie u you it them this dit het hiervoor een a an "
                        "cijfer rapportcijfer mark score mijn my is".split())
_OUT_OF = re.compile(r"^\s*(?:/\s*10|(?:op|van|uit|out of)\s+10)(?![\d])", re.I)


def repair_completed(session: Session, event: CompletedRepair) -> bool:
    """Queues the question for a completed repair (once per repair). True if it was new."""
    f = t.repair_feedback
    if session.execute(select(f.c.id).where(f.c.reference == event.reference)).first():
        return False
    session.execute(insert(f).values(reference=event.reference, tenant_id=event.tenant_id, object_id=event.object_id,
                                     completed_at=event.completed_at))
    return True


def ask_due(engine: Engine, backoffice: BackOffice, plan: FollowUpPlan, question: Callable[[str, str, str, str], str],
            senders: Mapping[str, fu.Sender], now: datetime, zone: str,
            conversation_key_for: Callable[[str], Optional[str]], report: RunReport) -> None:
    """Sends the question for repairs completed in the last two weeks. Tenants who agreed to
    messages get it over their channel at their times; others in the tenant portal. Nobody who
    said "stop" gets it. `question(first_name, object_id, reference, language)` gives the text, in
    the tenant's stored language (huurwijzer.tenancy.tenant_language; Dutch when none)."""
    f, p = t.repair_feedback, t.contact_preferences
    local = now.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    with Session(engine, future=True) as session:
        pending = session.execute(select(f.c.reference, f.c.tenant_id, f.c.object_id)
                                  .where(f.c.asked_at.is_(None), f.c.completed_at >= now - ASK_WITHIN)
                                  .order_by(f.c.id)).all()
    for reference, tenant_id, object_id in pending:
        with Session(engine, future=True) as session:
            agreed = fu.consent(session, tenant_id)
            prefs = session.execute(select(p.c.channel, p.c.preferred_times).where(p.c.tenant_id == tenant_id)).first()
            details = backoffice.contact_details(session, tenant_id)
            language = stored_language(session, tenant_id) or DUTCH
        if details is None or (agreed is not None and not agreed.active):
            continue
        times = prefs.preferred_times if prefs and agreed else None
        if not plan.may_send_at(times, local):
            report.not_now += 1
            continue
        channel, recipient = fu.route(prefs.channel if prefs and agreed else None, details)
        key = conversation_key_for(recipient) if channel == "whatsapp" else None
        moment = REPAIR_MOMENT_PREFIX + reference
        if not fu.claim(engine, tenant_id, moment, fu.SENDING, channel, key, now):
            report.taken += 1
            continue
        text = question(details.first_name, object_id, reference, language)
        message = fu.Outgoing(tenant_id, moment, channel, recipient, text, plan.repair_template,
                              plan.template_language(language == ENGLISH), details.first_name, key)
        sent_before = report.sent
        fu.deliver(engine, senders[channel], message, now, report)
        if report.sent > sent_before:
            with Session(engine, future=True) as session, session.begin():
                session.execute(update(f).where(f.c.reference == reference).values(asked_at=now))


# --- the answer --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    score: int
    comment: Optional[str]


def parse_score(text: str) -> Optional[Score]:
    """'8', 'een 7', '9, de monteur was netjes' -> score and the rest as comment."""
    match = _SCORE.search(text)
    if match is None:
        return None
    before, after = text[:match.start()], _OUT_OF.sub("", text[match.end():])
    if all(word in _LEAD_WORDS for word in re.findall(r"[\w']+", before.lower())):
        before = ""  # "ik geef jullie een", "I give it an": no comment
    rest = (before.strip() + " " + after.strip()).strip(" ,.:-!")
    return Score(int(match.group(1)), rest[:1000] or None)


@dataclass(frozen=True)
class Question:
    reference: str
    tenant_id: int
    object_id: str


def open_question(session: Session, conversation_key: str, tenant_id: Optional[int],
                  now: datetime) -> Optional[Question]:
    """The newest unanswered repair question to this conversation (WhatsApp) or tenant."""
    f, d = t.repair_feedback, t.followup_deliveries
    via_conversation = select(d.c.moment).where(d.c.conversation_key == conversation_key,
                                                d.c.moment.like(REPAIR_MOMENT_PREFIX + "%"))
    refs = [m[len(REPAIR_MOMENT_PREFIX):] for m in session.execute(via_conversation).scalars()]
    whose = f.c.reference.in_(refs) if refs else f.c.id < 0
    if tenant_id is not None:
        whose = or_(whose, f.c.tenant_id == tenant_id)
    row = session.execute(select(f.c.reference, f.c.tenant_id, f.c.object_id)
                          .where(whose, f.c.asked_at.is_not(None), f.c.answered_at.is_(None),
                                 f.c.asked_at >= now - ANSWER_WITHIN)
                          .order_by(f.c.asked_at.desc(), f.c.id.desc()).limit(1)).one_or_none()
    return Question(**row._mapping) if row else None


def save_score(session: Session, reference: str, score: Score, now: datetime) -> None:
    """The comment is stored masked (huurwijzer.privacy), as the console shows it beside the scores."""
    f = t.repair_feedback
    comment = mask(score.comment) if score.comment else score.comment
    session.execute(update(f).where(f.c.reference == reference)
                    .values(score=score.score, comment=comment, answered_at=now))


# --- "U vroeg, wij deden" -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    id: int
    text: str
    author: str
    published_at: datetime
    text_en: Optional[str] = None  # said to tenants whose conversation is English


def publish_note(session: Session, text: str, author: str, now: datetime, text_en: Optional[str] = None) -> int:
    result = session.execute(insert(t.feedback_notes).values(text=" ".join(text.split())[:600], author=author,
                                                             published_at=now))
    note_id = int(result.inserted_primary_key[0])
    if text_en and text_en.strip():
        feedback_texts.add_note_english(session, note_id, " ".join(text_en.split())[:600])
    return note_id


def notes(session: Session, limit: int = 20) -> Tuple[Note, ...]:
    n = t.feedback_notes
    rows = session.execute(select(n.c.id, n.c.text, n.c.author, n.c.published_at)
                           .order_by(n.c.published_at.desc(), n.c.id.desc()).limit(limit)).all()
    english = feedback_texts.note_english(session, [r.id for r in rows])
    return tuple(Note(**r._mapping, text_en=english.get(r.id)) for r in rows)


def gave_feedback(session: Session, tenant_id: int) -> bool:
    f, o = t.repair_feedback, t.onboarding_feedback
    repair = session.execute(select(f.c.id).where(f.c.tenant_id == tenant_id, f.c.score.is_not(None))).first()
    journey = session.execute(select(o.c.id).where(o.c.owner == f"huurder:{tenant_id}")).first()
    return bool(repair or journey)


def note_to_mention(session: Session, tenant_id: int, now: datetime) -> Optional[Note]:
    """The newest note, once per tenant who gave feedback (recorded as mentioned)."""
    newest = notes(session, limit=1)
    if not newest or not gave_feedback(session, tenant_id):
        return None
    m = t.feedback_note_mentions
    if session.execute(select(m.c.note_id).where(m.c.tenant_id == tenant_id, m.c.note_id == newest[0].id)).first():
        return None
    session.execute(insert(m).values(tenant_id=tenant_id, note_id=newest[0].id, mentioned_at=now))
    return newest[0]


# --- figures for the dashboard -------------------------------------------------------------------------

@dataclass(frozen=True)
class ScoreRow:
    object_id: str
    month: str  # YYYY-MM of the completion
    asked: int
    answered: int
    average: Optional[float]

    @property
    def response_rate(self) -> Optional[float]:
        return self.answered / self.asked if self.asked else None


def scores(session: Session, since: Optional[date] = None) -> Tuple[ScoreRow, ...]:
    """Per repair type and month: questions asked, answers, average score (counted in Python so
    SQLite and PostgreSQL agree on months)."""
    f = t.repair_feedback
    where = [f.c.asked_at.is_not(None)] + ([f.c.completed_at >= datetime.combine(since, datetime.min.time())]
                                            if since else [])
    groups: Dict[Tuple[str, str], List[Optional[int]]] = {}
    for object_id, completed_at, score in session.execute(select(f.c.object_id, f.c.completed_at, f.c.score)
                                                           .where(*where)):
        groups.setdefault((object_id, f"{completed_at:%Y-%m}"), []).append(score)
    rows = []
    for (object_id, month), values in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0]), reverse=True):
        given = [v for v in values if v is not None]
        rows.append(ScoreRow(object_id, month, len(values), len(given), sum(given) / len(given) if given else None))
    return tuple(rows)


def totals(session: Session) -> Tuple[int, int]:
    f = t.repair_feedback
    asked = session.execute(select(func.count()).where(f.c.asked_at.is_not(None))).scalar_one()
    answered = session.execute(select(func.count()).where(f.c.answered_at.is_not(None))).scalar_one()
    return int(asked), int(answered)
