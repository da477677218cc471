"""Panels that an app adds to another app's record page without that app importing it.

The same hook as the home cards (``navigation``): an app above registers a provider for a page
("registry.child") in ``AppConfig.ready``; the page's view asks for the panels of the record it
shows and includes each panel's template. A provider returns None when it has nothing the user
may see, so a page never hints at what a user may not open (no empty heading, no count).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """A section of a record's page: the template to include and what it shows."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[HttpRequest, Any], Panel | None]

_panel_providers: dict[str, dict[str, PanelProvider]] = {}


def register_panel(page: str, key: str, provider: PanelProvider) -> None:
    """Let ``provider`` add a panel to ``page`` (``key`` keeps a re-registration single)."""
    _panel_providers.setdefault(page, {})[key] = provider


def panels(request: HttpRequest, page: str, record: Any) -> list[Panel]:
    """The panels the registered apps give this user on ``page`` for ``record``."""
    found = (provider(request, record) for provider in _panel_providers.get(page, {}).values())
    return [panel for panel in found if panel is not None]
