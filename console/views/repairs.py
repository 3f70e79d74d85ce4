"""Who repairs what (/reparaties): the list of repair objects, a new object, an object's page
with its history."""

from __future__ import annotations

from typing import Any, Dict, List

from flask import Blueprint, flash, redirect, render_template, request

from console import english_twins, forms, store, work
from console.permissions import ANY_STAFF, requires
from console.services import unit
from console.views.documents import create_document, edit_document, haystack, page_url

blueprint = Blueprint("repairs", __name__)


@blueprint.get("/reparaties")
@requires(ANY_STAFF)
def repairs() -> Any:
    query = request.args.get("zoek", "").strip().lower()
    english = request.args.get("engels", "")
    with unit() as s:
        docs = sorted(store.documents(s, "repair").values(), key=lambda d: str(d.current.data.get("name", "")))
    marks = {d.key: english_twins.marks("repair", d.current.data) for d in docs}
    shown = [d for d in docs if (not query or query in haystack(d.current.data)) and (not english or marks[d.key])]
    return render_template("reparaties.html", docs=shown, total=len(docs), zoek=query, merken=marks,
                           engels=english, nakijken=sum(1 for m in marks.values() if m))


@blueprint.route("/reparaties/nieuw", methods=["GET", "POST"])
@requires("editor")
def new_repair() -> Any:
    question = request.values.get("vraag", "").strip()
    group = request.values.get("groep", "")
    if request.method == "GET":
        return render_template("reparatie_nieuw.html", data={"party": "huurder", "basis": "wet"}, vraag=question,
                               groep=group, problems=[])
    key = request.form.get("id", "").strip()
    data = forms.repair_from_form(request.form, {"id": key})
    problem = create_document("repair", data, group, f"nieuw onderdeel {key}")
    if problem:
        flash(problem)
        return render_template("reparatie_nieuw.html", data=data, vraag=question, groep=group,
                               problems=work.repair_problems(data)), 400
    flash("Concept aangemaakt. Bied het aan ter beoordeling; na publicatie gebruikt de assistent het.")
    return redirect(page_url("repair", key))


@blueprint.route("/reparaties/<key>", methods=["GET", "POST"])
@requires("editor", methods=("POST",))
def repair(key: str) -> Any:
    return edit_document("repair", key, lambda data: forms.repair_from_form(request.form, data), _page)


def _page(doc: store.Document, versions: List[store.Version], data: Dict[str, Any]) -> str:
    return render_template("reparatie.html", doc=doc, data=data, versions=versions,
                           problems=work.repair_problems(data), waarschuwingen=english_twins.warnings("repair", data),
                           engels=english_twins.states("repair", data))
