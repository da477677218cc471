"""The Django admin, audited: every change made there is an audit event like any other.

The admin is the national administrators' back office (superusers only): it bypasses the area
scoping of the pages, so it must at least leave the same trace. ``AuditedAdminSite`` gives every
ModelAdmin registered on it (ours, Django's and third-party apps') the ``AuditedModelAdmin``
hooks, so no registration can forget them, and runs each admin request that writes in one
transaction, so a change and its audit rows commit or roll back together.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import admin
from django.db import models, transaction

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def audit_snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete fields (secrets dropped) plus the ids of every many-to-many relation, sorted."""
    data = snapshot(obj)
    if obj.pk is None:
        return data
    for field in obj._meta.many_to_many:
        data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def _stored(obj: models.Model) -> models.Model | None:
    """The row as the database holds it (the admin form has already changed ``obj``)."""
    if obj.pk is None:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def _note(message: Any) -> str:
    text = message if isinstance(message, str) else str(message or "")
    return f"admin: {text}" if text and text != "[]" else "admin"


class AuditedModelAdmin(admin.ModelAdmin):
    """Hooks that write an audit event for every add, change and delete made in the admin.

    Before-snapshots are read from the database when the admin saves (the form has by then
    already written into the instance); after-snapshots are taken once related objects and
    many-to-many fields are saved (``log_addition``/``log_change`` run after ``save_related``).
    """

    def save_model(self, request, obj, form, change):
        stored = _stored(obj) if change else None
        obj._audit_before = audit_snapshot(stored) if stored is not None else None
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        record(
            request.user, AuditAction.CREATE, obj, after=audit_snapshot(obj), note=_note(message)
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        # Views that save without save_model (the admin's password form) have no before; the
        # snapshot never holds the password hash, so the event says only that it happened.
        before = getattr(obj, "_audit_before", None)
        record(
            request.user,
            AuditAction.UPDATE,
            obj,
            before=before,
            after=audit_snapshot(obj),
            note=_note(message),
        )
        obj.__dict__.pop("_audit_before", None)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        # Called before the deletion, by the delete page and the bulk "delete selected" action.
        for obj in queryset:
            record(request.user, AuditAction.DELETE, obj, before=audit_snapshot(obj), note="admin")
        return super().log_deletions(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows (a user's role assignments): each add, change and delete is audited."""
        originals: dict[int, tuple[Any, dict[str, Any]]] = {}
        for inline_form in formset.initial_forms:
            stored = _stored(inline_form.instance)
            if stored is not None:
                originals[id(inline_form.instance)] = (stored.pk, audit_snapshot(stored))
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(request.user, AuditAction.CREATE, obj, after=audit_snapshot(obj), note="admin")
        for obj, _changed in formset.changed_objects:
            before = originals.get(id(obj), (None, None))[1]
            record(
                request.user,
                AuditAction.UPDATE,
                obj,
                before=before,
                after=audit_snapshot(obj),
                note="admin",
            )
        for obj in formset.deleted_objects:
            pk, before = originals.get(id(obj), (None, None))
            record(
                request.user,
                AuditAction.DELETE,
                obj,
                object_id=str(pk),
                before=before,
                note="admin",
            )


class AuditedAdminSite(admin.AdminSite):
    """The project's admin site: superusers only, every model admin audited, writes atomic."""

    site_header = "baovetreem"
    site_title = "baovetreem"

    def has_permission(self, request):
        # The admin ignores area scoping (restrict()); only national administrators get in, and
        # role permissions given to staff accounts never open it.
        return request.user.is_active and request.user.is_superuser

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(
                admin_class.__name__,
                (AuditedModelAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def atomic_view(request, *args, **kwargs):
            if request.method in SAFE_METHODS:
                return inner(request, *args, **kwargs)
            with transaction.atomic():
                return inner(request, *args, **kwargs)

        return atomic_view
