"""Linking a case to a child of the register after intake: a report (often from the hotline, whose
operators do not browse the register) names a provisional child; the officer working on the case
finds the child in the register and links it, or adds the child from the report and links it.

Only who may work on the case reaches these pages (``Case.objects.worked_on_by``); everyone else
gets a 404. The register is searched through the user's own scope (``search_children``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, OuterRef, Subquery, When, prefetch_related_objects
from django.db.models import Case as DbCase
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.reads import read_found
from baovetreem.cases import services
from baovetreem.cases.child_search import SEARCH_MIN_LENGTH, register_search
from baovetreem.cases.models import Case, CaseState, Report
from baovetreem.core.calendar import VIETNAM
from baovetreem.core.forms import add_service_errors
from baovetreem.core.text import normalize_name
from baovetreem.locations.models import Level
from baovetreem.registry import services as registry_services
from baovetreem.registry.forms import ChildForm
from baovetreem.registry.models import Child, DatePrecision
from baovetreem.registry.search import (
    Candidate,
    candidate_children,
    likely_duplicates,
    name_score,
    search_children,
)

ANCHOR = "link-child"
# How far a register child's age may be from the age the caller estimated, in years.
AGE_TOLERANCE = 1
SIMILAR_NAME = 85


def _workable_case(request, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.worked_on_by(request.user).select_related("report", "location"), pk=pk
    )


def _back_to_case(case: Case, anchor: str = ANCHOR):
    return redirect(f"{reverse('cases:detail', args=[case.pk])}#{anchor}")


def _may_link(user, case: Case) -> bool:
    return case.state != CaseState.CLOSED and user.has_perm("registry.view_child")


def _close_in_age(report: Report, found: list[Candidate], user) -> list[Candidate]:
    """Children named like the provisional child whose age is close to the estimated one
    (``likely_duplicates`` needs a date of birth or a carer to suggest anyone)."""
    name = normalize_name(report.child_name)
    received_on = timezone.localtime(report.received_at, VIETNAM).date()
    seen = {candidate.child.pk for candidate in found}
    extra = []
    for child in search_children(user, report.child_name).order_by("pk")[:200]:
        if child.pk in seen:
            continue
        similarity = name_score(name, child.name_normalized)
        age = child.age_on(received_on)
        if similarity >= SIMILAR_NAME and abs(age - report.child_estimated_age) <= AGE_TOLERANCE:
            reasons = [_("similar name") if similarity < 100 else _("same name")]
            reasons.append(_("age close to the estimated age"))
            extra.append(Candidate(child, int(similarity), reasons))
    return extra


def report_duplicates(user, report: Report) -> list[Candidate]:
    """Children of the user's register who may be the report's provisional child: by name,
    date of birth or estimated age, and the names of the parents and carer."""
    if len(report.child_name.strip()) < SEARCH_MIN_LENGTH:
        return []
    found = likely_duplicates(
        user,
        full_name=report.child_name,
        date_of_birth=report.child_date_of_birth,
        carer_names=[report.father_name, report.mother_name, report.current_carer],
    )
    if report.child_date_of_birth is None and report.child_estimated_age is not None:
        found += _close_in_age(report, found, user)
    found = sorted(found, key=lambda c: -c.score)[:8]
    prefetch_related_objects([c.child for c in found], "village__parent", "carers")
    return found


def link_context(request, case: Case, works_on: bool) -> dict:
    """The "link to a child of the register" part of the case page, or nothing."""
    if not works_on or not _may_link(request.user, case):
        return {}
    if case.report.child_id or case.child_id:
        return {"can_unlink": True}
    query = request.GET.get("q", "").strip()
    return {
        "link": {
            **register_search(
                request.user, query, duplicates=lambda: report_duplicates(request.user, case.report)
            ),
            "can_add": request.user.has_perm("registry.add_child"),
        }
    }


def child_link_history(case: Case) -> list[dict]:
    """The links and unlinks of the case's child, read back from the audit rows the services
    wrote, with the register's name of the child: one query, however many there were."""
    # A link puts the child's id in "after", an unlink leaves it in "before".
    child_id = Cast(
        DbCase(
            When(note=services.CHILD_LINKED, then=KT("after__child")),
            default=KT("before__child"),
        ),
        BigIntegerField(),
    )
    name = Child.all_objects.filter(pk=OuterRef("child_id")).order_by().values("full_name")[:1]
    events = (
        AuditEvent.objects.filter(
            object_type=Case._meta.label_lower,
            object_id=str(case.pk),
            action=AuditAction.UPDATE,
            note__in=[services.CHILD_LINKED, services.CHILD_UNLINKED],
        )
        .annotate(child_id=child_id)
        .annotate(child_name=Subquery(name))
        .select_related("actor")
        .order_by("at", "id")
    )
    return [
        {
            "at": event.at,
            "by": event.actor or event.actor_username,
            "linked": event.note == services.CHILD_LINKED,
            "child": event.child_name or "—",
        }
        for event in events
    ]


def with_child_links(case: Case, history: list[dict]) -> list[dict]:
    """The case's steps with its links and unlinks put among them in time order."""
    links = [{"child_link": link} for link in child_link_history(case)]

    def at(entry: dict) -> dt.datetime:
        return entry["child_link"]["at"] if "child_link" in entry else entry["step"].at

    # A stable sort: at the same instant a step stays before the link.
    return sorted(history + links, key=at)


@login_required
@require_GET
@permission_required("registry.view_child", raise_exception=True)
def child_search(request, pk: int):
    """htmx: children of the user's register matching the case page's search box."""
    case = _workable_case(request, pk)
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "cases/_link_child_results.html",
        {"case": case, **register_search(request.user, query)},
    )


def _refused(request, case: Case, exc: Exception):
    if isinstance(exc, services.TransitionRefused):
        messages.error(request, exc.message)
    else:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return _back_to_case(case)


@login_required
@require_POST
@permission_required("registry.view_child", raise_exception=True)
def child_link(request, pk: int):
    """Link the case to the chosen child of the register, at the version the page showed."""
    case = _workable_case(request, pk)
    child_id = request.POST.get("child", "")
    version = request.POST.get("case_version", "")
    if not child_id.isdigit() or not version.isdigit():
        raise Http404
    child = get_object_or_404(Child.objects.restrict(request.user, "view"), pk=child_id)
    try:
        services.link_child(request.user, case, child, int(version))
    except (services.TransitionRefused, ValidationError, PermissionDenied) as exc:
        return _refused(request, case, exc)
    messages.success(
        request, _("The case is now linked to %(name)s in the register.") % {"name": child}
    )
    return _back_to_case(case, "report")


@login_required
@require_POST
def child_unlink(request, pk: int):
    """Undo a link to the wrong child; the report keeps what the caller said about the child."""
    case = _workable_case(request, pk)
    version = request.POST.get("case_version", "")
    if not version.isdigit():
        raise Http404
    try:
        services.unlink_child(request.user, case, int(version))
    except (services.TransitionRefused, ValidationError, PermissionDenied) as exc:
        return _refused(request, case, exc)
    messages.success(request, _("The link to the child of the register was removed."))
    return _back_to_case(case)


def child_initial(report: Report) -> dict:
    """The register's add-child form filled with what the report says about the child.

    An estimated age becomes 1 January of the estimated year of birth, marked "year only".
    """
    initial: dict = {
        "full_name": report.child_name,
        "father_name": report.father_name,
        "mother_name": report.mother_name,
    }
    if report.current_carer and report.current_carer not in {
        report.father_name,
        report.mother_name,
    }:
        initial["carer_name"] = report.current_carer[:150]
    if report.location.level == Level.VILLAGE:
        initial["village"] = report.location_id
    if report.child_sex in {"male", "female"}:
        initial["sex"] = report.child_sex
    if report.child_date_of_birth:
        initial["date_of_birth"] = report.child_date_of_birth
        initial["birth_date_precision"] = DatePrecision.DAY
    elif report.child_estimated_age is not None:
        received = timezone.localtime(report.received_at, VIETNAM).date()
        initial["date_of_birth"] = dt.date(received.year - report.child_estimated_age, 1, 1)
        initial["birth_date_precision"] = DatePrecision.YEAR
    return initial


@login_required
@permission_required(("registry.view_child", "registry.add_child"), raise_exception=True)
def child_add(request, pk: int):
    """Add the report's child to the register (the form filled from the report) and link it.

    The register's own form and service do the work; the child is added and linked in one
    transaction, so a refused link adds no child. The child's record does not mention the case:
    who reads the register is not always allowed to know of it.
    """
    case = _workable_case(request, pk)
    if not _may_link(request.user, case) or case.report.child_id or case.child_id:
        return _back_to_case(case, "report")
    form = ChildForm(request.POST or None, user=request.user, initial=child_initial(case.report))
    version = request.POST.get("case_version", str(case.version))
    duplicates = []
    if request.method == "POST" and form.is_valid() and version.isdigit():
        # The user saw the likely duplicates and confirmed that this is another child.
        if request.POST.get("confirm_new") != "on":
            duplicates = read_found(
                request.user,
                lambda: form.likely_duplicates(request.user),
                model=Child,
                filters={
                    "full_name": form.cleaned_data["full_name"],
                    "date_of_birth": form.cleaned_data["date_of_birth"],
                },
                shown=candidate_children,
                record_empty=False,
                note="likely duplicates",
            )
        if not duplicates:
            try:
                with transaction.atomic():
                    child = registry_services.register_child(
                        request.user,
                        village=form.cleaned_data["village"],
                        data=form.identity_data(),
                        carers=form.carers_data(),
                    )
                    services.link_child(request.user, case, child, int(version))
            except services.TransitionRefused as exc:
                return _refused(request, case, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("village", str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s added to the register and linked to the case.") % {"name": child},
                )
                return _back_to_case(case, "report")
    return render(
        request,
        "cases/case_child_form.html",
        {"case": case, "form": form, "duplicates": duplicates, "case_version": version},
        status=400 if form.is_bound else 200,
    )
