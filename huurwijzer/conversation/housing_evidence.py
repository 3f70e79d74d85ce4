"""Housing evidence (issue 15, "out of scope answered as a topic"): a question about a mortgage, a GP or a
web shop that the classifier puts, unsure, under a housing topic is not answered as that topic when the
message has none of the topic's words. The words are the assistant's own, built when the gate first decides
from the training data (data/nlu and the phrasings generated from the knowledge entries): a topic's words are
those of its intents' examples that the service topics use at least `DOMAIN_RATIO` times as often (per
example) as the conversation's own intents (out of scope, small talk, greetings): "huur", "kraan" and
"opzeggen" are ours, "ik", "hypotheek" and "huisarts" are not. Such a message gets the fallback (suggestions,
then a person), not a refusal: the tenant may still mean something of ours, and the suggestions show it
(measured by branch oos4: held8 7 -> 5 answered as a topic, no other set changed). Nor is it answered when its
words weigh, together, for something else (huurwijzer.conversation.housing_weights: "wat kost een hypotheek per
maand" has the topic's "maand"; branch oos5: blind2 one wrong answer fewer, nothing else changed)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Set

from huurwijzer.content.language import DUTCH, detect
from huurwijzer.content.nlu_examples import intent_examples
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.topics import service_topic_of
from huurwijzer.conversation.housing_weights import HousingWeights, count, weigh
from huurwijzer.conversation.understanding import FALLBACK_INTENT, UNSURE, Decision

MIN_LETTERS = 3  # shorter words ("de", "ik", "is") are no evidence of anything
DOMAIN_RATIO = 2.0
# The conversation's own intents that are not housing: what their examples say is no housing evidence.
# Refusals and handover are left out: they are asked in our words ("geef me het huurcontract van de buren").
CONVERSATION_INTENTS = frozenset({"out_of_scope", "smalltalk", "greet", "goodbye", "thank", "bot_challenge"})
# Decisions never taken back for want of words: a danger to life or an acute situation told as happening now.
KEPT_REASONS = frozenset({"danger_to_life", "acute"})


def words(text: str) -> Set[str]:
    return {w for w in normalise(text).split() if len(w) >= MIN_LETTERS and not w.isdigit()}


@dataclass(frozen=True)
class HousingWords:
    by_topic: Mapping[str, FrozenSet[str]]
    # the weighed signal (huurwijzer.conversation.housing_weights); None: the topic's words alone decide
    weights: Optional[HousingWeights] = None

    def has_evidence(self, text: str, intent: str) -> bool:
        """True when the message uses a word of the service topic `intent` answers under and its words weigh,
        together, for housing (or `intent` is not a service topic: there is nothing to check)."""
        topic = service_topic_of(intent)
        if topic is None:
            return True
        found = words(text)
        if found.isdisjoint(self.by_topic.get(topic, frozenset())):
            return False
        return self.weights is None or self.weights.evidence(found) > 0


def build(examples: Mapping[str, Iterable[str]], ratio: float = DOMAIN_RATIO, weighed: bool = True) -> HousingWords:
    """`examples`: intent -> its training examples; `weighed`: with the weighed signal as well."""
    word_sets = {intent: [words(text) for text in texts] for intent, texts in examples.items()
                 if service_topic_of(intent) is not None or intent in CONVERSATION_INTENTS}
    counts = count(word_sets, CONVERSATION_INTENTS)
    topic_words: Dict[str, Set[str]] = defaultdict(set)
    for intent, found_sets in word_sets.items():
        topic = service_topic_of(intent)
        if topic is not None:
            for found in found_sets:
                topic_words[topic] |= found
    domain = {w for w, n in counts.ours.items()
              if n / max(counts.n_ours, 1) >= ratio * counts.theirs[w] / max(counts.n_theirs, 1)}
    return HousingWords({topic: frozenset(found & domain) for topic, found in topic_words.items()},
                        weigh(counts) if weighed else None)


def read_examples(files: Iterable[Path]) -> Dict[str, List[str]]:
    """intent -> examples, from Rasa NLU training files, in both of Rasa's forms (a text block of `- ` lines, and
    a list of `text:` items with metadata, as data/nlu/real_tenant.yml): huurwijzer.content.nlu_examples."""
    return intent_examples(files)


@lru_cache(maxsize=1)
def live_housing_words() -> Optional[HousingWords]:
    """The training data's words (data/nlu/*.yml and the generated knowledge phrasings), built once per
    process; None (no check) when the training data is not there."""
    from huurwijzer.settings import PROJECT_ROOT, get_settings

    files = sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml"))
    files += [p for p in [get_settings().models_dir / "knowledge-nlu.yml"] if p.is_file()]
    return build(read_examples(files)) if files else None


def evidence_first(decided: Decision, text: str, housing: Optional[HousingWords], threshold: float) -> Decision:
    """An unsure housing answer (below `UNSURE`) to a Dutch message without a word of its topic becomes the
    fallback. English messages keep their answer: the English training examples are few, so a missing word
    says little there."""
    if housing is None or decided.confidence >= UNSURE or decided.reason in KEPT_REASONS \
            or service_topic_of(decided.intent) is None or housing.has_evidence(text, decided.intent) \
            or (detect(text) or DUTCH) != DUTCH:
        return decided
    return Decision(FALLBACK_INTENT, threshold, "no_housing_words")
