from pathlib import Path
from typing import Iterator, List

import yaml

from bot.channels.whatsapp import (
    MAX_BUTTON_TITLE,
    MAX_BUTTONS,
    MAX_ROW_TITLE,
    incoming_messages,
    interactive_payload,
    sender_key,
    signature_ok,
    split_text,
    whatsapp_markup,
)

ROOT = Path(__file__).resolve().parents[3]


def test_long_text_is_split_on_sentences_within_the_limit() -> None:
    text = " ".join(f"Dit is zin nummer {n}." for n in range(600))
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == text
    assert split_text("x" * 5000) == ["x" * 4096, "x" * 904]


def test_line_breaks_are_kept() -> None:
    # qa3: the rent and repair lists arrived as one line ("Uw huur per maand: - kale huur: ... -").
    text = "Uw huur per maand:\n- kale huur: € 647,19\n- totaal: € 698,61\n\nMeer informatie:\n\n- Hulp: https://x.example"
    assert split_text(text) == [text]
    lines = "\n".join(f"- R-2026-{n:06d}: kraanleertje (keuken). Klaar." for n in range(200))
    parts = split_text(lines, 1000)
    assert len(parts) > 1 and all(len(p) <= 1000 for p in parts)
    assert "\n".join(parts) == lines  # cut between lines, each line whole


def test_buttons_within_whatsapp_limits() -> None:
    three = interactive_payload("Kies", [{"title": "Korte knop", "payload": "/a"},
                                         {"title": "B", "payload": "/b"}, {"title": "C", "payload": "/c"}], "Kies")
    assert three["type"] == "button"
    titles = [b["reply"]["title"] for b in three["action"]["buttons"]]
    assert all(len(t) <= 20 for t in titles) and three["action"]["buttons"][0]["reply"]["id"] == "/a"
    many = interactive_payload("Kies", [{"title": str(n), "payload": str(n)} for n in range(1, 13)], "Kies")
    assert many["type"] == "list" and len(many["action"]["sections"][0]["rows"]) == 10


def test_a_long_choice_is_never_cut_off() -> None:
    # qa3: the second question arrived as "Uw andere vraag: Hu…", the suggestions as "Huur betalen: wanneer e…".
    one = interactive_payload("Antwoord", [{"title": "Uw andere vraag: Huurtoeslag aanvragen", "payload": "/h"}], "K")
    assert one["type"] == "list"
    assert one["action"]["sections"][0]["rows"] == [
        {"id": "/h", "title": "Uw andere vraag", "description": "Huurtoeslag aanvragen"}]
    many = interactive_payload("Kies", [{"title": "Huur betalen: wanneer en hoe", "payload": "/r"},
                                        {"title": "Een heel lange titel zonder dubbele punt erin", "payload": "/x"},
                                        {"title": "Kort", "payload": "/k"}, {"title": "Iets anders", "payload": "/d"}],
                                "Kies")
    rows = many["action"]["sections"][0]["rows"]
    assert rows[0] == {"id": "/r", "title": "Huur betalen", "description": "Wanneer en hoe"}
    assert rows[1]["description"] == "Een heel lange titel zonder dubbele punt erin" and len(rows[1]["title"]) <= 24
    assert rows[2] == {"id": "/k", "title": "Kort"}


def test_signatures_hashes_and_markup() -> None:
    import hashlib
    import hmac

    body = b'{"a": 1}'
    good = "sha256=" + hmac.new(b"s", body, hashlib.sha256).hexdigest()
    assert signature_ok("s", body, good)
    assert not signature_ok("s", body, None) and not signature_ok("", body, good)
    assert not signature_ok("s", body + b"x", good)
    key = sender_key("s", "+31612345678")
    assert key == sender_key("s", "+31612345678") and "31612345678" not in key
    assert whatsapp_markup("**Stap 1**: welkom") == "*Stap 1*: welkom"


def test_incoming_messages_and_dedupe() -> None:
    data = {"entry": [{"changes": [{"value": {"messages": [
        {"id": "1", "from": "31611111111", "type": "text", "text": {"body": "hoi"}},
        {"id": "2", "from": "31611111111", "type": "interactive",
         "interactive": {"type": "button_reply", "button_reply": {"id": "/my_rent", "title": "Mijn huur"}}},
        {"id": "3", "from": "31611111111", "type": "image"}], "statuses": [{"id": "x"}]}}]}]}
    found = list(incoming_messages(data))
    assert [(m["id"], m["text"]) for m in found] == [("1", "hoi"), ("2", "/my_rent"), ("3", "")]
    assert found[0]["phone"] == "+31611111111"
    assert list(incoming_messages("nonsense")) == []


def _button_sets(node: object) -> Iterator[List[str]]:
    if isinstance(node, dict):
        if isinstance(node.get("buttons"), list):
            yield [str(b.get("title", "")) for b in node["buttons"] if isinstance(b, dict)]
        for value in node.values():
            yield from _button_sets(value)
    elif isinstance(node, list):
        for value in node:
            yield from _button_sets(value)


def test_fixed_button_titles_fit_whatsapp_without_being_cut() -> None:
    # qa3: "Het kan een paar da…", "Verder met de kennism…" on the phone (WhatsApp allows 20
    # characters on a reply button, 24 on a list row; interactive_payload cuts the rest).
    too_long = []
    for name in ("replies.yml", "languages.yml", "onboarding.yml", "corporation.yml"):
        for titles in _button_sets(yaml.safe_load((ROOT / "knowledge" / name).read_text(encoding="utf-8"))):
            limit = MAX_BUTTON_TITLE if len(titles) <= MAX_BUTTONS else MAX_ROW_TITLE
            too_long += [f"{name}: {t}" for t in titles if len(t) > limit]
    assert too_long == []
