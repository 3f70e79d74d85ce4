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
