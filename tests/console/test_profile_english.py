"""The profile page changes Dutch texts that have an English twin in corporation.yml (the service norms,
the balie): a change of only the Dutch text leaves the English one outdated, the page marks it and
offers "Engelse tekst klopt nog"; a changed English norm, or a ticked box, records it again. Meanwhile
an English tenant gets the Dutch norm (huurwijzer.content.fixed_twins)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict

import yaml
from flask.testing import FlaskClient

from huurwijzer.content.loader import build_content, in_language
from huurwijzer.content.twin_fingerprints import fingerprint
from tests.console.conftest import csrf

MARK = "Engelse tekst verouderd"


def _form(admin: FlaskClient, **changes: str) -> Dict[str, str]:
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', admin.get("/profiel").get_data(as_text=True)))
    return {**fields, **changes, "csrf_token": csrf(admin, "/profiel")}


def _norms(knowledge: Path) -> Dict[str, str]:
    return dict(yaml.safe_load((knowledge / "corporation.yml").read_text(encoding="utf-8"))["servicenormen"])


def test_a_changed_dutch_norm_marks_its_english_twin_until_confirmed(clients: Dict[str, FlaskClient],
                                                                    knowledge: Path) -> None:
    admin = clients["ada"]
    page = admin.get("/profiel").get_data(as_text=True)
    assert MARK not in page and 'name="norm_spoed_en_of"' not in page  # a fingerprint is no form field
    old = _norms(knowledge)["spoed_en_of"]

    assert admin.post("/profiel", data=_form(admin, norm_spoed="binnen 12 uur")).status_code == 302
    norms = _norms(knowledge)
    assert norms["spoed"] == "binnen 12 uur" and norms["spoed_en_of"] == old
    assert in_language(build_content(knowledge), "en").profile.variables["norm_spoed"] == "binnen 12 uur"
    page = admin.get("/profiel").get_data(as_text=True)
    assert 'id="servicenormen.spoed-verouderd"' in page and MARK in page
    assert 'name="klopt_nog_servicenormen.spoed"' in page and "Engels: within 24 hours" in page

    form = _form(admin, **{"klopt_nog_servicenormen.spoed": "ja"})
    assert admin.post("/profiel", data=form).status_code == 302
    assert _norms(knowledge)["spoed_en_of"] == fingerprint("binnen 12 uur")
    assert MARK not in admin.get("/profiel").get_data(as_text=True)
    assert in_language(build_content(knowledge), "en").profile.variables["norm_spoed"] == "within 24 hours"


def test_changing_the_english_norm_with_the_dutch_one_records_it(clients: Dict[str, FlaskClient],
                                                                 knowledge: Path) -> None:
    admin = clients["ada"]
    form = _form(admin, norm_spoed="binnen 12 uur", norm_spoed_en="within 12 hours")
    assert admin.post("/profiel", data=form).status_code == 302
    norms = _norms(knowledge)
    assert norms["spoed_en"] == "within 12 hours" and norms["spoed_en_of"] == fingerprint("binnen 12 uur")
    assert MARK not in admin.get("/profiel").get_data(as_text=True)
    assert in_language(build_content(knowledge), "en").profile.variables["norm_spoed"] == "within 12 hours"


def test_saving_the_profile_records_no_other_english_text(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    """Only the twins changed or confirmed on the page are recorded, never an unconfirmed text elsewhere."""
    languages = knowledge / "languages.yml"
    bare = re.sub(r"^      text_of: .*\n", "", languages.read_text(encoding="utf-8"), count=1, flags=re.M)
    languages.write_text(bare, encoding="utf-8")
    admin = clients["ada"]
    assert admin.post("/profiel", data=_form(admin, telefoon="088 - 111 22 33")).status_code == 302
    assert admin.post("/profiel", data=_form(admin, norm_spoed="binnen 12 uur", norm_spoed_en="within 12 hours")) \
        .status_code == 302
    assert languages.read_text(encoding="utf-8") == bare


def test_an_outdated_english_team_name_is_marked_and_can_be_confirmed(clients: Dict[str, FlaskClient],
                                                                      knowledge: Path) -> None:
    """maatwerk.<team>.team_en / route_en: edited in the file, marked on the profile page like the norms."""
    profile = knowledge / "corporation.yml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("team: het team Huurincasso\n", "team: het team Incasso\n", 1), encoding="utf-8")
    admin = clients["ada"]
    page = admin.get("/profiel").get_data(as_text=True)
    assert 'id="maatwerk.later_incasso-verouderd"' in page and MARK in page
    assert "Nederlands: het team Incasso" in page and "Engels: our rent collection team" in page
    assert in_language(build_content(knowledge), "en").maatwerk.later_debit.shown(True) == \
        "het team Incasso"  # type: ignore[union-attr]

    assert admin.post("/profiel", data=_form(admin, **{"klopt_nog_maatwerk.later_incasso": "ja"})).status_code == 302
    team = yaml.safe_load(profile.read_text(encoding="utf-8"))["maatwerk"]["later_incasso"]
    assert team["team_en_of"] == fingerprint("het team Incasso")
    assert MARK not in admin.get("/profiel").get_data(as_text=True)


def _maatwerk(knowledge: Path) -> Dict[str, Any]:
    return dict(yaml.safe_load((knowledge / "corporation.yml").read_text(encoding="utf-8"))["maatwerk"])


def test_the_maatwerk_texts_are_edited_on_the_profile_page(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    """Left by qa5: the page marked an outdated `team_en` / `route_en` but staff could only change them in
    corporation.yml. The teams' names and the care route, Dutch and English, are fields on the page; a
    changed English text is recorded as the translation of the Dutch text saved with it."""
    admin = clients["ada"]
    page = admin.get("/profiel").get_data(as_text=True)
    for name in ("maatwerk_zorg_team", "maatwerk_zorg_team_en", "maatwerk_zorg_route", "maatwerk_zorg_route_en",
                 "maatwerk_vroeghulp_team_en", "maatwerk_later_incasso_team"):
        assert f'name="{name}"' in page
    before = (knowledge / "corporation.yml").read_text(encoding="utf-8")
    route_en = "Help at home: apply at the Wmo desk of your municipality. Our consultant helps you."
    form = _form(admin, maatwerk_zorg_team_en="our care consultant", maatwerk_zorg_route_en=route_en)
    assert admin.post("/profiel", data=form).status_code == 302
    care = _maatwerk(knowledge)["zorg"]
    assert care["team_en"] == "our care consultant" and care["route_en"] == route_en
    assert care["team_en_of"] == fingerprint(care["team"]) and care["route_en_of"] == fingerprint(care["route"])
    assert care["reactietijd_werkdagen"] == 5  # the rest of the section as it was
    after = (knowledge / "corporation.yml").read_text(encoding="utf-8")
    assert '# "Ja" op zorg of ondersteuning' in after and "# Later afschrijven" in after  # comments stay
    assert after.split("maatwerk:")[0] == before.split("maatwerk:")[0]  # nothing else touched
    english = in_language(build_content(knowledge), "en").maatwerk
    assert english is not None and english.route(True) == route_en and english.care.shown(True) == "our care consultant"


def test_a_changed_dutch_route_marks_the_english_one(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    admin = clients["ada"]
    new_route = "Hulp thuis vraagt u aan bij het Wmo-loket van uw gemeente. Onze wijkconsulent helpt u op weg."
    assert admin.post("/profiel", data=_form(admin, maatwerk_zorg_route=new_route)).status_code == 302
    assert _maatwerk(knowledge)["zorg"]["route"] == new_route
    page = admin.get("/profiel").get_data(as_text=True)
    assert 'id="maatwerk.zorg-verouderd"' in page and MARK in page


def test_an_empty_dutch_route_is_refused_and_the_typed_texts_stay(clients: Dict[str, FlaskClient],
                                                                  knowledge: Path) -> None:
    admin = clients["ada"]
    before = (knowledge / "corporation.yml").read_text(encoding="utf-8")
    reply = admin.post("/profiel", data=_form(admin, maatwerk_zorg_route=" ", maatwerk_zorg_team_en="our helper"))
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400 and "maatwerk.zorg.route" in page and 'value="our helper"' in page
    assert (knowledge / "corporation.yml").read_text(encoding="utf-8") == before


def test_a_changed_long_route_stays_folded_over_short_lines(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    """QA, session 16: a console save wrote a changed care route (`route: >-` over four lines) as one line
    of 300 characters. It stays folded, no line wider than the old ones; comments and the rest stay."""
    admin, path = clients["ada"], knowledge / "corporation.yml"
    before = path.read_text(encoding="utf-8")
    old_route = _maatwerk(knowledge)["zorg"]["route"]
    new_route = old_route + " Bel gerust als u twijfelt: samen zoeken we uit wat bij u past en wie u verder helpt."
    assert admin.post("/profiel", data=_form(admin, maatwerk_zorg_route=new_route)).status_code == 302
    after = path.read_text(encoding="utf-8")
    assert _maatwerk(knowledge)["zorg"]["route"] == new_route
    lines = after.split("    route: >-\n", 1)[1].split("    route_en:", 1)[0].splitlines()
    widest = max(len(line) for line in before.split("    route: >-\n", 1)[1].split("    route_en:")[0].splitlines())
    assert len(lines) >= 5 and max(len(line) for line in lines) <= widest
    assert after.split("    route: >-")[0] == before.split("    route: >-")[0]  # comments and the rest as they were
    assert after.split("    route_en: >-")[1] == before.split("    route_en: >-")[1]
