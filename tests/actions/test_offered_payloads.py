"""The Turn an action reads knows the buttons the assistant offered in its previous turn (a bare "ja"
under a journey step is its "Verder"), not those of an older turn."""

from __future__ import annotations

from typing import Any, Dict, List

from actions.sdk_turn import offered_payloads


def _bot(text: str = "", *payloads: str) -> Dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"buttons": [{"title": p, "payload": p} for p in payloads]}}


def _user(text: str) -> Dict[str, Any]:
    return {"event": "user", "text": text}


def test_the_buttons_of_the_last_turn_are_read_past_its_metadata_message() -> None:
    events: List[Dict[str, Any]] = [
        _user("ik ben nieuwe huurder"), _bot("Stap 1", "/onboarding_next", "/onboarding_stop"),
        {"event": "bot", "data": {"custom": {"topic": "x"}}}, {"event": "action", "name": "action_listen"}, _user("ja")]
    assert offered_payloads(events) == ("/onboarding_next", "/onboarding_stop")


def test_an_older_turns_buttons_do_not_count() -> None:
    events = [_bot("Stap 1", "/onboarding_next"), _user("wat is mijn huur"), _bot("Uw huur"), _user("ja")]
    assert offered_payloads(events) == ()
    assert offered_payloads([]) == ()
