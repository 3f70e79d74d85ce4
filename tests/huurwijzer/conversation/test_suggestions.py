"""The fallback's buttons: the right topic one click away, in at most four buttons ("Iets anders" included)."""

from __future__ import annotations

from typing import Any, Dict, List

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation.suggestions import suggest_topics


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    """A parse's ranking as the fallback action gets it: the fallback intent first."""
    return [{"name": "nlu_fallback", "confidence": 0.4}] + [{"name": n, "confidence": c} for n, c in pairs]


def topics(content: Content, pairs: List[Any], text: str) -> List[str]:
    reply = suggest_topics(content, ranking(*pairs), text)
    assert len(reply.buttons) <= 4 and reply.buttons[-1].payload == "/deny"
    return [b.payload[1:].split("{", 1)[0] for b in reply.buttons[:-1]]


def test_a_named_repair_and_three_likely_topics_still_make_four_buttons(content: Content) -> None:
    reply = suggest_topics(content, ranking(("complaint", 0.3), ("nuisance", 0.2), ("report_repair", 0.05)),
                           "de dakgoot lekt en het water loopt langs de gevel naar binnen")
    assert len(reply.buttons) == 4 and reply.buttons[-1].title == "Iets anders"
    assert reply.buttons[0].payload == '/repair_responsibility{"knowledge_id":"repair/dakgoot-lek"}'
    assert [b.payload.split("{")[0] for b in reply.buttons[1:3]] == ["/complaint", "/nuisance"]


def test_a_third_topic_the_classifier_believes_in_keeps_its_place(content: Content) -> None:
    offered = topics(content, [("complaint", 0.35), ("nuisance", 0.25), ("pets", 0.2)],
                     "de dakgoot lekt en het water loopt langs de gevel naar binnen")
    assert offered == ["complaint", "nuisance", "pets"]


def test_a_personal_intent_offers_its_topic(content: Content) -> None:
    offered = topics(content, [("my_rent", 0.35), ("parking", 0.2), ("home_swap", 0.1), ("co_tenancy", 0.05)],
                     "hoeveel moet ik deze maand overmaken?")
    assert offered == ["rent_payment", "parking", "home_swap"]


def test_a_topic_and_its_personal_twin_hold_their_place_together(content: Content) -> None:
    """General and personal rent questions share one topic: together they are no mere guess, so a
    named repair does not push the topic out (apart, each is under a tenth)."""
    offered = topics(content, [("complaint", 0.3), ("nuisance", 0.2), ("rent_payment", 0.06), ("my_rent", 0.06)],
                     "de dakgoot lekt en het water loopt langs de gevel naar binnen")
    assert offered == ["complaint", "nuisance", "rent_payment"]


def test_a_topic_named_in_its_own_words_is_offered_though_ranked_low(content: Content) -> None:
    offered = topics(content, [("nuisance", 0.35), ("complaint", 0.2), ("pets", 0.1), ("garbage", 0.04)],
                     "bij de buren staat al een week een berg vuilniszakken op de galerij, wat kan ik doen?")
    assert offered == ["nuisance", "complaint", "garbage"]


def test_no_dead_end_when_the_classifier_ranks_no_service_topic(content: Content) -> None:
    offered = topics(content, [("out_of_scope", 0.3), ("smalltalk", 0.2)],
                     "mijn huurtoeslag is gestopt, hoe vraag ik die opnieuw aan?")
    assert len(offered) == 3 and offered[0] == "huurtoeslag"


def test_the_named_repair_takes_the_place_of_who_repairs_own_entry(content: Content) -> None:
    reply = suggest_topics(content, ranking(("repair_responsibility", 0.4), ("report_repair", 0.2),
                                            ("emergency_repair", 0.15)),
                           "het hout van het keukenraam is helemaal rot, wie moet dat vervangen?")
    payloads = [b.payload for b in reply.buttons]
    assert len(payloads) == 4
    assert [p for p in payloads if p.startswith("/repair_responsibility")] == [
        '/repair_responsibility{"knowledge_id":"repair/kozijn"}']


def test_a_far_fetched_entry_gives_way_to_the_topics_overview(content: Content) -> None:
    """A topic the classifier guesses while no entry of it fits the words: its overview's title, not
    the title of an entry that happens to share a few letters."""
    reply = suggest_topics(content, ranking(("complaint", 0.3), ("nuisance", 0.2), ("pets", 0.15)),
                           "de dakgoot lekt en het water loopt langs de gevel naar binnen")
    chosen = {b.payload.split("{")[0]: b.payload for b in reply.buttons}
    assert chosen["/nuisance"] == '/nuisance{"knowledge_id":"burenoverlast"}'
    assert chosen["/pets"] == '/pets{"knowledge_id":"huisdieren"}'


def test_the_repair_button_names_the_part_in_the_conversations_language(content: Content) -> None:
    """An English tenant reads the part's English name (name_en) on the fallback's repair button."""
    pairs = ranking(("complaint", 0.3), ("nuisance", 0.2))
    english = suggest_topics(in_language(content, ENGLISH), pairs, "the extractor fan in the bathroom has stopped")
    dutch = suggest_topics(content, pairs, "de afzuiging in de badkamer doet het niet meer")
    payload = '/repair_responsibility{"knowledge_id":"repair/ventilatie-badkamer"}'
    assert (english.buttons[0].title, english.buttons[0].payload) == ("Who repairs: bathroom extractor fan", payload)
    assert (dutch.buttons[0].title, dutch.buttons[0].payload) == ("Wie repareert: afzuiging in de badkamer", payload)


def test_an_english_question_is_matched_against_the_english_answers(content: Content) -> None:
    """No English answer fits: the topic's overview, not a Dutch entry that shares a few letters."""
    english = in_language(content, ENGLISH)
    reply = suggest_topics(english, ranking(("insurance", 0.4), ("rent_payment", 0.2), ("service_costs", 0.1)),
                           "do I need contents insurance?")
    assert reply.buttons[0].payload == '/insurance{"knowledge_id":"verzekeringen"}'
    assert reply.buttons[-1].title == "Something else"
