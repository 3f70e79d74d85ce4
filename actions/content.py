"""The live content: corporation profile, knowledge entries and their retrieval index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Mapping, Optional, Tuple

from actions.emergencies import Emergencies, load_emergencies
from actions.file_cache import FileBacked
from actions.knowledge import KnowledgeBase, entry_files, load_entries
from actions.onboarding import Step, load_steps
from actions.profile import SETTING_REPLIES, Profile, load_profile, with_setting_texts
from actions.repairs import RepairTable, load_repairs
from actions.replies import ReplyText, load_replies
from actions.retrieval import RetrievalIndex
from actions.settings import get_settings


@dataclass(frozen=True)
class Content:
    profile: Profile
    knowledge: KnowledgeBase
    index: RetrievalIndex
    replies: Mapping[str, ReplyText]
    repairs: RepairTable
    emergencies: Emergencies
    onboarding: Tuple[Step, ...]


def content_files(knowledge_dir: Path) -> List[Path]:
    named = ("corporation.yml", "replies.yml", "repairs.yml", "emergencies.yml", "onboarding.yml")
    return [*(knowledge_dir / name for name in named), *entry_files(knowledge_dir / "entries")]


def load_full_profile(knowledge_dir: Path, replies: Optional[Mapping[str, ReplyText]] = None) -> Profile:
    """The profile with the texts its yes/no settings choose (glass fund, subscription required)."""
    replies = replies if replies is not None else load_replies(knowledge_dir / "replies.yml")
    texts = {name: replies[name].text for pair in SETTING_REPLIES.values() for name in pair if name in replies}
    return with_setting_texts(load_profile(knowledge_dir / "corporation.yml"), texts)


def build_content(knowledge_dir: Path) -> Content:
    knowledge = load_entries(entry_files(knowledge_dir / "entries"))
    replies = load_replies(knowledge_dir / "replies.yml")
    return Content(
        profile=load_full_profile(knowledge_dir, replies),
        knowledge=knowledge,
        index=RetrievalIndex(knowledge),
        replies=replies,
        repairs=load_repairs(knowledge_dir / "repairs.yml"),
        emergencies=load_emergencies(knowledge_dir / "emergencies.yml"),
        onboarding=load_steps(knowledge_dir / "onboarding.yml"),
    )


_live: Optional[FileBacked[Content]] = None


def live_content() -> Content:
    """The current content, rebuilt within a second after staff save a change."""
    global _live
    if _live is None:
        settings = get_settings()
        directory = settings.knowledge_dir
        _live = FileBacked(
            files=lambda: content_files(directory),
            build=lambda: build_content(directory),
            interval_seconds=settings.reload_interval_seconds,
        )
    return _live.get()
