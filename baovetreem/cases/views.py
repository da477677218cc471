"""Case pages. Every lookup goes through ``Case.objects.visible_to``: anyone else gets a 404,
and every open of a case is an audit event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.forms import DateField
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baovetreem.audit.reads import filters_of, read_found, read_page
from baovetreem.cases import attachments, deadlines, documents, services
from baovetreem.cases.child_search import SEARCH_MIN_LENGTH, chosen_child, register_search
from baovetreem.cases.forms import (
    STEP_FORMS,
    AssignForm,
    AttachmentForm,
    BreakGlassForm,
    CaseFilterForm,
    PlanForm,
    ReportForm,
    TransferDecisionForm,
    TransferForm,
    new_step_form,
    province_from,
    provinces,
)
from baovetreem.cases.link_views import link_context, with_child_links
from baovetreem.cases.models import (
    Alert,
    Attachment,
    Case,
    CaseState,
    CaseTransfer,
    GroupProposal,
    ProposalStatus,
    TransferStatus,
)
from baovetreem.cases.progress import ASSIGNEES, URGENT_FIRST, case_deadlines
from baovetreem.cases.workflow import ACTION_LABELS
from baovetreem.core.forms import add_service_errors
from baovetreem.core.models import user_can_at
from baovetreem.core.paging import CappedPaginator
from baovetreem.core.tabular import parse_date
from baovetreem.registry.models import Child, Group
from baovetreem.registry.search import candidate_children, likely_duplicates

PAGE_SIZE = 50


def _visible_case(request, pk: int, *, full: bool = False) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user, full=full).select_related(
            "report", "report__child", "report__received_by", "location", "location__parent"
        ),
        pk=pk,
    )


def _list(request, *, overdue_only: bool, title: str, queue: bool = False):
    now = timezone.now()
    form = CaseFilterForm(request.GET or None)
    cases = Case.objects.visible_to(request.user)
    if queue:
        cases = cases.assigned_to(request.user).open()
    if form.is_valid():
        if form.cleaned_data["state"]:
            cases = cases.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["open"]:
            cases = cases.open()
        if form.cleaned_data["emergency_soon"]:
            cases = cases.emergency_due_soon(now)
        overdue_only = overdue_only or form.cleaned_data["overdue"]
    if overdue_only:
        cases = cases.overdue(now)
    full = Case.objects.visible_to(request.user, full=True).filter(pk=OuterRef("pk"))
    cases = (
        cases.annotate(full_access=Exists(full))
        .select_related("report", "report__child", "location")
        .prefetch_related(ASSIGNEES)
        .order_by(*(URGENT_FIRST if queue else ("-id",)))
    )
    page = read_page(
        request.user,
        cases,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        filters={**filters_of(form), "overdue": overdue_only},
    )
    for case in page:
        case.overdue_now = case.is_overdue(now)
        case.child_shown = case.report.child_name_for(full=case.full_access)
        # Deadlines and assignees tell the case's progress: only to who reads the whole file.
        case.deadlines = case_deadlines(case, now) if case.full_access else None
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "title": title,
            "queue": queue,
            "can_add": request.user.has_perm("cases.add_report"),
        },
    )


@login_required
def case_list(request):
    return _list(request, overdue_only=False, title=_("Cases"))


@login_required
def my_cases(request):
    """The worker's queue: open cases assigned to the user, the most urgent deadline first."""
    return _list(request, overdue_only=False, title=_("My cases"), queue=True)


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
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("location", str(exc))
        else:
            messages.success(
                request, _("Report received: case %(code)s opened.") % {"code": case.code}
            )
            if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
                return redirect("cases:detail", pk=case.pk)
            return redirect("cases:create")
    context = {"form": form, **_child_picker_context(request, form)}
    return render(request, "cases/case_form.html", context)


def _child_initial(request) -> dict:
    child = request.GET.get("child")
    return {"child": child} if child and child.isdigit() else {}


# Who may search the register from the intake form (child_search.py) and link the report.
LINK_PERMS = ("cases.add_report", "registry.view_child")
# Fields of the intake form the duplicate hints read: the provisional child and its carers.
HINT_CARER_FIELDS = ("father_name", "mother_name", "current_carer")


def _may_link_children(user) -> bool:
    return all(user.has_perm(perm) for perm in LINK_PERMS)


def _duplicate_hints(user, data) -> list:
    """Children of the register who may be the provisional child typed on the intake form."""
    name = (data.get("child_name") or "").strip()
    if data.get("child") or len(name) < SEARCH_MIN_LENGTH:
        return []
    try:
        born = parse_date((data.get("child_date_of_birth") or "").strip())
    except ValueError:
        born = None
    return likely_duplicates(
        user,
        full_name=name,
        date_of_birth=born,
        carer_names=[data.get(field) or "" for field in HINT_CARER_FIELDS],
    )


def _child_picker_context(request, form: ReportForm) -> dict:
    """The child part of the intake page: the linked child, or the search box and its results.

    Without JavaScript the search box sends ``?q=`` to this page and each result links to
    ``?child=<id>``, so the form works without htmx (what was typed before is not kept).
    """
    if not _may_link_children(request.user):
        return {"can_link": False}
    chosen = chosen_child(request.user, form["child"].value())
    query = "" if chosen else request.GET.get("q", "").strip()

    def hints() -> list:
        return _duplicate_hints(request.user, form.data)

    return {
        "can_link": True,
        "chosen": chosen,
        **register_search(
            request.user, query, duplicates=hints if form.is_bound and not chosen else None
        ),
        "child_errors": form["child"].errors,
    }


@login_required
@permission_required(LINK_PERMS, raise_exception=True)
def intake_child_search(request):
    """htmx: children of the user's register matching the intake form's search box."""
    query = request.GET.get("q", "").strip()
    return render(request, "cases/_intake_child_results.html", register_search(request.user, query))


@login_required
@permission_required(LINK_PERMS, raise_exception=True)
def intake_child_picker(request):
    """htmx: the child part of the intake form, with the chosen child or the search box again."""
    chosen = None
    if request.GET.get("child"):
        chosen = chosen_child(request.user, request.GET["child"])
        if chosen is None:
            raise Http404
    return render(request, "cases/_intake_child_picker.html", {"chosen": chosen, "swapped": True})


@login_required
@permission_required(LINK_PERMS, raise_exception=True)
def intake_child_duplicates(request):
    """htmx: likely duplicates of the provisional child while its name and carers are typed."""
    duplicates = read_found(
        request.user,
        lambda: _duplicate_hints(request.user, request.GET),
        model=Child,
        filters={field: request.GET.get(field) for field in ("child_name", *HINT_CARER_FIELDS)},
        shown=candidate_children,
        record_empty=False,
        note="likely duplicates",
    )
    return render(request, "cases/_intake_child_duplicates.html", {"duplicates": duplicates})


def _detail(
    request,
    case: Case,
    bound: tuple[str, object] | None = None,
    status: int = 200,
    assign_form: AssignForm | None = None,
    transfer_form: TransferForm | None = None,
    attachment_form: AttachmentForm | None = None,
):
    full = case.has_full_access(request.user)
    works_on = full and case.may_work_on(request.user)
    services.record_view(request.user, case, report_only=not full)
    now = timezone.now()
    steps = []
    if full:
        for state in services.allowed_next_states(request.user, case):
            opened = bool(bound and bound[0] == state)
            form = bound[1] if opened else new_step_form(case, state)
            steps.append(
                {"state": state, "label": ACTION_LABELS[state], "form": form, "open": opened}
            )
    can_assign = full and user_can_at(request.user, "cases.view_all_case", case.scope_path)
    context = {
        "case": case,
        "assign_form": (assign_form or AssignForm(case=case)) if can_assign else None,
        "report": case.report,
        "full": full,
        # Opened by breaking the glass: the file is shown, nothing can be changed.
        "read_only": full and not works_on,
        "now": now,
        "emergency_overdue": case.emergency_overdue(now),
        "plan_overdue": case.plan_overdue(now),
        "deadlines": case_deadlines(case, now) if full else None,
        "transitions": _history(case) if full else [],
        "assignments": case.assignments.select_related("user") if full else [],
        "steps": steps,
        "closed": case.state == CaseState.CLOSED,
        "documents": documents.available_forms(case, full=full),
        **_detail_extras(request, case, works_on, can_assign, transfer_form, attachment_form),
        **link_context(request, case, works_on),
    }
    return render(request, "cases/case_detail.html", context, status=status)


def _detail_extras(request, case, works_on, officer, transfer_form, attachment_form) -> dict:
    """Emergency accesses, transfers, attachments and group proposals shown on the case page."""
    if not case.has_full_access(request.user):
        offered = CaseTransfer.objects.offered_to(request.user).filter(case=case)
        return {"offered_transfer": offered.select_related("from_location").first()}
    pending = case.transfers.filter(status=TransferStatus.REQUESTED).select_related("to_location")
    return {
        # "Accessed by … because …": shown to the supervisor and the view-all roles.
        "break_glass": case.break_glass.select_related("user") if officer else [],
        "pending_transfer": pending.first(),
        # The province chosen first; without JavaScript it comes back in the query string.
        "transfer_form": (
            (
                transfer_form
                or TransferForm(province=province_from(request.GET.get("transfer_province")))
            )
            if officer and case.state != CaseState.CLOSED
            else None
        ),
        "provinces": provinces() if officer and case.state != CaseState.CLOSED else [],
        "attachments": case.attachments.select_related("uploaded_by"),
        "attachment_form": (
            (attachment_form or AttachmentForm())
            if works_on and case.state != CaseState.CLOSED
            else None
        ),
        "max_attachment_mb": attachments.max_bytes() // (1024 * 1024),
        "proposals": (
            case.group_proposals.filter(status=ProposalStatus.PENDING).select_related(
                "group", "child"
            )
            if officer
            else []
        ),
    }


# What a step stores beside its form's fields (the plan's service rows), labelled as on the form.
DATA_LABELS = {"services": gettext_lazy("Services and tasks")}


def _history(case: Case) -> list[dict]:
    """The steps with their form content labelled as on the form that recorded them."""
    history = []
    for step in case.transitions.select_related("by"):
        fields = STEP_FORMS[step.to_state].base_fields if step.to_state in STEP_FORMS else {}
        rows = []
        for key, value in step.data.items():
            if value in (None, "", [], {}) or key == "totals":
                continue
            label = fields[key].label if key in fields else DATA_LABELS.get(key, key)
            if key == "services":
                costs = [s["cost_vnd"] for s in value if s.get("cost_vnd") is not None]
                value = "\n".join(_history_service(s) for s in value)
                if costs:
                    value += "\n" + _("Total estimated cost: %(cost)s đ") % {
                        "cost": f"{sum(costs):,}".replace(",", ".")
                    }
            elif key == "confirmed_group":
                group = Group.objects.filter(pk=value).select_related("parent").first()
                value = group.full_label if group else value
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            elif isinstance(fields.get(key), DateField) and isinstance(value, str):
                value = f"{parse_date(value):%d/%m/%Y}"
            elif isinstance(value, str) and key in fields:
                value = dict(getattr(fields[key], "choices", None) or []).get(value, value)
            rows.append((label, value))
        history.append({"step": step, "rows": rows})
    return with_child_links(case, history)


def _history_service(service: dict) -> str:
    """One service of a plan: what, who, when, how much (plans before Art. 28.3's dates and
    costs were recorded hold only a "due_on")."""
    starts = parse_date(service.get("starts_on") or "")
    ends = parse_date(service.get("ends_on") or service.get("due_on") or "")
    when = " ".join(
        part
        for part in (
            _("from %(day)s") % {"day": f"{starts:%d/%m/%Y}"} if starts else "",
            _("until %(day)s") % {"day": f"{ends:%d/%m/%Y}"} if ends else "",
        )
        if part
    )
    cost = service.get("cost_vnd")
    parts = (
        service.get("service"),
        service.get("provider"),
        when,
        f"{cost:,}\u00a0đ".replace(",", ".") if cost is not None else "",
    )
    return " — ".join(str(p) for p in parts if p)


@login_required
def case_detail(request, pk: int):
    outside = not Case.objects.visible_to(request.user).filter(pk=pk).exists()
    if outside and Case.objects.break_glass_candidate(request.user, pk) is not None:
        return redirect("cases:break_glass", pk=pk)
    return _detail(request, _visible_case(request, pk))


@login_required
def break_glass(request, pk: int):
    """Ask a user outside the case for a reason before opening it (24 hours, audited)."""
    case = Case.objects.break_glass_candidate(request.user, pk)
    if case is None:
        raise Http404
    if case.has_full_access(request.user):
        return redirect("cases:detail", pk=pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(request.user, case, form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("cases:detail", pk=pk)
    return render(
        request,
        "cases/break_glass.html",
        {"case": case, "form": form},
        status=400 if form.is_bound else 403,
    )


@login_required
@require_POST
def case_transition(request, pk: int, state: str):
    case = _visible_case(request, pk)
    if not case.may_work_on(request.user):
        # Who reads only the report gets one answer, whatever the step and the case's state.
        messages.error(request, str(services.STEP_REFUSED))
        return redirect("cases:detail", pk=case.pk)
    if state not in STEP_FORMS:
        messages.error(request, _("This step does not exist."))
        return redirect("cases:detail", pk=case.pk)
    form = STEP_FORMS[state](request.POST, prefix=state)
    if isinstance(form, PlanForm) and "add_service_row" in request.POST:
        # "Add a row" without JavaScript: the plan comes back with one more row, nothing saved.
        return _detail(request, case, bound=(state, form.with_another_row()))
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
            add_service_errors(form, exc)
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
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(request, _("Assigned."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, status=400, assign_form=form)


@login_required
@require_POST
def case_transfer(request, pk: int):
    case = _visible_case(request, pk, full=True)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.request_transfer(
                request.user, case, form.cleaned_data["to_location"], form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(request, _("Transfer requested: the other commune must accept it."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, status=400, transfer_form=form)


@login_required
def transfer_list(request):
    """The transfers offered to the user's commune, waiting for an answer."""
    transfers = services.transfers_to_accept(request.user)
    page = read_page(request.user, transfers, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "cases/transfer_list.html",
        {"transfers": page, "page": page, "form": TransferDecisionForm()},
    )


@login_required
@require_POST
def transfer_decide(request, pk: int, decision: str):
    transfer = get_object_or_404(services.transfers_to_accept(request.user), pk=pk)
    if decision not in {"accept", "decline"}:
        raise Http404
    form = TransferDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "accept":
            case = services.accept_transfer(request.user, transfer, note)
        else:
            services.decline_transfer(request.user, transfer, note)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("cases:transfers")
    if decision == "accept":
        messages.success(request, _("Transfer accepted: the case is now in your commune."))
        return redirect("cases:detail", pk=case.pk)
    messages.success(request, _("Transfer declined."))
    return redirect("cases:transfers")


@login_required
@require_POST
def attachment_upload(request, pk: int):
    case = _visible_case(request, pk, full=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachments.add_attachment(
                request.user, case, form.cleaned_data["file"], form.cleaned_data["description"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("File attached."))
            return redirect("cases:detail", pk=case.pk)
    return _detail(request, case, status=400, attachment_form=form)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    """A file of a case, for who may read the whole file only; audited, never shown inline."""
    case = get_object_or_404(Case.objects.visible_to(request.user, full=True), pk=pk)
    attachment = get_object_or_404(Attachment.objects.filter(case=case), pk=attachment_pk)
    attachments.record_download(request.user, attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachments.download_name(attachment),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def proposal_decide(request, pk: int, proposal_pk: int, decision: str):
    case = _visible_case(request, pk, full=True)
    proposal = get_object_or_404(GroupProposal.objects.filter(case=case), pk=proposal_pk)
    if decision not in {"confirm", "dismiss"}:
        raise Http404
    try:
        services.decide_proposal(request.user, proposal, confirm=decision == "confirm")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("The group was added to the child's record.")
            if decision == "confirm"
            else _("Proposal dismissed."),
        )
    return redirect("cases:detail", pk=case.pk)


@login_required
def alert_list(request):
    """The user's alerts, newest first; POST marks them read (one, or all)."""
    if request.method == "POST":
        alert_id = request.POST.get("alert")
        ids = [int(alert_id)] if alert_id and alert_id.isdigit() else None
        deadlines.mark_read(request.user, ids)
        return redirect("cases:alerts")
    alerts = Alert.objects.filter(user=request.user).select_related("case")
    unread_only = request.GET.get("all") != "1"
    if unread_only:
        alerts = alerts.filter(read_at__isnull=True)
    page = CappedPaginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/alert_list.html", {"page": page, "unread_only": unread_only})
