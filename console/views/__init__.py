"""The console's pages, one blueprint per page family. Every view is guarded by
`console.permissions.requires` (except the login page); endpoints are named `<blueprint>.<view>`."""

from __future__ import annotations

from typing import Tuple

from flask import Blueprint

from console.views import (
    admin,
    auth,
    dashboard,
    inbox,
    knowledge,
    not_ours,
    profile,
    profile_english,
    repairs,
    review,
    short_texts,
    tenants,
)

BLUEPRINTS: Tuple[Blueprint, ...] = (auth.blueprint, dashboard.blueprint, inbox.blueprint, knowledge.blueprint,
                                     repairs.blueprint, review.blueprint, profile.blueprint, admin.blueprint,
                                     tenants.blueprint, short_texts.blueprint, profile_english.blueprint,
                                     not_ours.blueprint)
