"""The steps of the onboarding journey as staff write them in knowledge/onboarding.yml.
Progress per tenant and the journey itself are in huurwijzer.conversation.onboarding and .journey_*."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

from huurwijzer.content.knowledge import KnowledgeError, read_yaml
from huurwijzer.content.twin_fingerprints import STEP_TWINS, hidden

# Steps with their own logic in huurwijzer.conversation.journey_steps; their ids must stay in knowledge/onboarding.yml.
HOME_STEP, PREFERENCES_STEP, FEEDBACK_STEP = "uw_woning", "maatwerk", "tevredenheid"
SPECIAL_STEPS = (HOME_STEP, PREFERENCES_STEP, FEEDBACK_STEP)
# Optional: a logged-in tenant who already has the subscription is told so there, not offered it.
SUBSCRIPTION_STEP = "serviceabonnement"


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    text: str
    title_en: Optional[str] = None  # English, when staff wrote it (titel_en, tekst_en) and it is not outdated
    text_en: Optional[str] = None


def parse_steps(raw: Any, where: str, hide_outdated: bool = True) -> Tuple[Step, ...]:
    """The steps; an outdated English text (twin_fingerprints.hidden) is left out unless
    `hide_outdated` is off (the linter checks every text)."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("stappen"), list) or not raw["stappen"]:
        raise KnowledgeError(f"{where}: 'stappen' ontbreekt")
    steps = []
    for item in raw["stappen"]:
        if not isinstance(item, Mapping) or not all(isinstance(item.get(k), str) and item[k].strip()
                                                    for k in ("id", "titel", "tekst")):
            raise KnowledgeError(f"{where}: elke stap heeft een id, een titel en een tekst")
        english = {k: item.get(k) for k in ("titel_en", "tekst_en")}
        if any(v is not None and (not isinstance(v, str) or not v.strip()) for v in english.values()):
            raise KnowledgeError(f"{where}: titel_en en tekst_en zijn tekst (of laat ze weg)")
        if hide_outdated:
            english = {k: None if k in hidden(item, STEP_TWINS) else v for k, v in english.items()}
        steps.append(Step(item["id"].strip(), item["titel"].strip(), item["tekst"].strip(),
                          *(str(v).strip() if v else None for v in english.values())))
    ids = [s.id for s in steps]
    missing = [s for s in SPECIAL_STEPS if s not in ids]
    if missing or len(set(ids)) != len(ids):
        raise KnowledgeError(f"{where}: de stappen {', '.join(SPECIAL_STEPS)} moeten er elk één keer in staan")
    return tuple(steps)


def load_steps(path: Path) -> Tuple[Step, ...]:
    return parse_steps(read_yaml(path), str(path))
