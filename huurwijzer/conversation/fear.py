"""A tenant who says they are afraid ("ik ben echt bang", "I'm scared") and whose message the classifier
could not place: the reply acknowledges it and says what to do now (danger, a threat, water), above the
likely topics as buttons (QA, session 19: it got only "Ik weet niet zeker wat u bedoelt"). The words are
read here; the text is `fear_support` in knowledge/replies.yml. A message the classifier does answer ("ik ben
bang voor mijn buurman", read as nuisance) gets a short acknowledgement above its answer (QA, session 20):
`fear_ack`, or `fear_ack_threat` with 112 and the police when the message names a threat or violence. A fear
now ("ik ben echt bang, er staat iemand voor mijn deur te schreeuwen") that the classifier leaned to an answer
that says nothing about safety, without being sure (read as paying the rent: QA, session 21), gets the fear
reply with that topic as a button (`unplaced_fear`)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from huurwijzer.content.loader import Content
from huurwijzer.content.repair_matching import normalise
from huurwijzer.conversation.danger import EMERGENCY_INTENT, NEIGHBOURS
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text

FEAR_REPLY = "fear_support"
FEAR_ACK = "fear_ack"
FEAR_ACK_THREAT = "fear_ack_threat"
NEIGHBOURS_NO_ANSWER = "fear_neighbours_no_answer"

# After the fear reply: someone (the neighbours, "ze") does not open or answer, or has not been seen or heard.
_NO_ANSWER = re.compile(r"\b(doe\w* (de deur )?niet (meer )?open|(reageert|reageren|antwoordt|antwoorden|opent|openen) "
                        r"niet|geen (reactie|antwoord)|niemand (doet|reageert)|"
                        r"(hoor|hoorde|horen) (al \w+ )?(niks|niets)|(niet|nooit) (meer )?gezien|"
                        r"not (answering|opening|responding)|no (answer|response)|"
                        r"(doesn|don|didn|won|isn|aren) t (answer|open|respond)\w*|(haven|hasn) t (seen|heard))\b")
_SOMEONE = re.compile(r"\b(\w*buren|\w*buur|buurman|buurvrouw|buurjongen|buurmeisje|bewoners?|ze|zij|hij|"
                      r"neighbou?rs?|they|she|he|him|her|them)\b")

_FEAR = re.compile(r"\b(bang|angstig|doodsbang|in paniek|ik durf (het )?niet|voel me (niet veilig|onveilig)|"
                   r"scared|afraid|frightened|terrified|feel unsafe)\b")

# Worry about what may happen ("bang dat de lekkage erger wordt", "afraid to pay late"): not a fear now.
_WORRY = re.compile(r"\b(bang|angstig|scared|afraid|frightened|worried) (dat|om|that|to)\b")
# Topics whose answers speak to a fear (nuisance and threats, emergencies, locked out), and how sure the
# classifier must be of another topic to answer it under the acknowledgement.
SAFETY_TOPICS = frozenset({NEIGHBOURS, EMERGENCY_INTENT, "keys_locks"})
SURE_OF_OTHER_TOPIC = 0.9

# A threat to the tenant's safety: the acknowledgement names 112 and the police.
_THREAT = re.compile(r"\b(bedreig\w*|dreig\w*|geweld\w*|mishandel\w*|slaat|slaan|sloeg|aangevallen|aanvalt|"
                     r"stalk\w*|intimid\w*|threat\w*|violen\w*|attack\w*|hits me|hit me|beats me|beat me)\b")


def says_fear(text: str) -> bool:
    return bool(_FEAR.search(" ".join(text.lower().split())))


def unplaced_fear(text: str, intent: str, confidence: float) -> bool:
    """`text` says the tenant is afraid now, and the classifier's reading (`intent` at `confidence`) is a topic
    whose answer says nothing about safety, and not a sure one."""
    if text.startswith("/") or not says_fear(text) or _WORRY.search(normalise(text)):
        return False
    return intent not in SAFETY_TOPICS and confidence < SURE_OF_OTHER_TOPIC


def fear_reply(content: Content, suggested: Reply) -> Reply:
    """The acknowledgement and what to do, with `suggested`'s topics as its buttons. Its metadata names it as the
    context (reply.CONTEXT_KEY) that the next message is read against (after_fear)."""
    return fixed_reply(content, FEAR_REPLY, replace(suggested.metadata, context=FEAR_REPLY), buttons=suggested.buttons)


def after_fear(content: Content, text: str, previous_context: Optional[str], confidence: float) -> Optional[Reply]:
    """Right after the fear reply, a worry that the neighbours do not open or answer ("de bovenburen doen niet
    open"; QA, session 20: read as nuisance) gets what to do: 112 when someone may be in danger, the police
    otherwise, and us. None for any other message or context."""
    if previous_context != FEAR_REPLY or text.startswith("/"):
        return None
    clean = normalise(text)
    if not (_NO_ANSWER.search(clean) and _SOMEONE.search(clean)):
        return None
    return fixed_reply(content, NEIGHBOURS_NO_ANSWER, AnswerMetadata(NEIGHBOURS, confidence))


def with_fear_acknowledged(content: Content, text: str, answer: Reply) -> Reply:
    """`answer` led by a short acknowledgement when `text` says the tenant is afraid. Not above the
    instructions for a danger to life, nor above an answer that opens with 112: they already say what to do."""
    if text.startswith("/") or not says_fear(text) or _says_what_to_do(content, answer):
        return answer
    name = FEAR_ACK_THREAT if _THREAT.search(" ".join(text.lower().split())) else FEAR_ACK
    return replace(answer, text="\n\n".join((reply_text(content, name), answer.text)))


def _says_what_to_do(content: Content, answer: Reply) -> bool:
    dangers = {item.entry_id for item in content.emergencies.items if item.life_threatening}
    first_line = answer.text.split("\n", 1)[0]
    return answer.metadata.knowledge_id in dangers or "112" in first_line
