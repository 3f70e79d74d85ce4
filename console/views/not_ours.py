"""Subjects that are not ours (/niet-van-ons): every staff member reads them, a reviewer adds, changes,
removes (after a confirm step) and restores them from their history (live at once, like a published answer;
console/not_ours.py). A new subject can start from a question in the inbox."""

from __future__ import annotations

from typing import Any, Dict, List

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from console import not_ours, store, work
from console.accounts import me
from console.permissions import ANY_STAFF, requires
from console.services import knowledge_dir, now, unit
from console.views.inbox import handle_group
from console.yaml_files import ENTRY_ID
from huurwijzer.content.lint import profile_values
from huurwijzer.content.not_ours_lint import not_ours_problems

blueprint = Blueprint("not_ours", __name__)
SAVED = "Opgeslagen. De assistent gebruikt het binnen enkele seconden."
REMOVED = ("Verwijderd. De assistent gebruikt dit onderwerp binnen enkele seconden niet meer. U kunt het "
           "terugzetten vanuit de geschiedenis hieronder.")
RESTORED = "Teruggezet. De assistent gebruikt het onderwerp binnen enkele seconden weer."
CHANGED = ("Let op: iemand anders heeft dit onderwerp intussen gewijzigd. Uw wijziging is nog niet opgeslagen "
           "en staat hieronder. Bekijk de geschiedenis, neem zo nodig de wijziging over en sla dan opnieuw op.")
GONE = ("Let op: iemand anders heeft dit onderwerp intussen verwijderd. Uw wijziging is niet opgeslagen en staat "
        "hieronder. Wilt u het onderwerp toch houden? Zet het dan terug vanuit de lijst 'Verwijderde onderwerpen'.")
NOT_REMOVED = ("Niet verwijderd: iemand anders heeft dit onderwerp intussen gewijzigd. Bekijk het hieronder en "
               "verwijder het zo nodig opnieuw.")
NOT_RESTORED = ("Niet teruggezet: iemand anders heeft dit onderwerp intussen teruggezet of gewijzigd. Bekijk "
                "hieronder hoe het nu is.")
RESTORE_PROBLEMS = ("Niet teruggezet: de oude versie past niet meer bij de andere onderwerpen. Verbeter wat bij "
                    "de velden staat en maak het onderwerp dan aan.")


@blueprint.get("/niet-van-ons")
@requires(ANY_STAFF)
def subjects() -> Any:
    query = request.args.get("zoek", "").strip().lower()
    found = not_ours.subjects(knowledge_dir())
    with unit() as s:
        gone = not_ours.removed(s, knowledge_dir())
    shown = {key: data for key, data in found.items()
             if not query or query in " ".join(not_ours.form_text(data, f) for f in data).lower()}
    variables = profile_values(knowledge_dir() / "corporation.yml")
    faulty = {p.path.stem for p in not_ours_problems(knowledge_dir(), variables) if not p.warning}
    return render_template("niet_van_ons.html", subjects=shown, total=len(found), zoek=query, fout=faulty,
                           verwijderd=gone, may_edit=me().may("reviewer"))


@blueprint.route("/niet-van-ons/nieuw", methods=["GET", "POST"])
@requires("reviewer")
def new_subject() -> Any:
    question = request.values.get("vraag", "").strip()
    group = request.values.get("groep", "")
    if request.method == "GET":
        return _page(None, {}, {}, vraag=question, groep=group)
    key = request.form.get("id", "").strip()
    data = not_ours.from_form(request.form, key)
    try:
        with unit() as s, s.begin():
            not_ours.save(s, knowledge_dir(), data, me().username, now(), new=True)
            if group:
                handle_group(s, group, f"niet van ons: {key}")
    except not_ours.SubjectError as exc:
        flash("Niet opgeslagen: verbeter wat bij de velden staat.")
        return _page(None, data, exc.problems, vraag=question, groep=group), 400
    except work.WorkError as exc:  # the inbox group is gone
        flash(str(exc))
        return _page(None, data, {}, vraag=question, groep=group), 400
    flash(SAVED)
    return redirect(url_for("not_ours.subject", key=key))


@blueprint.route("/niet-van-ons/<key>", methods=["GET", "POST"])
@requires("reviewer", methods=("POST",))
def subject(key: str) -> Any:
    path = not_ours.path_of(knowledge_dir(), key)
    if not ENTRY_ID.fullmatch(key):
        abort(404)
    if request.method == "GET":
        return _page(key, not_ours.read_subject(path), _stored_problems(key)) if path.exists() else _removed(key)
    if not path.exists() and not _history(key):
        abort(404)
    data = not_ours.from_form(request.form, key)
    if not path.exists() or not_ours.stale(knowledge_dir(), key, request.form.get(not_ours.FILE_FIELD)):
        flash(CHANGED if path.exists() else GONE)
        return _page(key, data, {}), 409
    try:
        with unit() as s, s.begin():
            not_ours.save(s, knowledge_dir(), data, me().username, now(), new=False)
    except not_ours.SubjectError as exc:
        flash("Niet opgeslagen: verbeter wat bij de velden staat.")
        return _page(key, data, exc.problems), 400
    flash(SAVED)
    return redirect(url_for("not_ours.subject", key=key))


@blueprint.post("/niet-van-ons/<key>/verwijderen")
@requires("reviewer")
def remove(key: str) -> Any:
    """First the confirm step, then (with `bevestigd=ja`) the file goes; refused when the file changed
    after the page was opened."""
    path = not_ours.path_of(knowledge_dir(), key)
    if not ENTRY_ID.fullmatch(key) or not path.exists():
        abort(404)
    data = not_ours.read_subject(path)
    if not_ours.stale(knowledge_dir(), key, request.form.get(not_ours.FILE_FIELD, "")):
        flash(NOT_REMOVED)
        return _page(key, data, _stored_problems(key)), 409
    if request.form.get("bevestigd") != "ja":
        return render_template("niet_van_ons_verwijderen.html", key=key, data=data,
                               fingerprint=not_ours.fingerprint(knowledge_dir(), key))
    with unit() as s, s.begin():
        not_ours.remove(s, knowledge_dir(), key, me().username, now())
    flash(REMOVED)
    return redirect(url_for("not_ours.subject", key=key))


@blueprint.post("/niet-van-ons/<key>/terugzetten")
@requires("reviewer")
def restore(key: str) -> Any:
    """A version from a removed subject's history becomes the subject again (checked by the linter: on a
    problem the new-subject form shows it, filled in); refused when the history changed meanwhile."""
    chosen = request.form.get("versie", "")
    with unit() as s:
        old = not_ours.version_of(s, int(chosen), key) if chosen.isdigit() else None
        last = not_ours.last_version(store.history(s, not_ours.KIND, key))
    if old is None:
        abort(404)
    path = not_ours.path_of(knowledge_dir(), key)
    if path.exists() or request.form.get("laatste") != last:
        flash(NOT_RESTORED)
        return (_page(key, not_ours.read_subject(path), _stored_problems(key)) if path.exists() else _removed(key)), 409
    try:
        with unit() as s, s.begin():
            not_ours.restore(s, knowledge_dir(), old, me().username, now())
    except not_ours.SubjectError as exc:
        flash(RESTORE_PROBLEMS)
        return _page(None, {**old.data, "id": key}, exc.problems), 400
    flash(RESTORED)
    return redirect(url_for("not_ours.subject", key=key))


def _history(key: str) -> List[store.Version]:
    with unit() as s:
        return store.history(s, not_ours.KIND, key)[:20]


def _removed(key: str) -> Any:
    """A removed subject: its history, each version with a button to restore it (404 when it never had one)."""
    history = _history(key)
    if not history:
        abort(404)
    return render_template("niet_van_ons_verwijderd.html", key=key, history=history,
                           laatste=not_ours.last_version(history), may_edit=me().may("reviewer"))


def _stored_problems(key: str) -> not_ours.Problems:
    """The linter's messages for the file as it is (someone may have edited it by hand)."""
    data = not_ours.read_subject(not_ours.path_of(knowledge_dir(), key))
    if not data:
        return {"id": ["Het bestand kan niet gelezen worden (geen geldige YAML). Vul de velden opnieuw in."]}
    return not_ours.problems(knowledge_dir(), {**data, "id": key}, new=False)


def _page(key: Any, data: Dict[str, Any], found: not_ours.Problems, **extra: str) -> str:
    history = _history(key) if key else []
    return render_template("niet_van_ons_item.html", key=key, data=data, problems=found, history=history,
                           text=not_ours.form_text, may_edit=me().may("reviewer"), variables=work.variables(),
                           fingerprint=not_ours.fingerprint(knowledge_dir(), key) if key else "", **extra)
