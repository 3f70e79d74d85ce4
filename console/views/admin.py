"""Administration (/beheer, admin): training a new model and following it, reading knowledge/ in
or writing the published state out, and staff accounts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from console import store, work
from console.accounts import hash_password, me, password_problem
from console.permissions import ROLE_LABELS, requires
from console.services import knowledge_dir, now, services, unit

blueprint = Blueprint("admin", __name__)
ASSISTANT_LABELS = {"": "", "in gebruik": "De assistent gebruikt het nieuwe model.",
                    "laden": "De assistent neemt het nieuwe model zo in gebruik ...",
                    "onbekend": "Kon de assistent niet vragen welk model hij gebruikt. Staat hij aan?"}


@blueprint.get("/beheer")
@requires("admin")
def page() -> Any:
    trainer = services().trainer
    with unit() as s:
        users = store.all_users(s)
    return render_template("beheer.html", run=trainer.current, users=users, assistent=trainer.assistant_state(),
                           assistent_labels=ASSISTANT_LABELS)


@blueprint.post("/beheer/training")
@requires("admin")
def start_training() -> Any:
    services().trainer.start(me().username)
    flash("Training gestart.")
    return redirect(url_for("admin.page"))


@blueprint.get("/api/training")
@requires("admin")
def training_status() -> Any:
    trainer = services().trainer
    run = trainer.current
    if run is None:
        return jsonify(status="geen")
    state = trainer.assistant_state()
    return jsonify(status=run.state, procent=run.percent(), stappen=run.steps, uitkomst=run.outcome,
                   assistent=state, assistent_tekst=ASSISTANT_LABELS[state])


@blueprint.post("/beheer/<step>")
@requires("admin")
def import_export(step: str) -> Any:
    with unit() as s, s.begin():
        if step == "inlezen":
            counts = work.import_from(s, knowledge_dir(), me().username, now())
            flash(f"Ingelezen: {counts.entries} antwoord(en), {counts.repairs} onderdeel/onderdelen, "
                  f"{counts.profile} profielwijziging(en) gewijzigd.")
        elif step == "wegschrijven":
            work.export_to(s, knowledge_dir())
            flash("De gepubliceerde stand staat in knowledge/.")
        else:
            abort(404)
    return redirect(url_for("admin.page"))


@blueprint.post("/beheer/gebruiker")
@requires("admin")
def add_user() -> Any:
    name = request.form.get("gebruikersnaam", "").strip()
    role = request.form.get("rol", "")
    password = request.form.get("wachtwoord", "")
    problem = password_problem(password) or (None if role in store.ROLES else "Kies een rol.") or (
        None if 2 <= len(name) <= 80 else "Kies een gebruikersnaam van 2 tot 80 tekens.")
    if problem is None:
        with unit() as s, s.begin():
            if store.user_by_name(s, name):
                problem = "Die gebruikersnaam bestaat al."
            else:
                store.add_user(s, name, hash_password(password), role, now())
    flash(problem or f"Account {name} ({ROLE_LABELS[role]}) aangemaakt.")
    return redirect(url_for("admin.page"))


@blueprint.post("/beheer/gebruiker/<int:user_id>/verwijderen")
@requires("admin")
def remove_user(user_id: int) -> Any:
    with unit() as s, s.begin():
        user = store.user_by_id(s, user_id)
        if user is None:
            flash("Dit account bestaat niet (meer).")
        elif user.id == me().id:
            flash("U kunt uw eigen account niet verwijderen.")
        else:
            store.remove_user(s, user_id)
            flash(f"Account {user.username} verwijderd; wat deze persoon schreef, blijft in de geschiedenis.")
    return redirect(url_for("admin.page"))
