"""The dashboard (/, /dashboard and its CSV download): how the assistant did over a range of the
corporation's days, and the scores after repairs."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any, Optional

from flask import Blueprint, Response, redirect, render_template, request, url_for

from console import dashboard, tenants, work
from console.permissions import ANY_STAFF, requires
from console.services import knowledge_dir, now, services, tracker, unit
from huurwijzer.content.onboarding_steps import load_steps

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/")
@requires(ANY_STAFF)
def home() -> Any:
    return redirect(url_for("dashboard.page"))


def _date(text: Optional[str], default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def _figures() -> dashboard.Figures:
    # A naive clock is the server's local time; the range is in the corporation's days.
    zone = services().zone
    today = now().astimezone(zone).date()
    start = _date(request.args.get("van"), today - timedelta(days=29))
    end = _date(request.args.get("tot"), today)
    if end < start:
        start, end = end, start
    if (end - start).days > 366:
        start = end - timedelta(days=366)
    steps = load_steps(knowledge_dir() / "onboarding.yml")
    with unit() as s, tracker() as conn:
        return dashboard.figures(conn, s, steps, start, end, zone)


@blueprint.get("/dashboard")
@requires(ANY_STAFF)
def page() -> Any:
    figures = _figures()
    repair_rows = tenants.repair_scores(services().engine, knowledge_dir(), figures.start)
    return render_template("dashboard.html", f=figures, topics=work.topics(knowledge_dir()), **repair_rows)


@blueprint.get("/dashboard.csv")
@requires(ANY_STAFF)
def download() -> Response:
    figures = _figures()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["cijfer", "wat", "waarde"])
    writer.writerows(dashboard.csv_rows(figures))
    writer.writerows(tenants.repair_score_csv_rows(tenants.repair_scores(services().engine, knowledge_dir(),
                                                                        figures.start)))
    name = f"huurwijzer-{figures.start.isoformat()}-{figures.end.isoformat()}.csv"
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
