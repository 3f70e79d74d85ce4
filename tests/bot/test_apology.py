"""The apology's text (bot/resilience/apology.py): every remote action asks for it, so it is parsed
from knowledge/ only when replies.yml or corporation.yml changed, and an edit still goes live."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from bot.resilience import apology
from huurwijzer.settings import get_settings
from tests.file_edit import edit as _edit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FailingAgent:
    """A turn that fails before the message is understood: the lock store is away."""

    class Store:
        def issue_ticket(self, sender: str, seconds: float) -> int:
            raise ConnectionError("Redis away")

    lock_store = Store()

    def is_ready(self) -> bool:
        return True


@pytest.fixture()
def knowledge(knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HUURWIJZER_KNOWLEDGE_DIR", str(knowledge_copy))
    monkeypatch.setattr(apology, "_apology", None)
    get_settings.cache_clear()
    yield knowledge_copy
    get_settings.cache_clear()


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(time, "monotonic", fake)
    return fake


@pytest.fixture()
def reads(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    counted: List[str] = []
    read = apology._read_apology

    def counting() -> Dict[str, str]:
        counted.append("read")
        return read()

    monkeypatch.setattr(apology, "_read_apology", counting)
    return counted


def test_unchanged_files_are_not_parsed_again(knowledge: Path, clock: Clock, reads: List[str]) -> None:
    first = apology.apology_text()
    assert first.startswith("Het spijt me") and "{telefoon}" not in first
    for _ in range(5):
        clock.now += 5  # long after the once-a-second look
        assert apology.apology_text() == first
    assert reads == ["read"]


def test_an_edited_apology_goes_live_after_a_second(knowledge: Path, clock: Clock) -> None:
    before = apology.apology_text()
    _edit(knowledge / "replies.yml", "Het spijt me, er gaat bij mij", "Sorry, er gaat bij mij")
    assert apology.apology_text() == before  # within the second: the text already read
    clock.now += 1.5
    assert apology.apology_text().startswith("Sorry, er gaat bij mij")


def test_an_edited_profile_fills_in_the_new_phone_number(knowledge: Path, clock: Clock) -> None:
    before = apology.apology_text()
    from huurwijzer.content.profile import load_profile

    profile = knowledge / "corporation.yml"
    old_phone = load_profile(profile).variables["telefoon"]
    assert old_phone in before
    _edit(profile, old_phone, "0800-1234567")
    clock.now += 1.5
    assert "0800-1234567" in apology.apology_text()


def test_a_broken_replies_file_still_gives_an_apology(knowledge: Path, clock: Clock) -> None:
    from bot.channels.rest import channel_messages

    (knowledge / "replies.yml").write_text("action_server_down: [", encoding="utf-8")
    assert apology.apology_text() == channel_messages()["assistant_unavailable"]


def _english_tracker(sender: str) -> Any:
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    message = UserUttered("my heating is broken", {"name": "report_repair", "confidence": 0.9},
                          parse_data={"text": "my heating is broken", "language": "en"})
    return DialogueStateTracker.from_events(sender, [message])


def test_an_english_conversation_hears_the_apology_in_english(knowledge: Path, clock: Clock) -> None:
    """QA, session 14: the apology for a failing action server was Dutch in an English conversation."""
    from bot.resilience.action_failures import failure_events

    tracker = _english_tracker("en-apology")
    events = failure_events("action_reply", tracker, None)
    assert events[0].text.startswith("I am sorry, something is going wrong")
    tracker.update(events[0])
    assert apology.apologised(tracker)  # once per turn, in either language


def test_a_dutch_conversation_and_a_stale_english_text_keep_the_dutch_apology(knowledge: Path,
                                                                              clock: Clock) -> None:
    from bot.resilience.action_failures import failure_events

    assert apology.apology_text("nl").startswith("Het spijt me")
    _edit(knowledge / "replies.yml", "Het spijt me, er gaat bij mij", "Sorry, er gaat bij mij")
    clock.now += 1.5  # the Dutch text changed after the English one was written: Dutch is said
    events = failure_events("action_reply", _english_tracker("en-stale"), None)
    assert events[0].text.startswith("Sorry, er gaat bij mij")


def test_a_form_question_after_the_apology_is_asked_in_the_conversation_s_language(knowledge: Path,
                                                                                 clock: Clock) -> None:
    from bot.resilience.action_failures import failure_events
    from huurwijzer.content.loader import build_content, in_language

    english = in_language(build_content(knowledge), "en").replies["repair_ask_location"].text
    events = failure_events("action_ask_repair_location", _english_tracker("en-form"), None)
    assert events[0].text.startswith("I am sorry") and events[-1].text == english


@pytest.mark.parametrize(("text", "start"), [
    ("my heating has been broken since yesterday, can someone come?", "I am sorry, something is going wrong"),
    ("mijn verwarming is kapot, kan er iemand komen?", "Het spijt me"),
    ("ok", "Het spijt me"),  # too short to tell: Dutch
    ("meine Heizung ist kaputt, können Sie kommen?", "Het spijt me"),  # a language we do not answer in: Dutch
])
def test_a_whole_turn_that_fails_apologises_in_the_message_s_language(knowledge: Path, clock: Clock, text: str,
                                                                       start: str) -> None:
    """The apology when a turn fails before it is understood (HeldBackOutput.apologise): no tracker yet,
    so the message's own language, by the core's detection."""
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    from bot.resilience.turn import handle_message

    channel = CollectingOutputChannel()
    asyncio.run(handle_message(FailingAgent(), UserMessage(text, channel, "turn-apology")))
    said = [m["text"] for m in channel.messages if m.get("text")]
    assert len(said) == 1 and said[0].startswith(start)


def test_a_whole_turn_that_fails_reads_the_apology_off_the_event_loop(knowledge: Path, clock: Clock,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """On a cold start, reading the message's language builds the detector (about a second): other
    conversations on the same event loop must not wait for it."""
    import asyncio
    import threading

    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    from bot.resilience import turn
    from bot.resilience.turn import handle_message

    threads: List[str] = []
    read_language = apology.message_apology_language

    def recording(text: str) -> str:
        threads.append(threading.current_thread().name)
        return read_language(text)

    monkeypatch.setattr(turn, "message_apology_language", recording)

    channel = CollectingOutputChannel()
    asyncio.run(handle_message(FailingAgent(), UserMessage("mijn kraan lekt", channel, "cold-apology")))
    assert threads and threading.main_thread().name not in threads
    assert [m["text"] for m in channel.messages if m.get("text")][0].startswith("Het spijt me")
