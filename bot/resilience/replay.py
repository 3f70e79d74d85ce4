"""A message the channel sends again (same channel message id) is answered from the store, not
handled twice; a personal answer in it is not in the store.

The conversation store keeps only a placeholder for a message with the tenant's own data
(bot/tracker_store.py), so a retried personal question used to get "[persoonlijk antwoord
weggelaten]". Handling the message again is no way out: its turn may have done something (a
repair request sent, a verification attempt counted). The retry gets, instead of the placeholder,
the reply `personal_answer_not_kept` from knowledge/replies.yml (English when the conversation
was), which asks the tenant to ask again; the turn's other messages are sent as they were stored.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from huurwijzer.content.file_cache import FileBacked
from huurwijzer.content.language import DUTCH, ENGLISH, conversation_language
from huurwijzer.conversation.shared_names import PERSONAL_KEY, PERSONAL_PLACEHOLDER

logger = logging.getLogger(__name__)

REPLY = "personal_answer_not_kept"

_texts: Optional[FileBacked[Dict[str, str]]] = None


def not_kept_text(language: str) -> str:
    """The reply in `language` when it has a translation, else Dutch; re-read when staff edit it."""
    global _texts
    if _texts is None:
        from huurwijzer.settings import get_settings

        folder = get_settings().knowledge_dir
        _texts = FileBacked(files=lambda: [folder / name for name in ("replies.yml", "languages.yml",
                                                                        "corporation.yml")],
                            build=_read_texts, interval_seconds=1.0)
    texts = _texts.get()
    return texts.get(language) or texts[DUTCH]


def _read_texts() -> Dict[str, str]:
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.profile import load_profile
    from huurwijzer.content.replies import load_replies
    from huurwijzer.content.translations import load_translations
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        replies = load_replies(folder / "replies.yml")
        variables = load_profile(folder / "corporation.yml").variables
        texts = {DUTCH: render(replies[REPLY].text, variables)}
        english = load_translations(folder / "languages.yml", replies).english.get(REPLY)
        if english is not None:
            texts[ENGLISH] = render(english.text, variables)
        return texts
    except Exception:  # noqa: BLE001 - a broken file must not send the placeholder after all
        from bot.channels.rest import channel_messages

        logger.error("replay.text_unreadable reply=%s", REPLY)
        return {DUTCH: channel_messages()[REPLY]}


def _is_personal(event: Any) -> bool:
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    return metadata.get(PERSONAL_KEY) is True or event.text == PERSONAL_PLACEHOLDER


def replayed_messages(events: List[Any], message_id: Optional[str]) -> Optional[List[Dict[str, Any]]]:
    """The messages to send again for the stored user message with `message_id`, or None when the
    conversation does not hold it. Personal answers (stored as the placeholder) become one
    message asking the tenant to ask again."""
    from rasa.shared.core.events import BotUttered, UserUttered

    for index, event in enumerate(events):
        if not (isinstance(event, UserUttered) and event.message_id == message_id):
            continue
        messages: List[Dict[str, Any]] = []
        asked_again = False
        for later in events[index + 1:]:
            if isinstance(later, UserUttered):
                break
            if not isinstance(later, BotUttered):
                continue
            if not _is_personal(later):
                messages.append(later.message())
            elif not asked_again:
                language = conversation_language({}, [e.as_dict() for e in events[:index + 1]])
                messages.append({"text": not_kept_text(language)})
                asked_again = True
        return messages
    return None
