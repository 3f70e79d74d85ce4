"""The SDK actions call kernel.services() and live_content(); a test hands them its own."""

from __future__ import annotations

import pytest

import actions.actions as answer_actions
import actions.personal_actions as personal_actions
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel


def actions_use(services: kernel.Services, content: Content, monkeypatch: pytest.MonkeyPatch) -> kernel.Services:
    """The actions' services and content are the test's, for as long as the test runs."""
    monkeypatch.setattr(kernel, "services", lambda: services)
    monkeypatch.setattr(answer_actions, "live_content", lambda: content)
    monkeypatch.setattr(personal_actions, "live_content", lambda: content)
    return services
