"""Every page of the console renders for every role (or refuses with 403 where the role is too
low), every view goes through the one permission check, and every endpoint a template or a view
names in url_for exists: a renamed or moved view cannot leave a dead link behind."""

from __future__ import annotations

import ast
import re
from datetime import date
from typing import Dict, List, Set, Tuple

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from console import tenants
from console.app import ConsoleConfig
from console.views import documents
from huurwijzer.tenancy.seed import seed
from tests.console.conftest import ROLES, ROOT

CONSOLE = ROOT / "console"
TEMPLATE_URL_FOR = re.compile(r"""url_for\(\s*(['"])([^'"]+)\1""")
OPEN_TO = {"auth.login", "static"}  # the only endpoints without a login
ADMIN_PAGES = {"/profiel", "/engelse-berichten", "/beheer", "/api/training"}
REVIEWER_PAGES = {"/niet-van-ons/nieuw"}  # live at once, like the short texts: no draft for an editor
REDIRECTS = {"/": "/dashboard"}


def endpoints(app: Flask) -> Set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def template_names() -> List[Tuple[str, str]]:
    found = []
    for path in sorted((CONSOLE / "templates").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        names = [m.group(2) for m in TEMPLATE_URL_FOR.finditer(text)]
        assert len(names) == text.count("url_for("), f"{path.name}: url_for with a name that is not a literal"
        found += [(path.name, name) for name in names]
    return found


def python_names() -> Tuple[List[Tuple[str, str]], List[str]]:
    """url_for calls in console/ with a literal endpoint, and the places that compute one."""
    literal, computed = [], []
    for path in sorted(CONSOLE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "url_for":
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    literal.append((str(path.relative_to(ROOT)), first.value))
                else:
                    computed.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return literal, computed


def test_every_url_for_in_the_templates_names_an_endpoint(app: Flask) -> None:
    names = template_names()
    assert len(names) >= 30
    assert [(page, name) for page, name in names if name not in endpoints(app)] == []


def test_every_url_for_in_the_views_names_an_endpoint(app: Flask) -> None:
    literal, computed = python_names()
    assert len(literal) >= 15
    assert [(path, name) for path, name in literal if name not in endpoints(app)] == []
    # The one computed endpoint: the page an entry or repair object is edited on.
    assert len(computed) == 1 and computed[0].startswith("console/views/documents.py")
    assert set(documents.PAGES.values()) <= endpoints(app)
    assert app.login_manager.login_view in endpoints(app)  # type: ignore[attr-defined]


def test_every_view_but_the_login_goes_through_requires(app: Flask) -> None:
    unguarded = [endpoint for endpoint, view in app.view_functions.items()
                 if endpoint not in OPEN_TO and not hasattr(view, "required_role")]
    assert unguarded == []
    assert all("." in endpoint for endpoint in app.view_functions if endpoint != "static")  # all in blueprints


def _sample_paths(app: Flask, tenant_id: int) -> List[str]:
    """Every page a browser can open (GET), with arguments that exist."""
    samples: Dict[str, Dict[str, str]] = {
        "/kennis/<key>": {"key": "huisdieren"}, "/reparaties/<key>": {"key": "buitenkraan"},
        "/niet-van-ons/<key>": {"key": "hypotheek-huis-kopen"},
        "/huurders/<int:tenant_id>": {"tenant_id": str(tenant_id)}}
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in OPEN_TO:
            continue
        path = rule.rule
        for name, value in samples.get(rule.rule, {}).items():
            path = path.replace(f"<{name}>", value).replace(f"<int:{name}>", value)
        assert "<" not in path, f"no sample for {rule.rule}: add one"
        paths.append(path)
    return paths


def test_every_page_renders_for_every_role(app: Flask, console_config: ConsoleConfig,
                                           clients: Dict[str, FlaskClient]) -> None:
    engine = create_engine(console_config.database_url, future=True)
    seed(engine, date(2026, 11, 22))
    with Session(engine, future=True) as s:
        tenant_id = tenants.find(s, "HC-100084")[0]
    engine.dispose()
    paths = _sample_paths(app, tenant_id)
    assert len(paths) >= 15 and set(paths) >= ADMIN_PAGES
    for name, role in ROLES.items():
        client = clients[name]
        for path in paths:
            response = client.get(path)
            page = response.get_data(as_text=True)
            if (path in ADMIN_PAGES and role != "admin") or (path in REVIEWER_PAGES and role == "editor"):
                assert response.status_code == 403 and "Geen toegang" in page, (name, path)
            elif path in REDIRECTS:
                assert response.status_code == 302 and response.headers["Location"] == REDIRECTS[path], (name, path)
            else:
                assert response.status_code == 200, (name, path, response.status_code)
                if response.mimetype == "text/html":
                    assert "Uitloggen" in page, (name, path)  # the whole layout, menu included


def test_the_template_scan_sees_a_dead_link() -> None:
    """The scan reads every url_for of a template, however it is spaced or quoted."""
    sample = '<a href="{{ url_for( "kennis.oud", key=k) }}">x</a> {{ url_for(\'static\', filename="a") }}'
    assert [m.group(2) for m in TEMPLATE_URL_FOR.finditer(sample)] == ["kennis.oud", "static"]
