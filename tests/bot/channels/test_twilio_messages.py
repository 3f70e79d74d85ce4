"""QA, session 19, Twilio (WhatsApp) end to end: an answer with blank lines came as several WhatsApp messages (Rasa's
collector cut it at each blank line: the answer, "Meer informatie:" and its links apart, and Twilio does not promise
the order of several messages). Each bot message now goes whole, as on the Cloud API channel, in parts only beyond
Twilio's 1,600 characters a message."""

from __future__ import annotations

import asyncio
import re

from bot.channels.rest import WholeMessages
from bot.channels.twilio_whatsapp import MAX_TWILIO_TEXT, twiml

ANSWER = "De wet regelt wie wat doet.\n\nMeer informatie:\n\n- Onderhouds-ABC: https://example.test/abc"


def _bodies(xml: str) -> list[str]:
    return re.findall(r"<Message>(.*?)</Message>", xml, re.S)


def test_a_message_with_blank_lines_goes_whole() -> None:
    collector = WholeMessages()
    asyncio.run(collector.send_text_message("wa-1", ANSWER))
    assert [m["text"] for m in collector.messages] == [ANSWER]
    assert _bodies(twiml(collector.messages)) == [ANSWER]


def test_a_text_beyond_twilios_limit_goes_in_parts() -> None:
    text = " ".join(f"Dit is zin nummer {n}." for n in range(200))
    bodies = _bodies(twiml([{"text": text, "buttons": [{"title": "Verder", "payload": "/next"}]}]))
    assert len(bodies) > 1 and all(len(b) <= MAX_TWILIO_TEXT for b in bodies)
    assert bodies[-1].endswith("Typ het nummer of de tekst van uw keuze.") and "1. Verder" in bodies[-1]


def test_two_lists_in_one_turn_are_numbered_as_a_typed_number_reads_them() -> None:
    """The turn's buttons are kept in order for a typed number (shared_state.typed_choice); the second list
    started again at 1, so its "1" chose the first list's first choice."""
    from bot.channels.shared_state import typed_choice

    messages = [{"text": "Kies", "buttons": [{"title": "A", "payload": "/a"}, {"title": "B", "payload": "/b"}]},
                {"text": "Of", "buttons": [{"title": "C", "payload": "/c"}]}]
    bodies = _bodies(twiml(messages))
    assert "1. A" in bodies[0] and "2. B" in bodies[0] and "3. C" in bodies[1]
    assert typed_choice("3", [b for m in messages for b in m["buttons"]]) == "/c"


def test_a_template_button_tap_is_its_payload_whatever_its_title() -> None:
    """QA, session 22: the follow-ups' quick-reply button "Stop berichten" came through Twilio as its title only (the
    webhook read Body), so a template whose button says it in other words ("Geen berichten meer") stopped nothing.
    Twilio sends the button's id as ButtonPayload: our intent payload is what the tenant said."""
    from bot.channels.twilio_whatsapp import message_text
    from bot.opvolgen import STOP_PAYLOAD

    tapped = {"Body": "Geen berichten meer", "ButtonText": "Geen berichten meer", "ButtonPayload": STOP_PAYLOAD}
    assert message_text(tapped, []) == STOP_PAYLOAD
    shown = [{"title": "A", "payload": "/a"}, {"title": "B", "payload": "/b"}]
    assert message_text({"Body": "2"}, shown) == "/b"  # a typed number still chooses from the numbered list
    assert message_text({"Body": "stop berichten", "ButtonPayload": ""}, []) == "stop berichten"
    assert message_text({"Body": "Ja", "ButtonPayload": "knop-1"}, []) == "Ja"  # an id that is no payload of ours
