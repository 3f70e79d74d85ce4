"""Masks personal data in text shown to staff or written to logs."""

from __future__ import annotations

import re

_PATTERNS = (
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"), "[e-mail]"),
    (re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d{4}){2}\s?\d{2}\b", re.I), "[iban]"),
    (re.compile(r"\bHC[\s-]?\d{4,}\b", re.I), "[contractnummer]"),
    (re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)"), "[datum]"),
    (re.compile(r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)"), "[datum]"),
    (re.compile(r"\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                r"november|december)\s+(?:19|20)\d{2}\b", re.I), "[datum]"),
    (re.compile(r"(?<!\d)(?:\+31|0031|0)\s?(?:6|[1-9]\d)[\s-]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2,3}(?!\d)"), "[telefoon]"),
    (re.compile(r"\b\d{4}\s?[A-Z]{2}\b"), "[postcode]"),
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), "[nummer]"),  # BSN and other 9-digit numbers
)


def mask(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
