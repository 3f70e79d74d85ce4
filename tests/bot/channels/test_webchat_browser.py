"""The website chat in a real browser: Debian's Chromium, headless, driven by Playwright (the
README's test command installs Chromium; no browser is downloaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.servers import running_servers
from huurwijzer.tenancy.answer_feedback import answer_feedback
from tests.seeded_tenancy import seeded_tenancy


@pytest.fixture(scope="module")
def site(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    folder = tmp_path_factory.mktemp("webchat")
    with seeded_tenancy(folder) as db, running_servers(trained_model, folder, env=db.env) as servers:
        page_url = servers.rest_url.replace("/webhooks/rest/webhook", "/webhooks/webchat/")
        yield {"url": page_url, "engine": db.engine}


def ask(page: Any, text: str) -> None:
    bots = page.locator(".hw-bot").count()
    page.get_by_label("Uw bericht").fill(text)
    page.keyboard.press("Enter")
    page.locator(".hw-bot").nth(bots).wait_for(timeout=20_000)
    page.wait_for_timeout(500)  # the rest of the turn (buttons, feedback)


def test_ask_click_reload_and_give_feedback(site: Dict[str, Any], browser: Any) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site["url"])
    ask(page, "hallo")
    assert "Woongoed Eemdal" in page.locator(".hw-log").inner_text()
    bots = page.locator(".hw-bot").count()
    page.get_by_role("button", name="Contact").click()  # a quick-reply button
    page.locator(".hw-bot").nth(bots).wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    assert "088 - 000 12 34" in page.locator(".hw-log").inner_text()
    ask(page, "hoe zeg ik de huur van mijn woning op")
    assert "opzegtermijn" in page.locator(".hw-log").inner_text()
    with page.expect_response(lambda r: r.url.endswith("/feedback")) as posted:
        page.get_by_role("button", name="Ja, dit heeft geholpen").last.click()
    assert posted.value.status == 200
    page.get_by_text("Dank u voor uw reactie.").wait_for(timeout=5_000)
    session_id = page.evaluate("JSON.parse(localStorage.getItem('huurwijzer.session'))")
    with Session(site["engine"], future=True) as session:
        rows = session.execute(select(answer_feedback.c.knowledge_id, answer_feedback.c.helpful)).all()
    assert ("huur-opzeggen", True) in [tuple(r) for r in rows]
    # A reload keeps the conversation: the history is shown and the session goes on.
    page.reload()
    page.locator(".hw-user").first.wait_for(timeout=10_000)
    assert "hoe zeg ik de huur van mijn woning op" in page.locator(".hw-log").inner_text()
    assert page.evaluate("JSON.parse(localStorage.getItem('huurwijzer.session'))") == session_id
    ask(page, "bedankt")
    # Script-like text is shown as text and never runs.
    ask(page, "<img src=x onerror=alert(1)>")
    assert page.locator(".hw-log img").count() == 0
    assert page.locator(".hw-user").last.inner_text().endswith("<img src=x onerror=alert(1)>")
    assert dialogs == []


# Holds the server's session confirmation back for a while, as a slow server would on a first visit.
SLOW_SESSION = """
(() => {
  let real;
  Object.defineProperty(window, "io", {
    configurable: true,
    get() { return real; },
    set(io) {
      real = function (...args) {
        const socket = io(...args);
        const on = socket.on.bind(socket);
        socket.on = (name, handler) => on(name, name === "session_confirm"
          ? (...data) => setTimeout(() => handler(...data), 1500) : handler);
        return socket;
      };
    },
  });
})();
"""


def test_a_message_typed_before_the_session_is_confirmed_is_answered(site: Dict[str, Any], browser: Any) -> None:
    page = browser.new_page()
    page.add_init_script(SLOW_SESSION)
    page.goto(site["url"])
    ask(page, "hallo")  # at once: the session is not confirmed yet
    shown = page.locator(".hw-log").inner_text()
    assert "Woongoed Eemdal" in shown and "session_id" not in shown, shown


def test_reconnects_after_a_network_drop(site: Dict[str, Any], browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site["url"])
    ask(page, "hallo")
    context.set_offline(True)
    page.get_by_text("De verbinding is even weg").wait_for(timeout=30_000)
    context.set_offline(False)
    page.get_by_text("De verbinding is er weer.").wait_for(timeout=30_000)
    ask(page, "wat zijn jullie openingstijden")
    assert "08:30" in page.locator(".hw-bot").last.inner_text() or "088" in page.locator(".hw-log").inner_text()
    context.close()


def test_keyboard_screen_reader_and_small_screens(site: Dict[str, Any], browser: Any) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(site["url"])
    panel = page.locator("#hw-panel")
    panel.wait_for()
    box = panel.bounding_box()
    assert box is not None and box["width"] <= 320 and box["x"] >= 0
    assert page.locator(".hw-log").get_attribute("aria-live") == "polite"
    assert page.get_by_label("Uw bericht").is_visible()
    page.keyboard.press("Escape")  # closes, focus back on the toggle
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.className") == "hw-toggle"
    page.keyboard.press("Enter")  # opens again, focus in the input
    assert page.evaluate("document.activeElement.id") == "hw-input"
    page.keyboard.type("hallo")
    page.keyboard.press("Enter")
    page.locator(".hw-bot").first.wait_for(timeout=20_000)
    page.keyboard.press("Tab")  # then to the first quick-reply or the send button
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"


def test_personal_answers_are_never_kept_in_the_browser(site: Dict[str, Any], browser: Any) -> None:
    # Issue 17, Medium 6: after "log uit" and a reload nothing personal is in localStorage or on screen.
    from huurwijzer.tenancy.backoffice import SqlBackOffice

    with Session(site["engine"], future=True) as session:
        h = SqlBackOffice().contract_holders(session, "HC-100126")[0]
        contract = SqlBackOffice().contract(session, "HC-100126")
    assert contract is not None
    page = browser.new_page()
    page.goto(site["url"])
    ask(page, "wat is mijn huur")
    ask(page, h.contract_number)
    ask(page, f"{h.postcode[:4]} {h.postcode[4:]}")
    ask(page, f"{h.date_of_birth:%d-%m-%Y}")
    ask(page, "wie is mijn huismeester")
    shown = page.locator(".hw-log").inner_text()
    assert "€" in shown and contract.address in shown, shown  # the tenant saw the answers
    ask(page, "log uit")
    stored = page.evaluate("JSON.stringify(localStorage)")
    for secret in ("€", contract.address, h.contract_number, f"{h.date_of_birth:%d-%m-%Y}", h.postcode[:4]):
        assert secret not in stored
    page.reload()
    page.locator(".hw-user").first.wait_for(timeout=10_000)
    after = page.locator(".hw-log").inner_text()
    assert "wat is mijn huur" in after  # the conversation itself is still there
    assert "€" not in after and contract.address not in after
