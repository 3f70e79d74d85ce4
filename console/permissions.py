"""The one permission check every page goes through: logged in, and with the role the page needs.
Roles rise: an editor writes drafts, a reviewer also publishes and retires, an admin also changes
the corporation profile, imports and exports, manages accounts and starts training."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable, Tuple, TypeVar, cast

from flask import render_template, request
from flask_login import login_required

from console import store
from console.accounts import me

F = TypeVar("F", bound=Callable[..., Any])
ROLE_LABELS = {"editor": "redacteur", "reviewer": "beoordelaar", "admin": "beheerder"}
ANY_STAFF = store.ROLES[0]  # the lowest role: every account has it


def requires(role: str, methods: Tuple[str, ...] = ()) -> Callable[[F], F]:
    """Logged in, and with `role` (for `methods` only, when given: everyone logged in reads a page,
    an editor saves it). Without a login: the login page (401 for the API and CSV downloads)."""
    def decorate(view: F) -> F:
        @wraps(view)
        @login_required  # type: ignore[misc,untyped-decorator]
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if (not methods or request.method in methods) and not me().may(role):
                return render_template("geweigerd.html", rol=ROLE_LABELS[role]), 403
            return view(*args, **kwargs)
        wrapper.required_role = (role, methods)  # type: ignore[attr-defined]  # read by tests/console/test_pages.py
        return cast(F, wrapper)
    return decorate
