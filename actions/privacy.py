"""Masks personal data in text shown to staff or written to logs."""

from __future__ import annotations

import re

# Set on every bot message that carries the tenant's own data (rent, address, name, ...), by the
# code that renders it (actions.answering.Reply.personal, PersonalText). The tracker store keeps
# only that such a message was sent, the logs leave its text out and the web chat does not keep it.
PERSONAL_KEY = "huurwijzer_personal"
# What storage and logs show instead of a message marked with PERSONAL_KEY.
PERSONAL_PLACEHOLDER = "[persoonlijk antwoord weggelaten]"
# Set on a question whose answer is personal (the verification questions): the web chat does not
# keep the answer the tenant types.
SECRET_ANSWER_KEY = "huurwijzer_secret_answer"

_PATTERNS = (
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"), "[e-mail]"),
    (re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d{4}){2}\s?\d{2}\b", re.I), "[iban]"),
    (re.compile(r"\bHC[\s-]?\d{4,}\b", re.I), "[contractnummer]"),
    (re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)"), "[datum]"),
    (re.compile(r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)"), "[datum]"),
    (re.compile(r"\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                r"november|december)\s+(?:19|20)\d{2}\b", re.I), "[datum]"),
    (re.compile(r"(?<!\d)(?:\+31|0031|0)\s?(?:6|[1-9]\d)[\s-]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2,3}(?!\d)"), "[telefoon]"),
    # Tenants type postcodes in lower case too ("3811 ab"); a year before a short word is masked too.
    (re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b"), "[postcode]"),
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), "[nummer]"),  # BSN and other 9-digit numbers
)


def mask(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
