"""The language to answer a live conversation in. A message decides it (content.language), else an
earlier message of the conversation: that is the turn's `language` (kernel.Turn, read once per action
from the tracker). When none did ("hi", "ok", "yes", a contract number), a verified tenant's stored
language (huurwijzer.tenancy.tenant_language) decides, so that an English tenant who writes only short
messages is not answered in Dutch; else Dutch. A Dutch message still decides Dutch."""

from __future__ import annotations

from huurwijzer.content.language import DUTCH
from huurwijzer.conversation import kernel
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.tenant_language import stored_language


def answer_language(svc: kernel.Services, turn: kernel.Turn) -> str:
    """The turn's decided language, else the stored language of the conversation's verified tenant
    (the database is read only then), else Dutch (also when the database is away)."""
    if turn.language is not None:
        return turn.language
    try:
        with svc.unit() as session:
            verified = v.current(session, v.conversation_key(turn.sender_id), svc.clock())
            stored = stored_language(session, verified.tenant_id) if verified is not None else None
    except kernel.Unavailable:
        return DUTCH
    return stored or DUTCH
