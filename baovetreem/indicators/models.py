"""Precomputed indicator facts, what is waiting to be recounted, and the plans' targets."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from baovetreem.indicators import definitions


class IndicatorValue(models.Model):
    """One fact (số liệu tổng hợp): an indicator's numerator and denominator for the rows filed
    at one unit (a village, or a commune or province for what has no village), one period and
    one breakdown key. Figures of a commune or a province add up the rows under its path."""

    location = models.ForeignKey(
        "locations.Location", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    period = models.CharField(_("period"), max_length=32)
    indicator = models.CharField(_("indicator"), max_length=40)
    breakdown = models.CharField(_("breakdown"), max_length=80, blank=True)
    key = models.CharField(_("key"), max_length=120, blank=True)
    numerator = models.BigIntegerField(_("numerator"), default=0)
    denominator = models.BigIntegerField(_("denominator"), default=0)

    class Meta:
        verbose_name = _("indicator fact")
        verbose_name_plural = _("indicator facts")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "period", "indicator", "breakdown", "key"],
                name="one_fact_per_cell",
            )
        ]
        indexes = [
            models.Index(fields=["period", "indicator", "breakdown"], name="fact_period_code"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.breakdown}={self.key}"


class FactState(models.Model):
    """When the facts of one unit and one period were last written (a row per pair)."""

    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255, db_index=True, editable=False)
    period = models.CharField(max_length=32)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("fact refresh")
        verbose_name_plural = _("fact refreshes")
        constraints = [
            models.UniqueConstraint(fields=["location", "period"], name="one_state_per_cell")
        ]
        indexes = [models.Index(fields=["period", "path"], name="factstate_period_path")]

    def __str__(self) -> str:
        return f"{self.location_id} {self.period} {self.refreshed_at:%d/%m/%Y %H:%M}"


class DirtyMark(models.Model):
    """The facts of ``location`` for every period ending on or after ``since`` must be
    recounted: written in the same transaction as the change, removed by the refresh that
    counted it (append-only, so two changes never fight over one row)."""

    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255, db_index=True, editable=False)
    since = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("figures to recount")
        verbose_name_plural = _("figures to recount")
        indexes = [models.Index(fields=["location", "id"], name="dirtymark_location")]

    def __str__(self) -> str:
        return f"{self.location_id} ≥ {self.since:%d/%m/%Y}"


class Comparison(models.TextChoices):
    BELOW = "lt", _("below")
    AT_MOST = "le", _("at most")
    AT_LEAST = "ge", _("at least")
    ABOVE = "gt", _("above")


class Target(models.Model):
    """A target a plan set for an indicator, a place and a period or range of periods
    (chỉ tiêu kế hoạch). A place without its own target takes its nearest parent's."""

    indicator = models.CharField(_("indicator"), max_length=40)
    location = models.ForeignKey(
        "locations.Location", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    comparison = models.CharField(_("comparison"), max_length=2, choices=Comparison.choices)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    plan_number = models.CharField(_("plan number"), max_length=60)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "path", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="target_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.get_comparison_display()} {self.value} ({self.plan_number})"

    def save(self, *args, **kwargs):
        self.path = self.location.path
        super().save(*args, **kwargs)

    def audit_location_path(self) -> str:
        return self.path

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        indicator = definitions.BY_CODE.get(self.indicator)
        if indicator is None:
            errors["indicator"] = [_("Choose an indicator from the list.")]
        elif (
            indicator.unit == definitions.PERCENT
            and self.value is not None
            and not (Decimal(0) <= self.value <= Decimal(100))
        ):
            errors["value"] = [
                _("A percentage target must lie between 0 and 100. Correct the figure.")
            ]
        elif self.value is not None and self.value < 0:
            errors["value"] = [_("A target cannot be negative. Correct the figure.")]
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = [
                _("The target's period ends before it starts. Check the start and end dates.")
            ]
        if not (self.plan_number or "").strip():
            errors["plan_number"] = [
                _("Enter the number of the plan that set this target, e.g. 224/KH-UBND.")
            ]
        if errors:
            raise ValidationError(errors)

    def is_met_by(self, value: Decimal) -> bool:
        return {
            Comparison.BELOW: value < self.value,
            Comparison.AT_MOST: value <= self.value,
            Comparison.AT_LEAST: value >= self.value,
            Comparison.ABOVE: value > self.value,
        }[self.comparison]
