"""From the classifier's ranking to what the assistant does with a message: answer a topic, or
fall back (suggestions, then a person). Plain function, used live by the NLU gate
(bot.nlu.gate.UnderstandingGate, in place of Rasa's FallbackClassifier) and offline by the
benchmarks (bench/eval_real.py --sweep), so both decide the same way.

1. Misuse is narrow: asking for someone else's data, changing records, fraud, prompt or code
   injection, posing as staff or police. The classifier's misuse intent only counts when the
   message has one of those marks; a tenant worried about eviction or complaining about a
   neighbour or about us is never refused (the next topic of the ranking answers). The marks are in
   huurwijzer.conversation.misuse_marks.
2. Who repairs is analysed on every message (huurwijzer.content.repair_analysis): when it names a repair
   object and a defect and asks who does or pays it, while the classifier put it under a
   neighbouring topic without conviction, the repair table answers.
3. The confidence gate: below `threshold` the assistant does not guess (calibrated in
   docs/nlu.md). It judges a topic, not an intent: a general intent and its personal twin
   (rent_payment and my_rent for "heb ik een achterstand?") split one topic's probability, so
   together they meet the threshold and the best of them answers; a verified tenant's general
   question still gets their own situation first (personal_questions.with_own_situation; docs/nlu.md,
   "Dense features with a topic gate").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Sequence

from huurwijzer.content.repair_analysis import RepairAnalysis, analyse
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.repairs import RepairTable
from huurwijzer.content.topics import service_topic_of
from huurwijzer.conversation.message_focus import focus

# Named here as well: bot.nlu.gate imports them from this module, and a change to the gate (a training
# input, bot/fingerprint.py) would retrain the model.
from huurwijzer.conversation.misuse_marks import has_misuse_marks as has_misuse_marks
from huurwijzer.conversation.misuse_marks import is_injection as is_injection

FALLBACK_INTENT = "nlu_fallback"
# Key of the parse result that keeps the classifier's own ranking (bot.nlu.gate writes it).
CLASSIFIER_RANKING = "classifier_ranking"
REPAIR_INTENT = "repair_responsibility"
REFUSING_INTENTS = frozenset({"misuse"})
# Below this confidence the classifier is "unsure" and a message that names a repair object, its
# defect and asks who is responsible goes to the repair table (issue 15).
UNSURE = 0.75
# Topics that share words with repairs: a lock, an emergency, the subscription, insurance, pets.
REPAIR_NEIGHBOURS = frozenset({
    "keys_locks", "nuisance", "service_subscription", "emergency_repair", "insurance", "pets",
    "report_repair", "home_modification", "complaint", "move_out", "garbage", "onboarding_first_steps",
    "service_costs", "my_repairs", "start_repair_report", "my_subscription", "smalltalk", "out_of_scope",
})
BARE_WORDS = 6  # a statement this short that the table names whole is answered from it (`_bare_repair`)
DEFAULT_THRESHOLD = 0.5  # config.yml's value; calibrated in docs/nlu.md
# "Unsure between topics": who-repairs must be among the classifier's three best with at least
# this share, or the repair table is not asked (a complaint that mentions a leak stays a complaint).
MIN_REPAIR_SHARE = 0.15
# A neighbouring topic that the message names in its own words keeps the message: "vervangen
# jullie kraanleertjes als ik het serviceabonnement neem?" is about the subscription.
_OWN_WORDS = {
    "service_subscription": re.compile(r"abonnement"),
    "my_subscription": re.compile(r"abonnement"),
    # The tenant's own belongings damaged (by water, a leak): contents insurance, not a repair (N1, N2).
    "insurance": re.compile(r"verzeker|inboedel|opstal|\b(mijn|onze|m'n|my|our) (eigen )?(spullen|meubels|meubilair|"
                            r"kleding|kleren|laptop|computer|pc|tv|televisie|belongings|furniture|clothes)\b"),
    # A new entrance tag or key fob is a key, not a repair of the home.
    "keys_locks": re.compile(r"\b(tag|tags|druppel|sleutelhanger|toegangs(pas|tag|druppel)\w*|pasje|key ?fob|fob)\b"),
    # Neighbours damaging the tenant's garden or things: nuisance, not who repairs.
    "nuisance": re.compile(r"\b(buren|buurman|buurvrouw|bovenburen|onderburen|benedenburen|neighbou?rs?)\b"
                           r"( \w+){0,8} (vernield|vernielen|vernielt|kapot ?(gemaakt|maken|maakt)|beschadigd|"
                           r"beschadigen|gesloopt|slopen|sloopt|verpest|damag\w*|destroy\w*|ruin\w*)"),
    "report_repair": re.compile(r"\b(meld|melden|melding|afspraak|monteur|reparatieverzoek)"),  # "al gemeld": history
    "start_repair_report": re.compile(r"\b(meld|melden|melding|afspraak)"),
    "my_repairs": re.compile(r"\b(gemeld|melding|reparatieverzoek|status)"),
    "home_modification": re.compile(r"\b(toestemming|mag ik|zav)"),
    # A complaint, an emergency or rubbish named as such stays with its topic: the broader defect
    # words (issue 15, nlu2) would otherwise send "klacht: de lift is weer kapot" to the table.
    "complaint": re.compile(r"\b(klacht\w*|klagen|klaag\w*|ontevreden|huurcommissie|geschil\w*|"
                            r"serieus genomen|complain\w*|tribunal)"),
    "emergency_repair": re.compile(r"\b(spoed\w*|noodgeval\w*|noodnummer|vandaag nog|gevaar\w*|gaslucht|gas ruik\w*|"
                                   r"brand|rook|buiten kantoortijd\w*|urgent|emergency|tonight|right now)\b"),
    "garbage": re.compile(r"\b(afval|vuil\w*|grofvuil|container\w*|kliko|rommel|zwerfvuil|rubbish|waste|bins?|"
                         r"troep|rotzooi|gedumpt|dumpen|dumpt|opruim\w*|litter|dumped|junk)\b"),
    # Costs passed on to tenants are service costs, even when a repair caused them ("mag de
    # verhuurder de kosten van het ontstoppen over alle huurders verdelen?").
    "service_costs": re.compile(r"\b(servicekosten|service costs|service charges?|onderhoudscontract\w*|"
                               r"servicecontract\w*|maintenance contract|doorbereken\w*|doorbelast\w*|"
                               r"verdeeld|verdelen|verdeelt|verdeelde|omgeslagen|omslaan|afrekening\w*|"
                               r"(all|other) tenants|charged? (to|on) (all|the) tenants)\b"),
}
# The rivals that keep back a who-repairs answer the classifier is unsure of even above the
# threshold, in words that say the message is about something else (not "brand", which an
# emergency and a repair share): belongings, a tag, a maintenance contract, neighbours' damage,
# and a change made with permission at the end of the tenancy (domain facts K2).
_RIVAL_WORDS = {name: _OWN_WORDS[name] for name in ("insurance", "keys_locks", "service_costs", "nuisance")}
_RIVAL_WORDS["home_modification"] = re.compile(
    r"\b(toestemming|zav)\b.{0,200}\b(verhuiz\w*|vertrek\w*|oplever\w*|einde|opzeg\w*|achter ?la\w*|oude staat)|"
    r"\b(verhuiz\w*|vertrek\w*|oplever\w*|einde|opzeg\w*)\b.{0,200}\b(toestemming|zav)\b")


@dataclass(frozen=True)
class Decision:
    intent: str  # an intent of the domain, or nlu_fallback
    confidence: float
    reason: str  # classifier | repair_table | not_misuse | misuse_marked | injection | evidence_disagrees |
    #              same_topic | below_threshold | danger_to_life | not_ours
    # Out of scope: the id of the subject staff listed as not ours that the message names (not_ours_gate);
    # its reply is that subject's answer. None for every other decision.
    subject: Optional[str] = None


def raw_ranking(parse: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The classifier's own ranking from a parse result (without the gate's decision)."""
    ranking = parse.get(CLASSIFIER_RANKING) or parse.get("intent_ranking") or []
    return [dict(r) for r in ranking if r.get("name") != FALLBACK_INTENT]


def decide(text: str, ranking: Sequence[Mapping[str, Any]], repairs: Optional[RepairTable],
           threshold: float = DEFAULT_THRESHOLD) -> Decision:
    ranked = [(str(r.get("name")), float(r.get("confidence") or 0.0)) for r in ranking if r.get("name")]
    if not ranked:
        return Decision(FALLBACK_INTENT, 0.0, "below_threshold")
    if is_injection(text):
        return Decision(next(iter(sorted(REFUSING_INTENTS))), max(threshold, ranked[0][1]), "injection")
    reason = "classifier"
    if ranked[0][0] in REFUSING_INTENTS and not has_misuse_marks(text):
        ranked = [r for r in ranked if r[0] not in REFUSING_INTENTS] or [("out_of_scope", 0.0)]
        # The refusal's share of the probability goes to what is left, in proportion.
        total = sum(c for _, c in ranked) or 1.0
        ranked = [(name, c / total) for name, c in ranked]
        reason = "not_misuse"
    intent, confidence = ranked[0]
    if repairs is not None and intent == "out_of_scope" and _letter_ends_asking_who(text, repairs):
        return Decision(REPAIR_INTENT, max(threshold, confidence), "repair_table")
    if repairs is not None and intent not in REFUSING_INTENTS:
        named = _OWN_WORDS.get(intent)
        own_words = named is not None and named.search(text.lower()) is not None
        unsure_neighbour = intent in REPAIR_NEIGHBOURS and confidence < UNSURE and not own_words
        if unsure_neighbour or confidence < threshold:
            analysis = analyse(repairs, focus(text).text)
            repair_confidence = next((c for name, c in ranked[:3] if name == REPAIR_INTENT), 0.0)
            # Only a message that asks who (in any words) goes to the table: a defect described to a
            # who-repairs reading without asking raised wrong answers more than right ones, twice
            # (commit 0db18ed; docs/nlu.md, "Session 11: who repairs without 'wie'").
            asks = analysis.asks_who
            if analysis.names_repair and asks and repair_confidence >= MIN_REPAIR_SHARE \
                    and not _rival_named(text, ranked, intent):
                if analysis.asks_directly or intent == REPAIR_INTENT:
                    return Decision(REPAIR_INTENT, max(threshold, confidence, repair_confidence), "repair_table")
                # A neighbour topic without conviction, a repair named, but who is responsible only
                # asked with "jullie" or "de corporatie": the evidence disagrees, so the tenant
                # chooses (the suggestions offer the named repair) instead of being told either.
                return Decision(FALLBACK_INTENT, threshold, "evidence_disagrees")
            if confidence < threshold and _bare_repair(text, analysis):
                return Decision(REPAIR_INTENT, threshold, "repair_table")
    if intent == REPAIR_INTENT and threshold <= confidence < UNSURE and _rival_named(text, ranked, intent,
                                                                                     _RIVAL_WORDS):
        # Leaning to who-repairs without conviction, and a rival topic of the three best named in
        # its own words (the tenant's belongings, a tag, a maintenance contract): the tenant chooses.
        return Decision(FALLBACK_INTENT, threshold, "evidence_disagrees")
    if confidence < threshold:
        if intent in REFUSING_INTENTS and has_misuse_marks(text):
            # The classifier leans to misuse and the text has a mark of it (asks for another
            # person's data, changes records, fraud, injection): refuse rather than fall back.
            return Decision(intent, threshold, "misuse_marked")
        return same_topic(ranked, threshold) or Decision(FALLBACK_INTENT, threshold, "below_threshold")
    return Decision(intent, confidence, reason)


def _bare_repair(text: str, analysis: RepairAnalysis) -> bool:
    """A short statement the classifier cannot place, object and defect named by one pattern of the table
    ("de brievenbus klemt"). Longer ones stay with the classifier (docs/nlu.md, session 11, without "wie")."""
    return (len(normalise(text).split()) <= BARE_WORDS and analysis.names_repair and analysis.score >= 200
            and not analysis.ambiguous and not analysis.context and not analysis.several)


def _letter_ends_asking_who(text: str, repairs: RepairTable) -> bool:
    """A long letter about many things that ends asking who repairs a defect it describes ("... de
    kraan lekt al een week. Wie repareert mijn kraan?"): the question is ours, however much else is not."""
    found = focus(text)
    return found.long and bool(found.questions) and analyse(repairs, found.questions[-1]).asks_directly \
        and analyse(repairs, found.text).names_repair


def named_topics(text: str) -> FrozenSet[str]:
    """Service topics the message names in their own words (`_OWN_WORDS`): the fallback offers them
    when the classifier ranks them at all (huurwijzer.conversation.suggestions)."""
    low = text.lower()
    return frozenset(topic for intent, words in _OWN_WORDS.items()
                     if (topic := service_topic_of(intent)) is not None and words.search(low) is not None)


def _rival_named(text: str, ranked: Sequence[tuple[str, float]], intent: str,
                 words: Mapping[str, re.Pattern[str]] = _OWN_WORDS) -> bool:
    """Unsure and leaning to who-repairs, but a rival topic among the classifier's three best is
    named in its own words ("de kosten over alle huurders verdeeld" is service costs): the table
    does not answer with confidence; the tenant chooses from the suggestions."""
    low = text.lower()
    return intent == REPAIR_INTENT and any(
        name in words and words[name].search(low) is not None for name, _ in ranked[1:3])


def same_topic(ranked: Sequence[tuple[str, float]], threshold: float) -> Optional[Decision]:
    """The best intent, with its topic's confidence, when it and the other intents of that topic in the
    ranking (a general intent and its personal twins) reach `threshold` together; None when they do not."""
    best = ranked[0][0]
    topic = service_topic_of(best)
    if topic is None:
        return None
    members = [(name, c) for name, c in ranked if service_topic_of(name) == topic]
    total = sum(c for _, c in members)
    if len(members) < 2 or total < threshold:
        return None
    # The best of them answers, as it would above the threshold: a general intent shows a verified
    # tenant their own situation first (personal_questions.with_own_situation), a personal one
    # answers from their data or starts verification.
    return Decision(best, total, "same_topic")

