"""The live content: corporation profile, knowledge entries and their retrieval index."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, List, Mapping, Optional, Tuple

from huurwijzer.content.choices_profile import Choice, choices_in
from huurwijzer.content.emergencies import Emergencies, load_emergencies
from huurwijzer.content.file_cache import FileBacked
from huurwijzer.content.followup_plan import FollowUpPlan, plan_in
from huurwijzer.content.knowledge import KnowledgeBase, entry_files, load_entries, load_yaml_text
from huurwijzer.content.language import DUTCH, ENGLISH
from huurwijzer.content.maatwerk_profile import Maatwerk, load_short_texts, maatwerk_in
from huurwijzer.content.not_ours import Subject, load_subjects, subject_files
from huurwijzer.content.onboarding_steps import Step, load_steps
from huurwijzer.content.profile import SETTING_REPLIES, Profile, parse_profile, with_setting_texts
from huurwijzer.content.repairs import RepairTable, load_repairs
from huurwijzer.content.replies import ReplyText, load_replies
from huurwijzer.content.retrieval import RetrievalIndex, english_texts
from huurwijzer.content.translations import Translations, load_translations
from huurwijzer.settings import get_settings


@dataclass(frozen=True)
class Content:
    profile: Profile
    knowledge: KnowledgeBase
    index: RetrievalIndex
    replies: Mapping[str, ReplyText]
    repairs: RepairTable
    emergencies: Emergencies
    onboarding: Tuple[Step, ...]
    translations: Translations
    index_en: RetrievalIndex  # entries with an English answer, for English questions
    language: str = DUTCH  # the language replies are given in (in_language)
    followups: Optional[FollowUpPlan] = None  # section opvolging of corporation.yml
    maatwerk: Optional[Maatwerk] = None  # section maatwerk of corporation.yml
    short_texts: Mapping[str, str] = field(default_factory=dict)  # knowledge/kort.yml
    choices: Tuple[Choice, ...] = ()  # section keuzes_bij_start of corporation.yml
    not_ours: Tuple[Subject, ...] = ()  # knowledge/niet-van-ons/: subjects that are not the corporation's


def content_files(knowledge_dir: Path) -> List[Path]:
    named = ("corporation.yml", "replies.yml", "repairs.yml", "emergencies.yml", "onboarding.yml", "languages.yml",
             "kort.yml")
    return [*(knowledge_dir / name for name in named), *entry_files(knowledge_dir / "entries"),
            *subject_files(knowledge_dir)]


def read_corporation(knowledge_dir: Path) -> Any:
    """corporation.yml parsed, once per build: the profile, the follow-up plan, the maatwerk and
    the choices at the start are each read from this one mapping."""
    return load_yaml_text((knowledge_dir / "corporation.yml").read_text(encoding="utf-8"))


def load_full_profile(knowledge_dir: Path, replies: Optional[Mapping[str, ReplyText]] = None,
                      translations: Optional[Translations] = None, corporation: Any = None) -> Profile:
    """The profile with the texts its yes/no settings choose (glass fund, subscription required),
    in Dutch and, for English conversations, in English. `corporation`: corporation.yml already
    parsed (read_corporation); read here when not given."""
    replies = replies if replies is not None else load_replies(knowledge_dir / "replies.yml")
    if translations is None:
        translations = load_translations(knowledge_dir / "languages.yml", replies)
    names = [name for pair in SETTING_REPLIES.values() for name in pair]
    texts = {name: replies[name].text for name in names if name in replies}
    english = {name: translations.english[name].text for name in names if name in translations.english}
    if corporation is None:
        corporation = read_corporation(knowledge_dir)
    return with_setting_texts(parse_profile(corporation), texts, english)


def build_content(knowledge_dir: Path) -> Content:
    knowledge = load_entries(entry_files(knowledge_dir / "entries"))
    replies = load_replies(knowledge_dir / "replies.yml")
    translations = load_translations(knowledge_dir / "languages.yml", replies)
    corporation = read_corporation(knowledge_dir)
    return Content(
        profile=load_full_profile(knowledge_dir, replies, translations, corporation),
        knowledge=knowledge,
        index=RetrievalIndex(knowledge),
        replies=replies,
        repairs=load_repairs(knowledge_dir / "repairs.yml"),
        emergencies=load_emergencies(knowledge_dir / "emergencies.yml"),
        onboarding=load_steps(knowledge_dir / "onboarding.yml"),
        translations=translations,
        index_en=RetrievalIndex(knowledge, english_texts),
        followups=plan_in(corporation),
        maatwerk=maatwerk_in(corporation),
        short_texts=load_short_texts(knowledge_dir / "kort.yml"),
        choices=choices_in(corporation),
        not_ours=load_subjects(subject_files(knowledge_dir)),
    )


def in_language(content: Content, language: str) -> Content:
    """The content as seen in `language`: English fixed texts where they exist (Dutch where not).
    Other languages get Dutch content; their only answer is the short message in their language."""
    if language != ENGLISH or content.language == ENGLISH:
        return content
    return _english(content)


_english_view: Optional[Tuple[Content, Content]] = None  # (the live content, its English view)


def _english(content: Content) -> Content:
    global _english_view
    if _english_view is None or _english_view[0] is not content:  # built once per content build
        # English fixed texts, and the profile's English wording where staff wrote it.
        profile = replace(content.profile, variables=content.profile.variables_en,
                          variables_nl=content.profile.variables)
        english = replace(content, replies=MappingProxyType({**content.replies, **content.translations.english}),
                          profile=profile, language=ENGLISH, repairs=replace(content.repairs, english=True))
        _english_view = (content, english)
    return _english_view[1]


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
