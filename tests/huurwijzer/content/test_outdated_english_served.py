"""An outdated English text (its Dutch text changed after it was written or confirmed) is never shown
to a tenant: staff corrected the Dutch text (a new phone number, who pays), so the English tenant gets
the corrected Dutch text, as when no English text was written. A current English text is served, and so
is an unconfirmed one (no fingerprint: nobody recorded anything). English questions are still matched
against the outdated English text: it still says what the entry or part is about."""

from __future__ import annotations

import re
from pathlib import Path

from huurwijzer.content.loader import build_content, in_language
from huurwijzer.conversation.answering import REPAIR_TOPIC, answer_question, object_name, object_texts
from tests.file_edit import edit as _edit

QUESTION = "Can I keep a cat in my apartment?"
ONLY_DUTCH = "Sorry, this answer is only available in Dutch."
NEW_DUTCH = "Bel voor toestemming eerst met de afdeling Verhuur."
OLD_EXPLANATION = ("explanation: Een kraanleertje of ander eenvoudig onderdeel van een kraan vervangen is een "
                   "kleine reparatie.")
NEW_EXPLANATION = OLD_EXPLANATION.replace("kleine reparatie", "kleine reparatie, die wij gratis doen")


def _pets_answer(knowledge: Path) -> str:
    english = in_language(build_content(knowledge), "en")
    reply = answer_question(english, "pets", 0.9, QUESTION, None)
    assert reply.metadata.knowledge_id == "huisdieren", reply.text
    return reply.text


def test_an_entry_whose_dutch_answer_changed_gives_the_english_tenant_the_dutch_answer(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "entries" / "huisdieren.yml", "  Heeft u last", f"  {NEW_DUTCH}\n  Heeft u last")
    text = _pets_answer(knowledge_copy)  # still found by its (outdated) English answer
    assert text.startswith(ONLY_DUTCH), text
    assert NEW_DUTCH in text and "Schade door uw huisdier" in text
    assert "Damage caused by your pet" not in text


def test_a_current_english_answer_is_served(knowledge_copy: Path) -> None:
    text = _pets_answer(knowledge_copy)
    assert "Damage caused by your pet" in text and ONLY_DUTCH not in text


def test_an_unconfirmed_english_answer_is_served(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    path.write_text(re.sub(r"^answer_en_of: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    _edit(path, "  Heeft u last", f"  {NEW_DUTCH}\n  Heeft u last")  # no record, so nothing to call outdated
    text = _pets_answer(knowledge_copy)
    assert "Damage caused by your pet" in text and ONLY_DUTCH not in text


def test_a_repair_whose_dutch_explanation_changed_explains_in_dutch(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "repairs.yml", OLD_EXPLANATION, NEW_EXPLANATION)
    english = in_language(build_content(knowledge_copy), "en")
    tap = english.repairs.get("kraanleertje")
    assert tap is not None
    texts = object_texts(english, tap)
    assert texts["uitleg"] == "(In Dutch: Een kraanleertje of ander eenvoudig onderdeel van een kraan vervangen is " \
                              "een kleine reparatie, die wij gratis doen.)"
    assert texts["onderdeel"] == "tap washer"  # only the explanation changed
    reply = answer_question(english, REPAIR_TOPIC, 0.9, "Who has to fix my dripping tap?", None)
    assert "die wij gratis doen" in reply.text and "Replacing a tap washer" not in reply.text, reply.text


def test_a_current_or_unconfirmed_repair_explanation_is_served(knowledge_copy: Path) -> None:
    english = in_language(build_content(knowledge_copy), "en")
    tap = english.repairs.get("kraanleertje")
    assert tap is not None
    assert object_texts(english, tap)["uitleg"] == "Replacing a tap washer or another simple part of a tap is a " \
                                                   "small repair."
    path = knowledge_copy / "repairs.yml"
    _edit(path, "    explanation_en_of: f8e52dda\n", "")
    _edit(path, OLD_EXPLANATION, NEW_EXPLANATION)
    english = in_language(build_content(knowledge_copy), "en")
    tap = english.repairs.get("kraanleertje")
    assert tap is not None and object_texts(english, tap)["uitleg"].startswith("Replacing a tap washer")


def test_an_outdated_english_name_is_not_shown_but_still_found(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "repairs.yml", "    name: kraanleertje\n", "    name: kraanleertje of kraanrubber\n")
    english = in_language(build_content(knowledge_copy), "en")
    tap = english.repairs.get("kraanleertje")
    assert tap is not None and object_name(english, tap) == "kraanleertje of kraanrubber"
    assert tap in english.repairs.named("who repairs my tap washer?")


def test_the_dutch_answer_an_english_tenant_gets_is_filled_in_dutch(knowledge_copy: Path) -> None:
    """QA, session 15: the Dutch answer under "only available in Dutch" was filled with the English
    wording of the corporation's own texts ({huisdieren_beleid}: "Pets are allowed, ...") and
    went on in Dutch: one answer in two languages. A Dutch text is filled with the Dutch wording."""
    _edit(knowledge_copy / "entries" / "huisdieren.yml", "  Heeft u last", f"  {NEW_DUTCH}\n  Heeft u last")
    profile = build_content(knowledge_copy).profile
    dutch, english = profile.variables["huisdieren_beleid"], profile.variables_en["huisdieren_beleid"]
    assert dutch != english
    text = _pets_answer(knowledge_copy)
    assert dutch in text and english not in text
    assert text.startswith(ONLY_DUTCH)  # the English line itself stays English
