"""Users, roles and role assignments scoped to a subtree of administrative units."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, Permission
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baovetreem.core.models import ScopedQuerySet, TimestampedModel


class UserQuerySet(ScopedQuerySet):
    pass


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in (người dùng). What they reach comes from their role assignments."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)

    objects = UserManager()
    scope_path_field = "role_assignments__location__path"
    scope_path_is_multi = True

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def _grants(self) -> list[tuple[str, str]]:
        """(location path, "app.codename") for every permission of every assignment, cached."""
        cached = getattr(self, "_grant_cache", None)
        if cached is None:
            rows = (
                RoleAssignment.objects.filter(user=self, role__is_active=True)
                .values_list(
                    "location__path",
                    "role__permissions__content_type__app_label",
                    "role__permissions__codename",
                )
                .order_by()
            )
            cached = [(path, f"{app}.{code}") for path, app, code in rows if code]
            self._grant_cache = cached
        return cached

    def scope_paths(self, perm: str) -> list[str]:
        """Location paths under which this user holds ``perm`` ("app.action_model")."""
        if not self.is_active:
            return []
        return sorted({path for path, p in self._grants() if p == perm})

    def role_permissions(self) -> set[str]:
        """Every permission this user holds somewhere, whatever the location."""
        return {p for _, p in self._grants()}

    def audit_location_path(self) -> str:
        first = self.role_assignments.order_by("location__path").first()
        return first.location.path if first else ""

    def clear_grant_cache(self) -> None:
        self.__dict__.pop("_grant_cache", None)


class Role(models.Model):
    """A named set of permissions (vai trò) shipped as data; see ``roles.ROLE_DEFINITIONS``."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    permissions = models.ManyToManyField(Permission, verbose_name=_("permissions"), blank=True)
    levels = models.JSONField(
        _("levels where it may be assigned"), default=list, help_text="province/commune/village"
    )
    grantable_roles = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("roles it may grant")
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        if self.name_en and get_language() == "en":
            return self.name_en
        return self.name


class RoleAssignment(TimestampedModel):
    """A role held by a user on one unit and everything below it (phân quyền theo địa bàn)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, verbose_name=_("role"))
    location = models.ForeignKey(
        "locations.Location", on_delete=models.PROTECT, verbose_name=_("area")
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "location"], name="unique_role_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.location}"

    def audit_location_path(self) -> str:
        return self.location.path


class ApiToken(models.Model):
    """A token for integrations (API); only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, label: str = "") -> tuple[ApiToken, str]:
        """Create a token; the clear key is returned once and never stored."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, prefix=key[:8], key_hash=cls.hash(key), label=label)
        return token, key

    @classmethod
    def authenticate(cls, key: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash(key), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class NoticeKind(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("Password reset")
    DEACTIVATED = "deactivated", _("Account deactivated")
    REACTIVATED = "reactivated", _("Account reactivated")
    DETAILS_CHANGED = "details_changed", _("Account details changed")
    ROLE_GIVEN = "role_given", _("Role given")
    ROLE_WITHDRAWN = "role_withdrawn", _("Role withdrawn")
    ADMIN_CHANGED = "admin_changed", _("Changed through the administration site")
    TOKEN_ISSUED = "token_issued", _("API token issued")


class AccountNotice(models.Model):
    """A change someone else made to a user's account, told to that user (thông báo tài khoản).

    Shown at sign-in, on the home page and on the profile page until read, and e-mailed when the
    user has an address, so that an unexpected change is noticed by the person it affects.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_notices", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written at the time: the actor may be renamed or deleted later.
    actor_name = models.CharField(_("changed by"), max_length=320)
    details = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account notice")
        verbose_name_plural = _("account notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="accountnotice_unread")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"

    def message(self) -> str:
        """What changed, when and by whom, in the active language."""
        from django.utils.formats import date_format

        details = self.details
        if self.kind in (NoticeKind.DETAILS_CHANGED, NoticeKind.ADMIN_CHANGED) and details:
            details = ", ".join(_field_label(name) for name in details.split(","))
        return str(NOTICE_SENTENCES[self.kind]) % {
            "when": date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT"),
            "actor": self.actor_name,
            "details": details,
        }

    @staticmethod
    def contact() -> str:
        """Whom to tell when the change was not expected (ACCOUNT_NOTICE_CONTACT, or a default)."""
        from django.conf import settings

        whom = getattr(settings, "ACCOUNT_NOTICE_CONTACT", "") or _(
            "the system administrator or the auditor of your province"
        )
        return _(
            "If you did not expect this change, tell %(whom)s at once: they can check the "
            "audit log and lock the account."
        ) % {"whom": whom}


NOTICE_SENTENCES = {
    NoticeKind.PASSWORD_RESET: _("On %(when)s, %(actor)s set a new password for your account."),
    NoticeKind.DEACTIVATED: _("On %(when)s, %(actor)s deactivated your account."),
    NoticeKind.REACTIVATED: _("On %(when)s, %(actor)s reactivated your account."),
    NoticeKind.DETAILS_CHANGED: _(
        "On %(when)s, %(actor)s changed the details of your account: %(details)s."
    ),
    NoticeKind.ROLE_GIVEN: _("On %(when)s, %(actor)s gave your account the role %(details)s."),
    NoticeKind.ROLE_WITHDRAWN: _(
        "On %(when)s, %(actor)s withdrew the role %(details)s from your account."
    ),
    NoticeKind.ADMIN_CHANGED: _(
        "On %(when)s, %(actor)s changed your account through the administration site: %(details)s."
    ),
    NoticeKind.TOKEN_ISSUED: _(
        "On %(when)s, %(actor)s issued an API token for your account (%(details)s): a program "
        "holding it acts in your name."
    ),
}


def _field_label(name: str) -> str:
    """A user field's name as people call it ("email" → "thư điện tử"); unknown names as is."""
    try:
        field = User._meta.get_field(name.strip())
    except FieldDoesNotExist:  # a field renamed since an old notice was written
        return name.strip()
    if field.is_relation and field.auto_created:  # a reverse relation: role assignments
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)
