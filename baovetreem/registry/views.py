"""Pages of the child register. Every query goes through restrict(); views stay thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baovetreem.audit.models import AuditAction
from baovetreem.audit.reads import filters_of, read_found, read_page
from baovetreem.audit.services import record
from baovetreem.core.forms import add_service_errors
from baovetreem.core.panels import panels
from baovetreem.registry import services
from baovetreem.registry.filters import apply_child_filters
from baovetreem.registry.forms import (
    ChildFilterForm,
    ChildForm,
    DeleteForm,
    EndMembershipForm,
    MeasurementForm,
    MembershipForm,
    MoveForm,
    StatusForm,
    SupportForm,
    VillageRegisterForm,
)
from baovetreem.registry.models import Child, GroupMembership
from baovetreem.registry.search import candidate_children, explain_matches, likely_duplicates

PAGE_SIZE = 50


def _open_memberships(day):
    return Prefetch(
        "memberships",
        queryset=GroupMembership.objects.filter(start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("group", "group__parent"),
        to_attr="open_memberships",
    )


def _scoped_child(request, pk: int, action: str = "view") -> Child:
    return get_object_or_404(
        Child.objects.restrict(request.user, action).select_related("village", "village__parent"),
        pk=pk,
    )


@login_required
@permission_required("registry.view_child", raise_exception=True)
def child_list(request):
    today = timezone.localdate()
    form = ChildFilterForm(request.GET or None, user=request.user)
    children = Child.objects.restrict(request.user, "view")
    if form.is_valid():
        children = apply_child_filters(children, form.cleaned_data, today, request.user)
    else:
        children = children.filter(status="living")
    children = children.select_related("village").prefetch_related(_open_memberships(today))
    page = read_page(
        request.user,
        children.order_by("name_normalized", "date_of_birth", "pk"),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        filters=filters_of(form, status="living"),
    )
    if form.is_valid() and form.cleaned_data.get("q"):
        # Say why a child matched when it was through a carer's or household head's name.
        explain_matches(list(page), form.cleaned_data["q"])
    template = "registry/_child_rows.html" if request.htmx else "registry/child_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "today": today,
            "can_add": request.user.has_perm("registry.add_child"),
            "can_export": request.user.has_perm("registry.export_child"),
        },
    )


@login_required
@permission_required("registry.export_child", raise_exception=True)
def register_print(request):
    """Choose the village or commune and the year of the printable register (sổ theo dõi trẻ
    em); the file is written in the background like the other exports."""
    return render(
        request, "registry/register_print.html", {"form": VillageRegisterForm(user=request.user)}
    )


@login_required
@permission_required("registry.view_child", raise_exception=True)
def child_detail(request, pk: int):
    today = timezone.localdate()
    child = _scoped_child(request, pk)
    record(request.user, AuditAction.VIEW, child)
    memberships = child.memberships.select_related("group", "group__parent", "verified_by")
    context = {
        "child": child,
        "today": today,
        "age": child.age_on(today),
        "memberships": memberships,
        "carers": child.carers.all(),
        "supports": child.supports.all()[:50],
        "measurements": child.measurements.all()[:20],
        "events": child.events.select_related("actor", "from_location", "to_location")[:100],
        "breadcrumbs": [*child.village.ancestors(), child.village],
        "can_change": Child.objects.restrict(request.user, "change").filter(pk=pk).exists(),
        "can_delete": Child.objects.restrict(request.user, "delete").filter(pk=pk).exists(),
        "membership_form": MembershipForm(),
        "support_form": SupportForm(initial={"received_on": today}),
        "measurement_form": MeasurementForm(initial={"measured_on": today}),
        # Sections that apps above the register add (the child's cases), for this user only.
        "panels": panels(request, "registry.child", child),
    }
    return render(request, "registry/child_detail.html", context)


@login_required
@permission_required("registry.add_child", raise_exception=True)
def child_create(request):
    form = ChildForm(request.POST or None, user=request.user)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The user saw the likely duplicates and confirmed that this is another child.
        if request.POST.get("confirm_new") != "on":
            duplicates = read_found(
                request.user,
                lambda: form.likely_duplicates(request.user),
                model=Child,
                filters={"full_name": data["full_name"], "date_of_birth": data["date_of_birth"]},
                shown=candidate_children,
                record_empty=False,
                note="likely duplicates",
            )
        if not duplicates:
            try:
                child = services.register_child(
                    request.user,
                    village=data["village"],
                    data=form.identity_data(),
                    carers=form.carers_data(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("village", str(exc))
            else:
                messages.success(request, _("%(name)s added to the register.") % {"name": child})
                return redirect("registry:child_detail", pk=child.pk)
    return render(
        request, "registry/child_form.html", {"form": form, "duplicates": duplicates, "new": True}
    )


@login_required
@permission_required("registry.view_child", raise_exception=True)
def duplicate_hint(request):
    """htmx: likely duplicates while the name and date of birth are typed."""
    from baovetreem.core.tabular import parse_date

    # The register's form and the case intake (child_*) both ask for hints.
    name = request.GET.get("full_name") or request.GET.get("child_name", "")
    try:
        born = parse_date(
            request.GET.get("date_of_birth") or request.GET.get("child_date_of_birth", "")
        )
    except ValueError:
        born = None
    found = []
    if len(name.strip()) >= 3:
        found = read_found(
            request.user,
            lambda: likely_duplicates(
                request.user, full_name=name, date_of_birth=born, name_alone=True
            ),
            model=Child,
            filters={"full_name": name, "date_of_birth": born},
            shown=candidate_children,
            record_empty=False,
            note="likely duplicates",
        )
    return render(request, "registry/_duplicates.html", {"duplicates": found, "hint": True})


@login_required
@permission_required("registry.change_child", raise_exception=True)
def child_edit(request, pk: int):
    child = _scoped_child(request, pk, "change")
    fields = {name: getattr(child, name) for name in services.CHILD_FIELDS}
    fields["version"] = child.version
    form = ChildForm(request.POST or None, initial=fields, user=request.user, editing=True)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_child(
                request.user,
                child,
                data=form.identity_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except services.ConcurrentEditError as exc:
            conflict = exc
            labels = {
                f.name: f.verbose_name
                for f in Child._meta.get_fields()
                if hasattr(f, "verbose_name")
            }
            conflict.rows = [(labels.get(n, n), old, new) for n, old, new in exc.changes]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("registry:child_detail", pk=child.pk)
    return render(
        request,
        "registry/child_form.html",
        {"form": form, "child": child, "conflict": conflict, "breadcrumbs": [child.village]},
    )


def _post_action(request, pk: int, form_class, action, success: str, **form_kwargs):
    """Run one POSTed form against a child in scope; errors come back as messages."""
    child = _scoped_child(request, pk, "change")
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            action(child, form.cleaned_data)
        except services.ImplausibleMeasurement as exc:
            for reason in exc.reasons:
                messages.warning(request, reason)
            messages.warning(
                request,
                _("Nothing was saved. Measure again; if the values are right, tick “I checked”."),
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, success)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("registry:child_detail", pk=child.pk)


@login_required
@require_POST
def membership_add(request, pk: int):
    return _post_action(
        request,
        pk,
        MembershipForm,
        lambda child, d: services.add_membership(
            request.user, child, group=d["group"], start_date=d["start_date"], source=d["source"]
        ),
        _("Group recorded."),
    )


@login_required
@require_POST
def membership_end(request, pk: int, membership_pk: int):
    child = _scoped_child(request, pk, "change")
    membership = get_object_or_404(GroupMembership, pk=membership_pk, child=child)
    return _post_action(
        request,
        pk,
        EndMembershipForm,
        lambda _child, d: services.end_membership(
            request.user, membership, end_date=d["end_date"], reason=d["reason"]
        ),
        _("Membership ended."),
    )


@login_required
@require_POST
def support_add(request, pk: int):
    return _post_action(
        request,
        pk,
        SupportForm,
        lambda child, d: services.record_support(request.user, child, **d),
        _("Support recorded."),
    )


@login_required
@require_POST
def measurement_add(request, pk: int):
    return _post_action(
        request,
        pk,
        MeasurementForm,
        lambda child, d: services.record_measurement(request.user, child, **d),
        _("Measurement recorded."),
    )


@login_required
@permission_required("registry.change_child", raise_exception=True)
def child_move(request, pk: int):
    child = _scoped_child(request, pk, "change")
    form = MoveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move_child(
                request.user,
                child,
                to=form.cleaned_data["to"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Move recorded."))
            if Child.objects.restrict(request.user, "view").filter(pk=moved.pk).exists():
                return redirect("registry:child_detail", pk=moved.pk)
            messages.info(
                request,
                _("The record now belongs to %(place)s.") % {"place": moved.village.full_name()},
            )
            return redirect("registry:child_list")
    return render(
        request,
        "registry/child_action.html",
        {"form": form, "child": child, "title": _("Record a move")},
    )


@login_required
@permission_required("registry.change_child", raise_exception=True)
def child_status(request, pk: int):
    child = _scoped_child(request, pk, "change")
    form = StatusForm(request.POST or None, initial={"status": child.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_status(request.user, child, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status recorded."))
            return redirect("registry:child_detail", pk=child.pk)
    return render(
        request,
        "registry/child_action.html",
        {"form": form, "child": child, "title": _("Change status")},
    )


@login_required
@permission_required("registry.delete_child", raise_exception=True)
def child_delete(request, pk: int):
    child = _scoped_child(request, pk, "delete")
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_child(request.user, child, reason=form.cleaned_data["reason"])
        messages.success(request, _("The record was deleted. An administrator can restore it."))
        return redirect("registry:child_list")
    return render(
        request,
        "registry/child_action.html",
        {"form": form, "child": child, "title": _("Delete this record"), "danger": True},
    )


@login_required
@permission_required("registry.delete_child", raise_exception=True)
def deleted_list(request):
    """Records deleted in the user's area, to restore a mistake (or, for administrators, purge)."""
    children = (
        Child.all_objects.restrict(request.user, "delete")
        .filter(deleted_at__isnull=False)
        .select_related("village", "deleted_by", "merged_into")
        .order_by("-deleted_at")
    )
    page = read_page(
        request.user,
        children,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        filters={"deleted": True},
    )
    return render(
        request,
        "registry/deleted_list.html",
        {"page": page, "can_purge": request.user.has_perm("registry.purge_child")},
    )


@login_required
@require_POST
def child_restore(request, pk: int):
    child = get_object_or_404(
        Child.all_objects.restrict(request.user, "delete").filter(deleted_at__isnull=False), pk=pk
    )
    try:
        services.restore_child(request.user, child)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
        return redirect("registry:deleted_list")
    messages.success(request, _("The record was restored."))
    return redirect("registry:child_detail", pk=child.pk)


@login_required
@require_POST
def child_purge(request, pk: int):
    child = get_object_or_404(
        Child.all_objects.restrict(request.user, "delete").filter(deleted_at__isnull=False), pk=pk
    )
    try:
        services.purge_child(request.user, child)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("The record was erased for good."))
    return redirect("registry:deleted_list")
