"""Logging in and out, and changing one's own password. Failed logins lock a user name (or a
client address) for a while."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from werkzeug.security import check_password_hash

from console import store
from console.accounts import hash_password, logged_in, me, new_session, password_problem, safe_next, unknown_user_hash
from console.permissions import ANY_STAFF, requires
from console.services import now, unit

blueprint = Blueprint("auth", __name__)
# Failed logins that lock a user name (or a client address) for the window.
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_CLIENT = 20
FAILURE_WINDOW_MINUTES = 15


@blueprint.route("/inloggen", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("inloggen.html")
    name = request.form.get("gebruikersnaam", "").strip()
    password = request.form.get("wachtwoord", "")
    client = request.remote_addr or "?"
    moment = now()
    with unit() as s, s.begin():
        by_client, by_name = store.recent_failures(s, client, name, moment - timedelta(
            minutes=FAILURE_WINDOW_MINUTES))
        if by_client >= MAX_FAILURES_PER_CLIENT or by_name >= MAX_FAILURES_PER_NAME:
            return render_template("inloggen.html", fout=f"Te vaak een verkeerd wachtwoord. Wacht "
                                   f"{FAILURE_WINDOW_MINUTES} minuten en probeer het dan opnieuw."), 429
        user = store.user_by_name(s, name)
        # An unknown name costs the same hashing as a wrong password: timing tells no user names.
        known = check_password_hash(user.password_hash if user else unknown_user_hash(), password)
        if user is None or not known:
            store.record_failed_login(s, client, name, moment)
            return render_template("inloggen.html", fout="Gebruikersnaam of wachtwoord klopt niet."), 401
        store.forget_failures(s, name, moment - timedelta(minutes=FAILURE_WINDOW_MINUTES))
    session.clear()
    session.permanent = True
    login_user(new_session(user))
    return redirect(safe_next(request.args.get("volgende", "")) or url_for("dashboard.home"))


@blueprint.post("/uitloggen")
@requires(ANY_STAFF)
def logout() -> Any:
    with unit() as s, s.begin():
        store.end_session(s, logged_in().token)
    logout_user()
    session.clear()
    flash("U bent uitgelogd.")
    return redirect(url_for("auth.login"))


@blueprint.route("/wachtwoord", methods=["GET", "POST"])
@requires(ANY_STAFF)
def change_password() -> Any:
    if request.method == "GET":
        return render_template("wachtwoord.html")
    new = request.form.get("nieuw", "")
    problem = (None if check_password_hash(me().password_hash, request.form.get("huidig", ""))
               else "Uw huidige wachtwoord klopt niet.") or password_problem(new) or (
        None if new == request.form.get("nogmaals", "") else "De twee nieuwe wachtwoorden zijn niet gelijk.")
    if problem:
        return render_template("wachtwoord.html", fout=problem), 400
    with unit() as s, s.begin():
        store.set_password(s, me().id, hash_password(new))
        user = store.user_by_id(s, me().id)
    assert user is not None
    with unit() as s, s.begin():
        store.end_session(s, logged_in().token)
    login_user(new_session(user))  # this session goes on; the account's other sessions end
    flash("Uw wachtwoord is gewijzigd. Op andere apparaten moet u opnieuw inloggen.")
    return redirect(url_for("dashboard.home"))
