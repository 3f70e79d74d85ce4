"""A message that names a subject staff listed as not ours (huurwijzer.content.not_ours: a mortgage, a private
landlord, other benefits and taxes ...) is out of scope, and gets that subject's answer (where to go instead),
unless it clearly is about our own subject:
- the gate decided for an emergency (a danger to life, an acute situation, or the classifier's own reading),
  for the repair table (the message names a repair object and asks who repairs it), or refused it as misuse:
  those decisions stand;
- the classifier is sure of one of our topics (at least `CLEAR`);
- a long letter (message_focus) names the subject only in its story, not in its question sentences: "mijn
  werkgever gaf me vrij voor de monteur, maar die kwam niet. Wie betaalt mijn verloren dag?" is ours.
Measured in docs/nlu.md, "Session 21: not ours, as staff content".
The subject's own exceptions (`behalve`, "huurwoning kopen") are checked when it is matched. An out-of-scope
decision carries the subject matched here (`Decision.subject`; the parse result's `NOT_OURS_SUBJECT_KEY`), so the reply
uses the gate's match (basic_reply_turn.not_ours_reply) instead of matching again."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from huurwijzer.content.not_ours import Subject, subject_named
from huurwijzer.content.topics import service_topic_of
from huurwijzer.conversation.danger import EMERGENCY_INTENT
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.understanding import REFUSING_INTENTS, Decision

OUT_OF_SCOPE = "out_of_scope"
NOT_OURS = "not_ours"  # the decision's reason
CLEAR = 0.9
# Decisions a not-ours word never takes back.
STANDING_REASONS = frozenset({"danger_to_life", "acute", "repair_table", "injection", "misuse_marked"})
STANDING_INTENTS = REFUSING_INTENTS | {OUT_OF_SCOPE, EMERGENCY_INTENT}


def not_ours_first(decided: Decision, text: str, subjects: Optional[Sequence[Subject]],
                   threshold: float) -> Decision:
    """`decided`, or out of scope when `text` names a subject that is not ours and is not clearly ours; an
    out-of-scope decision with the subject `text` names, if any."""
    if not subjects or decided.reason in STANDING_REASONS:
        return decided
    if decided.intent == OUT_OF_SCOPE:
        named = asked_subject(subjects, text)
        return replace(decided, subject=named.id) if named else decided
    if decided.intent in STANDING_INTENTS:
        return decided
    if service_topic_of(decided.intent) is not None and decided.confidence >= CLEAR:
        return decided
    named = asked_subject(subjects, text)
    if named is None:
        return decided
    return Decision(OUT_OF_SCOPE, max(threshold, decided.confidence), NOT_OURS, named.id)


def asked_subject(subjects: Sequence[Subject], text: str) -> Optional[Subject]:
    """The subject that is not ours `text` names: in a long letter with questions, in its question sentences."""
    found = focus(text)
    return subject_named(subjects, text, " ".join(found.questions) if found.long and found.questions else None)
