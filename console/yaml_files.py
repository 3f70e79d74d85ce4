"""Reading and writing the files in knowledge/ exactly as staff and reviewers keep them.

The console's published state is written back to these files (they stay the reviewed, shippable
source), so the writers reproduce the files byte for byte when nothing changed: one entry per
file with its two header lines, the repair list under its header comments, and the profile with
its comments kept (ruamel round trip)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, Collection, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import yaml

from console.yaml_folding import FOLD_WIDTH, fold_positions, keep_folded
from huurwijzer.content.twin_fingerprints import SUFFIX

ENTRY_HEADER = ("# yaml-language-server: $schema=../schema/entry.schema.json\n"
                "# Kennisbank-item. Uitleg over de velden: knowledge/README.md\n")
REPAIRS_HEADER = ("# Wie repareert wat: de onderhoudslijst (onderhouds-ABC) van de assistent.\n"
                  "# Uitleg over de velden: knowledge/README.md.\n")
# The profile fields staff may change in the console (admin only); the rest is set up once.
PROFILE_FIELDS = ("telefoon", "spoednummer", "whatsapp", "email", "balie", "openingstijden", "servicenormen",
                  "voorrijkosten_niet_thuis", "afspraak_verzetten_tot", "maatwerk")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000)


def entry_text(data: Mapping[str, Any]) -> str:
    """The file of one knowledge entry."""
    return ENTRY_HEADER + _dump(dict(data))


def read_entry(path: Path) -> Dict[str, Any]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: het bestand bevat geen velden")
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in raw.items()}


def read_entries(directory: Path) -> Dict[str, Dict[str, Any]]:
    return {path.stem: read_entry(path) for path in sorted((directory / "entries").glob("*.yml"))}


# An entry's id is its file name: lower-case letters, digits and dashes only, so that no id (for
# example one imported from a file, "../../x") can write outside the entries folder.
ENTRY_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def write_entry(directory: Path, data: Mapping[str, Any]) -> Path:
    entry_id = str(data.get("id") or "")
    if not ENTRY_ID.fullmatch(entry_id):
        raise ValueError(f"ongeldig id voor een kennisitem: {entry_id!r}")
    path = directory / "entries" / f"{entry_id}.yml"
    atomic_write(path, entry_text(data))
    return path


def read_repairs(directory: Path) -> List[Dict[str, Any]]:
    raw = yaml.safe_load((directory / "repairs.yml").read_text(encoding="utf-8")) or {}
    return [dict(o) for o in raw.get("objects") or []]


def repairs_text(header: str, objects: Sequence[Mapping[str, Any]]) -> str:
    body = "".join("".join("  " + line if line.strip() else line for line in _dump([dict(o)]).splitlines(True))
                   for o in objects)
    return header + "objects:\n" + body


def write_repairs(directory: Path, objects: Sequence[Mapping[str, Any]]) -> None:
    path = directory / "repairs.yml"
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    found = re.search(r"^objects:", current, re.M)
    header = current[:found.start()] if found else REPAIRS_HEADER
    atomic_write(path, repairs_text(header, objects))


def _ruamel() -> Any:
    from ruamel.yaml import YAML

    handler: Any = YAML()
    handler.preserve_quotes = True
    handler.width = 4096
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def read_profile_fields(directory: Path) -> Dict[str, Any]:
    raw = yaml.safe_load((directory / "corporation.yml").read_text(encoding="utf-8")) or {}
    return {key: raw.get(key) for key in PROFILE_FIELDS}


def write_profile_fields(directory: Path, fields: Mapping[str, Any]) -> None:
    """Changes only the given fields of corporation.yml; comments and the other fields stay."""
    path = directory / "corporation.yml"
    handler = _ruamel()
    document = handler.load(path.read_text(encoding="utf-8"))
    for key, value in fields.items():
        if key not in PROFILE_FIELDS:
            raise ValueError(f"{key} kan niet in de beheeromgeving worden gewijzigd")
        if isinstance(value, dict) and key in document and hasattr(document[key], "items"):
            _update_mapping(document[key], value)
        else:
            document[key] = keep_folded(document.get(key), value)
    buffer = io.StringIO()
    handler.dump(document, buffer)
    atomic_write(path, buffer.getvalue())


# One text to set in corporation.yml: the path to its mapping, its key, the new value (None: remove it
# and its fingerprint) and the key a new text goes right after.
TextChange = Tuple[Tuple[Union[str, int], ...], str, Any, str]


def write_profile_texts(directory: Path, changes: Sequence[TextChange]) -> None:
    """Sets the texts of `changes` in corporation.yml (a long new text folded); comments and the rest stay."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    path = directory / "corporation.yml"
    handler = _ruamel()
    document = handler.load(path.read_text(encoding="utf-8"))
    for where, key, value, after in changes:
        node = document
        for step in where:
            node = node[step]
        if value is None:
            for name in (key, key + SUFFIX):
                node.pop(name, None)
        elif key in node:
            node[key] = keep_folded(node[key], value)
        else:
            if isinstance(value, str) and len(value) > FOLD_WIDTH:
                value = FoldedScalarString(value)
                value.fold_pos = fold_positions(str(value), FOLD_WIDTH)  # type: ignore[attr-defined]
            keys = list(node.keys())
            node.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)
    buffer = io.StringIO()
    handler.dump(document, buffer)
    atomic_write(path, buffer.getvalue())


def read_short_texts(directory: Path) -> Dict[str, str]:
    """knowledge/kort.yml as entry id -> short text (empty when the file is missing)."""
    path = directory / "kort.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {str(key): str(value) for key, value in (raw or {}).items()}


def write_short_texts(directory: Path, texts: Mapping[str, str]) -> None:
    """Writes knowledge/kort.yml: its comments and unchanged texts stay as they were, removed ids
    leave the file, new ones go last."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import LiteralScalarString

    path = directory / "kort.yml"
    handler = _ruamel()
    document = (handler.load(path.read_text(encoding="utf-8")) if path.exists() else None) or CommentedMap()
    for key in [k for k in document if k not in texts]:
        del document[key]
    for key, text in texts.items():
        if document.get(key) != text:
            document[key] = LiteralScalarString(text) if "\n" in text else text
    buffer = io.StringIO()
    handler.dump(document, buffer)
    atomic_write(path, buffer.getvalue())


def stamp_fixed_twins(directory: Path, ids: Collection[str] = ()) -> List[str]:
    """Records the English fixed texts (huurwijzer.content.fixed_twins) named in `ids` (a profile field
    such as `balie`, a step id, a reply name, or a whole file: `onboarding.yml`) as translations of
    today's Dutch text; without ids only those with no fingerprint yet. Only the fingerprint lines
    change: a new one goes right under its English text, comments and the rest stay byte for byte.
    Returns what it recorded, as `ident: english field`."""
    from huurwijzer.content.fixed_twins import places
    from huurwijzer.content.twin_fingerprints import OUTDATED, UNCONFIRMED

    done: List[str] = []
    edits: Dict[str, List[Tuple[int, int, str]]] = {}
    texts: Dict[str, str] = {}
    nodes: Dict[str, Any] = {}
    for place in places(directory):
        named = place.ident in ids or place.file in ids
        wanted = (OUTDATED, UNCONFIRMED) if named else () if ids else (UNCONFIRMED,)
        for twin in place.states():
            if twin.state in wanted:
                if place.file not in texts:
                    texts[place.file] = (directory / place.file).read_text(encoding="utf-8")
                    nodes[place.file] = yaml.compose(texts[place.file])
                edit = _fingerprint_edit(texts[place.file], nodes[place.file], place.path, twin.english, twin.key,
                                         twin.expected)
                if edit is not None:
                    edits.setdefault(place.file, []).append(edit)
                    done.append(f"{place.ident}: {twin.english}")
    for name, found in edits.items():
        text = texts[name]
        for start, end, insert in sorted(found, reverse=True):
            text = text[:start] + insert + text[end:]
        atomic_write(directory / name, text)
    return done


def _fingerprint_edit(text: str, node: Any, path: Sequence[Union[str, int]], english: str, key: str,
                      value: str) -> Optional[Tuple[int, int, str]]:
    """(start, end, new text): `key: 'value'` in the mapping at `path` of `text` (composed: `node`), in
    place of its old value, or as a new line right under the English text (after its last line, before
    any blank or comment line)."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step]
    if not isinstance(node, yaml.MappingNode):
        return None
    pairs = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    if key in pairs:
        old = pairs[key][1]
        return old.start_mark.index, old.end_mark.index, f"'{value}'"
    if english not in pairs:
        return None
    name, body = pairs[english]
    # A list's end mark lies past the comment lines after it: its last item ends the English text.
    last = body.value[-1] if isinstance(body, yaml.SequenceNode) and body.value else body
    end = len(text[:last.end_mark.index].rstrip())
    end = text.find("\n", end) + 1 or len(text)
    return end, end, f"{' ' * name.start_mark.column}{key}: '{value}'\n"


def _update_mapping(target: Any, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if isinstance(value, dict) and key in target and hasattr(target[key], "items"):
            _update_mapping(target[key], value)
        elif target.get(key) != value:
            target[key] = keep_folded(target.get(key), value)


def atomic_write(path: Path, text: str) -> None:
    # The action server reloads on a changed file: it must never see half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
