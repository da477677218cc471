"""What apps add to the shell without core importing them: menu badges and home-page cards.

An app registers its providers in ``AppConfig.ready``; core calls them while it builds the menu
(once per request, in the ``navigation`` context processor) and the home page. A provider takes
the request and returns nothing for users it has nothing to show, without running a query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Badge:
    """A number shown next to a menu entry, with a tooltip saying what it counts."""

    count: int
    title: str


@dataclass(frozen=True)
class HomeCardItem:
    """One line under a home-page counter: a record it counts, with a short detail."""

    label: str
    url: str
    detail: str = ""
    warn: bool = False  # the detail shown in red


@dataclass(frozen=True)
class HomeCard:
    """A counter on the home page with the link to the list it counts."""

    label: str
    count: int
    url: str
    link_text: str
    warn: bool = False  # shown in red when the count is not zero
    items: tuple[HomeCardItem, ...] = ()  # the most urgent records, when the card lists some
    # Cards of one section (a collaborator's village) are shown together under this heading.
    section: str = ""
    # A button under the card for the card's usual next step ("Add a child").
    action_url: str = ""
    action_text: str = ""


BadgeProvider = Callable[[HttpRequest], Badge | None]
HomeCardProvider = Callable[[HttpRequest], list[HomeCard]]

_badge_providers: dict[str, BadgeProvider] = {}
_home_card_providers: dict[str, HomeCardProvider] = {}


def register_badge(key: str, provider: BadgeProvider) -> None:
    """Let ``provider`` give the badge of the menu entries naming ``key``."""
    _badge_providers[key] = provider


def register_home_cards(key: str, provider: HomeCardProvider) -> None:
    """Let ``provider`` add cards to the home page (``key`` keeps a re-registration single)."""
    _home_card_providers[key] = provider


def badge(request: HttpRequest, key: str | None) -> Badge | None:
    """The badge for ``key`` on this request, or None (no key, no provider, nothing to count)."""
    provider = _badge_providers.get(key) if key else None
    return provider(request) if provider else None


def home_cards(request: HttpRequest) -> list[HomeCard]:
    """The home-page cards every registered app gives the signed-in user, in registration order."""
    return [card for provider in _home_card_providers.values() for card in provider(request)]
