"""Choices at the start (section `keuzes_bij_start` of knowledge/corporation.yml): where the
corporation allows it, a new tenant chooses between options (we paint / paint vouchers; keep or
remove thresholds). The choice is stored, confirmed to the tenant and shown to staff."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Dict, Optional, Set, Tuple

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from huurwijzer.content.choices_profile import Choice, Option
from huurwijzer.content.loader import Content
from huurwijzer.content.replies import Button
from huurwijzer.conversation import kernel
from huurwijzer.conversation.reply import AnswerMetadata, PersonalText, Reply, fixed_reply, reply_text
from huurwijzer.tenancy import schema as t

INTENT = "move_in_choice"
ENTITY = "choice_option"  # "<choice>:<option>" in a button's payload
TOPIC = "onboarding_first_steps"


def chosen(session: Session, tenant_id: int) -> Dict[str, str]:
    c = t.tenant_choices
    return dict(session.execute(select(c.c.choice, c.c.option).where(c.c.tenant_id == tenant_id)).all())


def choose(session: Session, tenant_id: int, choice: str, option: str, now: datetime) -> None:
    c = t.tenant_choices
    session.execute(delete(c).where(c.c.tenant_id == tenant_id, c.c.choice == choice))
    session.execute(insert(c).values(tenant_id=tenant_id, choice=choice, option=option, chosen_at=now))


def _from_text(choices: Tuple[Choice, ...], text: str, entity: Optional[str]) -> Optional[Tuple[Choice, Option]]:
    wanted = entity or ""
    for choice in choices:
        for option in choice.options:
            if wanted == f"{choice.id}:{option.id}":
                return choice, option
    words = " ".join(re.findall(r"\w+", text.lower()))
    for choice in choices:
        for option in choice.options:
            if " ".join(re.findall(r"\w+", option.title.lower())) in words:
                return choice, option
    # Part of a title ("verfbonnen" for "Ik wil verfbonnen"): a word only that option has.
    typed = set(words.split())
    named = [(choice, option) for choice in choices for option in choice.options
             if _own_words(choice, option) & typed]
    return named[0] if len(named) == 1 else None


_NOT_DISTINCTIVE = frozenset({"ik", "wil", "jullie", "wij", "graag", "liever", "de", "het", "een"})


def _own_words(choice: Choice, option: Option) -> Set[str]:
    """The words of an option's title and id that no other option of its choice has."""
    def words(o: Option) -> Set[str]:
        return set(re.findall(r"[^\W_]+", f"{o.title} {o.id}".lower())) - _NOT_DISTINCTIVE
    others = set().union(*(words(o) for o in choice.options if o is not option))
    return words(option) - others


def _ask(content: Content, choice: Choice, meta: AnswerMetadata) -> Reply:
    buttons = tuple(Button(o.title, f"/{INTENT}" + '{"' + ENTITY + '":"' + f'{choice.id}:{o.id}' + '"}')
                    for o in choice.options)
    return Reply(choice.question, meta, None, buttons)


def choice_step(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """'mijn keuzes' shows the first open choice; a button (or its title typed) stores the option,
    confirms it and shows the next open choice."""
    meta = AnswerMetadata(TOPIC, turn.confidence)
    if not content.choices:
        return kernel.Step(fixed_reply(content, "move_in_choices_none", meta))
    try:
        with svc.unit() as session:
            verified = kernel.verified_tenant(svc, session, turn)
            if verified is None:
                return kernel.Step(fixed_reply(content, "followup_login_first", meta))
            payload = re.search(r'"' + ENTITY + r'"\s*:\s*"([\w:-]+)"', turn.text)  # a button's payload
            found = _from_text(content.choices, turn.text, payload.group(1) if payload else None)
            said = []
            if found is not None:
                choose(session, verified.tenant_id, found[0].id, found[1].id, svc.clock())
                said.append(PersonalText(found[1].confirmation))  # the tenant's choice
            done = chosen(session, verified.tenant_id)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    open_ = next((c for c in content.choices if c.id not in done), None)
    if open_ is not None:
        return kernel.Step(_ask(content, open_, meta), intro=tuple(said))
    summary = "\n".join(f"- {c.question} **{c.option(done[c.id]).title}**"  # type: ignore[union-attr]
                        for c in content.choices if c.option(done[c.id]))
    text = "\n\n".join([*said, reply_text(content, "move_in_choices_done"), summary])
    return kernel.Step(Reply(text, meta, "move_in_choices_done", personal=True))
