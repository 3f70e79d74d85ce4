"""What the pages of knowledge entries and repair objects share: one document opened with its
history, the posted form saved as a draft or for review, a new document created (from an inbox
group too), and the page each kind is edited on."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

from flask import abort, flash, redirect, request, url_for

from console import store, work
from console.accounts import me
from console.services import knowledge_dir, now, unit
from console.views.inbox import handle_group

# The endpoint of the page a kind of document is edited on.
PAGES = {"entry": "knowledge.entry", "repair": "repairs.repair"}
# The hidden form field with the id of the newest version the form was opened on.
VERSION_FIELD = "versie"
# A new document's id is refused with an example of its kind.
ID_EXAMPLES = {"entry": "glasschade-melden", "repair": "zonnescherm"}

Page = Callable[[store.Document, List[store.Version], Dict[str, Any]], str]


def page_url(kind: str, key: str) -> str:
    return url_for(PAGES[kind], key=key)


def haystack(data: Any) -> str:
    """The text a search on the list pages looks in."""
    return " ".join(str(v) for v in (data.values() if isinstance(data, dict) else [data])).lower()


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
            work.save(s, knowledge_dir(), kind, key, data, me().username, now(), submit=submit)
    except work.WorkError as exc:
        flash(str(exc))
        return False
    flash("Ter beoordeling aangeboden." if submit else "Concept opgeslagen.")
    return True


def changed_since(versions: List[store.Version], seen: str) -> Optional[str]:
    """The Dutch message when someone saved a newer version after this form was opened (the
    form's hidden field `versie`); None when the form is current or does not say."""
    newest = versions[0] if versions else None
    if not seen or newest is None or seen == str(newest.id):
        return None
    return (f"Let op: {newest.author} heeft dit intussen gewijzigd ({newest.created_at:%d-%m-%Y %H:%M}, "
            f"{newest.note}). Uw wijziging is nog niet opgeslagen en staat hieronder. Bekijk de geschiedenis, "
            "neem zo nodig de wijziging van uw collega over en sla dan opnieuw op.")


def edit_document(kind: str, key: str, from_form: Callable[[Dict[str, Any]], Dict[str, Any]], page: Page) -> Any:
    """A knowledge entry's or repair object's page: shown, or the posted form saved (the page
    again with the problems when that failed)."""
    doc, versions = opened(kind, key)
    data = dict(doc.current.data)
    if request.method == "POST":
        data = from_form(data)
        stale = changed_since(versions, request.form.get(VERSION_FIELD, ""))
        if stale:
            flash(stale)
            return page(doc, versions, data), 409  # the page again: their text, and the newest version's id
        if not save_posted(kind, key, data):
            return page(doc, versions, data), 400
        return redirect(page_url(kind, key))
    return page(doc, versions, data)


def create_document(kind: str, data: Dict[str, Any], group: str, outcome: str) -> Optional[str]:
    """A new draft under the id in `data` (and the inbox group it answers marked handled with
    `outcome`); the problem in Dutch when it cannot be made."""
    key = str(data.get("id") or "")
    if not work.ENTRY_ID.fullmatch(key):
        return f"Kies een id met kleine letters, cijfers en streepjes, bijvoorbeeld {ID_EXAMPLES[kind]}."
    try:
        with unit() as s, s.begin():
            work.save(s, knowledge_dir(), kind, key, data, me().username, now(), submit=False, new=True)
            if group:
                handle_group(s, group, outcome)
    except work.WorkError as exc:
        return str(exc)
    return None
