"""The NLU gate's whole decision, named once: bot.nlu.gate decides every message with it live, and
bench/eval_real.py --sweep re-decides the same parses with it at other thresholds, so the sweep's table
shows what the live gate would do (before, the sweep used `decide` alone, without the second look at an
unsure who-repairs answer, the acute situation and the danger check)."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from huurwijzer.content.emergencies import Emergencies
from huurwijzer.content.not_ours import Subject
from huurwijzer.content.repairs import RepairTable
from huurwijzer.conversation.acute import acute_first
from huurwijzer.conversation.answer_doubts import doubt_first
from huurwijzer.conversation.danger import danger_first
from huurwijzer.conversation.ending_tenancy import ending_first
from huurwijzer.conversation.housing_evidence import HousingWords, evidence_first
from huurwijzer.conversation.not_ours_gate import not_ours_first
from huurwijzer.conversation.understanding import Decision, decide


def gate_decision(text: str, ranking: Sequence[Mapping[str, Any]], repairs: Optional[RepairTable],
                  emergencies: Optional[Emergencies], threshold: float, housing: Optional[HousingWords],
                  not_ours: Optional[Sequence[Subject]] = None) -> Decision:
    """`decide` (paying the rent that says the rent is ended is moving out), then the second look at an unsure
    who-repairs answer (with the repair table), an acute
    situation told as happening now, a danger to life (with the emergencies; None leaves them out), and an
    unsure housing answer without a word of its topic (`housing`: the training data's words, live_housing_words();
    None: no such check), and last a subject staff listed as not ours (`not_ours`, knowledge/niet-van-ons/;
    None or empty: no such check)."""
    decided = ending_first(decide(text, ranking, repairs, threshold), text, threshold)
    if repairs is not None:
        decided = doubt_first(decided, text, ranking, threshold)
    decided = acute_first(decided, text, emergencies)
    decided = danger_first(decided, text, emergencies, ranking)
    decided = evidence_first(decided, text, housing, threshold)
    return not_ours_first(decided, text, not_ours, threshold)
