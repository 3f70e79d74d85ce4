"""What the assistant answers: plain functions, no Rasa types, so they test in isolation."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

from huurwijzer.content.dutch_format import format_moment
from huurwijzer.content.hours import is_open, next_opening
from huurwijzer.content.knowledge import render
from huurwijzer.content.language import ENGLISH, finds_dutch_hard
from huurwijzer.content.loader import Content, in_language
from huurwijzer.content.repair_analysis import analyse, named_match
from huurwijzer.content.repairs import (
    INSTALLED_BY_TENANT,
    LANDLORD_NEGLECT,
    LANDLORD_WORKS,
    OUT_OF_REACH,
    OWN_DAMAGE,
    TAKEN_OVER,
    THIRD_PARTY,
    RepairMatch,
    RepairObject,
)
from huurwijzer.content.replies import Button
from huurwijzer.content.retrieval import overview_entry
from huurwijzer.content.topics import HANDOVER_TOPIC, topic_for_intent
from huurwijzer.conversation.criticism import CRITICISM_REPLY, is_plain_criticism
from huurwijzer.conversation.danger import EMERGENCY_INTENT
from huurwijzer.conversation.help_plea import HELP_REPLY, is_plea_for_help
from huurwijzer.conversation.journey_words import acknowledges
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text

# Below this retrieval score an answer from the predicted topic is not trusted to be the right
# entry; the overview entry of the topic is shown instead.
MIN_ENTRY_SCORE = 0.25
# A who-repairs question that matches no table object is answered from an entry only when it is
# this close to one (a general question like "welke reparaties doe ik zelf?"); otherwise the
# assistant says honestly that it does not know the object.
MIN_GENERAL_REPAIR_SCORE = 0.45
# An English question is answered from the entry whose English answer is this close (answers are
# longer than phrasings, so scores run lower); otherwise from the topic's overview entry.
MIN_ENGLISH_SCORE = 0.15
REPAIR_TOPIC = "repair_responsibility"
# knowledge_id of a repair-table object, in the metadata and in the buttons that choose one.
REPAIR_PREFIX = "repair/"
# The answer to a who-repairs question naming no part of the table (read again by back_reference).
REPAIR_UNKNOWN = "repair_unknown"
# A second question in the message is offered as a button (not answered) when an entry of another
# topic fits it this well.
MIN_SECOND_QUESTION_SCORE = MIN_ENTRY_SCORE
# The lead sentence of a who-repairs answer when the context, not the table, decides the party.
CONTEXT_REPLIES = {OWN_DAMAGE: "repair_context_own_damage", THIRD_PARTY: "repair_context_third_party",
                   INSTALLED_BY_TENANT: "repair_context_installed", TAKEN_OVER: "repair_context_taken_over",
                   OUT_OF_REACH: "repair_context_out_of_reach", LANDLORD_NEGLECT: "repair_context_neglect",
                   LANDLORD_WORKS: "repair_context_landlord_works"}
# General answers in these topics end with the way to the tenant's own data (or the journey).
PERSONAL_OFFERS = {"rent_payment": "personal_offer_rent", "report_repair": "personal_offer_repairs",
                   "service_subscription": "personal_offer_subscription",
                   "onboarding_first_steps": "personal_offer_journey"}
# Readings under which a plea for help alone gets the help answer (help_plea.py).
PLEA_READINGS = frozenset({"greet", "smalltalk", "thank", "out_of_scope"})


def choice_payload(topic: str, knowledge_id: str) -> str:
    """A button that answers `knowledge_id` under `topic` without asking the NLU."""
    return f"/{topic}" + json.dumps({"knowledge_id": knowledge_id}, separators=(",", ":"))


def object_name(content: Content, obj: RepairObject) -> str:
    """A repair object's name for a reply: its English name in an English conversation when staff
    wrote one, else the Dutch name."""
    return obj.name_en if content.language == ENGLISH and obj.name_en else obj.name


def object_texts(content: Content, obj: RepairObject) -> Dict[str, str]:
    """A repair object's name, explanation and condition for a reply: in an English conversation
    its English texts, or the Dutch ones marked as Dutch (repair_explanation) when staff wrote none."""
    variables = content.profile.variables  # an explanation may use the profile: {glasschade_regeling}
    english = content.language == ENGLISH
    texts = {}
    for key, dutch, translated in (("uitleg", obj.explanation, obj.explanation_en),
                                   ("voorwaarde", obj.condition, obj.condition_en)):
        if english and translated:
            texts[key] = render(translated, variables)
        elif dutch:
            texts[key] = reply_text(content, "repair_explanation", {"uitleg": render(dutch, variables)})
        else:
            texts[key] = ""
    return {"onderdeel": object_name(content, obj), **texts}


def repair_answer(content: Content, match: RepairMatch, confidence: float) -> Reply:
    """Who repairs this object, why, what may change that, and how to report it. When the
    context (own damage, a burglar, installed or taken over by the tenant, out of reach) decides
    the party, that comes first."""
    obj = match.object
    extra = object_texts(content, obj)
    decided = match.deciding_context
    party = match.party
    if decided and party != obj.party:
        parts = [reply_text(content, CONTEXT_REPLIES[decided], extra)]
    else:
        parts = [reply_text(content, f"repair_{obj.party}", extra)]
        if obj.party != "anders":
            parts.append(reply_text(content, f"repair_basis_{obj.basis}"))
        if decided in (INSTALLED_BY_TENANT, TAKEN_OVER):
            parts.append(reply_text(content, CONTEXT_REPLIES[decided], extra))
    if obj.condition:
        parts.append(reply_text(content, "repair_condition", extra))
    if match.own_damage and decided != OWN_DAMAGE:
        parts.append(reply_text(content, "repair_own_damage"))
    elif party == "huurder" and obj.subscription and not match.own_damage:
        parts.append(reply_text(content, "repair_subscription"))
    if party == "verhuurder":
        parts.append(reply_text(content, "repair_report"))
    if obj.urgent:
        parts.append(reply_text(content, "repair_urgent"))
    metadata = AnswerMetadata(REPAIR_TOPIC, confidence, f"{REPAIR_PREFIX}{obj.id}", party)
    return Reply("\n".join(parts), metadata, f"repair_{obj.party}")


def repair_choice(content: Content, question: str, confidence: float,
                  candidates: Sequence[RepairObject] = (), reply: str = "repair_which") -> Reply:
    """No single object fits. When the question names an object the table knows in several
    forms ("kraan"), or two objects fit equally well with different parties, the tenant chooses;
    otherwise the assistant says honestly it does not know."""
    candidates = tuple(candidates) or content.repairs.candidates(question)
    metadata = AnswerMetadata(REPAIR_TOPIC, confidence)
    if not candidates:
        return fixed_reply(content, REPAIR_UNKNOWN, metadata)
    names = [(obj, object_name(content, obj)) for obj in candidates]
    buttons = [Button(name[:1].upper() + name[1:], choice_payload(REPAIR_TOPIC, f"{REPAIR_PREFIX}{obj.id}"))
               for obj, name in names]
    return fixed_reply(content, reply, metadata, buttons=buttons)


def who_repairs(content: Content, question: str, confidence: float) -> Optional[Reply]:
    """The repair table's answer to a who-repairs question, buttons when two objects fit equally
    well with different parties, None when no object fits."""
    analysis = analyse(content.repairs, question)
    match = named_match(content.repairs, question, analysis)
    if match is None:
        return None
    if analysis.ambiguous:
        return repair_choice(content, question, confidence, (match.object, *analysis.alternatives),
                             "repair_which_several" if analysis.several else "repair_which")
    return repair_answer(content, match, confidence)


def second_question(content: Content, question: str, answered_topic: str) -> Tuple[Button, ...]:
    """A message with two questions: a button for the best entry of the other question, when it
    belongs to another topic than the answer."""
    questions = focus(question).questions
    if len(questions) < 2:
        return ()
    for other in questions[1:]:
        matches = content.index.rank(other, limit=1)
        if matches and matches[0].score >= MIN_SECOND_QUESTION_SCORE and matches[0].entry.topic != answered_topic:
            entry = matches[0].entry
            title = entry.shown_title(content.language == ENGLISH)
            return (Button(reply_text(content, "second_question", {"titel": title}),
                           choice_payload(entry.topic, entry.id)),)
    return ()


def with_second_question(content: Content, reply: Reply, question: str) -> Reply:
    extra = second_question(content, question, reply.metadata.topic)
    if not extra:
        return reply
    return replace(reply, buttons=reply.buttons + extra)  # keeps the personal mark


def basic_reply(content: Content, intent: str, confidence: float, text: str = "") -> Reply:
    topic = topic_for_intent(intent) or "chitchat"
    # "ik spreek slecht Nederlands", read as a request for Dutch: simple words or English offered
    name = "language_offer" if intent == "switch_to_dutch" and finds_dutch_hard(text) else intent
    name = HELP_REPLY if intent in PLEA_READINGS and is_plea_for_help(text) else name
    name = "acknowledged" if intent == "smalltalk" and acknowledges(text) else name  # "ok": read, no "Dank u!"
    if is_plain_criticism(intent, text):  # staff see it among the complaints, not among misuse
        name, topic = CRITICISM_REPLY, "complaint"
    return fixed_reply(content, name, AnswerMetadata(topic, confidence))


def empty_message_reply(content: Content, media: bool = False) -> Reply:
    return fixed_reply(content, "media_message" if media else "empty_message", AnswerMetadata("chitchat", 0.0))


def answer_question(
    content: Content, intent: str, confidence: float, question: str, chosen_id: Optional[str],
    personal_offer: bool = True,
) -> Reply:
    """Answers a question the NLU put under topic `intent` (a service topic). Without
    `personal_offer` the answer does not end with the way to the tenant's own data (they see it)."""
    offered, plain = answer_variants(content, intent, confidence, question, chosen_id)
    return offered if personal_offer else plain


def answer_variants(
    content: Content, intent: str, confidence: float, question: str, chosen_id: Optional[str],
) -> Tuple[Reply, Reply]:
    """The answer with and without the way to the tenant's own data, worked out once: the caller
    gives the second to a verified tenant after their own situation."""
    if chosen_id and chosen_id.startswith(REPAIR_PREFIX):  # a button of repair_choice
        chosen = content.repairs.get(chosen_id[len(REPAIR_PREFIX):])
        if chosen is not None:
            reply = repair_answer(content, RepairMatch(chosen, 0, own_damage=False), confidence)
            return reply, reply
    english = content.language == ENGLISH
    entry = content.knowledge.get(chosen_id) if chosen_id else None
    if entry is None and not question.startswith("/"):
        focused = focus(question).text  # greeting, signature, name and address set aside
        named = content.emergencies.answer_named(focused, english) if intent == EMERGENCY_INTENT else None
        if named is not None:  # it decides the instructions ("brandlucht" is not gas; "my kitchen is flooding")
            entry = content.knowledge.get(named.entry_id)
        if intent == REPAIR_TOPIC:
            repair = who_repairs(content, focused, confidence)
            if repair is not None:
                repair = with_second_question(content, repair, question)
                return repair, repair
        if english and entry is None:  # English questions are matched against the English answers first
            found = content.index_en.rank(question, topics={intent}, limit=1)
            if found and found[0].score >= MIN_ENGLISH_SCORE:
                entry = found[0].entry
        matches = [] if entry else content.index.rank(focused, topics={intent}, limit=1)
        score = matches[0].score if matches else 0.0
        if intent == REPAIR_TOPIC and entry is None and score < MIN_GENERAL_REPAIR_SCORE:
            candidates = content.repairs.candidates(focused)
            # In English only when the question names a part: the Dutch "not known" would miss the overview.
            if candidates or not english:
                choice = repair_choice(content, focused, confidence, candidates)
                return choice, choice
        if score >= MIN_ENTRY_SCORE:
            entry = matches[0].entry
    if entry is None:
        entry = overview_entry(content.knowledge, intent)
    if entry is None:
        none_yet = fixed_reply(content, "no_answer_yet", AnswerMetadata(intent, confidence))
        return none_yet, none_yet
    if english and entry.answer_en:
        text = render(entry.answer_en, content.profile.variables)
    else:  # a Dutch answer is filled in Dutch, also under the English "only in Dutch" line
        text = render(entry.answer, content.profile.dutch_variables())
    if english and not entry.answer_en:
        text = "\n\n".join((render(content.translations.only_dutch, content.profile.variables), text))
    links = [f"- {link.title}: {render(link.url, content.profile.variables)}" for link in entry.links]
    if links:
        text = "\n\n".join((text, reply_text(content, "more_info"), "\n".join(links)))
    plain = Reply(text, AnswerMetadata(entry.topic, confidence, knowledge_id=entry.id))
    offered = plain
    offer = PERSONAL_OFFERS.get(entry.topic)
    if offer and english and offer not in content.translations.english:
        offer = None  # no Dutch offer under an English answer
    if offer:  # one click to the tenant's own data when the question was meant personally
        offered = replace(plain, text="\n\n".join((text, reply_text(content, offer))),
                          buttons=content.replies[offer].buttons)
    if chosen_id:
        return offered, plain
    extra = second_question(content, question, entry.topic)
    return replace(offered, buttons=offered.buttons + extra), replace(plain, buttons=plain.buttons + extra)


def other_language_reply(content: Content, language: str) -> Reply:
    """For a message in a language the assistant does not answer in: how to reach a person, in
    that language when knowledge/languages.yml has it, else in English."""
    text = content.translations.other.get(language)
    if text is None:
        return fixed_reply(in_language(content, ENGLISH), "handover_open", AnswerMetadata(HANDOVER_TOPIC, 1.0))
    return Reply(render(text, content.profile.variables), AnswerMetadata(HANDOVER_TOPIC, 1.0), "other_language")


def best_guess_topic(ranking: Sequence[Mapping[str, Any]]) -> Tuple[str, float]:
    for item in ranking:
        topic = topic_for_intent(str(item.get("name")))
        if topic:
            return topic, float(item.get("confidence") or 0.0)
    return "out_of_scope", 0.0


def contact_route(
    content: Content, now: datetime, reply_prefix: str, metadata: AnswerMetadata
) -> Reply:
    """How to reach a person right now: open hours, or the emergency number and when staff are back."""
    profile = content.profile
    if is_open(profile.phone_hours, profile.holidays, now):
        return fixed_reply(content, f"{reply_prefix}_open", metadata)
    back = next_opening(profile.phone_hours, profile.holidays, now)
    english = content.language == ENGLISH  # "Monday 30 November at 08:30", not "maandag 30 november om 08:30"
    when = format_moment(back, now.date(), english=english) if back else reply_text(content, "next_workday")
    return fixed_reply(content, f"{reply_prefix}_closed", metadata, extra={"weer_bereikbaar": when})


def local_now(timezone: str) -> datetime:
    return datetime.now(ZoneInfo(timezone))
