"""Abstract bases shared by every app (timestamps, scoped querysets) and the working calendar."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ACTIONS = ("view", "add", "change", "delete", "export")


def collapse_paths(paths: list[str]) -> list[str]:
    """Drop every path that lies under another path of the list (subtrees already covered)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


def subtree_q(field: str, path: str, vendor: str) -> Q:
    """Rows whose ``field`` lies under ``path`` ("/12/345/"): one indexed range.

    Paths hold only digits and "/", and "0" follows "/" in byte order, so on SQLite (binary
    collation) a range [path, path-with-"0"-for-the-last-"/") replaces LIKE 'path%', which SQLite
    cannot run on an index. PostgreSQL keeps LIKE, served by its varchar_pattern_ops index and
    correct under any collation.
    """
    if vendor == "sqlite" and path.count("/") > 2:
        # Below a province only: a whole province is most of the table, and there SQLite does
        # better walking the ordering index and filtering (LIKE keeps it off the path index).
        return Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})
    return Q(**{f"{field}__startswith": path})


def scope_q(user, perm: str, field: str, vendor: str) -> Q | None:
    """Rows whose ``field`` lies under a unit where ``user`` holds ``perm``; None: nowhere."""
    paths = collapse_paths(user.scope_paths(perm))
    if not paths:
        return None
    condition = Q()
    for path in paths:
        condition |= subtree_q(field, path, vendor)
    return condition


def user_can_at(user, perm: str, path: str) -> bool:
    """True when ``user`` holds ``perm`` on the unit at ``path`` (through any ancestor)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(path.startswith(prefix) for prefix in user.scope_paths(perm))


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to what a user may reach.

    The decision of *which* subtrees a user may reach for a permission lives on the user
    (``user.scope_paths(perm)``, from the role assignments); this class only knows where the
    model keeps its location path (``Model.scope_path_field``). Every model holding personal
    data uses it, so views, API, search, exports and imports share one rule.
    """

    def restrict(self, user, action: str = "view") -> ScopedQuerySet:
        """Return only the rows that ``user`` may perform ``action`` on (none when anonymous)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        meta = self.model._meta
        return self.holding(user, f"{meta.app_label}.{action}_{meta.model_name}")

    def holding(self, user, perm: str) -> ScopedQuerySet:
        """Rows filed under a unit where ``user`` holds ``perm`` ("app.codename")."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        model = self.model
        condition = scope_q(user, perm, model.scope_path_field, connections[self.db].vendor)
        if condition is None:
            return self.none()
        if getattr(model, "scope_path_is_multi", False):
            # The path sits behind a to-many relation: select ids to avoid duplicate rows.
            ids = model._default_manager.filter(condition).values("pk")
            return self.filter(pk__in=ids)
        return self.filter(condition)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of location-scoped models."""


class CopiedScopePath(models.Model):
    """A row filed under the unit of one of its relations (``scope_path_from``).

    ``scope_path`` copies that relation's own scope path when the row is saved (a unit's
    ``path``, or the ``scope_path`` of a row scoped the same way), so ``restrict()`` is one
    indexed prefix query on this table, without a join.
    """

    scope_path = models.CharField(max_length=255, editable=False, db_index=True)

    scope_path_field = "scope_path"
    scope_path_from = ""  # name of the relation whose scope path is copied

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        source = getattr(self, self.scope_path_from)
        self.scope_path = getattr(source, type(source).scope_path_field)
        super().save(*args, **kwargs)

    def audit_location_path(self) -> str:
        return self.scope_path


class TimestampedModel(models.Model):
    """Creation and modification times on every domain row."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class CalendarDayKind(models.TextChoices):
    """What an entry of the working calendar changes about an otherwise ordinary day."""

    DAY_OFF = "day_off", _("Day off")
    WORKDAY = "workday", _("Make-up working day")


class CalendarDay(TimestampedModel):
    """An exception to the Monday-Friday public-sector week (*ngày nghỉ, ngày làm bù*).

    Holidays and swaps are announced by the government each year, so they are data an
    administrator edits, never code: adding a new holiday (e.g. 24/11 once it is decided) is one
    row, and every deadline computed afterwards takes it into account (``core.calendar``).
    """

    Kind = CalendarDayKind

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example Lunar New Year, or Make-up for 2/1.")
    )
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("The legal basis or the announcement that sets this day."),
    )
    is_provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Derived from the law while the government has not announced the year yet."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        # An entry must change something, otherwise an administrator believes a holiday is
        # recorded when deadlines ignore it (a holiday on a weekend moves to the next working
        # day, Bộ luật Lao động 2019 Đ.111 k.3: that weekday is the entry to make).
        if self.date is None:
            return
        weekend = self.date.weekday() >= 5
        if self.kind == CalendarDayKind.WORKDAY and not weekend:
            raise ValidationError(
                {
                    "kind": _(
                        "A make-up working day must be a Saturday or a Sunday: "
                        "a weekday is already a working day."
                    )
                }
            )
        if self.kind == CalendarDayKind.DAY_OFF and weekend:
            raise ValidationError(
                {
                    "date": _(
                        "This day is a Saturday or a Sunday and already off: enter the working "
                        "day the holiday moves to instead."
                    )
                }
            )
