"""The console's forms read into an entry's or repair object's data, and back: the posted fields
over the current data, in the order the files keep."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping

from huurwijzer.content.twin_fingerprints import ENTRY_TWINS, REPAIR_TWINS, restamp

# A repair object's fields in the order of repairs.yml (the English name beside the Dutch one,
# each English text followed by the fingerprint of the Dutch text it translates); `condition` and
# the English texts only when there is one.
REPAIR_FIELDS = ("id", "name", "name_en", "name_en_of", "patterns", "party", "basis", "subscription", "urgent",
                 "explanation", "condition", "explanation_en", "explanation_en_of", "condition_en", "condition_en_of",
                 "sources", "reviewed")
# The checkbox "Engelse tekst klopt nog" beside an outdated English text: klopt_nog_<English field>.
CONFIRM_FIELD = "klopt_nog_"
OPTIONAL_REPAIR_TEXTS = ("name_en", "condition", "explanation_en", "condition_en")


def sources_from_form(text: str) -> List[Dict[str, str]]:
    """The "Bronnen" field: one source a line, "title | url" (a line with only a url is its own title)."""
    sources = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, _, url = line.rpartition("|")
        sources.append({"title": (title or url).strip(), "url": url.strip()})
    return sources


def sources_to_form(sources: Any) -> str:
    return "\n".join(f"{s.get('title', '')} | {s.get('url', '')}" for s in sources or [] if isinstance(s, Mapping))


def clean_answer(text: str) -> str:
    # Browsers send \r\n; the files keep \n, and a block answer ends with one newline.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return lines + "\n" if "\n" in lines else lines


def set_english(data: Dict[str, Any], text: str) -> None:
    """The optional English answer: kept last in the entry (a new field is appended, so the file's
    other lines stay as they were); an emptied field is removed rather than saved empty."""
    english = clean_answer(text)
    if english:
        data["answer_en"] = english
    else:
        data.pop("answer_en", None)


def set_english_title(data: Dict[str, Any], text: str) -> None:
    """The optional English title, as the English answer: appended, and removed when emptied."""
    english = " ".join(text.split())
    if english:
        data["title_en"] = english
    else:
        data.pop("title_en", None)


def entry_from_form(form: Mapping[str, str], current: Mapping[str, Any]) -> Dict[str, Any]:
    """The posted fields of a knowledge entry's form over its current data."""
    data = dict(current)
    data.update(title=form.get("titel", "").strip(),
                topic=form.get("onderwerp", data.get("topic")),
                questions=[q.strip() for q in form.get("vragen", "").splitlines() if q.strip()],
                answer=clean_answer(form.get("antwoord", "")))
    if "bronnen" in form:
        data["sources"] = sources_from_form(form.get("bronnen", ""))
    if "titel_en" in form:
        set_english_title(data, form["titel_en"])
    if "antwoord_en" in form:
        set_english(data, form["antwoord_en"])
    return restamp(current, data, ENTRY_TWINS, confirmed(form, ENTRY_TWINS))


def confirmed(form: Mapping[str, str], twins: Mapping[str, str]) -> List[str]:
    """The English texts staff ticked as still right for today's Dutch text."""
    return [english for english in twins if form.get(CONFIRM_FIELD + english) == "ja"]


def repair_from_form(form: Mapping[str, str], current: Mapping[str, Any]) -> Dict[str, Any]:
    """A repair object as posted by the console's form, in the file's field order."""
    data: Dict[str, Any] = {**current,
                            "name": form.get("naam", "").strip(),
                            "patterns": [p.strip() for p in form.get("synoniemen", "").splitlines() if p.strip()],
                            "party": form.get("partij", ""), "basis": form.get("basis", ""),
                            "subscription": form.get("abonnement") == "ja", "urgent": form.get("spoed") == "ja",
                            "explanation": form.get("uitleg", "").strip(),
                            "condition": form.get("voorwaarde", "").strip()}
    for key, field in (("name_en", "naam_en"), ("explanation_en", "uitleg_en"), ("condition_en", "voorwaarde_en")):
        if field in form:
            data[key] = form[field].strip()
    if "bronnen" in form:
        data["sources"] = sources_from_form(form.get("bronnen", ""))
    for key in OPTIONAL_REPAIR_TEXTS:
        if not data.get(key):
            data.pop(key, None)
    data = restamp(current, data, REPAIR_TWINS, confirmed(form, REPAIR_TWINS))
    return {key: data[key] for key in REPAIR_FIELDS if key in data}
