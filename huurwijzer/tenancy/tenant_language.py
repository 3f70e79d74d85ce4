"""The language a tenant last conversed in (Dutch or English), so that what is sent outside a live
conversation (follow-ups, the repair-score question, the login code) goes out in it: the one owner
of that state.

A verified tenant's conversation whose language a message decided stores it (the conversation
flows, through kernel.remember_language); a later conversation in the other language replaces it.
The table is one of the assistant's own (huurwijzer.tenancy.database creates it when missing: the
migration path for an existing database). The retention job and an erasure request delete rows.
The language is no personal data; the tenant id is, and never goes to a log."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, DateTime, Integer, String, Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from huurwijzer.content.language import DUTCH, ENGLISH
from huurwijzer.tenancy.schema import metadata

STORED = (DUTCH, ENGLISH)  # the languages the assistant answers in; others are not stored

tenant_languages = Table(
    "tenant_languages", metadata,
    Column("tenant_id", Integer, primary_key=True),
    Column("language", String(5), nullable=False),  # nl | en
    Column("updated_at", DateTime, nullable=False),
)


def stored_language(session: Session, tenant_id: int) -> Optional[str]:
    """The tenant's language, None when no conversation decided one yet."""
    code = session.execute(select(tenant_languages.c.language)
                           .where(tenant_languages.c.tenant_id == tenant_id)).scalar()
    return code if code in STORED else None


def remember(session: Session, tenant_id: int, language: str, now: datetime) -> bool:
    """Stores `language` for the tenant (one statement, safe when two conversations of the tenant
    write at once). True when it changed; a language we do not answer in is not stored."""
    if language not in STORED:
        return False
    before = stored_language(session, tenant_id)
    if before == language:
        return False
    values = {"language": language, "updated_at": now}
    upsert = _UPSERTS.get(session.get_bind().dialect.name)
    if upsert is not None:
        session.execute(upsert(tenant_languages).values(tenant_id=tenant_id, **values)
                        .on_conflict_do_update(index_elements=[tenant_languages.c.tenant_id], set_=values))
    elif before is None:  # another database: the caller's transaction decides a race
        session.execute(insert(tenant_languages).values(tenant_id=tenant_id, **values))
    else:
        session.execute(update(tenant_languages).where(tenant_languages.c.tenant_id == tenant_id).values(**values))
    return True


_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
