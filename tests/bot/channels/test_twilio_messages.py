"""QA, session 19, Twilio (WhatsApp) end to end: an answer with blank lines came as several WhatsApp messages (Rasa's
collector cut it at each blank line: the answer, "Meer informatie:" and its links apart, and Twilio does not promise
the order of several messages). Each bot message now goes whole, as on the Cloud API channel, in parts only beyond
Twilio's 1,600 characters a message."""

from __future__ import annotations

import asyncio
import re

from bot.channels.twilio_whatsapp import MAX_TWILIO_TEXT, WholeMessages, twiml

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
