"""Staff give a "U vroeg, wij deden" note an optional English text (stored, shown marked as English,
a warning when it reads as Dutch), and see the comment a tenant gave with the month-3 score on the
tenant page, masked and marked as personal data."""

from __future__ import annotations

from typing import Any, Dict

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from huurwijzer.conversation import followups as fu
from huurwijzer.conversation import repair_feedback as rf
from huurwijzer.tenancy import feedback_texts
from huurwijzer.tenancy import schema as t
from tests.console.conftest import csrf
from tests.console.test_tenants import NOW, tenant  # noqa: F401 - the tenant fixture


def test_a_note_gets_an_optional_english_text(tenant: Dict[str, Any],  # noqa: F811
                                              clients: Dict[str, FlaskClient]) -> None:
    eva = clients["eva"]
    token = csrf(eva, "/feedback")
    page = eva.get("/feedback").get_data(as_text=True)
    assert 'name="notitie_en"' in page and 'lang="en"' in page
    note = "Op uw verzoek komt de monteur nu ook 's avonds."
    english = "You asked for it: the mechanic now also comes in the evening."
    page = eva.post("/feedback", data={"csrf_token": token, "notitie": note, "notitie_en": english},
                    follow_redirects=True).get_data(as_text=True)
    assert "Gepubliceerd" in page and f'<span lang="en">{english}</span>' in page
    assert "lijkt Nederlands" not in page
    page = eva.post("/feedback", data={"csrf_token": token, "notitie": "Een tweede notitie voor de test.",
                                       "notitie_en": "De monteur komt nu ook op zaterdag bij u langs."},
                    follow_redirects=True).get_data(as_text=True)
    assert "lijkt Nederlands" in page  # published, with a warning
    assert "Schrijf een notitie" in eva.post("/feedback", data={"csrf_token": token, "notitie": note,
                                                                "notitie_en": "short"},
                                             follow_redirects=True).get_data(as_text=True)
    with Session(tenant["engine"], future=True) as session:
        saved = rf.notes(session)
    assert [(n.text, n.text_en) for n in saved] == [
        ("Een tweede notitie voor de test.", "De monteur komt nu ook op zaterdag bij u langs."), (note, english)]


def test_the_comment_with_the_month_3_score_is_shown_on_the_tenant_page(
        tenant: Dict[str, Any], clients: Dict[str, FlaskClient]) -> None:  # noqa: F811
    d = t.followup_deliveries
    with Session(tenant["engine"], future=True) as session, session.begin():
        delivery = session.execute(select(d.c.id).where(d.c.moment == "maand_3")).scalar_one()
        feedback_texts.save_comment(session, delivery, "fijne buurt, bel me op 0612345678", NOW)
    with Session(tenant["engine"], future=True) as session:
        [row] = [r for r in fu.history(session, tenant["tenant_id"]) if r.moment == "maand_3"]
    assert row.comment == "fijne buurt, bel me op [telefoon]"  # stored masked
    page = clients["eva"].get(f"/huurders/{tenant['tenant_id']}").get_data(as_text=True)
    assert "<td>cijfer 8</td>" in page
    assert '<td class="persoonsgegeven" data-pii="opmerking">fijne buurt, bel me op [telefoon]</td>' in page
