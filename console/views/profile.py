"""The corporation profile (/profiel, admin): phone numbers, opening hours, service norms and the
maatwerk teams' names and care route (Dutch and English); live at once, without review."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Tuple

from flask import Blueprint, flash, redirect, render_template, request, url_for

from console import english_twins, store, work
from console.accounts import me
from console.permissions import requires
from console.services import knowledge_dir, now, unit
from console.yaml_files import DAYS, read_profile_fields
from huurwijzer.content.twin_fingerprints import MAATWERK_TWINS, SUFFIX

blueprint = Blueprint("profile", __name__)
# The plain fields of the form; opening hours and service norms follow the file's own keys.
FORM_FIELDS = ("telefoon", "spoednummer", "whatsapp", "email", "balie", "voorrijkosten_niet_thuis",
               "afspraak_verzetten_tot")


@blueprint.route("/profiel", methods=["GET", "POST"])
@requires("admin")
def page() -> Any:
    fields = read_profile_fields(knowledge_dir())
    if request.method == "POST":
        changed: Dict[str, Any] = {name: request.form.get(name, "").strip() for name in FORM_FIELDS}
        hours = fields.get("openingstijden") or {}
        changed["openingstijden"] = {channel: {day: request.form.get(f"uren_{channel}_{day}", "").strip()
                                               for day in DAYS} for channel in hours}
        norms = fields.get("servicenormen") or {}
        # A fingerprint (`spoed_en_of`) is no form field: it stays, and saving stamps it (work.save_profile).
        changed["servicenormen"] = {norm: request.form.get(f"norm_{norm}", "").strip() for norm in norms
                                    if not norm.endswith(SUFFIX)}
        if isinstance(fields.get("maatwerk"), Mapping):  # a profile without the section gets none
            changed["maatwerk"] = _maatwerk_from_form(fields["maatwerk"])
        confirmed = [c["ident"] for c in english_twins.profile_checks(knowledge_dir())
                     if request.form.get(f"klopt_nog_{c['ident']}")]
        try:
            with unit() as s, s.begin():
                work.save_profile(s, knowledge_dir(), changed, me().username, now(), confirmed)
        except work.WorkError as exc:
            flash(str(exc))
            return _page({**fields, **changed}), 400
        flash("Profiel opgeslagen; de assistent gebruikt het binnen enkele seconden.")
        return redirect(url_for("profile.page"))
    return _page(fields)


def maatwerk_texts(section: Any) -> List[Tuple[str, List[str]]]:
    """The maatwerk teams on the page, each with its text fields: the team's name and, where the team
    has one, the care route, each in Dutch and English (an English one may be added here)."""
    found = []
    for key, item in (section.items() if isinstance(section, Mapping) else ()):
        if isinstance(item, Mapping) and "team" in item:
            found.append((str(key), [name for dutch, english in MAATWERK_TWINS.items() if dutch in item
                                     for name in (dutch, english)]))
    return found


def _maatwerk_from_form(section: Mapping[str, Any]) -> Dict[str, Any]:
    """The maatwerk section with the posted texts in place; the rest (response times, fingerprints,
    plain language) as it was. A field the form did not send stays as it was; an empty English
    field that was not there is not added."""
    updated = {key: dict(item) if isinstance(item, Mapping) else item for key, item in section.items()}
    for key, names in maatwerk_texts(section):
        for name in names:
            posted = request.form.get(f"maatwerk_{key}_{name}")
            if posted is None or (not posted.strip() and name not in updated[key]):
                continue
            updated[key][name] = " ".join(posted.split())
    return updated


def _page(fields: Dict[str, Any]) -> str:
    return render_template("profiel.html", fields=fields, days=DAYS, history=_history(), suffix=SUFFIX,
                           maatwerk=maatwerk_texts(fields.get("maatwerk")),
                           engels_nakijken=english_twins.profile_checks(knowledge_dir()))


def _history() -> List[store.Version]:
    with unit() as s:
        return store.history(s, "profile", work.PROFILE_KEY)[:20]
