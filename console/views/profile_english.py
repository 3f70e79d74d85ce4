"""The English follow-up messages and the rewards programme's English benefits (/engelse-berichten,
admin): each beside its Dutch text; live at once, like the profile (console.profile_english)."""

from __future__ import annotations

from typing import Any, Dict, Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for

from console import profile_english, work
from console.accounts import me
from console.permissions import requires
from console.services import knowledge_dir, now, unit
from console.views.documents import VERSION_FIELD, changed_since

blueprint = Blueprint("profile_english", __name__)
FIELD = "engels_"  # the form field of a text: engels_<moment id> or engels_voordelen


@blueprint.route("/engelse-berichten", methods=["GET", "POST"])
@requires("admin")
def page() -> Any:
    if request.method == "POST":
        posted = {t.ident: request.form.get(FIELD + t.ident, "") for t in profile_english.english_texts(knowledge_dir())
                  if FIELD + t.ident in request.form}
        with unit() as s:
            versions = list(profile_english.history(s))
        stale = changed_since(versions, request.form.get(VERSION_FIELD, ""))
        if stale:
            flash(stale)
            return _render(posted), 409  # their texts again, with the newest version's id
        try:
            with unit() as s, s.begin():
                saved = profile_english.save(s, knowledge_dir(), posted, me().username, now())
        except work.WorkError as exc:
            flash(str(exc))
            return _render(posted), 400
        flash("Engelse teksten opgeslagen; de assistent gebruikt ze binnen enkele seconden." if saved
              else "Er was niets gewijzigd.")
        return redirect(url_for("profile_english.page"))
    return _render({})


def _render(posted: Mapping[str, str]) -> str:
    with unit() as s:
        history = list(profile_english.history(s))
    texts = profile_english.english_texts(knowledge_dir())
    shown: Dict[str, str] = {t.ident: posted.get(t.ident, t.english) for t in texts}
    # "0" when nothing was saved here yet: a save by someone else in the meantime is still noticed
    version = str(history[0].id) if history else "0"
    return render_template("engelse_berichten.html", texts=texts, shown=shown, field=FIELD, history=history[:20],
                           version_field=VERSION_FIELD, version=version, benefits=profile_english.BENEFITS)
