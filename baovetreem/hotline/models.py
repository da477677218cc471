"""Hotline intake (tổng đài): every call received, and the daily press review (điểm báo).

A contact counts in the reports whether or not it becomes a case; only some open a report
(Mẫu 01) through ``services.create_report_from_contact``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baovetreem.core.models import CopiedScopePath, ScopedManager, TimestampedModel
from baovetreem.core.text import normalize_name


class TopicCategory(models.Model):
    """A topic of a call (nhóm vấn đề), on two levels: a group (no parent) and its topics."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.parent_id is None


class Line(models.TextChoices):
    NATIONAL_111 = "111", _("National hotline 111")
    PROVINCIAL = "provincial", _("Provincial hotline")
    OTHER = "other", _("Other line")


class CallerType(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent or carer")
    RELATIVE = "relative", _("Relative")
    NEIGHBOUR = "neighbour", _("Neighbour")
    TEACHER = "teacher", _("Teacher")
    OFFICIAL = "official", _("Official")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class CallerSex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class AgeBand(models.TextChoices):
    UNDER_6 = "0-5", _("Under 6")
    AGE_6_10 = "6-10", _("6 to 10")
    AGE_11_15 = "11-15", _("11 to 15")
    AGE_16_17 = "16-17", _("16 to 17")
    ADULT = "18+", _("Adult")
    UNKNOWN = "unknown", _("Unknown")


class Outcome(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    INFORMATION = "information", _("Information given")
    REFERRAL = "referral", _("Referred")
    REPORT_CREATED = "report_created", _("Report created")
    DROPPED = "dropped", _("Dropped or silent")


class FollowUp(models.TextChoices):
    NONE = "none", _("Not followed up yet")
    REPORT_CREATED = "report_created", _("Report created")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class LocatedModel(CopiedScopePath, TimestampedModel):
    """A row about a province or commune, scoped by that unit's path."""

    location = models.ForeignKey(
        "locations.Location",
        verbose_name=_("province or commune concerned"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedManager()
    scope_path_from = "location"

    class Meta:
        abstract = True


class Contact(LocatedModel):
    """A call or contact received by the hotline (cuộc gọi, liên hệ đến tổng đài)."""

    received_at = models.DateTimeField(_("received at"), db_index=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    line = models.CharField(
        _("line"), max_length=12, choices=Line.choices, default=Line.NATIONAL_111
    )
    caller_type = models.CharField(
        _("caller"), max_length=12, choices=CallerType.choices, default=CallerType.UNKNOWN
    )
    caller_sex = models.CharField(
        _("caller's sex"), max_length=8, choices=CallerSex.choices, default=CallerSex.UNKNOWN
    )
    caller_age_band = models.CharField(
        _("caller's age"), max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    topic = models.ForeignKey(
        TopicCategory,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="contacts",
        limit_choices_to={"parent__isnull": False},
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_normalized = models.TextField(editable=False, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("hotline contact")
        verbose_name_plural = _("hotline contacts")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["scope_path", "received_at"], name="contact_scope_time")]

    def __str__(self) -> str:
        received = timezone.localtime(self.received_at)
        return f"{received:%d/%m/%Y %H:%M} — {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("hotline:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.summary_normalized = normalize_name(self.summary)
        super().save(*args, **kwargs)

    @property
    def duration_display(self) -> str:
        minutes, seconds = divmod(self.duration_seconds or 0, 60)
        return f"{minutes}:{seconds:02d}"


class PressItem(LocatedModel):
    """A news item about a child found in the daily press review (điểm báo)."""

    published_on = models.DateField(_("published on"), db_index=True)
    outlet = models.CharField(_("newspaper or site"), max_length=150)
    url = models.URLField(_("link"), max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=16, choices=FollowUp.choices, default=FollowUp.NONE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("press item")
        verbose_name_plural = _("press items")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.published_on:%d/%m/%Y} {self.outlet}: {self.title}"[:255]

    def get_absolute_url(self) -> str:
        return reverse("hotline:press_detail", args=[self.pk])
