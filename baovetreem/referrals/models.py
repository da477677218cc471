"""Services and referrals (dịch vụ, chuyển gửi): the directory of agencies that serve children,
referrals of a case to them with recorded consent, and the legal-aid follow-up of a case.

A provider filed at a province serves every commune under it; one filed at a commune serves that
commune. Referrals and follow-ups copy their case's location path, so they are scoped like it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baovetreem.core.models import (
    CopiedScopePath,
    ScopedQuerySet,
    TimestampedModel,
    collapse_paths,
    subtree_q,
)


def ancestor_paths(path: str) -> list[str]:
    """Every path from the root down to ``path`` itself: "/1/2/3/" → "/1/", "/1/2/", "/1/2/3/"."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class ProviderKind(models.TextChoices):
    HEALTH = "health", _("Health station or hospital")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid centre or lawyer")
    EDUCATION = "education", _("School or education")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance and welfare")
    POLICE = "police", _("Police")
    WOMENS_UNION = "womens_union", _("Women's Union")
    YOUTH_UNION = "youth_union", _("Youth Union")
    SHELTER = "shelter", _("Shelter or alternative care")
    OTHER = "other", _("Other")


class ServiceKind(models.TextChoices):
    """The services of a support plan (NĐ 56/2017 Đ.29) a child can be referred for."""

    HEALTH_CARE = "health_care", _("Health care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    EDUCATION = "education", _("Education or vocational training")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    NUTRITION = "nutrition", _("Nutrition support")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    ALTERNATIVE_CARE = "alternative_care", _("Alternative care")
    SAFETY = "safety", _("Protection and safety")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


class ServiceProviderQuerySet(ScopedQuerySet):
    """Providers, scoped by the location they are filed at."""

    def directory_for(self, user) -> ServiceProviderQuerySet:
        """Providers ``user`` may look up: those in their area and those above it that serve it
        (a commune officer sees the provincial hospital, not another commune's health station)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        paths = collapse_paths(user.scope_paths("referrals.view_serviceprovider"))
        if not paths:
            return self.none()
        vendor = connections[self.db].vendor
        condition = Q(scope_path__in={a for p in paths for a in ancestor_paths(p)})
        for path in paths:
            condition |= subtree_q("scope_path", path, vendor)
        return self.filter(condition)

    def serving(self, path: str) -> ServiceProviderQuerySet:
        """Active providers that serve the unit at ``path`` (filed at it or above it)."""
        return self.filter(is_active=True, scope_path__in=ancestor_paths(path))


class ServiceProvider(CopiedScopePath, TimestampedModel):
    """An agency or service provider of the directory (cơ quan, tổ chức cung cấp dịch vụ)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    location = models.ForeignKey(
        "locations.Location",
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A province-level provider serves every commune of the province."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    services = models.TextField(_("services offered"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ServiceProviderQuerySet.as_manager()
    scope_path_from = "location"

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def serves(self, path: str) -> bool:
        """Whether this provider serves the unit at ``path``."""
        return self.is_active and path.startswith(self.scope_path)


class Referral(CopiedScopePath, TimestampedModel):
    """A referral of a case's child to a provider (giới thiệu, chuyển gửi), with consent."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    service_kind = models.CharField(_("service"), max_length=24, choices=ServiceKind.choices)
    reason = models.TextField(_("reason for the referral"))
    requested_at = models.DateTimeField(_("sent at"))
    child_age = models.PositiveSmallIntegerField(
        _("child's age when referred"), null=True, blank=True
    )
    consent_child = models.BooleanField(_("the child agrees"), default=False)
    consent_carer = models.BooleanField(_("the parent or carer agrees"), default=False)
    consent_note = models.TextField(_("how consent was given"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        db_index=True,
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    feedback = models.TextField(_("feedback from the provider"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    support = models.ForeignKey(
        "registry.Support",
        verbose_name=_("support recorded in the register"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    support_note = models.CharField(_("note on the register"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_from = "case"

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_service_kind_display()} — {self.provider_id and self.provider.name}"


class LegalRole(models.TextChoices):
    IN_CONFLICT = "in_conflict", _("Child in conflict with the law")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")


class LegalAidFollowUp(CopiedScopePath, TimestampedModel):
    """Legal-aid follow-up of a case (theo dõi trợ giúp pháp lý): who assists, hearings, outcome."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="legal_aid_followups",
    )
    child_role = models.CharField(_("the child is"), max_length=12, choices=LegalRole.choices)
    provider = models.ForeignKey(
        ServiceProvider,
        verbose_name=_("legal-aid centre or law office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_followups",
    )
    lawyer_name = models.CharField(_("lawyer or legal-aid officer"), max_length=150, blank=True)
    started_on = models.DateField(_("assisted since"))
    outcome = models.TextField(_("outcome"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_path_from = "case"

    class Meta:
        verbose_name = _("legal-aid follow-up")
        verbose_name_plural = _("legal-aid follow-ups")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_child_role_display()} — {self.lawyer_name or self.provider or ''}"


class Hearing(models.Model):
    """A hearing or procedural date of a legal-aid follow-up (phiên tòa, buổi làm việc)."""

    follow_up = models.ForeignKey(
        LegalAidFollowUp, on_delete=models.CASCADE, related_name="hearings"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("court or place"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.purpose}".strip()

    def audit_location_path(self) -> str:
        return self.follow_up.scope_path
