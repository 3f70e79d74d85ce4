"""The new intents after the keys on phrasings written for this test (never trained on), and that
they do not take over questions that belong to the existing topics."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Dict, List

import structlog

FRESH = {
    "nee hoor, alles doet het gewoon": "followup_home_ok",
    "alles in huis werkt prima, bedankt": "followup_home_ok",
    "ja, de douche lekt": "followup_home_problem",
    "ja de achterdeur sluit niet goed": "followup_home_problem",
    "wil geen berichten meer ontvangen": "followup_stop",
    "stop met die berichtjes": "followup_stop",
    "ja hoor, stuur maar berichten": "followup_consent",
    "nee, ik wil liever geen berichtjes": "followup_decline",
    "kunnen jullie de huur later afschrijven": "later_debit",
    "ik wil mijn zus als contactpersoon": "care_contact_person",
    "ik geef een 6, het duurde lang": "repair_score",
    "een 9, snel en netjes": "repair_score",
    "welke keuzes kan ik maken": "move_in_choice",
    "doe mij maar verfbonnen": "move_in_choice",
}
# Questions of the existing topics that must stay there.
KEPT = {
    "de kraan in de keuken lekt, wie moet dat maken?": "repair_responsibility",
    "wanneer wordt de huur afgeschreven?": "rent_payment",
    "ik wil een reparatie melden": "start_repair_report",
    "hallo": "greet",
    "ik wil een klacht indienen": "complaint",
}


def predictions(model: Path, texts: List[str]) -> Dict[str, str]:
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(str(model))

    async def parse() -> List[str]:
        results = [await agent.parse_message(text) for text in texts]
        return [next((r["name"] for r in res.get("intent_ranking") or [] if r["name"] != "nlu_fallback"),
                     str(res["intent"]["name"])) for res in results]

    return dict(zip(texts, asyncio.run(parse()), strict=True))


def test_new_intents_on_fresh_phrasings_and_old_topics_kept(trained_model: Path) -> None:
    got = predictions(trained_model, [*FRESH, *KEPT])
    wrong = [(text, want, got[text]) for text, want in FRESH.items() if got[text] != want]
    print(f"fresh phrasings {len(FRESH) - len(wrong)}/{len(FRESH)}; wrong: {wrong}")
    assert len(wrong) <= 2, wrong
    assert {text: got[text] for text in KEPT} == KEPT
