"""The review inbox (/inbox): tenants' questions the assistant could not answer, grouped; an
editor adds one as a phrasing of an entry, marks it handled, or makes a new entry or repair
object from it (those pages mark the group with `handle_group`)."""

from __future__ import annotations

from typing import Any, List

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from console import inbox, store, work
from console.accounts import me
from console.permissions import ANY_STAFF, requires
from console.services import knowledge_dir, now, tracker, unit
from huurwijzer.reports.unanswered import normalise

blueprint = Blueprint("inbox", __name__)


def groups(s: Session) -> List[inbox.Group]:
    with tracker() as conn:
        return inbox.groups(conn, s, store.handled(s))


def handle_group(s: Session, anchor: str, outcome: str) -> None:
    group = inbox.by_anchor(groups(s), anchor)
    if group is None:
        raise work.WorkError("Deze groep bestaat niet meer.")
    store.mark_handled(s, group.key, me().username, outcome, now())


@blueprint.get("/inbox")
@requires(ANY_STAFF)
def page() -> Any:
    show_all = request.args.get("alles") == "1"
    with unit() as s:
        found = groups(s)
        entry_ids = sorted(store.documents(s, "entry"))
    shown = [g for g in found if show_all or g.outcome is None]
    return render_template("inbox.html", groups=shown, open_count=sum(1 for g in found if g.outcome is None),
                           entry_ids=entry_ids, alles=show_all, topics=work.topics(knowledge_dir()))


@blueprint.post("/inbox/<anchor>/<step>")
@requires("editor")
def take_step(anchor: str, step: str) -> Any:
    try:
        with unit() as s, s.begin():
            group = inbox.by_anchor(groups(s), anchor)
            if group is None:
                raise work.WorkError("Deze groep bestaat niet meer.")
            if step == "formulering":
                if group.category == "thumbs_down":  # its example is an entry id, not a tenant's question
                    raise work.WorkError("Een duim omlaag is geen vraag: open het antwoord en verbeter de tekst, "
                                         "of markeer de groep als afgehandeld.")
                if not inbox.has_words(group.example):  # "📷", "?", "[weggelaten]": nothing to learn from
                    raise work.WorkError("Deze vraag heeft geen woorden (alleen een emoji, tekens of weggelaten "
                                         "gegevens): daar leert de assistent niets van. Markeer de groep als "
                                         "afgehandeld.")
                key = request.form.get("item", "")
                doc = store.document(s, "entry", key)
                if doc is None:
                    raise work.WorkError("Kies een bestaand antwoord.")
                data = dict(doc.current.data)
                questions = list(data.get("questions") or [])
                if normalise(group.example) in {normalise(str(q)) for q in questions}:
                    store.mark_handled(s, group.key, me().username, f"formulering stond al bij {key}", now())
                    flash(f"Deze vraag staat al bij '{key}'; er is niets toegevoegd. De groep is afgehandeld.")
                    return redirect(url_for("knowledge.entry", key=key))
                data["questions"] = [*questions, group.example]
                work.save(s, knowledge_dir(), "entry", key, data, me().username, now(), submit=False)
                store.mark_handled(s, group.key, me().username, f"formulering bij {key}", now())
                flash(f"Toegevoegd als vraag bij '{key}' (concept). Bied het aan ter beoordeling.")
                return redirect(url_for("knowledge.entry", key=key))
            if step == "afgehandeld":
                store.mark_handled(s, group.key, me().username, "afgehandeld", now())
                flash("Gemarkeerd als afgehandeld.")
            else:
                abort(404)
    except work.WorkError as exc:
        flash(str(exc))
    return redirect(url_for("inbox.page"))
