"""The review steps on an entry or repair object (publish, send back, retire) and an older
version restored as a draft."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for

from console import english_twins, work
from console.accounts import me
from console.permissions import requires
from console.services import knowledge_dir, now, unit
from console.views.documents import PAGES, page_url

blueprint = Blueprint("review", __name__)


@blueprint.post("/stuk/<kind>/<key>/<step>")
@requires("reviewer")
def take_step(kind: str, key: str, step: str) -> Any:
    if kind not in PAGES or step not in ("publiceren", "terugsturen", "intrekken"):
        abort(404)
    try:
        with unit() as s, s.begin():
            if step == "publiceren":
                version = work.publish(s, knowledge_dir(), kind, key, me().username, now())
                flash("Gepubliceerd: de assistent gebruikt de nieuwe tekst binnen enkele seconden. "
                      "Nieuwe vragen (formuleringen) tellen mee na de volgende training.")
                if english_twins.marks(kind, version.data):
                    flash("Let op: de Engelse tekst hoort nog bij de oude Nederlandse tekst (Engelse tekst "
                          "verouderd). Tot u hem bijwerkt of 'Engelse tekst klopt nog' aanvinkt, krijgt een "
                          "huurder die Engels schrijft de Nederlandse tekst.")
            elif step == "terugsturen":
                work.send_back(s, kind, key, me().username, now(), request.form.get("reden", "").strip())
                flash("Teruggestuurd naar de redacteur.")
            else:
                work.retire(s, knowledge_dir(), kind, key, me().username, now())
                flash("Ingetrokken: de assistent geeft dit antwoord niet meer." if kind == "entry" else
                      "Ingetrokken: het onderdeel staat niet meer in de lijst 'wie repareert wat'.")
    except work.WorkError as exc:
        flash(str(exc))
    return redirect(page_url(kind, key))


@blueprint.post("/versie/<int:version_id>/terugzetten")
@requires("editor")
def restore(version_id: int) -> Any:
    try:
        with unit() as s, s.begin():
            version = work.restore(s, version_id, me().username, now())
    except work.WorkError as exc:
        flash(str(exc))
        return redirect(url_for("knowledge.entries"))
    flash("De oude tekst staat klaar als concept. Bied hem aan ter beoordeling om hem te publiceren.")
    return redirect(page_url(version.kind, version.key))  # work.restore takes entries and repair objects only

