"""Short texts in simple language (/kort): every staff member reads them, a reviewer changes them;
live at once, like a published answer."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from flask import Blueprint, flash, redirect, render_template, request, url_for

from console import short_texts, store, work
from console.accounts import me
from console.permissions import requires
from console.services import knowledge_dir, now, unit
from console.yaml_files import read_entries, read_short_texts

blueprint = Blueprint("short_texts", __name__)
FIELD = "kort_"  # the form field of an entry's short text: kort_<entry id>


def _entries() -> List[Tuple[str, str]]:
    """The published entries, (id, title), by title."""
    found = [(key, str(data.get("title") or key)) for key, data in read_entries(knowledge_dir()).items()
             if data.get("status") == "published"]
    return sorted(found, key=lambda pair: pair[1].lower())


@blueprint.route("/kort", methods=["GET", "POST"])
@requires("reviewer", methods=("POST",))
def page() -> Any:
    texts: Dict[str, str] = read_short_texts(knowledge_dir())
    if request.method == "POST":
        changed = {key: request.form.get(FIELD + key, "") for key, _ in _entries() if FIELD + key in request.form}
        try:
            with unit() as s, s.begin():
                short_texts.save(s, knowledge_dir(), changed, me().username, now())
        except work.WorkError as exc:
            flash(str(exc))
            return _render({**texts, **changed}), 400
        flash("Korte teksten opgeslagen; de assistent gebruikt ze binnen enkele seconden.")
        return redirect(url_for("short_texts.page"))
    return _render(texts)


def _render(texts: Dict[str, str]) -> str:
    with unit() as s:
        history = store.history(s, short_texts.KIND, short_texts.KEY)[:20]
    return render_template("kort.html", entries=_entries(), texts=texts, field=FIELD, history=history,
                           may_edit=me().may("reviewer"), variables=work.variables())
