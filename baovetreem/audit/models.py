"""The audit log: an append-only record of who did what to which record, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from baovetreem.core.models import ScopedQuerySet

# What a list or search read stores (audit.services.record_read), as the event page names it.
READ_KEY_LABELS = {
    "filters": _("Filters"),
    "shown": _("Records shown"),
    "total": _("Records found"),
    "ids": _("Identifiers of the records shown"),
}


class AuditAction(models.TextChoices):
    VIEW = "view", _("View")
    LIST = "list", _("List or search")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    PRINT = "print", _("Print")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    LOCKED_OUT = "locked_out", _("Locked out")
    BREAK_GLASS = "break_glass", _("Emergency access")


class ImmutableAuditError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise ImmutableAuditError("audit events cannot be changed")

    def delete(self):
        raise ImmutableAuditError("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One audited action (nhật ký truy cập và thay đổi), written in the transaction it describes.

    ``location_path`` is the path of the unit the object belonged to at the time, so an auditor
    sees exactly the events of their own subtree.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    location_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEventQuerySet.as_manager()
    scope_path_field = "location_path"

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        permissions = [("export_auditevent", "Can export audit events")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableAuditError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableAuditError("audit events cannot be deleted")

    @property
    def object_type_label(self) -> str:
        """The object's type as people call it ("thôn", "người dùng"), not "app.model"."""
        from django.apps import apps

        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type

    def field_label(self, key: str) -> str:
        """A stored key as the pages name it: the model field's verbose name, else the key."""
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        if key in READ_KEY_LABELS and self.action == AuditAction.LIST:
            return str(READ_KEY_LABELS[key])
        try:
            field = apps.get_model(self.object_type)._meta.get_field(key)
        except (LookupError, ValueError, FieldDoesNotExist):
            return key
        return capfirst(str(getattr(field, "verbose_name", key)))

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [
            (self.field_label(k), before.get(k), after.get(k))
            for k in keys
            if before.get(k) != after.get(k)
        ]
