"""What every page shares beyond its blueprint: the template filters and labels, the Dutch error
pages and the security headers on every response."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from flask import Flask, Response, current_app, render_template
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError

from console import english_twins, forms, work
from console.accounts import me
from console.permissions import ROLE_LABELS
from console.services import knowledge_dir
from console.views import documents

STATUS_LABELS = {"draft": "concept", "review": "ter beoordeling", "published": "gepubliceerd",
                 "retired": "ingetrokken"}


def labels() -> Dict[str, Any]:
    user = me() if current_user.is_authenticated else None
    return {"status_labels": STATUS_LABELS, "role_labels": ROLE_LABELS, "user": user,
            "onderwerpen": work.topic_names(knowledge_dir()), "engels_merken": english_twins.MARKS,
            "versieveld": documents.VERSION_FIELD}  # the forms' hidden field, named in one place


def csrf_error(error: CSRFError) -> Tuple[str, int]:
    return render_template("fout.html", melding="De pagina was verlopen of het formulier is niet via de "
                           "beheeromgeving verstuurd. Laad de pagina opnieuw en probeer het nog eens."), 400


def not_found(error: Exception) -> Tuple[str, int]:
    return render_template("fout.html", melding="Deze pagina bestaat niet (meer). Kies een onderdeel in het "
                           "menu."), 404


def forbidden(error: Exception) -> Tuple[str, int]:
    return render_template("geweigerd.html", rol=ROLE_LABELS["editor"]), 403


def wrong_method(error: Exception) -> Tuple[str, int]:
    return render_template("fout.html", melding="Dit kan alleen via een knop op de pagina."), 405


def too_large(error: Exception) -> Tuple[str, int]:
    return render_template("fout.html", melding="Dat is te veel tekst in één keer (hooguit 512 kB)."), 413


def database_error(error: SQLAlchemyError) -> Tuple[str, int]:
    current_app.logger.error("console.database_unavailable error=%s", error.__class__.__name__)
    return render_template("fout.html", melding="De database is even niet bereikbaar. Uw wijziging is niet "
                           "opgeslagen; probeer het over een minuut opnieuw."), 503


def no_store(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'")
    return response


def install(app: Flask) -> None:
    app.jinja_env.filters["zip"] = lambda first, second: list(zip(first, second, strict=True))
    app.jinja_env.filters["bronnen"] = forms.sources_to_form
    app.jinja_env.filters["dag"] = lambda day: f"{day.day}-{day.month}"  # short date under a chart bar
    app.jinja_env.filters["onderwerp"] = lambda key, names: names.get(key, key)
    app.context_processor(labels)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(404, not_found)
    app.register_error_handler(403, forbidden)
    app.register_error_handler(405, wrong_method)
    app.register_error_handler(413, too_large)
    app.register_error_handler(SQLAlchemyError, database_error)
    app.after_request(no_store)
