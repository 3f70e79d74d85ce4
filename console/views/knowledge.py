"""Knowledge entries (/kennis): the list with its filters, a new entry, an entry's page with its
history, and the live preview and checks the entry form asks for while staff type."""

from __future__ import annotations

from typing import Any, Dict, List

from flask import Blueprint, flash, jsonify, redirect, render_template, request

from console import english_twins, forms, store, work
from console.accounts import me
from console.permissions import ANY_STAFF, requires
from console.services import knowledge_dir, now, unit
from console.views.documents import create_document, edit_document, haystack, page_url
from huurwijzer.content.twin_fingerprints import ENTRY_TWINS, SUFFIX, restamp

blueprint = Blueprint("knowledge", __name__)


@blueprint.get("/kennis")
@requires(ANY_STAFF)
def entries() -> Any:
    query = request.args.get("zoek", "").strip().lower()
    topic = request.args.get("onderwerp", "")
    status = request.args.get("status", "")
    english = request.args.get("engels", "")
    with unit() as s:
        docs = sorted(store.documents(s, "entry").values(), key=lambda d: str(d.current.data.get("title", "")))
    marks = {d.key: english_twins.marks("entry", d.current.data) for d in docs}
    shown = [d for d in docs
             if (not topic or d.current.data.get("topic") == topic)
             and (not status or d.status == status or (status == "published" and d.live is not None
                                                        and d.live.state == "published"))
             and (not english or marks[d.key])
             and (not query or query in haystack(d.current.data))]
    return render_template("kennis.html", docs=shown, total=len(docs), zoek=query, onderwerp=topic,
                           status=status, topics=work.topics(knowledge_dir()), merken=marks, engels=english,
                           nakijken=sum(1 for m in marks.values() if m))


@blueprint.route("/kennis/nieuw", methods=["GET", "POST"])
@requires("editor")
def new_entry() -> Any:
    topics = work.topics(knowledge_dir())
    if request.method == "GET":
        return render_template("kennis_nieuw.html", topics=topics, vraag=request.args.get("vraag", ""),
                               onderwerp=request.args.get("onderwerp", ""))
    entry_id = request.form.get("id", "").strip()
    question = request.form.get("vraag", "").strip()
    data = {"id": entry_id, "topic": request.form.get("onderwerp", ""),
            "title": request.form.get("titel", "").strip(), "status": "draft", "owner": me().username,
            "last_reviewed": now().date().isoformat(), "questions": [question] if question else [],
            "answer": ""}
    problem = create_document("entry", data, request.form.get("groep", ""), f"nieuw concept {entry_id}")
    if problem:
        flash(problem)
        return render_template("kennis_nieuw.html", topics=topics, vraag=question, onderwerp=data["topic"]), 400
    flash("Concept aangemaakt. Vul het antwoord in.")
    return redirect(page_url("entry", entry_id))


@blueprint.route("/kennis/<key>", methods=["GET", "POST"])
@requires("editor", methods=("POST",))
def entry(key: str) -> Any:
    return edit_document("entry", key, lambda data: forms.entry_from_form(request.form, data), _page)


def _page(doc: store.Document, versions: List[store.Version], data: Dict[str, Any]) -> str:
    return render_template("kennis_item.html", doc=doc, data=data, versions=versions,
                           topics=work.topics(knowledge_dir()),
                           problems=work.entry_problems(knowledge_dir(), data),
                           waarschuwingen=english_twins.warnings("entry", data),
                           engels=english_twins.states("entry", data),
                           preview=work.preview(knowledge_dir(), str(data.get("answer", ""))),
                           variables=work.variables())


@blueprint.post("/api/voorbeeld")
@requires(ANY_STAFF)
def preview() -> Any:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(fout="Stuur de velden als JSON."), 400
    data = {k: payload.get(k) for k in ("id", "topic", "title", "status", "owner", "last_reviewed",
                                          "questions", "answer")}
    if "title_en" in payload:
        forms.set_english_title(data, str(payload.get("title_en") or ""))
    if "answer_en" in payload:
        forms.set_english(data, str(payload.get("answer_en") or ""))
    asked = payload.get("questions") or ""
    lines = asked if isinstance(asked, list) else str(asked).splitlines()  # the form sends text, scripts a list
    data["questions"] = [str(q).strip() for q in lines if str(q).strip()]
    answer = forms.clean_answer(str(payload.get("answer") or ""))
    data["answer"] = answer
    with unit() as s:  # sources and review as stored, unless the form sends its "Bronnen" field
        stored = store.document(s, "entry", str(payload.get("id") or ""))
        kept = dict(stored.current.data) if stored is not None else {}
    if isinstance(payload.get("sources"), str):
        data["sources"] = forms.sources_from_form(payload["sources"])
    elif kept.get("sources") is not None:
        data["sources"] = kept["sources"]
    if kept.get("reviewed") is not None:
        data["reviewed"] = kept["reviewed"]
    # As saving would record it: an English text left as it was keeps the fingerprint it had.
    kept_fingerprints = {k: v for k, v in kept.items() if k.endswith(SUFFIX)}
    ticked = [e for e in ENTRY_TWINS if payload.get(forms.CONFIRM_FIELD + e) is True]
    data = restamp(kept, {**data, **kept_fingerprints}, ENTRY_TWINS, ticked)
    return jsonify(voorbeeld=work.preview(knowledge_dir(), answer),
                   meldingen=work.entry_problems(knowledge_dir(), data),
                   waarschuwingen=english_twins.warnings("entry", data))
