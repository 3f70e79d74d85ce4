"""The onboarding journey's questions: the contact preferences ('maatwerk', each answer stored at
once), the closing score and comment, and what follows when they are done (the next step, or the
journey paused or finished)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, Optional, Tuple

from huurwijzer.content import onboarding_steps
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import analyse
from huurwijzer.conversation import journey_words as words
from huurwijzer.conversation import kernel, shared_names
from huurwijzer.conversation import onboarding as ob
from huurwijzer.conversation.followup_flows import ASKED, consent_question
from huurwijzer.conversation.journey_offer import with_offer
from huurwijzer.conversation.journey_slots import ACTIVE, OFFERED, closed, meta
from huurwijzer.conversation.journey_steps import owner, show
from huurwijzer.conversation.kernel import FEEDBACK_SLOTS
from huurwijzer.conversation.maatwerk_flows import after_preferences
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.reply import fixed_reply, reply_text
from huurwijzer.conversation.shared_names import PREFERENCE_SLOTS, SKIP

# Answers in Dutch and in English (an English tenant sees English buttons and may type their titles).
_CHANNELS = (("whatsapp", r"whats ?app|\bapp\b"), ("e-mail", r"e-?mail|\bmail"),
             ("telefoon", r"telefo|bel|phone|\bcall"), ("brief", r"brief|post|letter"))
_TIMES = (("na 17:00", r"na 17|avond|na vijven|evening|after (5|five|17)"), ("ochtend", r"ochtend|morgen|morning"),
          ("middag", r"middag|afternoon"))
_YES, _NO = re.compile(r"\b(ja|graag|yes|jawel|prima)\b"), re.compile(r"\b(nee|neen|no|niet)\b")
_SKIP = re.compile(r"\b(overslaan|sla over|weet (ik )?niet|geen voorkeur|maakt niet uit|stop|stoppen|skip"
                   r"|(don'?t|do not) know|no preference|(doesn'?t|does not) matter)\b")
# "Nothing to add" to the closing comment question, beside any no (journey_words.says_no: "nee",
# "no thank you", "nee dank u wel"), so the no of the journey and of the comment are one list.
_NOTHING = re.compile(r"^\W*(niets|niks|geen|klaar|nee,? klaar|nothing|none|no comment)\W*$", re.I)


def _asks_or_reports(content: Content, comment: str) -> bool:
    """A closing comment that asks something or names a repair ("de verwarming doet het niet"): QA, session 22, it
    was kept as feedback on the journey and nothing more was said of it."""
    return comment.rstrip().endswith("?") or analyse(content.repairs, focus(comment).text).names_repair


def _choice(text: str, options: tuple[tuple[str, str], ...]) -> Optional[str]:
    for value, pattern in options:
        if re.search(pattern, text):
            return value
    return None


def _not_an_answer(text: str, otherwise: str) -> str:
    """The reply to an answer not understood: a question of the tenant's own ("wat is mijn huur?")
    is told it can be asked after these few questions (as in the repair form)."""
    return "onboarding_question_in_form" if text.rstrip().endswith("?") else otherwise


def _preference_value(content: Content, slot: str, answer: str) -> Tuple[str, Any]:
    """The contact_preferences column and value for an answer (SKIP: no preference)."""
    if slot == "pref_channel":
        return "channel", "geen voorkeur" if answer == SKIP else answer
    if slot == "pref_times":
        return "preferred_times", None if answer == SKIP else answer
    if slot == "pref_care":
        return "care_needs", reply_text(content, "onboarding_care_note") if answer == "ja" else None
    return {"pref_language": "language_help", "pref_money": "wants_money_help"}[slot], answer == "ja"


def _store_preferences(svc: kernel.Services, content: Content, turn: kernel.Turn, answers: Dict[str, str]) -> None:
    with svc.unit() as session:
        verified = kernel.verified_tenant(svc, session, turn)
        if verified is None:  # logged out meanwhile: answers_saved says so
            return
        for slot, answer in answers.items():
            ob.save_preference(session, verified.tenant_id, *_preference_value(content, slot, answer))


def preference_input(svc: kernel.Services, content: Content, turn: kernel.Turn, slot: str, value: Any) -> kernel.Step:
    """One answer to a 'maatwerk' question, stored in the tenancy database at once; the slot only
    says it was answered (RECEIVED) or skipped. 'stop' skips the rest and pauses the journey."""
    text = " ".join(str(value or "").lower().split())
    # "nee, bedankt" to an open question stops; to a yes/no question it is "nee"
    stop = words.stops(text) or (slot in ("pref_channel", "pref_times") and words.declines(text))
    if stop:
        answers = {s: SKIP for s in PREFERENCE_SLOTS if not turn.slots.get(s) or s == slot}
    elif _SKIP.search(text):
        answers = {slot: SKIP}
    elif words.unclear(text):  # what the questions are for, then the same question again
        return kernel.Step(fixed_reply(content, "onboarding_help_question", meta(turn.confidence)), slots={slot: None})
    else:
        if slot == "pref_channel":
            found = _choice(text, _CHANNELS)
        elif slot == "pref_times":
            found = _choice(text, _TIMES)
        else:
            found = "nee" if _NO.search(text) else "ja" if _YES.search(text) else None
        if found is None:
            said = fixed_reply(content, _not_an_answer(text, "onboarding_bad_choice"), meta(turn.confidence))
            return kernel.Step(said, slots={slot: None})
        answers = {slot: found}
    try:
        _store_preferences(svc, content, turn, answers)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    slots: Dict[str, Any] = {s: SKIP if answer == SKIP else shared_names.RECEIVED for s, answer in answers.items()}
    if not stop:
        return kernel.Step(slots=slots)
    return kernel.Step(slots={**slots, **closed()})  # the form ends; answers_saved says it paused


def feedback_input(svc: kernel.Services, content: Content, turn: kernel.Turn, slot: str, value: Any) -> kernel.Step:
    text = " ".join(str(value or "").split())
    if slot == "feedback_score":
        if _SKIP.search(text.lower()) or words.stops(text) or words.declines(text):
            return kernel.Step(slots={"feedback_score": SKIP, "feedback_comment": "-"})
        match = re.fullmatch(r"\D*?(10|[1-9])([,.]\d)?\D*", text)
        if match is None:
            said = fixed_reply(content, _not_an_answer(text, "onboarding_bad_score"), meta(turn.confidence))
            return kernel.Step(said, slots={slot: None})
        return kernel.Step(slots={slot: match.group(1)})
    comment = "-" if words.says_no(text) or _NOTHING.match(text) else text[:1000]
    return kernel.Step(slots={slot: comment})


def answers_saved(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """After the maatwerk or the feedback questions: store, mark the step done, go on."""
    info = meta(turn.confidence)
    reset: Dict[str, Any] = {**{s: None for s in PREFERENCE_SLOTS + FEEDBACK_SLOTS}, "next_step": None}
    try:
        with svc.unit() as session:
            whose, verified = owner(session, svc, turn)
            now = svc.clock()
            if turn.slots.get("feedback_score"):
                score = str(turn.slots.get("feedback_score"))
                comment = str(turn.slots.get("feedback_comment") or "-")
                if score.isdigit():
                    ob.save_feedback(session, whose, int(score), None if comment == "-" else comment, now)
                ob.complete(session, whose, onboarding_steps.FEEDBACK_STEP, now)
                done = fixed_reply(content, "onboarding_done", info)
                if _asks_or_reports(content, comment):  # stored as feedback, and the way to ask it said
                    note = reply_text(content, "onboarding_comment_not_passed_on")
                    done = replace(done, text=f"{done.text}\n\n{note}")
                question = consent_question(svc, session, content, verified, turn)
                return kernel.Step(with_offer(done, question),
                                  slots={**reset, ACTIVE: False, OFFERED: False, ASKED: question is not None})
            if verified is None:
                return kernel.Step(fixed_reply(content, "session_expired", info), slots=reset)
            # each answer was stored when it was given (preference_input)
            ob.complete(session, whose, onboarding_steps.PREFERENCES_STEP, now)
            consequences = after_preferences(svc, session, content, verified.tenant_id)
            if turn.slots.get(ACTIVE) is False:  # "stop": what was answered counts, the journey pauses here
                paused = fixed_reply(content, "onboarding_paused", info)
                return kernel.Step(paused, intro=(reply_text(content, "onboarding_preferences_saved"), *consequences),
                                   slots={**reset, ACTIVE: False})
            step = show(svc, session, content, turn, whose, verified)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    thanks = reply_text(content, "onboarding_preferences_saved")
    return kernel.Step(step.reply, intro=(thanks, *consequences, *step.intro), slots={**reset, **step.slots})
