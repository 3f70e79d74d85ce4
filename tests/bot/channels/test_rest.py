import json

import pytest
from sanic.exceptions import InvalidUsage

from bot.channels.rest import MAX_MESSAGE_CHARS, parse_body


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_rest_callers_cannot_pose_as_whatsapp() -> None:
    fields = parse_body(body(sender="x", message="wat is mijn huur", input_channel="whatsapp",
                             metadata={"whatsapp_phone": "+31612345678", "portal_token": "abc"}))
    assert fields["input_channel"] is None
    assert fields["metadata"] == {"portal_token": "abc"}
    assert parse_body(body(sender="x", message="hoi", input_channel="Twilio"))["input_channel"] is None
    assert parse_body(body(sender="x", message="hoi", input_channel="website"))["input_channel"] == "website"


def test_long_messages_are_cut_and_bad_ones_refused_in_dutch() -> None:
    assert len(parse_body(body(sender="x", message="a" * 20_000))["message"]) == MAX_MESSAGE_CHARS
    with pytest.raises(InvalidUsage, match="Ongeldig"):
        parse_body(b"[1]")


def test_deeply_nested_json_is_a_clear_400_not_a_traceback() -> None:
    # Issue 17 (low): json.loads raised RecursionError, which became a 500 with a traceback.
    deep = b'{"sender": "x", "message": "hoi", "metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(InvalidUsage) as refused:
        parse_body(deep)
    assert "Ongeldig" in str(refused.value)


def test_a_callers_message_id_is_kept_when_usable() -> None:
    def message_id(value: object) -> object:
        return parse_body(json.dumps({"sender": "a", "message": "hallo", "message_id": value}).encode())["message_id"]

    assert message_id("wamid.ABC-123") == "wamid.ABC-123" and message_id(42) == "42"
    assert message_id(None) is None and message_id("") is None and message_id(True) is None
    assert message_id("x" * 201) is None and message_id("a\nb") is None and message_id({"id": 1}) is None


def test_a_message_with_blank_lines_comes_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """QA, session 19: over REST an answer with blank lines came as several messages (the answer, "Meer
    informatie:", its links: three bubbles), while the web chat and WhatsApp show it as one. Now whole everywhere."""
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.channels.rest import RestInput as RasaRestInput

    from bot.channels.rest import RestInput

    handed: list = []
    monkeypatch.setattr(RasaRestInput, "blueprint", lambda self, on_new_message: handed.append(on_new_message))
    answer = "De wet regelt wie wat doet.\n\nMeer informatie:\n\n- Onderhouds-ABC: https://example.test/abc"

    async def bot(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, answer)

    RestInput().blueprint(bot)
    collector = CollectingOutputChannel()  # the one Rasa's REST webhook answers with
    asyncio.run(handed[0](UserMessage("hoi", collector, "rest-1")))
    assert [m["text"] for m in collector.messages] == [answer]
