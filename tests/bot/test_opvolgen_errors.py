"""A refused follow-up is logged with Meta's codes only: its error text can repeat the number."""

from __future__ import annotations

import json

import requests

from bot.opvolgen import graph_error


def response(status: int, body: bytes) -> requests.Response:
    reply = requests.Response()
    reply.status_code = status
    reply._content = body
    return reply


def test_the_graph_apis_error_text_is_not_passed_on() -> None:
    body = json.dumps({"error": {"message": "Recipient phone number +31612345678 not in allowed list",
                                 "code": 131030, "error_subcode": 2494010}}).encode()
    said = graph_error(response(400, body))
    assert said == "status 400 code 131030 subcode 2494010" and "+316" not in said


def test_an_error_that_is_not_json_gives_the_status() -> None:
    said = graph_error(response(502, b"<html>bad gateway for 0612345678</html>"))
    assert said == "status 502 code None subcode None"
