"""Case management (quản lý trường hợp, Nghị định 56/2017 Chương III): reports, cases, history.

A case is narrower than the register: ``Case.objects.visible_to(user)`` is the one rule deciding
who reaches it (assigned users, holders of ``cases.view_all_case`` on its location, and the
hotline operator who received the report, for the report only).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baovetreem.core.models import CopiedScopePath, scope_q, user_can_at

PARENT_OR_CARER = {"father", "mother", "carer"}
EMERGENCY_HOURS = 12  # NĐ 56/2017 Đ.26 k.3: emergency intervention within 12 hours of receipt


class Channel(models.TextChoices):
    HOTLINE_111 = "hotline_111", _("National hotline 111")
    OTHER_HOTLINE = "other_hotline", _("Other hotline")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    SCHOOL = "school", _("School")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health facility")
    PRESS = "press", _("Press")
    COLLABORATOR = "collaborator", _("Village collaborator")
    SELF_REPORT = "self_report", _("The child themself")
    OTHER = "other", _("Other")


class Classification(models.TextChoices):
    ABUSED = "abused", _("Abused")
    AT_RISK_VIOLENCE = "at_risk_violence", _("At risk of violence")
    EXPLOITATION = "exploitation", _("Exploited")
    ABANDONMENT = "abandonment", _("Abandoned")
    SPECIAL_CIRCUMSTANCE = "special_circumstance", _("Child in special circumstances")


class ReportSex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class SuspectedRelationship(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    CARER = "carer", _("Carer")
    RELATIVE = "relative", _("Relative")
    TEACHER = "teacher", _("Teacher")
    NEIGHBOUR = "neighbour", _("Neighbour")
    STRANGER = "stranger", _("Stranger")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified")
    INITIAL_ASSESSMENT = "initial_assessment", _("Initial risk assessment")
    EMERGENCY = "emergency", _("Emergency intervention")
    DETAILED_ASSESSMENT = "detailed_assessment", _("Detailed assessment")
    PLANNING = "planning", _("Support plan")
    # Sent back by the supervisor with a reason: the worker records the plan again, within the
    # deadline that already ran (NĐ 56/2017 Art. 28.1).
    RETURNED = "returned", _("Plan returned for revision")
    APPROVED = "approved", _("Plan approved")
    IMPLEMENTING = "implementing", _("Implementing the plan")
    REVIEW = "review", _("Review")
    CLOSED = "closed", _("Closed")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class AssignmentRole(models.TextChoices):
    WORKER = "worker", _("Case worker")
    SUPERVISOR = "supervisor", _("Supervisor")


class Report(models.Model):
    """A report received about a child (báo cáo tiếp nhận thông tin trẻ em, Mẫu 01)."""

    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.ForeignKey(
        "locations.Location",
        verbose_name=_("where the child is"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    classification = models.CharField(
        _("the child is"), max_length=24, choices=Classification.choices
    )
    child = models.ForeignKey(
        "registry.Child",
        verbose_name=_("child in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    child_name = models.CharField(_("child's name"), max_length=150, blank=True)
    child_date_of_birth = models.DateField(_("child's date of birth"), null=True, blank=True)
    child_estimated_age = models.PositiveSmallIntegerField(
        _("estimated age"), null=True, blank=True, validators=[MaxValueValidator(17)]
    )
    child_sex = models.CharField(
        _("child's sex"), max_length=8, choices=ReportSex.choices, default=ReportSex.UNKNOWN
    )
    incident_place = models.CharField(_("where it happened"), max_length=255, blank=True)
    what_happened = models.TextField(_("what happened"))
    current_condition = models.TextField(_("the child's current condition"), blank=True)
    likely_consequence = models.TextField(_("likely consequence without help"), blank=True)
    father_name = models.CharField(_("father's name"), max_length=150, blank=True)
    father_age = models.PositiveSmallIntegerField(_("father's age"), null=True, blank=True)
    father_occupation = models.CharField(_("father's occupation"), max_length=150, blank=True)
    mother_name = models.CharField(_("mother's name"), max_length=150, blank=True)
    mother_age = models.PositiveSmallIntegerField(_("mother's age"), null=True, blank=True)
    mother_occupation = models.CharField(_("mother's occupation"), max_length=150, blank=True)
    family_circumstances = models.TextField(_("family circumstances"), blank=True)
    current_carer = models.CharField(_("current carer"), max_length=255, blank=True)
    suspected_person = models.CharField(_("suspected person"), max_length=255, blank=True)
    suspected_relationship = models.CharField(
        _("suspected person's relationship to the child"),
        max_length=12,
        choices=SuspectedRelationship.choices,
        default=SuspectedRelationship.UNKNOWN,
    )
    actions_taken = models.TextField(_("actions already taken"), blank=True)
    reporter_consent = models.BooleanField(
        _("the reporter agrees to give their contact"), default=False
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    reporter_address = models.CharField(_("reporter's address"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.received_at:%d/%m/%Y %H:%M} — {self.get_classification_display()}"

    @property
    def child_display_name(self) -> str:
        if self.child_id:
            return self.child.full_name
        return self.child_name or str(_("Name unknown"))

    def child_name_for(self, *, full: bool) -> str:
        """The child's name as a reader sees it: the register's name to who reads the whole
        file; who reads only the report (the hotline operator who received it, a commune a
        transfer is offered to) sees what the report says, never the register."""
        if full:
            return self.child_display_name
        return self.child_name or str(_("Name unknown"))

    @property
    def suspect_is_parent_or_carer(self) -> bool:
        return self.suspected_relationship in PARENT_OR_CARER


def emergency_due_soon_q(now: dt.datetime) -> Q:
    """Among open cases: an emergency intervention needed, not made, due in the next 12 hours
    (also the home card's aggregate filter, hence a condition of its own)."""
    return Q(
        emergency_needed=True,
        intervened_at__isnull=True,
        emergency_due_at__gte=now,
        emergency_due_at__lt=now + dt.timedelta(hours=EMERGENCY_HOURS),
    )


class CaseQuerySet(models.QuerySet):
    """Cases, and the one rule deciding who reaches them."""

    def _paths_q(self, user, perm: str, field: str = "scope_path") -> Q | None:
        return scope_q(user, perm, field, connections[self.db].vendor)

    def visible_to(self, user, *, full: bool = False, glass: bool = True) -> CaseQuerySet:
        """Cases ``user`` may open: assigned, view-all on the location, opened by breaking the
        glass (for 24 hours), received (report only) or offered to their commune by a pending
        transfer (report only).

        With ``full=True``, only those whose whole file (assessments, plans, history) they may
        read: the hotline operator who received a report sees the report, not the case file.
        With ``glass=False``, not those opened by breaking the glass either.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        conditions: list[Q] = []
        view_all = self._paths_q(user, "cases.view_all_case")
        if view_all is not None:
            conditions.append(view_all)
        assigned_scope = self._paths_q(user, "cases.view_case")
        if assigned_scope is not None:
            assigned = CaseAssignment.objects.filter(user=user).values("case_id")
            conditions.append(assigned_scope & Q(pk__in=assigned))
        glass_scope = self._paths_q(user, "cases.break_glass_case") if glass else None
        if glass_scope is not None:
            opened = BreakGlassAccess.objects.filter(
                user=user, expires_at__gt=timezone.now()
            ).values("case_id")
            conditions.append(glass_scope & Q(pk__in=opened))
        if not full:
            received_scope = self._paths_q(user, "cases.view_received_report")
            if received_scope is not None:
                conditions.append(received_scope & Q(report__received_by=user))
            offered = CaseTransfer.objects.offered_to(user)
            if not offered.query.is_empty():
                conditions.append(Q(pk__in=offered.values("case_id")))
        if not conditions:
            return self.none()
        condition = conditions[0]
        for other in conditions[1:]:
            condition |= other
        return self.filter(condition)

    def break_glass_candidate(self, user, pk: int) -> Case | None:
        """The case ``pk`` if ``user`` may open it by breaking the glass (holds the right at its
        location) and cannot open it otherwise; None for everyone else (they get a 404)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        scope = self._paths_q(user, "cases.break_glass_case")
        if scope is None:
            return None
        return self.filter(scope, pk=pk).first()

    def worked_on_by(self, user) -> CaseQuerySet:
        """Cases ``user`` may change (steps, files, referrals): assigned or view-all on the
        location. Breaking the glass opens a case for reading only."""
        return self.visible_to(user, full=True, glass=False)

    def open(self) -> CaseQuerySet:
        return self.exclude(state=CaseState.CLOSED)

    def emergency_due_soon(self, now: dt.datetime) -> CaseQuerySet:
        """Open cases whose emergency intervention is due within 12 hours and not yet late."""
        return self.open().filter(emergency_due_soon_q(now))

    def emergency_running(self) -> CaseQuerySet:
        """Open cases whose emergency intervention is needed and not made, late or not."""
        return self.open().filter(emergency_needed=True, intervened_at__isnull=True)

    def assigned_to(self, user) -> CaseQuerySet:
        """Cases ``user`` is assigned to (the worker's queue)."""
        return self.filter(pk__in=CaseAssignment.objects.filter(user=user).values("case_id"))

    def overdue(self, now: dt.datetime) -> CaseQuerySet:
        """Open cases past a legal deadline: emergency not met in 12 h, plan not approved."""
        emergency_late = Q(
            emergency_needed=True, intervened_at__isnull=True, emergency_due_at__lt=now
        )
        plan_late = Q(approved_at__isnull=True, plan_due_at__lt=now)
        return self.open().filter(emergency_late | plan_late)


class Case(CopiedScopePath):
    """A case (trường hợp) opened from one report and followed until it is closed."""

    report = models.OneToOneField(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="case"
    )
    code = models.CharField(_("case number"), max_length=20, unique=True)
    location = models.ForeignKey(
        "locations.Location", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    child = models.ForeignKey(
        "registry.Child",
        verbose_name=_("child in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=CaseState.choices,
        default=CaseState.RECEIVED,
        db_index=True,
    )
    risk_level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    emergency_needed = models.BooleanField(_("emergency intervention needed"), default=False)
    emergency_due_at = models.DateTimeField(_("emergency intervention due"))
    intervened_at = models.DateTimeField(_("intervened at"), null=True, blank=True)
    plan_due_at = models.DateTimeField(_("support plan due"))
    approved_at = models.DateTimeField(_("plan approved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    separation_started_at = models.DateTimeField(
        _("temporary separation started at"), null=True, blank=True
    )
    separation_ends_at = models.DateTimeField(
        _("temporary separation ends at"), null=True, blank=True, db_index=True
    )
    # The first time someone who works on the case opened it; a report nobody opens within an
    # hour of receipt is escalated once to the commune's supervisors (``escalated_at``).
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    objects = CaseQuerySet.as_manager()
    scope_path_from = "location"

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-id"]
        permissions = [
            ("view_all_case", "Can view every case of the area"),
            ("view_received_report", "Can view the reports they received"),
            ("verify_case", "Can verify a report"),
            ("assess_case", "Can assess the risk"),
            ("intervene_case", "Can record an emergency intervention"),
            ("plan_case", "Can draft and carry out a support plan"),
            ("approve_case", "Can approve a support plan"),
            ("review_case", "Can review a case"),
            ("close_case", "Can close a case"),
            ("break_glass_case", "Can open a case outside their assignments, giving a reason"),
        ]
        indexes = [models.Index(fields=["state", "plan_due_at"], name="case_state_plan_due")]

    def __str__(self) -> str:
        return self.code

    @property
    def emergency_running(self) -> bool:
        """Whether the 12-hour emergency deadline runs: needed, not met, case open."""
        return self.state != CaseState.CLOSED and self.emergency_needed and not self.intervened_at

    @property
    def plan_running(self) -> bool:
        """Whether the support-plan deadline runs: plan not approved, case open."""
        return self.state != CaseState.CLOSED and self.approved_at is None

    def emergency_overdue(self, now: dt.datetime) -> bool:
        return (
            self.state != CaseState.CLOSED
            and self.emergency_needed
            and self.intervened_at is None
            and self.emergency_due_at < now
        )

    def plan_overdue(self, now: dt.datetime) -> bool:
        return (
            self.state != CaseState.CLOSED and self.approved_at is None and self.plan_due_at < now
        )

    def is_overdue(self, now: dt.datetime) -> bool:
        """Past a legal deadline (same rule as ``Case.objects.overdue``)."""
        return self.emergency_overdue(now) or self.plan_overdue(now)

    def has_full_access(self, user) -> bool:
        """Whether ``user`` may read the whole file, not only the report they received."""
        return self.may_work_on(user) or self.has_open_break_glass(user)

    def may_work_on(self, user) -> bool:
        """Whether ``user`` may change the case: assigned to it or view-all on its location
        (same rule as ``Case.objects.worked_on_by``); breaking the glass only lets one read."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser or user_can_at(user, "cases.view_all_case", self.scope_path):
            return True
        return (
            user_can_at(user, "cases.view_case", self.scope_path)
            and self.assignments.filter(user=user).exists()
        )

    def has_open_break_glass(self, user) -> bool:
        """Whether ``user`` broke the glass on this case less than 24 hours ago."""
        return (
            user_can_at(user, "cases.break_glass_case", self.scope_path)
            and self.break_glass.filter(user=user, expires_at__gt=timezone.now()).exists()
        )


class CaseAssignment(models.Model):
    """A user assigned to a case (phân công), as its worker or its supervisor."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="case_assignments",
    )
    role = models.CharField(_("role"), max_length=12, choices=AssignmentRole.choices)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("case assignment")
        verbose_name_plural = _("case assignments")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_assignment_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.user} ({self.get_role_display()})"

    def audit_location_path(self) -> str:
        return self.case.scope_path


class HistoryIsFinal(Exception):
    """Raised when code tries to change or delete a recorded transition."""


class CaseTransitionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsFinal("case history cannot be changed")

    def delete(self):
        raise HistoryIsFinal("case history cannot be deleted")


class CaseTransition(models.Model):
    """One step of a case (bước xử lý) with the content of its form (Mẫu 02-06); never edited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=20, choices=CaseState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=CaseState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    data = models.JSONField(_("form content"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = CaseTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise HistoryIsFinal("case history cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsFinal("case history cannot be deleted")


class BreakGlassAccess(models.Model):
    """An emergency opening of a case by someone outside it (truy cập khẩn cấp), with a reason.

    It grants access for ``BREAK_GLASS_HOURS`` and is shown to the case's supervisors.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_expires")]

    def __str__(self) -> str:
        return f"{self.case} — {self.user} ({self.at:%d/%m/%Y %H:%M})"

    def audit_location_path(self) -> str:
        return self.case.scope_path


class AlertKind(models.TextChoices):
    EMERGENCY_OVERDUE = "emergency_overdue", _("Emergency intervention overdue")
    PLAN_OVERDUE = "plan_overdue", _("Support plan overdue")
    SEPARATION_ENDING = "separation_ending", _("Temporary separation ending")
    REVIEW_DUE = "review_due", _("Review due")
    NEW_REPORT = "new_report", _("New report")
    ASSIGNED = "assigned", _("Assigned to you")
    REPORT_UNOPENED = "report_unopened", _("Report not opened within an hour")
    PLAN_RETURNED = "plan_returned", _("Support plan returned")


class Alert(models.Model):
    """An in-app alert (cảnh báo) to a user about a case (a deadline, a new report, an
    assignment, a returned plan); one per kind while unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="case_alerts",
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    message = models.CharField(_("message"), max_length=500)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "case", "kind"],
                condition=Q(read_at__isnull=True),
                name="one_unread_alert_per_kind",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="alert_user_read")]

    def __str__(self) -> str:
        return f"{self.case} — {self.get_kind_display()}"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class CaseTransferQuerySet(models.QuerySet):
    def offered_to(self, user) -> CaseTransferQuerySet:
        """Pending transfers to a commune where ``user`` sees every case (they answer them)."""
        pending = self.filter(status=TransferStatus.REQUESTED)
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return pending
        vendor = connections[self.db].vendor
        condition = scope_q(user, "cases.view_all_case", "to_path", vendor)
        return pending.filter(condition) if condition is not None else self.none()


class CaseTransfer(models.Model):
    """A case moved to another commune when the child moves (chuyển trường hợp), once accepted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers")
    from_location = models.ForeignKey(
        "locations.Location", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_location = models.ForeignKey(
        "locations.Location", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    to_path = models.CharField(max_length=255, editable=False, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.REQUESTED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = CaseTransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="requested"),
                name="one_pending_transfer_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_location} → {self.to_location}"

    def save(self, *args, **kwargs):
        self.to_path = self.to_location.path
        super().save(*args, **kwargs)

    def audit_location_path(self) -> str:
        return self.to_path


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name under "case-attachments/": the original name is kept only in the row."""
    import uuid

    return f"case-attachments/{instance.case_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A photo or scan attached to a case (tệp đính kèm), served only through the scoped view."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def audit_location_path(self) -> str:
        return self.case.scope_path


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class GroupProposal(models.Model):
    """A special-circumstance group a case confirmed, proposed for the child's registry record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="group_proposals")
    child = models.ForeignKey(
        "registry.Child", verbose_name=_("child"), on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "registry.Group", verbose_name=_("group"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("group proposal")
        verbose_name_plural = _("group proposals")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "group"],
                condition=Q(status="pending"),
                name="one_pending_proposal_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.group}"

    def audit_location_path(self) -> str:
        return self.case.scope_path
