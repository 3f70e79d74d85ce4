"""Shared fixtures. The trained model comes from `make test` (which trains when needed)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from huurwijzer.content.loader import Content, build_content

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "huurwijzer.tar.gz"


@pytest.fixture(scope="session")
def content() -> Content:
    return build_content(ROOT / "knowledge")


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/ for tests that edit content."""
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    return target


@pytest.fixture(scope="session")
def trained_model() -> Path:
    if not MODEL.exists():
        pytest.fail("No trained model: run `make train` (make test does this first)")
    return MODEL


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture()
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (no browser is downloaded)."""
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it (scripts/install-browser.sh)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()
