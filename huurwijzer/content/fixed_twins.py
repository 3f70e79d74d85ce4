"""The English twins of the fixed texts, kept like those of entries and repair objects
(twin_fingerprints.py): `<English field>_of` beside each English text records the Dutch text it
translates.

- corporation.yml: `<field>_en` beside a worded profile field (`huur.betalingsregeling_en`), with
  `huur.betalingsregeling_en_of`; `team_en` and `route_en` of a maatwerk team (`maatwerk.zorg`);
  `tekst_en` of a follow-up moment (`opvolging.week_1`); `voordelen_en` of the rewards programme (a list
  judged as its lines: rewards_profile.benefit_twin_data);
- onboarding.yml: `titel_en` and `tekst_en` of each step, with `titel_en_of` and `tekst_en_of`;
- languages.yml: `text` of each English reply (english.replies.<name>), with `text_of`; its Dutch
  text is the reply of the same name in replies.yml.

Each twin is a Place; the linter warns per outdated one (`path:line: waarschuwing: ...`), and
`make kennis-engels-klopt` stamps them (console.yaml_files.stamp_fixed_twins)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import yaml

from huurwijzer.content.knowledge import load_yaml_text
from huurwijzer.content.lint import Problem, twin_problems
from huurwijzer.content.profile import ENGLISH_SUFFIX, TEMPLATE_FIELDS, WORDED_FIELDS
from huurwijzer.content.rewards_profile import ENGLISH_FIELD, REWARDS_TWINS, SECTION, benefit_twin_data
from huurwijzer.content.translations import reply_twin
from huurwijzer.content.twin_fingerprints import (
    MAATWERK_TWINS,
    MOMENT_TWINS,
    REPLY_TWINS,
    STEP_TWINS,
    SUFFIX,
    TwinState,
    twin_states,
)

PROFILE, ONBOARDING, LANGUAGES = "corporation.yml", "onboarding.yml", "languages.yml"
Key = Union[str, int]


@dataclass(frozen=True)
class Place:
    file: str  # PROFILE, ONBOARDING or LANGUAGES
    ident: str  # its name for `make kennis-engels-klopt ID=`: a profile field, a step id, a reply name
    path: Tuple[Key, ...]  # from the top of the file to the mapping that holds the English text
    data: Mapping[str, Any]  # the texts to judge: that mapping (for a reply, the Dutch text beside it)
    twins: Mapping[str, str]  # English field -> Dutch field, in `data`
    where: str  # what the linter's message starts with

    def states(self) -> List[TwinState]:
        return twin_states(self.data, self.twins)


def value_at(raw: Any, path: Sequence[Key]) -> Any:
    """What is at `path` in parsed YAML (None when it is not there)."""
    node = raw
    for key in path:
        if isinstance(node, Mapping):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
    return node


def _texts(mapping: Mapping[str, Any]) -> Dict[str, Any]:
    """A profile mapping with its plain values as text (a Dutch value may be typed as a number)."""
    return {k: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for k, v in mapping.items()}


def profile_places(raw: Any) -> List[Place]:
    found = []
    for name in sorted(WORDED_FIELDS, key=lambda n: TEMPLATE_FIELDS[n]):
        *parent_path, dutch = TEMPLATE_FIELDS[name]
        parent = value_at(raw, parent_path)
        english = dutch + ENGLISH_SUFFIX
        if isinstance(parent, Mapping) and (english in parent or english + SUFFIX in parent):
            found.append(Place(PROFILE, ".".join(TEMPLATE_FIELDS[name]), tuple(parent_path), _texts(parent),
                               {english: dutch}, "".join(f"{k}." for k in parent_path)))
    return found


def maatwerk_places(raw: Any) -> List[Place]:
    """Each maatwerk team with an English name or route (or a fingerprint left without one)."""
    teams = value_at(raw, ("maatwerk",))
    fields = (*MAATWERK_TWINS, *(e + SUFFIX for e in MAATWERK_TWINS))
    return [Place(PROFILE, f"maatwerk.{key}", ("maatwerk", key), item, MAATWERK_TWINS, f"maatwerk.{key}.")
            for key, item in (teams.items() if isinstance(teams, Mapping) else ())
            if isinstance(item, Mapping) and any(k in item for k in fields)]


def moment_places(raw: Any) -> List[Place]:
    """Each follow-up moment (`opvolging.momenten`) with an English text (or a fingerprint left without one)."""
    moments = value_at(raw, ("opvolging", "momenten"))
    fields = (*MOMENT_TWINS, *(e + SUFFIX for e in MOMENT_TWINS))
    return [Place(PROFILE, f"opvolging.{item.get('id')}", ("opvolging", "momenten", index), item, MOMENT_TWINS,
                  f"opvolging.momenten.{item.get('id')}.")
            for index, item in enumerate(moments if isinstance(moments, list) else [])
            if isinstance(item, Mapping) and any(k in item for k in fields)]


def rewards_places(raw: Any) -> List[Place]:
    """The rewards programme's benefits when they have an English text (or a fingerprint left without one)."""
    section = value_at(raw, (SECTION,))
    if not isinstance(section, Mapping) or not any(k in section for k in (ENGLISH_FIELD, ENGLISH_FIELD + SUFFIX)):
        return []
    return [Place(PROFILE, f"{SECTION}.voordelen", (SECTION,), benefit_twin_data(section), REWARDS_TWINS,
                  f"{SECTION}.")]


def step_places(raw: Any) -> List[Place]:
    steps = raw.get("stappen") if isinstance(raw, Mapping) else None
    return [Place(ONBOARDING, str(step.get("id")), ("stappen", index), step, STEP_TWINS, f"{step.get('id')}: ")
            for index, step in enumerate(steps if isinstance(steps, list) else [])
            if isinstance(step, Mapping) and any(k in step for k in (*STEP_TWINS, *(e + SUFFIX for e in STEP_TWINS)))]


def reply_places(raw: Any, dutch: Any) -> List[Place]:
    english = value_at(raw, ("english", "replies"))
    found = []
    for name, item in (english or {}).items() if isinstance(english, Mapping) else ():
        text = value_at(dutch, (name, "text"))
        if isinstance(item, Mapping):
            found.append(Place(LANGUAGES, str(name), ("english", "replies", name),
                               reply_twin(item, text if isinstance(text, str) else ""), REPLY_TWINS, f"{name}: "))
    return found


def _read(path: Path) -> Any:
    try:
        return load_yaml_text(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None  # the linter reports the file itself


def places(knowledge_dir: Path) -> List[Place]:
    """Every English fixed text of knowledge/ (and every fingerprint left without one)."""
    profile = _read(knowledge_dir / PROFILE)
    return [*profile_places(profile), *maatwerk_places(profile), *moment_places(profile), *rewards_places(profile),
            *step_places(_read(knowledge_dir / ONBOARDING)),
            *reply_places(_read(knowledge_dir / LANGUAGES), _read(knowledge_dir / "replies.yml"))]


def _key_lines(node: Optional[yaml.Node], path: Sequence[Key]) -> Dict[str, int]:
    """The line (1-based) of each key of the mapping at `path` in a composed YAML document."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def fixed_twin_problems(knowledge_dir: Path) -> List[Problem]:
    """A warning per English fixed text that is outdated, unconfirmed or without its Dutch text, at its line."""
    problems: List[Problem] = []
    composed: Dict[str, Optional[yaml.Node]] = {}
    for place in places(knowledge_dir):
        path = knowledge_dir / place.file
        if place.file not in composed:
            try:
                composed[place.file] = yaml.compose(path.read_text(encoding="utf-8"))
            except yaml.YAMLError:
                composed[place.file] = None
        lines = _key_lines(composed[place.file], place.path)
        start = min(lines.values(), default=1)
        problems += twin_problems(path, {k: lines.get(k, start) for k in place.data}, place.where, place.data,
                                  place.twins, f"leg dat dan vast met make kennis-engels-klopt ID={place.ident}")
    return problems
