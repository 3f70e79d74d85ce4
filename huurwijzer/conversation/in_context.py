"""A short message read against what the conversation is about: the answer just given, or the onboarding
journey. The classifier reads each message alone, so QA (session 15) saw "wat moet ik doen" get the new
tenant's checklist after another answer, "de bovenburen doen niet open" right after the leak instructions
read as nuisance, "ik heb de kraan dichtgedaan wat nu" after the gas instructions offered a tap washer,
"wie mot dat make" after a repair answer fall back, and "hoe zit het met de sleutels?" in the journey
read as lost keys; "woonkamer" alone answered subletting (session 16: a room alone asks what is the matter
with it). Each is narrow on purpose: a message that says more than a follow-up keeps the
classifier's reading. Plain functions, no Rasa types."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import FrozenSet, Optional, Tuple

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.repair_words import ASKS_WHO_DIRECTLY
from huurwijzer.conversation import back_reference, journey_slots, kernel
from huurwijzer.conversation.answering import REPAIR_PREFIX, REPAIR_TOPIC, answer_variants, object_name
from huurwijzer.conversation.danger import EMERGENCY_INTENT
from huurwijzer.conversation.fear import after_fear
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.repair_details import bare_room
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.conversation.understanding import FALLBACK_INTENT

# "wat moet ik doen", "wat nu", "what now": nothing but the wish to know what to do.
_WHAT_NOW = re.compile(
    r"^(en |maar |ok |oke |ja )?(wat (moet|kan|moeten|kunnen|ga|gaan|zal) (ik|we|wij) (nu |dan |daarna |hiermee )?"
    r"(doen|nu)|wat (nu|dan|moet ik nu)|en nu|hoe nu verder|wat is de volgende stap|"
    r"what now|what (should|do|can|must) (i|we) do( now| next)?|now what)$")
# A follow-up of instructions is short; a longer message says something new.
MAX_FOLLOW_UP_WORDS = 8
# A word of a message and a word of the instructions' steps that hold one another ("bovenburen" and
# "buren", "kraan" and "gaskraan") tie the message to the steps; shorter words tie by chance.
MIN_SHARED_LETTERS = 5
# ... and says how a step went, or asks what next: "doen niet open", "dichtgedaan", "wat nu". Without it a
# message naming the same thing is new ("de bovenburen maken lawaai" after the leak is nuisance).
_HOW_IT_WENT = re.compile(
    r"\b(wat nu|en nu|wat (moet|kan) ik nu|wat dan|niet open|niet thuis|niemand|lukt (het )?niet|gaat niet|"
    r"kan (ik )?niet|werkt niet|(dicht|uit|open|aan) ?(gedaan|gedraaid|gezet)|gedaan|gebeld|nog steeds|blijft|"
    r"what now|what next|done|did it|closed|turned off|switched off|not (open|home|answer\w*)|no answer|"
    r"(doesn|don|didn|won|can) t)\b")
_STEP = re.compile(r"^\s*\d+[.)]\s*(.*)$")
# Keys in the journey are the keys of the new home; these words say they are lost or broken.
_KEYS = re.compile(r"\b(sleutel\w*|keys?)\b")
_KEYS_LOST = re.compile(r"\b(kwijt\w*|verloren|vergeten|buitengesloten|afgebroken|gebroken|gestolen|zoek|"
                        r"lost|locked out|stolen|broke\w*|bijmaken|bijgemaakt|extra|reserve\w*|spare|copy)\b")
KEY_HANDOVER = "eerste-huur-en-sleutel"
KEY_INTENTS = frozenset({"keys_locks", FALLBACK_INTENT})


def asks_what_now(text: str) -> bool:
    """The message, its greeting and introduction set aside, asks only what to do ("hoi ik ben nieuwe huurder,
    wat moet ik doen")."""
    return not text.startswith("/") and bool(_WHAT_NOW.match(normalise(focus(text).text)))


def for_turn(content: Content, turn: kernel.Turn) -> Optional[Reply]:
    """`read_in_context` for a turn: its previous answer, and the journey when it is going on or offered; right
    after the fear reply, first what follows it (fear.after_fear: "de bovenburen doen niet open")."""
    return after_fear(content, turn.text, turn.previous_context, turn.confidence) or read_in_context(
        content, turn.text, turn.previous_answer, journey_slots.is_open(turn.slots), turn.intent, turn.confidence)


def read_in_context(content: Content, text: str, previous: Optional[str], in_journey: bool, intent: str,
                    confidence: float) -> Optional[Reply]:
    """The answer `text` gets read against the previous answer's knowledge id `previous` or the journey
    (`in_journey`); None when the context does not decide it (the classifier's reading `intent` stands)."""
    if text.startswith("/"):
        return None
    clean = normalise(focus(text).text)
    if _WHAT_NOW.match(clean):
        if in_journey:  # in the journey "wat moet ik doen" is its checklist
            return None
        return _again(content, previous, confidence) or fixed_reply(
            content, "what_now_which", AnswerMetadata("chitchat", confidence))
    room = bare_room(clean)
    if room is not None:  # "woonkamer" alone was read as subletting: what is the matter with it?
        return fixed_reply(content, "room_only", AnswerMetadata(REPAIR_TOPIC, confidence), extra={"ruimte": room})
    if in_journey and intent in KEY_INTENTS and _KEYS.search(clean) and not _KEYS_LOST.search(clean):
        reply, _ = answer_variants(content, "onboarding_first_steps", confidence, "", KEY_HANDOVER)
        return reply
    if previous is None or len(clean.split()) > MAX_FOLLOW_UP_WORDS:
        return None
    if _HOW_IT_WENT.search(clean) and _follows_instructions(content, previous, clean):
        return _again(content, previous, confidence)
    if back_reference.points_back(clean) and ASKS_WHO_DIRECTLY.search(clean) and clean.startswith("wie "):
        # "wie mot dat make": who repairs what the previous answer was about, in any spelling
        title, answer = back_reference.subject_answer(content, clean, previous, confidence)
        if answer is not None:
            return back_reference.read_as(content, title, answer)
    return None


def _follows_instructions(content: Content, previous: str, clean: str) -> bool:
    """The previous answer gave emergency instructions, and the message names something of its steps
    without naming another danger ("ik ruik ook brandlucht" is the fire)."""
    entry = content.knowledge.get(previous)
    if entry is None or entry.topic != EMERGENCY_INTENT:
        return False
    danger = content.emergencies.danger_to_life(clean)
    if danger is not None and danger.entry_id != previous:
        return False
    words = _step_words(entry.answer_en if content.language == ENGLISH and entry.answer_en else entry.answer)
    return any(len(word) >= MIN_SHARED_LETTERS and any(word in step or step in word for step in words)
               for word in clean.split())


def _step_words(answer: str) -> FrozenSet[str]:
    """The words of the numbered steps of an answer, long enough to tie a message to them."""
    steps = (match.group(1) for line in answer.splitlines() if (match := _STEP.match(line)))
    return frozenset(word for step in steps for word in normalise(step).split() if len(word) >= MIN_SHARED_LETTERS)


def _again(content: Content, previous: Optional[str], confidence: float) -> Optional[Reply]:
    """The previous answer once more, led by what the message was read as; None without one."""
    found = _titled(content, previous)
    if found is None:
        return None
    title, topic = found
    reply, _ = answer_variants(content, topic, confidence, "", previous)
    lead = reply_text(content, "what_now_read_as", {"titel": title})
    return replace(reply, text="\n".join((lead, reply.text)))


def _titled(content: Content, knowledge_id: Optional[str]) -> Optional[Tuple[str, str]]:
    """The title and topic of an answer's knowledge id, a repair-table object or an entry."""
    if not knowledge_id:
        return None
    if knowledge_id.startswith(REPAIR_PREFIX):
        obj = content.repairs.get(knowledge_id[len(REPAIR_PREFIX):])
        return (object_name(content, obj), REPAIR_TOPIC) if obj is not None else None
    entry = content.knowledge.get(knowledge_id)
    if entry is None:
        return None
    return entry.shown_title(content.language == ENGLISH), entry.topic
