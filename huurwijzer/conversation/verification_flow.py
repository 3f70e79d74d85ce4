"""Verification as a conversation: the form's answers, what follows it (the welcome and the answer
to the question that started it, or the journey a new tenant was on), logging out, stopping a
form and a new session. The form's questions are asked by personal_questions.personal_request."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, List, Optional

from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import analyse
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.topics import service_topics
from huurwijzer.conversation import form_moves, journey_offer, journey_slots, journey_steps
from huurwijzer.conversation.answering import answer_question, contact_route
from huurwijzer.conversation.danger import EMERGENCY_INTENT
from huurwijzer.conversation.followup_flows import note_text
from huurwijzer.conversation.kernel import (
    NEXT_STEP,
    PENDING_CONFIDENCE,
    PENDING_REQUEST,
    REPAIR_SLOTS,
    START_REPAIR,
    VERIFICATION_OUTCOME,
    VERIFY,
    Services,
    Step,
    Turn,
    Unavailable,
    intent_meta,
    paused,
    pending_intents,
    remember_language,
    reset_all,
    reset_verification,
    unavailable,
    verified_tenant,
)
from huurwijzer.conversation.personal_questions import personal_answer
from huurwijzer.conversation.repair_details import details, dont_know, stops_report
from huurwijzer.conversation.repair_withdrawal import WITHDRAW_REPAIR
from huurwijzer.conversation.reply import AnswerMetadata, PersonalText, Reply, fixed_reply, reply_text
from huurwijzer.conversation.shared_names import CODE_SLOT, RECEIVED, REQUESTED_SLOT, VERIFICATION_SLOTS
from huurwijzer.tenancy import verification as v


def session_start(svc: Services, turn: Turn) -> None:
    """A new session ends any earlier verification; a portal token verifies the new one."""
    with svc.unit() as session:
        v.end(session, v.conversation_key(turn.sender_id))
        verified_tenant(svc, session, turn)


def verification_input(svc: Services, content: Content, turn: Turn, slot: str, value: Any) -> Step:
    """One answer in the verification form. Fills the slots of what was recognised (with a
    placeholder, not the answer); once decided, sets the outcome so the form ends."""
    meta = intent_meta("verify_identity", turn.confidence)
    text = str(value or "")
    if dont_know(text) or not_at_hand(text):  # where to find it, or how to reach a person; the login and a kept
        # question stay
        return Step(fixed_reply(content, _UNSURE_REPLIES[slot], meta), slots={slot: None})
    finished = {**{s: RECEIVED for s in VERIFICATION_SLOTS}, CODE_SLOT: RECEIVED}
    try:
        with svc.unit() as session:
            now = svc.clock()
            key = v.conversation_key(turn.sender_id)
            if slot == CODE_SLOT:
                code = v.parse_code(text)
                if code is None:
                    return (_question_instead(content, turn, slot, text, meta)
                            or Step(fixed_reply(content, "verify_bad_code", meta), slots={CODE_SLOT: None}))
                result = v.check_code(session, svc.lockout, key, code, now)
                return Step(slots={**finished, VERIFICATION_OUTCOME: result.outcome.value})
            if text == RECEIVED and slot == VERIFICATION_SLOTS[0] and \
                    v.pending_answers(session, key, now).contract_number:  # given before the form started
                return Step(slots={slot: RECEIVED})  # (personal_request: a contract number typed again)
            given = v.parse_answers(text, svc.local_now().date())
            wanted = {"verification_contract": given.contract_number, "verification_postcode": given.postcode,
                      "verification_birth_date": given.date_of_birth}
            if wanted.get(slot) is None:
                asked = _question_instead(content, turn, slot, text, meta)
                if asked is not None:
                    return asked
                name = {"verification_contract": "verify_bad_contract", "verification_postcode": "verify_bad_postcode",
                        "verification_birth_date": "verify_bad_birth_date"}[slot]
                return Step(fixed_reply(content, name, meta), slots={slot: None})
            result = v.check_answers(session, svc.backoffice, svc.lockout, key, given, now)
            if result.outcome is v.Outcome.INCOMPLETE:
                return Step(slots={s: RECEIVED for s, found in wanted.items() if found is not None})
            return Step(slots={**finished, VERIFICATION_OUTCOME: result.outcome.value})
    except Unavailable:  # the verification pauses: the same question again once the store is back
        return paused(content, meta, slot)


_UNSURE_REPLIES = {"verification_contract": "verify_unsure_contract", "verification_postcode": "verify_unsure_postcode",
                   "verification_birth_date": "verify_unsure_birth_date", CODE_SLOT: "verify_unsure_code"}


# Not having or knowing what a login question asks ("ik weet mijn contractnummer niet", "waar vind ik mijn
# contractnummer?", "contractnummer kwijt", "I don't know my contract number"): QA, session 21, they got "Dat lijkt
# geen contractnummer" or "Die vraag onthoud ik. Als u bent ingelogd ...", which no login follows.
_NOT_AT_HAND = re.compile(r"\b(weet|ken)\b(\s\w+){0,4}\sniet\b|\b(kwijt|vergeten|verloren|heb ik niet)\b|"
                          r"\bgeen (\w+ )?(contract\w*|nummer|code|huurcontract)\b|"
                          r"\bniet (kunnen )?(vinden|terugvinden)\b|\bwaar (vind|staat|zie|lees) ik\b|"
                          r"\b(don t|do not|dont|can t|cannot|can not) (know|find|remember|have)\b|"
                          r"\b(lost|forgot\w*)\b|\bwhere (do|can) i find\b")
_LOGIN_ITEMS = re.compile(r"\b(nummer|code|number|zip)\b")
# The only words a short answer without a login word may hold ("heb ik niet", "weet ik het niet", "I don't know
# it"): "sleutels kwijt" or "I lost my keys" names something else, a problem of its own (the keys).
_ABOUT_WHAT_WAS_ASKED = frozenset(
    "ik het dat die deze er mijn ben heb weet ken niet nooit kwijt vergeten verloren geen waar vind staat zie lees "
    "helaas nee sorry i it that my m don t do not dont can cannot know find remember have lost forgot where no".split())


def not_at_hand(text: str) -> bool:
    """The tenant does not have or know what the login question asks: no digits, and a login word, or only words
    about not having it (not "sleutels kwijt", a problem of its own)."""
    clean = normalise(text)
    if any(c.isdigit() for c in clean) or not _NOT_AT_HAND.search(clean):
        return False
    return bool(_LOGIN_WORDS.search(clean) or _LOGIN_ITEMS.search(clean)) or \
        all(word in _ABOUT_WHAT_WAS_ASKED for word in clean.split())


# Personal questions asked while the login questions run ("wat is mijn huur?" where the contract
# number was asked): kept with the question that started the login and answered after it.
KEPT_QUESTIONS = frozenset({"my_rent", "my_home", "my_repairs", "my_subscription", "my_rewards", START_REPAIR,
                            WITHDRAW_REPAIR})
_SURE_QUESTION = 0.9  # without a question mark, and only a text without digits (no mistyped answer)
# Below it, a problem told in a sentence ("de cv ketel is kapot") is clearly no login answer: no digits, no word of
# one (a contract number, postcode or birth date written out), and at least this many words.
_PROBLEM_WORDS = 3
_LOGIN_WORDS = re.compile(r"\b(contract\w*|postcode|geboren|geboorte\w*|datum|januari|februari|maart|april|mei|juni|"
                          r"juli|augustus|september|oktober|november|december|born|birth\w*|date)\b")


def _tells_a_problem(content: Content, text: str) -> bool:
    """For a text without digits or a login word: a problem told instead of a login answer, in a sentence, or in two
    words that name a repair with its defect ("kraan lekt", "wc verstopt": QA, session 22, they got "Dat lijkt geen
    contractnummer")."""
    words = len(text.split())
    return words >= _PROBLEM_WORDS or (words == 2 and analyse(content.repairs, text).names_repair)


# A question without its question mark ("hoe hoog is mijn huur", "wie moet mijn kraan maken"): QA, session 22, it got
# "Dat lijkt geen contractnummer" below 0.9. Only without digits and without a word of a login answer.
_ASKS = re.compile(r"^\W*(hoe|wat|wie|wanneer|waar|waarom|welke?|hoeveel|mag ik|kan ik|moet ik|heb ik|krijg ik|"
                   r"kunt u|kun je|how|what|who|when|where|why|which|can i|do i|could you)\b", re.I)


def _question_instead(content: Content, turn: Turn, slot: str, text: str, meta: AnswerMetadata) -> Optional[Step]:
    """A question typed where a login answer was asked (and not one): a personal question is kept
    for after the login, any other question is told to wait; both say what to type or how to stop."""
    digits = any(c.isdigit() for c in text)
    plain = not digits and not _LOGIN_WORDS.search(text.lower())  # nothing of a login answer in it
    question = text.rstrip().endswith("?") or bool(plain and _ASKS.match(text))
    sure = turn.confidence >= _SURE_QUESTION and not digits
    problem = plain and _tells_a_problem(content, text)
    if turn.intent in KEPT_QUESTIONS and (question or sure or (problem and turn.intent == START_REPAIR)):
        pending = pending_intents(turn.slots.get(PENDING_REQUEST))
        slots: Dict[str, Any] = {slot: None}
        if turn.intent not in pending:
            slots[PENDING_REQUEST] = " ".join((*pending, turn.intent))
            if not pending:  # the login was asked for: its answer is this question's
                slots[PENDING_CONFIDENCE] = turn.confidence
            if turn.intent == START_REPAIR:  # what the message says of the defect, as when it started the login
                slots.update(details(text, content.repairs).slots())
        return Step(fixed_reply(content, "verify_question_kept", meta), slots=slots)
    # An emergency ("my kitchen is flooding", 0.77) is answered at any confidence: no login answer is without digits
    urgent = turn.intent == EMERGENCY_INTENT and not digits
    if turn.intent in service_topics() and (question or sure or urgent or problem):
        # A problem or question of its own ("er staat water in de keuken" where the postcode was asked) is
        # answered now, then the login goes on: it was lost (QA, session 19); below 0.9 too when it is clearly no
        # login answer (QA, session 20: "Dat lijkt geen postcode"). Without the answer's buttons:
        # a choice pressed inside the form would be read as a login answer.
        answer = answer_question(content, turn.intent, turn.confidence, text, None, personal_offer=False)
        if answer.metadata.knowledge_id is not None:
            then = reply_text(content, "verify_question_answered")
            return Step(replace(answer, text=f"{answer.text}\n\n{then}", buttons=()), slots={slot: None})
    if question:
        return Step(fixed_reply(content, "verify_question_later", meta), slots={slot: None})
    return None


def verification_result(svc: Services, content: Content, turn: Turn) -> Step:
    """After the verification form: welcome and answer the question that started it, or say
    (without detail) that it did not work."""
    outcome = turn.slots.get(VERIFICATION_OUTCOME)
    pending = pending_intents(turn.slots.get(PENDING_REQUEST))
    asked = turn.slots.get(PENDING_CONFIDENCE)
    if isinstance(asked, (int, float)):  # the question's confidence, not the last login answer's
        turn = replace(turn, confidence=float(asked))
    meta = intent_meta(pending[0] if pending else VERIFY, turn.confidence)
    reset = {**reset_verification(), PENDING_REQUEST: None, PENDING_CONFIDENCE: None, NEXT_STEP: None}
    try:
        with svc.unit() as session:
            now = svc.clock()
            verified = v.current(session, v.conversation_key(turn.sender_id), now)
            if verified is None:
                name = "verify_locked" if outcome == v.Outcome.LOCKED.value else "verify_failed"
                failed = fixed_reply(content, name, meta)
                if pending:  # "Die vraag onthoud ik" promised an answer: say it needs the login, asked anew
                    dropped = reply_text(content, "verify_question_dropped")
                    failed = replace(failed, text=f"{failed.text}\n{dropped}")
                return Step(failed, slots=reset)
            remember_language(session, verified, turn, now)
            tenant = svc.backoffice.tenant(session, verified.tenant_id)
            welcome = reply_text(content, "verify_ok", {"voornaam": tenant.first_name if tenant else ""})
            note = note_text(svc, session, content, verified.tenant_id)  # "U vroeg, wij deden", once
            welcome = PersonalText(f"{welcome}\n\n{note}" if note else welcome)
            if not pending and turn.slots.get(journey_slots.ACTIVE):  # logged in from the journey: go on there
                step = journey_steps.continue_after_login(svc, session, content, turn)
                return Step(step.reply, intro=(welcome, *step.intro), slots={**reset, **step.slots})
            offer = journey_offer.offer(svc, session, content, verified, turn)
            # Marked offered only where it is shown: when the repair form asks next it is not, and a
            # later "stop" or "ja" was read as about it (QA, session 19: "stop" got "we gaan later verder").
            offered = dict(journey_offer.offer_slots(offer))
            if not pending:
                welcomed = Reply(welcome, meta, "verify_ok", personal=True)
                return Step(journey_offer.with_offer(welcomed, offer), slots={**reset, **offered})
            answers: List[Reply] = []  # in the order asked
            slots = dict(reset)
            form: Dict[str, Any] = {}
            for intent in pending:
                step = personal_answer(svc, session, content, turn, verified, intent,
                                       str(turn.slots.get("repair_object") or ""))
                if step.reply is None:  # the repair form follows and asks what the first message did not say
                    form = {**step.slots, **{s: turn.slots[s] for s in REPAIR_SLOTS if turn.slots.get(s)}}
                    continue
                answers.append(step.reply)
                slots.update(step.slots)
                if step.reply.reply_name == "session_expired":
                    break
            said = [answer.as_intro() for answer in answers]
            if not answers:
                return Step(intro=(welcome,), slots={**slots, **form})
            if form and answers[-1].reply_name != "session_expired":  # the form asks last
                return Step(intro=(welcome, *said), slots={**slots, **form})
            return Step(journey_offer.with_offer(answers[-1], offer), intro=(welcome, *said[:-1]),
                        slots={**slots, **offered})
    except Unavailable:
        return unavailable(content, pending[0] if pending else VERIFY, turn.confidence)


def log_out(svc: Services, content: Content, turn: Turn) -> Step:
    meta = intent_meta(turn.intent, turn.confidence)
    try:
        with svc.unit() as session:
            was_in = v.end(session, v.conversation_key(turn.sender_id))
    except Unavailable:
        return unavailable(content, turn.intent, turn.confidence)
    return Step(fixed_reply(content, "logged_out" if was_in else "not_logged_in", meta), slots=reset_all(),
                end_form=True)


def stop_form(svc: Services, content: Content, turn: Turn) -> Step:
    """'stop' (or asking for a person, or logging out) in the middle of a form. "Weet ik niet" is an answer
    in the login and repair forms (their validation, verification_input and repair_flow.unsure); should it
    still reach this (a form whose validation did not run), the tenant hears how to go on without it."""
    if turn.intent == "log_out":
        return log_out(svc, content, turn)
    move = form_moves.move_in_form(turn)  # "terug", "niet dringend": the form goes on
    if move is not None:
        return move
    meta = intent_meta(turn.intent, turn.confidence)
    try:
        with svc.unit() as session:
            v.forget_answers(session, v.conversation_key(turn.sender_id))
    except Unavailable:
        pass  # half-given answers expire by themselves after 30 minutes
    asked = str(turn.slots.get(REQUESTED_SLOT) or "")
    if form_moves.back_at_first_question(turn):
        reply = fixed_reply(content, "form_stopped", meta)
    elif turn.intent == "human_handover":
        reply = contact_route(content, svc.local_now(), "handover", meta)
    elif asked in REPAIR_SLOTS and (turn.intent == WITHDRAW_REPAIR or stops_report(turn.text)):
        reply = fixed_reply(content, "repair_form_withdrawn", meta)  # nothing is filed
    elif dont_know(turn.text) and asked in REPAIR_SLOTS:  # not knowing the answer: say how to go on
        reply = fixed_reply(content, "form_stopped_unsure_repair", meta)
    elif dont_know(turn.text) and asked in VERIFICATION_SLOTS:
        reply = fixed_reply(content, "form_stopped_unsure_login", meta)
    else:
        reply = fixed_reply(content, "form_stopped", meta)
    reply = journey_offer.with_resume(content, reply, bool(turn.slots.get(journey_slots.ACTIVE)))
    return Step(reply, slots=reset_all(), end_form=True)
