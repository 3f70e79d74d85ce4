"""Who repairs in English (issue 15, branch english): the object, its defect or task and the context
are found in English as they are in Dutch, through the table's patterns (knowledge/repairs.yml) and
the same analysis (huurwijzer.content.repair_analysis, repair_context). Our own sentences; none is
in tests/eval/repairs_en*/ or a blind set.
"""

from pathlib import Path
from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.content.repair_context import contexts
from huurwijzer.content.repairs import (
    INSTALLED_BY_TENANT,
    LANDLORD_NEGLECT,
    LANDLORD_WORKS,
    OUT_OF_REACH,
    OWN_DAMAGE,
    TAKEN_OVER,
    THIRD_PARTY,
    RepairTable,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("text", "object_id"), [
    ("The extractor fan in my bathroom has stopped, is that mine to fix?", "ventilatie-badkamer"),
    ("The washbasin has a crack right through it, who pays for a new basin?", "wastafel-kapot"),
    ("My bathroom sink is coming away from the wall, am I responsible?", "wastafel-los"),
    ("The kitchen sink won't drain at all, who unblocks it?", "afvoer-verstopt"),
    ("Whose job is the stopcock under the stairs? It is leaking.", "hoofdkraan"),
    ("The thermostat on the wall has a blank screen and does nothing, will you replace it?", "thermostaat"),
    ("Who has to service the boiler every year?", "cv-onderhoud"),
    ("The banister on the stairs wobbles, do I tighten it myself?", "trapleuning"),
    ("The paving slabs in the back garden have sunk, who relays them?", "tuinpad"),
    ("The built-in oven does not heat up anymore, who repairs it?", "inbouwapparaten"),
    ("The window catch in the bedroom broke off, should I replace it myself?", "hang-en-sluitwerk"),
    ("The letterbox flap of the front door hangs loose, do I fix that?", "brievenbus"),
    ("The sealant round the shower is mouldy, who replaces it?", "kitvoegen"),
    ("The lamp outside by my front door is broken, who changes it?", "buitenlamp"),
    ("There is a sewage smell from the shower drain, who deals with it?", "rioolgeur"),
    ("The flush plate of the wall-hung toilet is stuck, who repairs it?", "wc-spoelknop"),
    ("The gutter is sagging and leaks at the corner, who fixes it?", "dakgoot-lek"),
    ("The front door is swollen and won't close, who repairs it?", "buitendeur"),
])
def test_english_object_and_defect(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str) -> None:
    told = analysed(text)
    assert told.object is not None and told.object.id == object_id
    assert told.names_repair and told.asks_directly and not told.ambiguous


@pytest.mark.parametrize(("text", "party"), [
    ("The light switch in the hallway is loose, who fixes it?", "huurder"),  # our own hallway, not a communal one
    ("The socket is black and smells burnt, who repairs it?", "verhuurder"),  # burnt is more than a small repair
    ("The bedroom door sticks and won't close, who adjusts it?", "huurder"),  # "close" is no close-in boiler
    ("The mixer tap is worn out and rusty, do you replace it?", "verhuurder"),  # wear: a new tap is ours
    ("The hinges of the kitchen cupboards squeak, do I oil them?", "huurder"),
    ("The radiator only gets warm at the bottom and gurgles, do I bleed it myself?", "huurder"),
])
def test_english_defect_or_task_decides(analysed: Callable[[str], RepairAnalysis], text: str, party: str) -> None:
    told = analysed(text)
    assert not told.ambiguous and told.party == party


@pytest.mark.parametrize(("text", "context"), [
    ("My son smashed the glass of the back door with his football", OWN_DAMAGE),
    ("Our puppy chewed the skirting board in the hall", OWN_DAMAGE),
    ("I accidentally cracked the toilet seat", OWN_DAMAGE),
    ("I dropped a heavy pot and cracked a floor tile", OWN_DAMAGE),
    ("Somebody smashed our kitchen window last night", THIRD_PARTY),
    ("Thieves forced the lock of the shed", THIRD_PARTY),
    ("There was a break-in and the door is damaged", THIRD_PARTY),
    ("I fitted the outside light myself and now it is broken", INSTALLED_BY_TENANT),
    ("We put in a new kitchen ourselves a few years ago", INSTALLED_BY_TENANT),
    ("The former tenant left a shed in the garden", TAKEN_OVER),
    ("We took the laminate over from the previous tenant", TAKEN_OVER),
    ("The gutter is three floors up and I can't reach it", OUT_OF_REACH),
    ("I cannot get to the lamp without scaffolding", OUT_OF_REACH),
    ("The wallpaper came off because the roof leak was never fixed", LANDLORD_NEGLECT),
    ("Your contractor cracked the sink during the renovation", LANDLORD_WORKS),
])
def test_english_contexts(text: str, context: str) -> None:
    assert context in contexts(text)


@pytest.mark.parametrize("text", [
    "The landlord says the mould is our fault",  # a claim, not an admission
    "I put in a repair request last week",  # a request is no fitting
    "I live on the third floor and my tap drips",  # where the tenant lives is not out of reach
    "The previous tenant also complained about the leak",  # history, nothing taken over
])
def test_english_stories_are_no_context(text: str) -> None:
    assert not ({OWN_DAMAGE, INSTALLED_BY_TENANT, OUT_OF_REACH, TAKEN_OVER} & set(contexts(text)))


@pytest.mark.parametrize(("text", "party"), [
    ("My toddler flushed a toy down the toilet and now it is blocked, who pays?", "huurder"),
    ("Vandals smashed the glass in the front door, who pays for it?", "verhuurder"),
    ("The previous tenant left a shed and its roof leaks, who repairs it?", "huurder"),
    ("The gutter is blocked but I can't reach it without a long ladder, who cleans it?", "verhuurder"),
])
def test_english_context_changes_the_party(analysed: Callable[[str], RepairAnalysis], text: str, party: str) -> None:
    told = analysed(text)
    assert not told.ambiguous and told.party == party


@pytest.mark.parametrize(("text", "not_object"), [
    ("Whose job is it to fix the shower?", "douchekop"),  # "whose" holds no shower hose
    ("The toilet is blocked, who pays?", "slot"),  # "blocked" holds no lock
    ("Water doesn't go down the drain, who unblocks it?", "dak-lekkage"),  # "drain" holds no rain
    ("A stone smashed the window of the living room, who pays?", "schuur"),  # "smashed" holds no shed
    ("The landlord refuses to repair the door, who pays?", "zekering"),  # "refuses" holds no fuse
])
def test_english_words_that_hold_a_stem_by_chance(table: RepairTable, text: str, not_object: str) -> None:
    assert all(obj.id != not_object for _, obj in table.match_all(text))


def test_contractions_are_read_after_normalising(analysed: Callable[[str], RepairAnalysis]) -> None:
    """normalise() turns "doesn't" into "doesn t": the English defect and question words must match it."""
    told = analysed("The doorbell doesn't work, do I fix it myself?")
    assert told.defect is not None and told.asks_directly and told.party == "huurder"
    assert OUT_OF_REACH in contexts("The gutter is too far up, we can't reach it")


def test_an_english_object_word_with_a_generic_defect_asks_like_dutch(
        analysed: Callable[[str], RepairAnalysis]) -> None:
    """"tap broken" is the washer (the tenant) or a worn tap (ours), as "kraan kapot" is."""
    told = analysed("The tap in the kitchen is broken, who repairs it?")
    assert told.ambiguous
    assert {told.object.party if told.object else None} | {o.party for o in told.alternatives} >= {"huurder",
                                                                                                  "verhuurder"}


# The parts tenants ask about most (issue 15: English answers said "(In Dutch: ...)" for every part).
COMMON = ("kraanleertje", "kraan-vervangen", "stortbak-onderdelen", "wc-verstopt", "afvoer-verstopt", "cv-ketel",
          "cv-bijvullen", "radiator-ontluchten", "boiler", "slot", "sleutel", "scharnier", "binnendeur", "buitendeur",
          "raam", "kozijn", "schimmel", "schimmel-ventilatie", "schimmel-lekkage", "lamp", "stopcontact", "schakelaar",
          "zekering", "rookmelder-testen", "rookmelder-plaatsen", "dakgoot-schoonmaken", "dakgoot-lek",
          "ventilatie-badkamer", "deurbel", "plafond-witten", "behang", "vloer", "vloerbedekking", "tuin", "schutting")


@pytest.mark.parametrize("object_id", COMMON)
def test_common_parts_have_english_texts(table: RepairTable, object_id: str) -> None:
    obj = table.get(object_id)
    assert obj is not None and obj.explanation_en
    assert bool(obj.condition_en) == bool(obj.condition)  # a condition in Dutch has its English twin


def test_every_part_has_an_english_name(table: RepairTable) -> None:
    """An English answer names the part in English (name_en), never the Dutch name in an English sentence."""
    assert [obj.id for obj in table.objects if not obj.name_en] == []
    # Not the Dutch name copied: only a word both languages share may stay the same.
    assert [obj.id for obj in table.objects if obj.name_en == obj.name] == ["lift"]


def test_english_texts_keep_the_dutch_fields(table: RepairTable) -> None:
    """An English text uses the same profile fields as its Dutch twin ({spoednummer})."""
    import re

    def fields(text: str) -> set[str]:
        return set(re.findall(r"{(\w+)}", text))

    for obj in table.objects:
        for dutch, english in ((obj.explanation, obj.explanation_en), (obj.condition, obj.condition_en)):
            if english:
                assert fields(english) == fields(dutch), obj.id


def test_every_part_answers_an_english_tenant_in_english() -> None:
    """No part's explanation falls back to its Dutch text in an English conversation ("(In Dutch: ...)")."""
    from huurwijzer.content.language import ENGLISH
    from huurwijzer.content.loader import build_content, in_language
    from huurwijzer.conversation.answering import object_texts

    english = in_language(build_content(ROOT / "knowledge"), ENGLISH)
    dutch_only = [obj.id for obj in english.repairs.objects
                  if object_texts(english, obj)["uitleg"].startswith("(In Dutch")]
    assert dutch_only == []
