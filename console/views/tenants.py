"""The tenant pages (/huurders): search by contract or tenant number, the open tasks, one tenant's
page (every view logged) and a task marked done; and the feedback page (/feedback): "U vroeg, wij
deden" notes and the scores after repairs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from console import tenants
from console.accounts import me
from console.permissions import ANY_STAFF, requires
from console.services import knowledge_dir, now, services
from huurwijzer.content.profile import load_profile
from huurwijzer.conversation import maatwerk as mw
from huurwijzer.conversation import repair_feedback as rf
from huurwijzer.tenancy import access_log
from huurwijzer.tenancy.database import ensure_state_tables

blueprint = Blueprint("tenants", __name__)


def unit() -> Session:
    """A unit of work on the tenancy tables, made when the console meets a new database."""
    engine = services().engine
    ensure_state_tables(engine)
    return Session(engine, future=True)


@blueprint.get("/huurders")
@requires(ANY_STAFF)
def search() -> Any:
    query = request.args.get("zoek", "").strip()
    with unit() as s:
        if query:
            found = tenants.find(s, query)
            if len(found) == 1:
                return redirect(url_for("tenants.tenant", tenant_id=found[0]))
            if not found:
                flash(f"Geen huurder gevonden bij '{query}'. Zoek op contractnummer (HC-123456) of huurdernummer.")
        tasks = tenants.open_task_list(s)
        problems = tenants.reported_problems(s, now())
    return render_template("huurders.html", taken=tasks, labels=tenants.TASK_LABELS, zoek=query, problemen=problems,
                           dagen=tenants.PROBLEM_DAYS)


@blueprint.get("/huurders/<int:tenant_id>")
@requires(ANY_STAFF)
def tenant(tenant_id: int) -> Any:
    with unit() as s, s.begin():
        page = tenants.tenant_page(s, knowledge_dir(), tenant_id)
        if page is None:
            abort(404)
        access_log.log_view(s, me().username, tenant_id, now())
    return render_template("huurder.html", h=page, labels=tenants.TASK_LABELS, status_labels_fu=tenants.STATUS_LABELS,
                           answer_labels=tenants.ANSWER_LABELS, repair_status=tenants.REPAIR_STATUS_LABELS,
                           repair_names=tenants.repair_names(knowledge_dir()))


@blueprint.post("/huurders/<int:tenant_id>/taken/<int:task_id>/afgerond")
@requires(ANY_STAFF)
def finish_task(tenant_id: int, task_id: int) -> Any:
    with unit() as s, s.begin():
        if mw.finish_task(s, task_id, now()):
            flash("Taak afgerond.")
    return redirect(url_for("tenants.tenant", tenant_id=tenant_id))


@blueprint.route("/feedback", methods=["GET", "POST"])
@requires(ANY_STAFF)
def feedback() -> Any:
    if request.method == "POST":
        text = " ".join(request.form.get("notitie", "").split())
        text_en = " ".join(request.form.get("notitie_en", "").split())
        if not 10 <= len(text) <= 600 or (text_en and not 10 <= len(text_en) <= 600):
            flash("Schrijf een notitie van 10 tot 600 tekens (en de Engelse tekst, als u die geeft, ook).")
        else:
            with unit() as s, s.begin():
                rf.publish_note(s, text, me().username, now(), text_en or None)
            flash("Gepubliceerd. De assistent vertelt het één keer aan huurders die feedback gaven.")
            if text_en and tenants.looks_dutch(text_en):
                flash("Let op: de Engelse tekst lijkt Nederlands. Huurders die Engels schrijven krijgen hem "
                      "zo te zien.")
        return redirect(url_for("tenants.feedback"))
    with unit() as s:
        notes = rf.notes(s)
        rows = rf.scores(s, since=(now() - timedelta(days=365)).date())
        asked, answered = rf.totals(s)
    profile = load_profile(knowledge_dir() / "corporation.yml")
    return render_template("feedback.html", notes=notes, rows=rows, asked=asked, answered=answered,
                           repair_names=tenants.repair_names(knowledge_dir()), rewards=profile.rewards,
                           rewards_agreement=tenants.rewards_agreement(knowledge_dir()))
