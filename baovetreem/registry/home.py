"""What the register adds to the home page: a village collaborator's village.

A collaborator (someone who reads the register only in villages) finds on the home page the
children of each of their villages, what is missing from their records — the to-do list of the
collaborator's home visits, by the register's own "missing data" filters (DOMAIN.md: a health
insurance card for every child under 6, birth registration, growth measured each year under 5)
— and the children who turn 6 (free health insurance ends, school begins) or 16 (they leave
the child register) in the next ``VILLAGE_HOME_BIRTHDAY_DAYS`` days. Registered with
``baovetreem.core.navigation`` in ``RegistryConfig.ready``; every child it names is recorded as
one audited read.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.db import connections
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baovetreem.audit.reads import read_found
from baovetreem.core.models import subtree_q
from baovetreem.core.navigation import HomeCard, HomeCardItem
from baovetreem.locations.models import Level, Location
from baovetreem.registry.filters import apply_child_filters, years_ago
from baovetreem.registry.models import Child

HOME_ITEMS = 5  # the children a card names; its link opens them all
MAX_VILLAGES = 5  # a collaborator keeps one village, rarely two or three
BIRTHDAY_AGES = (6, 16)
DEFAULT_BIRTHDAY_DAYS = 60


def birthday_days() -> int:
    """How far ahead the home page looks for children turning 6 or 16 (a setting)."""
    return int(getattr(settings, "VILLAGE_HOME_BIRTHDAY_DAYS", DEFAULT_BIRTHDAY_DAYS))


def collaborator_villages(user) -> list[Location]:
    """The villages of a user who reads the register only in villages; [] for anyone else
    (a commune officer's home is the commune's work, not one village)."""
    if not (user and user.is_authenticated) or user.is_superuser:
        return []
    paths = user.scope_paths("registry.view_child")
    # A village lies at least three units down ("/province/commune/village/"): anyone holding a
    # province or a commune is told apart without a query.
    if not paths or len(paths) > MAX_VILLAGES or any(p.count("/") < 4 for p in paths):
        return []
    villages = list(
        Location.objects.filter(path__in=paths).select_related("parent").order_by("path")
    )
    if len(villages) != len(paths) or any(v.level != Level.VILLAGE for v in villages):
        return []
    return villages


def turning_soon_q(day: dt.date, days: int, ages=BIRTHDAY_AGES) -> Q:
    """Children whose birthday of one of ``ages`` falls from ``day`` to ``day`` + ``days``."""
    condition = Q()
    for age in ages:
        condition |= Q(
            date_of_birth__gte=years_ago(day, age),
            date_of_birth__lte=years_ago(day + dt.timedelta(days=days), age),
        )
    return condition


def _birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February: the birthday is kept on 1 March
        return dt.date(born.year + age, 3, 1)


class VillageHome:
    """The cards of one village for one user on one day (their queries run once each)."""

    def __init__(self, user, village: Location, day: dt.date, show_commune: bool) -> None:
        self.user, self.village, self.day = user, village, day
        vendor = connections[Child.objects.db].vendor
        self.living = (
            Child.objects.restrict(user, "view")
            .filter(subtree_q("scope_path", village.path, vendor))
            .filter(status="living")
        )
        self.title = (
            f"{village.name} — {village.parent.name}"
            if show_commune and village.parent_id
            else village.name
        )
        self.shown: list[Child] = []

    def list_url(self, **filters: str) -> str:
        query = urlencode({"village": self.village.pk, **filters})
        return f"{reverse('registry:child_list')}?{query}"

    def missing(self, key: str) -> QuerySet[Child]:
        """The village's children lacking ``key``, by the register list's own filter."""
        return apply_child_filters(self.living, {"missing": key}, self.day, self.user)

    def _items(self, children: QuerySet[Child], detail) -> tuple[HomeCardItem, ...]:
        rows = list(children.order_by("name_normalized", "date_of_birth", "pk")[:HOME_ITEMS])
        self.shown.extend(rows)
        return tuple(
            HomeCardItem(
                label=child.full_name,
                url=reverse("registry:child_detail", args=[child.pk]),
                detail=detail(child),
            )
            for child in rows
        )

    def _age(self, child: Child) -> str:
        age = child.age_on(self.day)
        if age < 1:
            months = (self.day.year - child.date_of_birth.year) * 12 + (
                self.day.month - child.date_of_birth.month
            )
            months -= self.day.day < child.date_of_birth.day
            return _("%(months)s months old") % {"months": max(months, 0)}
        return _("%(age)s years old") % {"age": age}

    def _insurance_detail(self, child: Child) -> str:
        if child.insurance_number and child.insurance_valid_until:
            return _("card expired %(date)s") % {
                "date": child.insurance_valid_until.strftime("%d/%m/%Y")
            }
        return _("%(age)s, no card") % {"age": self._age(child)}

    def _measured_detail(self, child: Child) -> str:
        last = child.last_measured_on
        if last is None:
            return _("%(age)s, never measured") % {"age": self._age(child)}
        return _("%(age)s, last measured %(date)s") % {
            "age": self._age(child),
            "date": last.strftime("%d/%m/%Y"),
        }

    def _missing_card(self, key: str, label: str, detail, children=None) -> HomeCard:
        children = self.missing(key) if children is None else children
        count = children.count()
        return HomeCard(
            label=label,
            count=count,
            url=self.list_url(missing=key),
            link_text=_("Open the list"),
            warn=bool(count),
            items=self._items(children, detail) if count else (),
            section=self.title,
        )

    def _turning_card(self) -> HomeCard:
        days = birthday_days()
        children = self.living.filter(turning_soon_q(self.day, days))
        count = children.count()
        items: tuple[HomeCardItem, ...] = ()
        if count:
            soonest = sorted(
                children.only("pk", "full_name", "date_of_birth"),
                key=lambda child: (self._next_birthday(child), child.pk),
            )[:HOME_ITEMS]
            self.shown.extend(soonest)
            items = tuple(
                HomeCardItem(
                    label=child.full_name,
                    url=reverse("registry:child_detail", args=[child.pk]),
                    detail=self._turning_detail(child),
                )
                for child in soonest
            )
        return HomeCard(
            label=_("Turning 6 or 16 in the next %(days)s days") % {"days": days},
            count=count,
            url=self.list_url(),
            link_text=_("Open the children of the village"),
            items=items,
            section=self.title,
        )

    def _next_birthday(self, child: Child) -> tuple[dt.date, int]:
        for age in BIRTHDAY_AGES:
            birthday = _birthday(child.date_of_birth, age)
            if birthday >= self.day:
                return birthday, age
        return dt.date.max, 0

    def _turning_detail(self, child: Child) -> str:
        birthday, age = self._next_birthday(child)
        return _("turns %(age)s on %(date)s") % {"age": age, "date": birthday.strftime("%d/%m")}

    def cards(self, may_add: bool) -> list[HomeCard]:
        children = HomeCard(
            label=_("Children living in the village"),
            count=self.living.count(),
            url=self.list_url(),
            link_text=_("Open the children of the village"),
            section=self.title,
            action_url=reverse("registry:child_create") if may_add else "",
            action_text=_("Add a child") if may_add else "",
        )
        not_measured = self.missing("measurement_this_year").annotate(
            last_measured_on=Max("measurements__measured_on")
        )
        return [
            children,
            self._missing_card(
                "insurance",
                _("To do: no valid health insurance card (under 6)"),
                self._insurance_detail,
            ),
            self._missing_card(
                "birth_registration",
                _("To do: birth not registered"),
                lambda child: (
                    _("born %(date)s") % {"date": child.date_of_birth.strftime("%d/%m/%Y")}
                ),
            ),
            self._missing_card(
                "measurement_this_year",
                _("To do: not weighed and measured this year (under 5)"),
                self._measured_detail,
                children=not_measured,
            ),
            self._turning_card(),
        ]


def village_home_cards(request: HttpRequest) -> list[HomeCard]:
    """A collaborator's villages on their home page; nothing for anyone else (no query)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.has_perm("registry.view_child")):
        return []
    villages = collaborator_villages(user)
    if not villages:
        return []
    day = timezone.localdate()
    may_add = user.has_perm("registry.add_child")
    homes = [
        VillageHome(user, village, day, show_commune=len(villages) > 1) for village in villages
    ]

    def build() -> list[HomeCard]:
        return [card for home in homes for card in home.cards(may_add)]

    return read_found(
        user,
        build,
        model=Child,
        filters={"village": [village.pk for village in villages], "page": "home"},
        shown=lambda _cards: list({c.pk: c for home in homes for c in home.shown}.values()),
        record_empty=False,
        note="village home page",
    )
