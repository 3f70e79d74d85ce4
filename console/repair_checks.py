"""The points to fix on the console's repair page, in the page's words: every point at once, named by the
object (its name, else its id), with the field names the page shows and no file paths or "onderdeel 1"
(the checks themselves are the command-line linter's: huurwijzer.content.repairs and .lint)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Mapping

from huurwijzer.content.knowledge import KnowledgeError
from huurwijzer.content.lint import source_problems
from huurwijzer.content.repairs import parse_repairs


def until_published(data: Mapping[str, Any]) -> Dict[str, Any]:
    """A draft has no `reviewed` yet: publishing records it, so it is not asked for before."""
    if data.get("reviewed") is not None:
        return dict(data)
    return {**data, "reviewed": {"date": datetime.now().date().isoformat(), "by": "bij publiceren"}}


# The repair table's fields by the names the repair page shows (templates/_reparatie_velden.html).
REPAIR_LABELS = {"id": "Id", "name": "Naam", "name_en": "Naam in het Engels", "patterns": "Synoniemen",
                 "party": "Wie repareert", "basis": "Grond", "subscription": "Serviceabonnement", "urgent": "Spoed",
                 "explanation": "Uitleg", "condition": "Voorwaarde", "explanation_en": "Uitleg in het Engels",
                 "condition_en": "Voorwaarde in het Engels", "sources": "Bronnen", "reviewed": "Gecontroleerd"}
# Words of the checks' messages that name YAML keys or their format, as the page names them.
_WORDS = (("een title en een url (https:// of {website})",
           "een titel en een adres (https:// of {website}), zo: titel | adres"),
          ("een datum (date) en een naam (by)", "een datum en een naam"),
          ("anders basis bij_ons", "anders grond bij_ons"))
# A field's name in a check's message: 'quoted', at the start ("party moet ..."), before ": " or in brackets.
_FIELD = re.compile(r"'(\w+)'|^(\w+)\b|\b(\w+)(?=: )|\((\w+)\)")


def in_page_words(message: str) -> str:
    """A check's message as the page says it: without where it was found (a file, "onderdeel 1") and
    with the field names the page shows."""
    message = message.split(": ", 1)[1] if message.startswith(":") or "(onderdeel" in message.split(": ")[0] \
        else message

    def label(found: re.Match[str]) -> str:
        quoted, first, before_colon, bracketed = found.groups()
        key = quoted or first or before_colon or bracketed
        if key not in REPAIR_LABELS:
            return found.group(0)
        name = REPAIR_LABELS[key]
        return f"'{name}'" if quoted else f"({name})" if bracketed else name

    message = _FIELD.sub(label, message.lstrip(": "))
    for english, dutch in _WORDS:
        message = message.replace(english, dutch)
    return message


def repair_problems(data: Mapping[str, Any]) -> List[str]:
    """Every point to fix before the object can be saved, named by the object (its name, else its id)."""
    data = until_published(data)
    found = [f"veld '{REPAIR_LABELS[key]}' ontbreekt of is leeg" for key in ("id", "name", "explanation")
             if not str(data.get(key) or "").strip()]
    try:
        parse_repairs({"objects": [dict(data)]}, "")
    except KnowledgeError as exc:
        found.append(in_page_words(str(exc)))
    found += [in_page_words(p.message) for p in source_problems(Path(""), 1, "", data)]
    name = str(data.get("name") or data.get("id") or "").strip()
    return [f"{name}: {m}" if name else m[:1].upper() + m[1:] for m in dict.fromkeys(found)]  # once each
