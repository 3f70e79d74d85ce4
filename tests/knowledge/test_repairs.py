from pathlib import Path
from typing import Callable

import pytest
import yaml

from huurwijzer.content.knowledge import KnowledgeError
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.content.repairs import RepairTable, parse_repairs
from huurwijzer.conversation.answering import answer_question

ROOT = Path(__file__).resolve().parents[2]
_CASE_FILE = yaml.safe_load((ROOT / "tests" / "knowledge" / "repair_cases.yml").read_text(encoding="utf-8"))
CASES = _CASE_FILE["cases"]
# Written for issue 15's third round: the defect or the context decides (through the analysis).
CONTEXT_CASES = _CASE_FILE["context_cases"]
# Measured 44/44 on 2026-11-22; allow two misses before this fails.
MIN_PARTY_ACCURACY = 0.95


def test_table_has_at_least_150_objects_with_both_parties(table: RepairTable) -> None:
    assert len(table.objects) >= 150
    assert {o.party for o in table.objects} == {"huurder", "verhuurder", "anders"}


def test_party_accuracy_on_fresh_questions(table: RepairTable) -> None:
    wrong = []
    for case in CASES:
        match = table.match(case["text"])
        if (match.party if match else None) != case["party"]:
            wrong.append(case["text"])
    assert 1 - len(wrong) / len(CASES) >= MIN_PARTY_ACCURACY, wrong


@pytest.mark.parametrize(("text", "object_id"), [
    ("de badkamerkraan druppelt", "kraanleertje"),          # compound
    ("de dakgoot zit vol bladeren", "dakgoot-schoonmaken"),  # maintenance: tenant
    ("de dakgoot lekt op de hoek", "dakgoot-lek"),           # defect: landlord
    ("de vloer kraakt en zakt door", "vloer"),               # short stem 'vlo' must not match 'vloer'
    # QA, session 13: a leak at the trap is the trap's (tenant), not our water pipe
    ("lekkage onder het aanrecht bij de sifon", "waterslot"),
    ("de sifon onder de wastafel lekt", "waterslot"),
    ("the sink trap is leaking", "waterslot"),
    ("lekkage onder het aanrecht", "waterleiding"),          # no trap named: the pipe, ours
    # session 14 (qa4 left): the U-bend named with the sink it sits under is still the U-bend
    ("the U-bend under the sink is leaking", "waterslot"),
    ("the trap under the bathroom sink is leaking", "waterslot"),
    ("water is leaking under the sink", "spoelbak-keuken"),  # no trap named: the sink, ours
])
def test_most_specific_pattern_wins(table: RepairTable, text: str, object_id: str) -> None:
    match = table.match(text)
    assert match is not None and match.object.id == object_id


def test_own_damage_makes_it_the_tenants(table: RepairTable) -> None:
    match = table.match("onze kinderen hebben per ongeluk de ruit kapot gegooid")
    assert match is not None and match.party == "huurder"


def test_mould_depends_on_the_cause(table: RepairTable) -> None:
    plain = table.match("er zit schimmel in de hoek")
    assert plain is not None and plain.party is None
    laundry = table.match("schimmel op de muur sinds ik de was binnen droog")
    assert laundry is not None and laundry.party == "huurder"
    leak = table.match("schimmel in de slaapkamer sinds het dak lekt")
    assert leak is not None and leak.party == "verhuurder"


def test_answer_gives_basis_subscription_and_metadata(content: Content) -> None:
    question = "moet ik een nieuw kraanleertje zelf plaatsen?"
    reply = answer_question(content, "repair_responsibility", 0.9, question, None)
    assert reply.metadata.responsible_party == "huurder"
    assert reply.metadata.knowledge_id == "repair/kraanleertje"
    assert "Besluit kleine herstellingen" in reply.text and "Klusjesabonnement" in reply.text
    landlord = answer_question(content, "repair_responsibility", 0.9, "het dak lekt bij de schoorsteen", None)
    assert landlord.metadata.responsible_party == "verhuurder"
    assert "huurdersportaal" in landlord.text and "088 - 000 12 99" in landlord.text  # urgent: emergency number


def test_unknown_object_gets_an_honest_answer(content: Content) -> None:
    reply = answer_question(content, "repair_responsibility", 0.9, "wie repareert de fietsbel van mijn fiets?", None)
    assert reply.reply_name == "repair_unknown"
    assert reply.metadata.knowledge_id is None and reply.metadata.responsible_party is None


@pytest.mark.parametrize("question, expected", [
    ("wie moet mijn kraan repareren?", {"kraanleertje", "kraan-vervangen"}),  # dripping: tenant; worn: us
    ("wie maakt het toilet?", {"wc-pot", "toilet-vervangen"}),
    ("wie betaalt de wc", {"wc-bril", "wc-verstopt"}),
    ("wie repareert het dak?", {"dak-lekkage", "dakgoot-lek"}),
    ("de deur, wie moet dat doen?", {"binnendeur"}),
])
def test_an_object_known_in_several_forms_gives_choices(table: RepairTable, question: str,
                                                         expected: set[str]) -> None:
    assert table.match(question) is None  # no pattern matches fully: the defect is missing
    found = [o.id for o in table.candidates(question)]
    assert expected <= set(found) and len(found) <= 5


def test_defects_and_unknown_things_give_no_choices(table: RepairTable) -> None:
    assert table.candidates("het lekt") == ()  # a defect names no object
    assert table.candidates("wie repareert mijn fiets?") == ()
    assert table.candidates("wie moet het repareren, is het kapot?") == ()


def test_compound_with_the_word_at_the_end_comes_first(table: RepairTable) -> None:
    found = [o.id for o in table.candidates("wie repareert de deur?")]
    assert "deurbel" not in found[:3]  # a "deurbel" is a bell; a "binnendeur" is a door


def test_a_choice_is_offered_and_answered_without_the_nlu(content: Content) -> None:
    reply = answer_question(content, "repair_responsibility", 0.81, "wie moet mijn kraan repareren?", None)
    assert reply.reply_name == "repair_which" and "hangt af van wat er precies mis is" in reply.text
    assert reply.metadata.knowledge_id is None and reply.metadata.responsible_party is None
    payloads = [b.payload for b in reply.buttons]
    assert '/repair_responsibility{"knowledge_id":"repair/kraanleertje"}' in payloads
    assert [b.title for b in reply.buttons][0] == "Kraanleertje"
    chosen = answer_question(content, "repair_responsibility", 1.0, payloads[0], "repair/kraanleertje")
    assert chosen.metadata.knowledge_id == "repair/kraanleertje" and chosen.metadata.responsible_party == "huurder"
    worn = answer_question(content, "repair_responsibility", 1.0, "/x", "repair/kraan-vervangen")
    assert worn.metadata.responsible_party == "verhuurder"
    gone = answer_question(content, "repair_responsibility", 1.0, "/x", "repair/bestaat-niet")
    assert gone.metadata.knowledge_id != "repair/bestaat-niet"  # a retired object: the general answer


def test_a_turn_with_choices_is_not_an_unknown_object_in_the_inbox() -> None:
    from huurwijzer.reports.unanswered import REPAIR_CHOICE, classify

    user = {"text": "wie moet mijn kraan repareren?", "parse_data": {"intent": {"name": "repair_responsibility"}}}
    meta = {"topic": "repair_responsibility", "knowledge_id": None, "confidence": 0.8}
    assert classify(user, meta) == "unknown_repair"
    assert classify(user, meta, offered_choice=True) is None
    assert REPAIR_CHOICE in '/repair_responsibility{"knowledge_id":"repair/kraanleertje"}'


def test_bad_table_rows_are_explained() -> None:
    row = {"id": "x", "name": "x", "patterns": ["x"], "party": "iemand", "basis": "wet",
           "subscription": False, "urgent": False, "explanation": "x"}
    with pytest.raises(KnowledgeError, match="party moet"):
        parse_repairs({"objects": [row]}, "repairs.yml")
    with pytest.raises(KnowledgeError, match="twee keer"):
        parse_repairs({"objects": [{**row, "party": "huurder"}] * 2}, "repairs.yml")


def test_party_through_the_analysis_on_real_style_questions(analysed: Callable[[str], RepairAnalysis]) -> None:
    """The analysis the assistant uses (focus, defect words, context) on all cases, including the
    real-style ones: FAQ headings, complaints without a question mark, English."""
    cases = CASES + CONTEXT_CASES
    wrong = [case["text"] for case in cases if analysed(case["text"]).party != case["party"]]
    assert 1 - len(wrong) / len(cases) >= MIN_PARTY_ACCURACY, wrong


@pytest.mark.parametrize(("text", "asks", "names"), [
    ("Do I need to unblock the toilet myself?", True, True),
    ("heating broken since friday, landlord not answering", True, True),
    ("de lift is al drie weken defect", False, True),
    ("Moet de huurbaas de lekkende dakgoot maken?", True, True),
    ("wie betaalt mijn huur?", True, False),
])
def test_analysis_finds_defect_and_question_in_colloquial_words(
        table: RepairTable, text: str, asks: bool, names: bool) -> None:
    from huurwijzer.content.repair_analysis import analyse

    analysis = analyse(table, text)
    assert (analysis.asks_who, analysis.names_repair) == (asks, names)


def test_no_case_is_answered_with_the_wrong_party(analysed: Callable[[str], RepairAnalysis]) -> None:
    """What the tenant is told (issue 15, nlu3): buttons when the analysis doubts are allowed, a
    confident answer with the other party is not. Measured 342 right, 5 asked, 0 wrong of 347."""
    cases = CASES + CONTEXT_CASES
    told = [(case, analysed(case["text"])) for case in cases]
    wrong = [case["text"] for case, a in told if not a.ambiguous and a.party not in (None, case["party"])]
    asked = [case["text"] for case, a in told if a.ambiguous or a.party is None]
    assert wrong == []
    assert len(asked) <= 0.03 * len(cases), asked


@pytest.mark.parametrize("text", [
    "Mijn dochter is gevallen over een losse tegel op het balkon, het beton brokkelt af",  # hurt, not damage done
    "Het plafond viel op het bed van mijn dochter",
    "Door het vallen van stukken beton van het balkon is mijn auto beschadigd",
    "Er werd een steen door de ruit van de portiek gegooid",  # a stranger: not the tenant's own damage
])
def test_a_story_of_being_hurt_or_a_stranger_is_not_own_damage(text: str) -> None:
    from huurwijzer.content.repair_analysis import contexts
    from huurwijzer.content.repairs import OWN_DAMAGE

    assert OWN_DAMAGE not in contexts(text)


@pytest.mark.parametrize(("text", "context"), [
    ("Mijn zoon is tegen de binnendeur aan gevallen en er zit nu een gat in", "own_damage"),
    ("Na een ruzie heeft mijn ex de voordeur ingetrapt", "own_damage"),
    ("Mijn logé heeft de wc verstopt met vochtige doekjes", "own_damage"),
    ("Mijn man heeft vorig jaar een douchecabine geplaatst en die lekt nu", "installed_by_tenant"),
    ("De plafondlamp die ik zelf heb gemonteerd geeft kortsluiting", "installed_by_tenant"),
    ("Bij de sleuteloverdracht heb ik de schuur van de vorige bewoners overgenomen", "taken_over"),
    ("De vorige huurder liet een zelfgebouwde overkapping achter en nu lekt het dak ervan", "taken_over"),
    ("De rookmelder hangt boven het trapgat, daar kan ik niet bij", "out_of_reach"),
    ("Ik heb geen ladder en de goot boven de erker zit vol bladeren", "out_of_reach"),
    ("Er is geprobeerd in te breken, het raamkozijn is beschadigd", "third_party"),
])
def test_contexts_in_other_words(text: str, context: str) -> None:
    from huurwijzer.content.repair_analysis import contexts

    assert context in contexts(text)


@pytest.mark.parametrize("text", [
    "De vorige huurder klaagde ook al over de lekkage in het dak",  # history, nothing taken over
    "Moet ik dit zelf laten maken of is dit voor de woningcorporatie?",  # a question, nothing installed
    "Er komt water op zolder. Ik heb emmers neergezet.",  # placed, not fitted to the home
    "Ik heb al een melding geplaatst over de lekkage",
])
def test_history_and_questions_are_no_context(text: str) -> None:
    from huurwijzer.content.repair_analysis import contexts

    assert contexts(text) == ()


def test_a_part_of_the_home_beats_an_object_that_names_only_a_context(table: RepairTable) -> None:
    from huurwijzer.content.repair_analysis import analyse

    analysis = analyse(table, "De vorige huurder klaagde ook al over de lekkage in het dak")
    assert analysis.object is not None and analysis.object.id == "dak-lekkage"
    # "hetzelfde" holds "zelf" but is no "zelf kapot" (own damage)
    lift = analyse(table, "Mijn buurvrouw heeft hetzelfde probleem: de lift is al weken kapot")
    assert lift.object is not None and lift.object.id == "lift"


def test_a_severe_defect_on_a_tenants_object_asks(table: RepairTable) -> None:
    from huurwijzer.content.repair_analysis import analyse

    rotten = analyse(table, "De schutting is omgewaaid omdat de palen verrot waren")
    assert rotten.ambiguous and any(o.party == "verhuurder" for o in rotten.alternatives)
    # the tenant's own appliance stays theirs; a severe word the object's own pattern explains is no doubt
    assert not analyse(table, "Wie betaalt de reparatie als de wasmachine een lekkage veroorzaakt?").ambiguous
    assert not analyse(table, "de mengkraan in de keuken lekt bij de uitloop").ambiguous


@pytest.mark.parametrize(("text", "object_id"), [
    ("Wie moet het filter van de mechanische ventilatie vervangen?", "ventilatie-filter"),
    ("Moet ik de ventielen van de mechanische ventilatie zelf schoonmaken?", "ventilatieroosters"),
    ("Wie maakt het rooster van de afzuiging in de badkamer schoon?", "ventilatieroosters"),
])
def test_the_tenants_part_inside_our_installation_decides(table: RepairTable, text: str, object_id: str) -> None:
    from huurwijzer.content.repair_analysis import analyse

    analysis = analyse(table, text)
    assert analysis.object is not None and analysis.object.id == object_id and analysis.party == "huurder"


def test_a_tenants_task_on_our_installation_without_its_part_asks(table: RepairTable) -> None:
    from huurwijzer.content.repair_analysis import analyse

    battery = analyse(table, "Wie vervangt de batterij van de thermostaat?")
    assert battery.ambiguous
    # a context decides instead: out of reach stays ours
    high = analyse(table, "Het dakraam is alleen met een hoogwerker te bereiken, wie maakt het schoon?")
    assert not high.ambiguous and high.party == "verhuurder"
