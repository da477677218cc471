"""Case pages. Every lookup goes through ``Case.objects.visible_to``: anyone else gets a 404,
and every open of a case is an audit event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baovetreem.cases import services
from baovetreem.cases.forms import STEP_FORMS, AssignForm, CaseFilterForm, ReportForm
from baovetreem.cases.models import Case, CaseState
from baovetreem.cases.workflow import ACTION_LABELS
from baovetreem.core.models import user_can_at
from baovetreem.core.paging import CappedPaginator

PAGE_SIZE = 50


def _visible_case(request, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "report", "report__child", "report__received_by", "location", "location__parent"
        ),
        pk=pk,
    )


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _list(request, *, overdue_only: bool, title: str):
    now = timezone.now()
    form = CaseFilterForm(request.GET or None)
    cases = Case.objects.visible_to(request.user)
    if form.is_valid():
        if form.cleaned_data["state"]:
            cases = cases.filter(state=form.cleaned_data["state"])
        overdue_only = overdue_only or form.cleaned_data["overdue"]
    if overdue_only:
        cases = cases.overdue(now)
    full = Case.objects.visible_to(request.user, full=True).filter(pk=OuterRef("pk"))
    cases = (
        cases.annotate(full_access=Exists(full))
        .select_related("report", "report__child", "location")
        .order_by("-id")
    )
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:
        case.overdue_now = case.is_overdue(now)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "title": title,
            "can_add": request.user.has_perm("cases.add_report"),
        },
    )


@login_required
def case_list(request):
    return _list(request, overdue_only=False, title=_("Cases"))


@login_required
def overdue_list(request):
    return _list(request, overdue_only=True, title=_("Overdue cases"))


@login_required
@permission_required("cases.add_report", raise_exception=True)
def case_create(request):
    form = ReportForm(request.POST or None, user=request.user, initial=_child_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.receive_report(
                request.user, form.report_data(), location=form.cleaned_data["location"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("location", str(exc))
        else:
            messages.success(
                request, _("Report received: case %(code)s opened.") % {"code": case.code}
            )
            if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
                return redirect("cases:detail", pk=case.pk)
            return redirect("cases:create")
    return render(request, "cases/case_form.html", {"form": form})


def _child_initial(request) -> dict:
    child = request.GET.get("child")
    return {"child": child} if child and child.isdigit() else {}


def _detail(
    request,
    case: Case,
    bound: tuple[str, object] | None = None,
    status: int = 200,
    assign_form: AssignForm | None = None,
):
    full = case.has_full_access(request.user)
    services.record_view(request.user, case, report_only=not full)
    now = timezone.now()
    steps = []
    if full:
        for state in services.allowed_next_states(request.user, case):
            if bound and bound[0] == state:
                form = bound[1]
            else:
                form = STEP_FORMS[state](prefix=state, initial={"version": case.version})
            steps.append({"state": state, "label": ACTION_LABELS[state], "form": form})
    can_assign = full and user_can_at(request.user, "cases.view_all_case", case.scope_path)
    context = {
        "case": case,
        "assign_form": (assign_form or AssignForm(case=case)) if can_assign else None,
        "report": case.report,
        "full": full,
        "now": now,
        "emergency_overdue": case.emergency_overdue(now),
        "plan_overdue": case.plan_overdue(now),
        "transitions": _history(case) if full else [],
        "assignments": case.assignments.select_related("user") if full else [],
        "steps": steps,
        "closed": case.state == CaseState.CLOSED,
    }
    return render(request, "cases/case_detail.html", context, status=status)


def _history(case: Case) -> list[dict]:
    """The steps with their form content labelled as on the form that recorded them."""
    history = []
    for step in case.transitions.select_related("by"):
        fields = STEP_FORMS[step.to_state].base_fields if step.to_state in STEP_FORMS else {}
        rows = []
        for key, value in step.data.items():
            if value in (None, "", [], {}) or key == "totals":
                continue
            label = fields[key].label if key in fields else key
            if key == "services":
                value = "; ".join(
                    " — ".join(p for p in (s["service"], s.get("provider"), s.get("due_on")) if p)
                    for s in value
                )
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            elif isinstance(value, str) and key in fields:
                value = dict(getattr(fields[key], "choices", None) or []).get(value, value)
            rows.append((label, value))
        history.append({"step": step, "rows": rows})
    return history


@login_required
def case_detail(request, pk: int):
    return _detail(request, _visible_case(request, pk))


@login_required
@require_POST
def case_transition(request, pk: int, state: str):
    case = _visible_case(request, pk)
    if state not in STEP_FORMS:
        messages.error(request, _("This step does not exist."))
        return redirect("cases:detail", pk=case.pk)
    form = STEP_FORMS[state](request.POST, prefix=state)
    if form.is_valid():
        try:
            services.transition(
                request.user,
                case,
                state,
                form.step_data(),
                form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("You do not have the right to take this step."))
            return redirect("cases:detail", pk=case.pk)
        except services.TransitionRefused as exc:
            messages.error(request, exc.message)
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, bound=(state, form), status=400)


@login_required
@require_POST
def case_assign(request, pk: int):
    case = _visible_case(request, pk)
    form = AssignForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.assign(
                request.user, case, form.cleaned_data["user"], form.cleaned_data["role"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(request, _("Assigned."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, status=400, assign_form=form)
