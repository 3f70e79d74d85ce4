"""The staff console's web pages (Flask). Every page needs a login; roles decide what a user may
do: an editor writes drafts, a reviewer also publishes and retires, an admin also changes the
corporation profile, imports and exports, and starts training."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, TypeVar, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask, Response, abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from bot.cli import model_path
from console import dashboard, inbox, store, work
from console.training import Trainer
from console.yaml_files import DAYS, PROFILE_FIELDS, read_profile_fields
from huurwijzer.conversation.onboarding import load_steps

F = TypeVar("F", bound=Callable[..., Any])
# Failed logins that lock a user name (or a client address) for the window.
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_CLIENT = 20
FAILURE_WINDOW_MINUTES = 15
STATUS_LABELS = {"draft": "concept", "review": "ter beoordeling", "published": "gepubliceerd",
                 "retired": "ingetrokken"}
ROLE_LABELS = {"editor": "redacteur", "reviewer": "beoordelaar", "admin": "beheerder"}
ASSISTANT_LABELS = {"": "", "in gebruik": "De assistent gebruikt het nieuwe model.",
                    "laden": "De assistent neemt het nieuwe model zo in gebruik ...",
                    "onbekend": "Kon de assistent niet vragen welk model hij gebruikt. Staat hij aan?"}


@dataclass(frozen=True)
class ConsoleConfig:
    database_url: str
    tracker_url: str
    knowledge_dir: Path
    root: Path
    secret_key: str
    session_minutes: int = 30
    secure_cookies: bool = False
    model_file: Optional[Path] = None  # the model training writes; default bot.cli.model_path()
    rasa_url: str = ""  # a Rasa server, to show when it runs a newly trained model
    timezone: str = "Europe/Amsterdam"  # the corporation's days, for the dashboard
    # Reverse proxies in front of the console that set X-Forwarded-For (and -Proto): the failed-login
    # limit then counts per real client instead of locking everyone behind the proxy. 0: none.
    proxies: int = 0


class LoggedIn(UserMixin):  # type: ignore[misc,untyped-decorator]
    """The session holds the user id, a fingerprint of the password hash and a random token that
    the server keeps (store.staff_sessions): a changed password (or a removed account) ends every
    other session of that account at its next request, logging out ends this one on the server."""

    def __init__(self, user: store.StaffUser, token: str) -> None:
        self.user = user
        self.token = token
        self.id = f"{session_id(user)}-{token}"


def session_id(user: store.StaffUser) -> str:
    return f"{user.id}-{hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]}"


def safe_next(target: str) -> Optional[str]:
    """A path on this site to go on to after logging in, or None. Browsers drop tabs and line
    breaks and read a backslash as a slash, so "/%09/evil.example" would leave the site."""
    if not target.startswith("/") or any(c < " " or c in "\\\x7f" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target


def hash_password(password: str) -> str:
    # werkzeug's default is scrypt: a memory-hard, modern password hash.
    return generate_password_hash(password)


@lru_cache(maxsize=1)
def unknown_user_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def password_problem(password: str) -> Optional[str]:
    if len(password) < 12:
        return "Kies een wachtwoord van minstens 12 tekens."
    return None


def create_app(config: ConsoleConfig, now: Callable[[], datetime] = datetime.now) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=config.session_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        SESSION_COOKIE_NAME="huurwijzer_beheer",
        REMEMBER_COOKIE_DURATION=timedelta(seconds=0),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, which expires itself
        MAX_CONTENT_LENGTH=512 * 1024,
        KNOWLEDGE_DIR=str(config.knowledge_dir),
    )
    CSRFProtect(app)
    if config.proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxies, x_proto=config.proxies)  # type: ignore[method-assign]
    app.jinja_env.filters["zip"] = lambda first, second: list(zip(first, second, strict=True))
    app.jinja_env.filters["bronnen"] = work.sources_to_form
    app.jinja_env.filters["dag"] = lambda day: f"{day.day}-{day.month}"  # short date under a chart bar
    app.jinja_env.filters["onderwerp"] = lambda key, names: names.get(key, key)
    engine: Engine = create_engine(config.database_url, future=True, pool_pre_ping=True)
    from console import tenants  # its view log is one of the console's tables

    store.create_tables(engine)
    trainer = Trainer(config.root, config.model_file or model_path(), config.rasa_url)
    zone = ZoneInfo(config.timezone)
    logins = LoginManager(app)
    logins.login_view = "login"
    logins.login_message = "Log eerst in."
    logins.session_protection = "strong"

    @logins.user_loader  # type: ignore[untyped-decorator]
    def load_user(user_id: str) -> Optional[LoggedIn]:
        number, _, rest = user_id.partition("-")
        fingerprint, _, token = rest.partition("-")
        if not number.isdigit() or not token:
            return None
        idle = timedelta(minutes=config.session_minutes)
        with Session(engine, future=True) as s, s.begin():
            user = store.user_by_id(s, int(number))
            if user is None or not secrets.compare_digest(session_id(user), f"{number}-{fingerprint}"):
                return None
            if not store.session_alive(s, user.id, token, now(), idle):
                return None
        return LoggedIn(user, token)

    @logins.unauthorized_handler  # type: ignore[untyped-decorator]
    def unauthorized() -> Any:
        if request.path.startswith("/api/") or request.path.endswith(".csv"):
            return jsonify(fout="Log eerst in."), 401
        return redirect(url_for("login", volgende=request.path))

    def unit() -> Session:
        return Session(engine, future=True)

    def me() -> store.StaffUser:
        return cast(LoggedIn, current_user).user

    def requires(role: str, methods: Tuple[str, ...] = ()) -> Callable[[F], F]:
        """The one permission check: logged in, and with `role` (for `methods` only, when given:
        everyone logged in reads a page, an editor saves it)."""
        def decorate(view: F) -> F:
            @wraps(view)
            @login_required  # type: ignore[misc,untyped-decorator]
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                if (not methods or request.method in methods) and not me().may(role):
                    return render_template("geweigerd.html", rol=ROLE_LABELS[role]), 403
                return view(*args, **kwargs)
            return cast(F, wrapper)
        return decorate

    @contextmanager_tracker
    def tracker() -> Iterator[Optional[Connection]]:
        url = config.tracker_url
        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
            yield None
            return
        tracker_engine = create_engine(url, future=True)
        try:
            with tracker_engine.connect() as conn:
                yield conn
        finally:
            tracker_engine.dispose()

    tenants.register(app, engine, config.knowledge_dir, lambda: me().username, now)

    @app.context_processor
    def labels() -> Dict[str, Any]:
        user = me() if current_user.is_authenticated else None
        return {"status_labels": STATUS_LABELS, "role_labels": ROLE_LABELS, "user": user,
                "onderwerpen": work.topic_names(config.knowledge_dir)}

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Tuple[str, int]:
        return render_template("fout.html", melding="De pagina was verlopen of het formulier is niet via de "
                               "beheeromgeving verstuurd. Laad de pagina opnieuw en probeer het nog eens."), 400

    @app.errorhandler(404)
    def not_found(error: Exception) -> Tuple[str, int]:
        return render_template("fout.html", melding="Deze pagina bestaat niet (meer). Kies een onderdeel in het "
                               "menu."), 404

    @app.errorhandler(403)
    def forbidden(error: Exception) -> Tuple[str, int]:
        return render_template("geweigerd.html", rol=ROLE_LABELS["editor"]), 403

    @app.errorhandler(405)
    def wrong_method(error: Exception) -> Tuple[str, int]:
        return render_template("fout.html", melding="Dit kan alleen via een knop op de pagina."), 405

    @app.errorhandler(413)
    def too_large(error: Exception) -> Tuple[str, int]:
        return render_template("fout.html", melding="Dat is te veel tekst in één keer (hooguit 512 kB)."), 413

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError) -> Tuple[str, int]:
        app.logger.error("console.database_unavailable error=%s", error.__class__.__name__)
        return render_template("fout.html", melding="De database is even niet bereikbaar. Uw wijziging is niet "
                               "opgeslagen; probeer het over een minuut opnieuw."), 503

    @app.after_request
    def no_store(response: Response) -> Response:
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
        return response

    # ---- logging in ---------------------------------------------------------------------

    @app.route("/inloggen", methods=["GET", "POST"])
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
        return redirect(safe_next(request.args.get("volgende", "")) or url_for("home"))

    def new_session(user: store.StaffUser) -> LoggedIn:
        token = secrets.token_urlsafe(24)
        moment = now()
        with unit() as s, s.begin():
            store.end_sessions_before(s, moment - timedelta(minutes=config.session_minutes))
            store.start_session(s, user.id, token, moment)
        return LoggedIn(user, token)

    @app.post("/uitloggen")
    @login_required  # type: ignore[misc,untyped-decorator]
    def logout() -> Any:
        with unit() as s, s.begin():
            store.end_session(s, cast(LoggedIn, current_user).token)
        logout_user()
        session.clear()
        flash("U bent uitgelogd.")
        return redirect(url_for("login"))

    @app.get("/")
    @login_required  # type: ignore[misc,untyped-decorator]
    def home() -> Any:
        return redirect(url_for("dashboard_page"))

    # ---- knowledge ----------------------------------------------------------------------

    @app.get("/kennis")
    @login_required  # type: ignore[misc,untyped-decorator]
    def entries() -> Any:
        query = request.args.get("zoek", "").strip().lower()
        topic = request.args.get("onderwerp", "")
        status = request.args.get("status", "")
        with unit() as s:
            docs = sorted(store.documents(s, "entry").values(), key=lambda d: str(d.current.data.get("title", "")))
        shown = [d for d in docs
                 if (not topic or d.current.data.get("topic") == topic)
                 and (not status or d.status == status or (status == "published" and d.live is not None
                                                            and d.live.state == "published"))
                 and (not query or query in _haystack(d.current.data))]
        return render_template("kennis.html", docs=shown, total=len(docs), zoek=query, onderwerp=topic,
                               status=status, topics=work.topics(config.knowledge_dir))

    @app.route("/kennis/nieuw", methods=["GET", "POST"])
    @requires("editor")
    def new_entry() -> Any:
        topics = work.topics(config.knowledge_dir)
        if request.method == "GET":
            return render_template("kennis_nieuw.html", topics=topics, vraag=request.args.get("vraag", ""),
                                   onderwerp=request.args.get("onderwerp", ""))
        entry_id = request.form.get("id", "").strip()
        question = request.form.get("vraag", "").strip()
        data = {"id": entry_id, "topic": request.form.get("onderwerp", ""),
                "title": request.form.get("titel", "").strip(), "status": "draft", "owner": me().username,
                "last_reviewed": now().date().isoformat(), "questions": [question] if question else [],
                "answer": ""}
        if not work.ENTRY_ID.fullmatch(entry_id):
            flash("Kies een id met kleine letters, cijfers en streepjes, bijvoorbeeld glasschade-melden.")
            return render_template("kennis_nieuw.html", topics=topics, vraag=question,
                                   onderwerp=data["topic"]), 400
        try:
            with unit() as s, s.begin():
                work.save(s, config.knowledge_dir, "entry", entry_id, data, me().username, now(), submit=False,
                          new=True)
                handled_group = request.form.get("groep", "")
                if handled_group:
                    _handle_group(s, handled_group, f"nieuw concept {entry_id}")
        except work.WorkError as exc:
            flash(str(exc))
            return render_template("kennis_nieuw.html", topics=topics, vraag=question,
                                   onderwerp=data["topic"]), 400
        flash("Concept aangemaakt. Vul het antwoord in.")
        return redirect(url_for("entry", key=entry_id))

    def opened(kind: str, key: str) -> Tuple[store.Document, List[store.Version]]:
        with unit() as s:
            doc = store.document(s, kind, key)
            versions = store.history(s, kind, key)
        if doc is None:
            abort(404)
        return doc, versions

    def save_posted(kind: str, key: str, data: Dict[str, Any]) -> bool:
        """Saves the posted form as a draft or, with the "aanbieden" button, for review; says how it went."""
        submit = request.form.get("actie") == "aanbieden"
        try:
            with unit() as s, s.begin():
                work.save(s, config.knowledge_dir, kind, key, data, me().username, now(), submit=submit)
        except work.WorkError as exc:
            flash(str(exc))
            return False
        flash("Ter beoordeling aangeboden." if submit else "Concept opgeslagen.")
        return True

    def edit_document(kind: str, key: str, from_form: Callable[[Dict[str, Any]], Dict[str, Any]],
                      page: Callable[[store.Document, List[store.Version], Dict[str, Any]], str]) -> Any:
        """A knowledge entry's or repair object's page: shown, or the posted form saved (the page
        again with the problems when that failed)."""
        doc, versions = opened(kind, key)
        data = dict(doc.current.data)
        if request.method == "POST":
            data = from_form(data)
            if not save_posted(kind, key, data):
                return page(doc, versions, data), 400
            return redirect(url_for(kind, key=key))
        return page(doc, versions, data)

    @app.route("/kennis/<key>", methods=["GET", "POST"])
    @requires("editor", methods=("POST",))
    def entry(key: str) -> Any:
        return edit_document("entry", key, _entry_from_form, _entry_page)

    def _entry_page(doc: store.Document, versions: List[store.Version], data: Dict[str, Any]) -> str:
        return render_template("kennis_item.html", doc=doc, data=data, versions=versions,
                               topics=work.topics(config.knowledge_dir),
                               problems=work.entry_problems(config.knowledge_dir, data),
                               preview=work.preview(config.knowledge_dir, str(data.get("answer", ""))),
                               variables=work.variables())

    @app.post("/api/voorbeeld")
    @login_required  # type: ignore[misc,untyped-decorator]
    def preview_api() -> Any:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return jsonify(fout="Stuur de velden als JSON."), 400
        data = {k: payload.get(k) for k in ("id", "topic", "title", "status", "owner", "last_reviewed",
                                              "questions", "answer")}
        if "answer_en" in payload:
            _set_english(data, str(payload.get("answer_en") or ""))
        data["questions"] = [str(q).strip() for q in str(payload.get("questions") or "").splitlines() if q.strip()]
        answer = _clean_answer(str(payload.get("answer") or ""))
        data["answer"] = answer
        with unit() as s:  # sources and review as stored, unless the form sends its "Bronnen" field
            stored = store.document(s, "entry", str(payload.get("id") or ""))
            kept = dict(stored.current.data) if stored is not None else {}
        if isinstance(payload.get("sources"), str):
            data["sources"] = work.sources_from_form(payload["sources"])
        elif kept.get("sources") is not None:
            data["sources"] = kept["sources"]
        if kept.get("reviewed") is not None:
            data["reviewed"] = kept["reviewed"]
        return jsonify(voorbeeld=work.preview(config.knowledge_dir, answer),
                       meldingen=work.entry_problems(config.knowledge_dir, data))

    @app.post("/stuk/<kind>/<key>/<step>")
    @requires("reviewer")
    def workflow_step(kind: str, key: str, step: str) -> Any:
        if kind not in ("entry", "repair") or step not in ("publiceren", "terugsturen", "intrekken"):
            abort(404)
        try:
            with unit() as s, s.begin():
                if step == "publiceren":
                    work.publish(s, config.knowledge_dir, kind, key, me().username, now())
                    flash("Gepubliceerd: de assistent gebruikt de nieuwe tekst binnen enkele seconden. "
                          "Nieuwe vragen (formuleringen) tellen mee na de volgende training.")
                elif step == "terugsturen":
                    work.send_back(s, kind, key, me().username, now(), request.form.get("reden", "").strip())
                    flash("Teruggestuurd naar de redacteur.")
                else:
                    work.retire(s, config.knowledge_dir, kind, key, me().username, now())
                    flash("Ingetrokken: de assistent geeft dit antwoord niet meer." if kind == "entry" else
                          "Ingetrokken: het onderdeel staat niet meer in de lijst 'wie repareert wat'.")
        except work.WorkError as exc:
            flash(str(exc))
        return redirect(url_for("entry", key=key) if kind == "entry" else url_for("repair", key=key))

    @app.post("/versie/<int:version_id>/terugzetten")
    @requires("editor")
    def restore(version_id: int) -> Any:
        try:
            with unit() as s, s.begin():
                version = work.restore(s, version_id, me().username, now())
        except work.WorkError as exc:
            flash(str(exc))
            return redirect(url_for("entries"))
        flash("De oude tekst staat klaar als concept. Bied hem aan ter beoordeling om hem te publiceren.")
        return redirect(url_for("entry", key=version.key) if version.kind == "entry"
                        else url_for("repair", key=version.key))

    # ---- repair responsibility table ----------------------------------------------------

    @app.get("/reparaties")
    @login_required  # type: ignore[misc,untyped-decorator]
    def repairs() -> Any:
        query = request.args.get("zoek", "").strip().lower()
        with unit() as s:
            docs = sorted(store.documents(s, "repair").values(), key=lambda d: str(d.current.data.get("name", "")))
        shown = [d for d in docs if not query or query in _haystack(d.current.data)]
        return render_template("reparaties.html", docs=shown, total=len(docs), zoek=query)

    @app.route("/reparaties/nieuw", methods=["GET", "POST"])
    @requires("editor")
    def new_repair() -> Any:
        question = request.values.get("vraag", "").strip()
        group = request.values.get("groep", "")
        if request.method == "GET":
            return render_template("reparatie_nieuw.html", data={"party": "huurder", "basis": "wet"}, vraag=question,
                                   groep=group, problems=[])
        key = request.form.get("id", "").strip()
        data = work.repair_from_form(request.form, {"id": key})
        problem = None if work.ENTRY_ID.fullmatch(key) else (
            "Kies een id met kleine letters, cijfers en streepjes, bijvoorbeeld zonnescherm.")
        if problem is None:
            try:
                with unit() as s, s.begin():
                    work.save(s, config.knowledge_dir, "repair", key, data, me().username, now(), submit=False,
                              new=True)
                    if group:
                        _handle_group(s, group, f"nieuw onderdeel {key}")
            except work.WorkError as exc:
                problem = str(exc)
        if problem:
            flash(problem)
            return render_template("reparatie_nieuw.html", data=data, vraag=question, groep=group,
                                   problems=work.repair_problems(data)), 400
        flash("Concept aangemaakt. Bied het aan ter beoordeling; na publicatie gebruikt de assistent het.")
        return redirect(url_for("repair", key=key))

    def _repair_page(doc: store.Document, versions: List[store.Version], data: Dict[str, Any]) -> str:
        return render_template("reparatie.html", doc=doc, data=data, versions=versions,
                               problems=work.repair_problems(data))

    @app.route("/reparaties/<key>", methods=["GET", "POST"])
    @requires("editor", methods=("POST",))
    def repair(key: str) -> Any:
        return edit_document("repair", key, lambda data: work.repair_from_form(request.form, data), _repair_page)

    # ---- corporation profile (admin) ----------------------------------------------------

    @app.route("/profiel", methods=["GET", "POST"])
    @requires("admin")
    def profile() -> Any:
        fields = read_profile_fields(config.knowledge_dir)
        if request.method == "POST":
            changed: Dict[str, Any] = {}
            for name in ("telefoon", "spoednummer", "whatsapp", "email", "balie", "voorrijkosten_niet_thuis",
                         "afspraak_verzetten_tot"):
                changed[name] = request.form.get(name, "").strip()
            hours = fields.get("openingstijden") or {}
            changed["openingstijden"] = {channel: {day: request.form.get(f"uren_{channel}_{day}", "").strip()
                                                   for day in DAYS} for channel in hours}
            norms = fields.get("servicenormen") or {}
            changed["servicenormen"] = {norm: request.form.get(f"norm_{norm}", "").strip() for norm in norms}
            try:
                with unit() as s, s.begin():
                    work.save_profile(s, config.knowledge_dir, changed, me().username, now())
            except work.WorkError as exc:
                flash(str(exc))
                return render_template("profiel.html", fields={**fields, **changed}, days=DAYS,
                                       history=_profile_history()), 400
            flash("Profiel opgeslagen; de assistent gebruikt het binnen enkele seconden.")
            return redirect(url_for("profile"))
        return render_template("profiel.html", fields=fields, days=DAYS, history=_profile_history())

    def _profile_history() -> List[store.Version]:
        with unit() as s:
            return store.history(s, "profile", work.PROFILE_KEY)[:20]

    # ---- review inbox -------------------------------------------------------------------

    def _groups(s: Session) -> List[inbox.Group]:
        with tracker() as conn:
            return inbox.groups(conn, s, store.handled(s))

    def _handle_group(s: Session, anchor: str, outcome: str) -> None:
        group = inbox.by_anchor(_groups(s), anchor)
        if group is None:
            raise work.WorkError("Deze groep bestaat niet meer.")
        store.mark_handled(s, group.key, me().username, outcome, now())

    @app.get("/inbox")
    @login_required  # type: ignore[misc,untyped-decorator]
    def inbox_page() -> Any:
        show_all = request.args.get("alles") == "1"
        with unit() as s:
            groups = _groups(s)
            entry_ids = sorted(store.documents(s, "entry"))
        shown = [g for g in groups if show_all or g.outcome is None]
        return render_template("inbox.html", groups=shown, open_count=sum(1 for g in groups if g.outcome is None),
                               entry_ids=entry_ids, alles=show_all, topics=work.topics(config.knowledge_dir))

    @app.post("/inbox/<anchor>/<step>")
    @requires("editor")
    def inbox_step(anchor: str, step: str) -> Any:
        try:
            with unit() as s, s.begin():
                group = inbox.by_anchor(_groups(s), anchor)
                if group is None:
                    raise work.WorkError("Deze groep bestaat niet meer.")
                if step == "formulering":
                    key = request.form.get("item", "")
                    doc = store.document(s, "entry", key)
                    if doc is None:
                        raise work.WorkError("Kies een bestaand antwoord.")
                    data = dict(doc.current.data)
                    data["questions"] = [*data.get("questions", []), group.example]
                    work.save(s, config.knowledge_dir, "entry", key, data, me().username, now(), submit=False)
                    store.mark_handled(s, group.key, me().username, f"formulering bij {key}", now())
                    flash(f"Toegevoegd als vraag bij '{key}' (concept). Bied het aan ter beoordeling.")
                    return redirect(url_for("entry", key=key))
                if step == "afgehandeld":
                    store.mark_handled(s, group.key, me().username, "afgehandeld", now())
                    flash("Gemarkeerd als afgehandeld.")
                else:
                    abort(404)
        except work.WorkError as exc:
            flash(str(exc))
        return redirect(url_for("inbox_page"))

    # ---- dashboard ----------------------------------------------------------------------

    def _figures() -> dashboard.Figures:
        # A naive clock is the server's local time; the range is in the corporation's days.
        today = now().astimezone(zone).date()
        start = _date(request.args.get("van"), today - timedelta(days=29))
        end = _date(request.args.get("tot"), today)
        if end < start:
            start, end = end, start
        if (end - start).days > 366:
            start = end - timedelta(days=366)
        steps = load_steps(config.knowledge_dir / "onboarding.yml")
        with unit() as s, tracker() as conn:
            return dashboard.figures(conn, s, steps, start, end, zone)

    @app.get("/dashboard")
    @login_required  # type: ignore[misc,untyped-decorator]
    def dashboard_page() -> Any:
        figures = _figures()
        repair_rows = tenants.repair_scores(engine, config.knowledge_dir, figures.start)
        return render_template("dashboard.html", f=figures, topics=work.topics(config.knowledge_dir), **repair_rows)

    @app.get("/dashboard.csv")
    @login_required  # type: ignore[misc,untyped-decorator]
    def dashboard_csv() -> Response:
        figures = _figures()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["cijfer", "wat", "waarde"])
        writer.writerows(dashboard.csv_rows(figures))
        writer.writerows(tenants.repair_score_csv_rows(tenants.repair_scores(engine, config.knowledge_dir,
                                                                            figures.start)))
        name = f"huurwijzer-{figures.start.isoformat()}-{figures.end.isoformat()}.csv"
        return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # ---- admin: training, import, export ------------------------------------------------

    @app.get("/beheer")
    @requires("admin")
    def admin_page() -> Any:
        with unit() as s:
            users = store.all_users(s)
        return render_template("beheer.html", run=trainer.current, users=users, assistent=trainer.assistant_state(),
                               assistent_labels=ASSISTANT_LABELS)

    @app.post("/beheer/training")
    @requires("admin")
    def start_training() -> Any:
        trainer.start(me().username)
        flash("Training gestart.")
        return redirect(url_for("admin_page"))

    @app.get("/api/training")
    @requires("admin")
    def training_status() -> Any:
        run = trainer.current
        if run is None:
            return jsonify(status="geen")
        state = trainer.assistant_state()
        return jsonify(status=run.state, procent=run.percent(), stappen=run.steps, uitkomst=run.outcome,
                       assistent=state, assistent_tekst=ASSISTANT_LABELS[state])

    @app.post("/beheer/<step>")
    @requires("admin")
    def import_export(step: str) -> Any:
        with unit() as s, s.begin():
            if step == "inlezen":
                counts = work.import_from(s, config.knowledge_dir, me().username, now())
                flash(f"Ingelezen: {counts.entries} antwoord(en), {counts.repairs} onderdeel/onderdelen, "
                      f"{counts.profile} profielwijziging(en) gewijzigd.")
            elif step == "wegschrijven":
                work.export_to(s, config.knowledge_dir)
                flash("De gepubliceerde stand staat in knowledge/.")
            else:
                abort(404)
        return redirect(url_for("admin_page"))

    @app.post("/beheer/gebruiker")
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
        return redirect(url_for("admin_page"))

    @app.post("/beheer/gebruiker/<int:user_id>/verwijderen")
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
        return redirect(url_for("admin_page"))

    @app.route("/wachtwoord", methods=["GET", "POST"])
    @login_required  # type: ignore[misc,untyped-decorator]
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
            store.end_session(s, cast(LoggedIn, current_user).token)
        login_user(new_session(user))  # this session goes on; the account's other sessions end
        flash("Uw wachtwoord is gewijzigd. Op andere apparaten moet u opnieuw inloggen.")
        return redirect(url_for("home"))

    return app


def contextmanager_tracker(func: Callable[[], Iterator[Optional[Connection]]]) -> Any:
    from contextlib import contextmanager

    return contextmanager(func)


def _entry_from_form(data: Dict[str, Any]) -> Dict[str, Any]:
    """The posted fields of a knowledge entry's form over its current data."""
    data = dict(data)
    data.update(title=request.form.get("titel", "").strip(),
                topic=request.form.get("onderwerp", data.get("topic")),
                questions=[q.strip() for q in request.form.get("vragen", "").splitlines() if q.strip()],
                answer=_clean_answer(request.form.get("antwoord", "")))
    if "bronnen" in request.form:
        data["sources"] = work.sources_from_form(request.form.get("bronnen", ""))
    if "antwoord_en" in request.form:
        _set_english(data, request.form["antwoord_en"])
    return data


def _haystack(data: Any) -> str:
    return " ".join(str(v) for v in (data.values() if isinstance(data, dict) else [data])).lower()


def _set_english(data: Dict[str, Any], text: str) -> None:
    """The optional English answer: kept last in the entry (a new field is appended, so the file's
    other lines stay as they were); an emptied field is removed rather than saved empty."""
    english = _clean_answer(text)
    if english:
        data["answer_en"] = english
    else:
        data.pop("answer_en", None)


def _clean_answer(text: str) -> str:
    # Browsers send \r\n; the files keep \n, and a block answer ends with one newline.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return lines + "\n" if "\n" in lines else lines


def _date(text: Optional[str], default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def random_secret() -> str:
    return secrets.token_urlsafe(32)


__all__ = ["ConsoleConfig", "create_app", "hash_password", "password_problem", "random_secret", "PROFILE_FIELDS"]
