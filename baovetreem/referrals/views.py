"""Pages of the directory, of a case's referrals and of legal aid.

Every case-related page reaches the case through ``Case.objects.visible_to`` (404 otherwise) and
leaves an audit row; the directory is scoped by the location of each provider.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baovetreem.cases.models import Case, CaseState
from baovetreem.core.forms import add_service_errors
from baovetreem.core.models import user_can_at
from baovetreem.core.paging import CappedPaginator
from baovetreem.referrals import services
from baovetreem.referrals.forms import (
    HearingForm,
    LegalAidForm,
    ProviderFilterForm,
    ProviderForm,
    ReferralForm,
    StatusForm,
)
from baovetreem.referrals.models import (
    Hearing,
    LegalAidFollowUp,
    ProviderKind,
    Referral,
    ServiceProvider,
)

PAGE_SIZE = 50


# --- directory ----------------------------------------------------------------------------


@login_required
@permission_required("referrals.view_serviceprovider", raise_exception=True)
def provider_list(request):
    form = ProviderFilterForm(request.GET or None)
    providers = ServiceProvider.objects.directory_for(request.user).select_related("location")
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            providers = providers.filter(
                Q(name__icontains=q)
                | Q(services__icontains=q)
                | Q(address__icontains=q)
                | Q(contact_person__icontains=q)
            )
        if form.cleaned_data["kind"]:
            providers = providers.filter(kind=form.cleaned_data["kind"])
    page = CappedPaginator(providers.order_by("-is_active", "name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    changeable = set(request.user.scope_paths("referrals.change_serviceprovider"))
    for provider in page:
        provider.can_change = request.user.is_superuser or any(
            provider.scope_path.startswith(p) for p in changeable
        )
    return render(
        request,
        "referrals/provider_list.html",
        {
            "form": form,
            "page": page,
            "can_add": request.user.has_perm("referrals.add_serviceprovider"),
        },
    )


@login_required
@permission_required("referrals.add_serviceprovider", raise_exception=True)
def provider_create(request):
    form = ProviderForm(
        request.POST or None, user=request.user, perm="referrals.add_serviceprovider"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_provider(
                request.user, form.provider_data(), location=form.cleaned_data["location"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("location", str(exc))
        else:
            messages.success(request, _("Provider added to the directory."))
            return redirect("referrals:providers")
    return render(
        request, "referrals/provider_form.html", {"form": form, "title": _("Add a provider")}
    )


@login_required
@permission_required("referrals.change_serviceprovider", raise_exception=True)
def provider_edit(request, pk: int):
    provider = get_object_or_404(
        ServiceProvider.objects.restrict(request.user, "change").select_related("location"),
        pk=pk,
    )
    form = ProviderForm(
        request.POST or None,
        instance=provider,
        user=request.user,
        perm="referrals.change_serviceprovider",
    )
    if request.method == "POST" and form.is_valid():
        # The ModelForm wrote the typed values onto the instance; the service re-reads them.
        fresh = ServiceProvider.objects.get(pk=provider.pk)
        try:
            services.update_provider(
                request.user,
                fresh,
                form.provider_data(),
                location=form.cleaned_data["location"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("location", str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("referrals:providers")
    return render(
        request,
        "referrals/provider_form.html",
        {"form": form, "title": _("Change a provider"), "provider": provider},
    )


# --- a case's referrals -------------------------------------------------------------------


def _case(request, case_id: int, perm: str = "referrals.view_referral") -> Case:
    """The case if the user may read its file and its referrals; 404 otherwise."""
    case = get_object_or_404(
        Case.objects.visible_to(request.user, full=True).select_related(
            "report", "report__child", "child", "location"
        ),
        pk=case_id,
    )
    if not user_can_at(request.user, perm, case.scope_path):
        raise Http404
    return case


def _serving_providers(case: Case):
    return ServiceProvider.objects.serving(case.scope_path).order_by("kind", "name")


def _case_page(request, case: Case, *, refer_form=None, legal_form=None, status: int = 200):
    services.record_case_view(request.user, case, note="referrals")
    works_on = case.may_work_on(request.user)
    can_refer = (
        works_on
        and case.state != CaseState.CLOSED
        and user_can_at(request.user, "referrals.add_referral", case.scope_path)
    )
    can_read_legal = user_can_at(request.user, "referrals.view_legalaidfollowup", case.scope_path)
    can_add_legal = works_on and user_can_at(
        request.user, "referrals.add_legalaidfollowup", case.scope_path
    )
    providers = _serving_providers(case)
    age = services.child_age_on(case, timezone.localdate())
    if can_refer:
        refer_form = refer_form or ReferralForm(providers=providers)
    if can_add_legal:
        legal_form = legal_form or LegalAidForm(
            providers=providers.filter(kind=ProviderKind.LEGAL_AID)
        )
    context = {
        "case": case,
        "referrals": case.referrals.select_related("provider", "sent_by").order_by(
            "-requested_at", "-id"
        ),
        "follow_ups": case.legal_aid_followups.select_related("provider")
        if can_read_legal
        else None,
        "refer_form": refer_form if can_refer else None,
        "legal_form": legal_form if can_add_legal else None,
        "child_age": age,
        "child_consent_required": services.child_consent_required(age),
    }
    return render(request, "referrals/case_referrals.html", context, status=status)


@login_required
def case_referrals(request, case_id: int):
    return _case_page(request, _case(request, case_id))


@login_required
@require_POST
def case_refer(request, case_id: int):
    case = _case(request, case_id, "referrals.add_referral")
    form = ReferralForm(request.POST, providers=_serving_providers(case))
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "provider"}
        try:
            referral = services.refer(request.user, case, form.cleaned_data["provider"], data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("referrals:case", case_id=case.pk)
        else:
            messages.success(request, _("Referral sent."))
            return redirect("referrals:detail", pk=referral.pk)
    return _case_page(request, case, refer_form=form, status=400)


def _referral(request, pk: int) -> Referral:
    visible_cases = Case.objects.visible_to(request.user, full=True).values("pk")
    return get_object_or_404(
        Referral.objects.restrict(request.user, "view")
        .filter(case__in=visible_cases)
        .select_related("case", "provider", "sent_by", "support"),
        pk=pk,
    )


def _referral_page(request, referral: Referral, *, form=None, status: int = 200):
    services.record_case_view(request.user, referral.case, note=f"referral {referral.pk}")
    statuses = services.allowed_statuses(request.user, referral)
    if statuses and form is None:
        form = StatusForm(statuses=statuses)
    context = {"referral": referral, "case": referral.case, "form": form if statuses else None}
    return render(request, "referrals/referral_detail.html", context, status=status)


@login_required
def referral_detail(request, pk: int):
    return _referral_page(request, _referral(request, pk))


@login_required
@require_POST
def referral_status(request, pk: int):
    referral = _referral(request, pk)
    statuses = services.allowed_statuses(request.user, referral)
    form = StatusForm(request.POST, statuses=statuses)
    if form.is_valid():
        try:
            updated = services.set_status(
                request.user,
                referral,
                form.cleaned_data["status"],
                form.cleaned_data["feedback"],
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except services.StatusRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
            if updated.support_note:
                messages.warning(request, updated.support_note)
        return redirect("referrals:detail", pk=referral.pk)
    return _referral_page(request, referral, form=form, status=400)


# --- legal aid ----------------------------------------------------------------------------


@login_required
@require_POST
def legal_aid_create(request, case_id: int):
    case = _case(request, case_id, "referrals.add_legalaidfollowup")
    providers = _serving_providers(case).filter(kind=ProviderKind.LEGAL_AID)
    form = LegalAidForm(request.POST, providers=providers)
    if form.is_valid():
        try:
            follow_up = services.open_legal_aid(request.user, case, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("referrals:case", case_id=case.pk)
        else:
            messages.success(request, _("Legal-aid follow-up recorded."))
            return redirect("referrals:legal_aid", pk=follow_up.pk)
    return _case_page(request, case, legal_form=form, status=400)


def _follow_up(request, pk: int) -> LegalAidFollowUp:
    visible_cases = Case.objects.visible_to(request.user, full=True).values("pk")
    follow_up = get_object_or_404(
        LegalAidFollowUp.objects.filter(case__in=visible_cases).select_related("case", "provider"),
        pk=pk,
    )
    # Follow-ups are read and kept under their own permissions at the case's area.
    if not user_can_at(request.user, "referrals.view_legalaidfollowup", follow_up.scope_path):
        raise Http404
    return follow_up


def _legal_aid_page(request, follow_up, *, edit_form=None, hearing_form=None, status=200):
    case = follow_up.case
    services.record_case_view(request.user, case, note=f"legal aid {follow_up.pk}")
    can_change = user_can_at(request.user, "referrals.change_legalaidfollowup", case.scope_path)
    if can_change:
        providers = _serving_providers(case).filter(kind=ProviderKind.LEGAL_AID)
        if follow_up.provider_id:
            providers = providers | ServiceProvider.objects.filter(pk=follow_up.provider_id)
        edit_form = edit_form or LegalAidForm(
            providers=providers,
            initial={
                "child_role": follow_up.child_role,
                "provider": follow_up.provider_id,
                "lawyer_name": follow_up.lawyer_name,
                "started_on": follow_up.started_on,
                "outcome": follow_up.outcome,
                "notes": follow_up.notes,
            },
        )
        hearing_form = hearing_form or HearingForm()
    context = {
        "follow_up": follow_up,
        "case": case,
        "hearings": follow_up.hearings.all(),
        "edit_form": edit_form if can_change else None,
        "hearing_form": hearing_form if can_change else None,
    }
    return render(request, "referrals/legal_aid_detail.html", context, status=status)


@login_required
def legal_aid_detail(request, pk: int):
    return _legal_aid_page(request, _follow_up(request, pk))


@login_required
@require_POST
def legal_aid_edit(request, pk: int):
    follow_up = _follow_up(request, pk)
    providers = _serving_providers(follow_up.case).filter(kind=ProviderKind.LEGAL_AID)
    if follow_up.provider_id:
        providers = providers | ServiceProvider.objects.filter(pk=follow_up.provider_id)
    form = LegalAidForm(request.POST, providers=providers)
    if form.is_valid():
        try:
            services.update_legal_aid(request.user, follow_up, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("referrals:legal_aid", pk=follow_up.pk)
        else:
            messages.success(request, _("Saved."))
            return redirect("referrals:legal_aid", pk=follow_up.pk)
    return _legal_aid_page(request, follow_up, edit_form=form, status=400)


@login_required
@require_POST
def hearing_add(request, pk: int):
    follow_up = _follow_up(request, pk)
    form = HearingForm(request.POST)
    if form.is_valid():
        try:
            services.add_hearing(request.user, follow_up, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("referrals:legal_aid", pk=follow_up.pk)
        else:
            messages.success(request, _("Hearing added."))
            return redirect("referrals:legal_aid", pk=follow_up.pk)
    return _legal_aid_page(request, follow_up, hearing_form=form, status=400)


@login_required
@require_POST
def hearing_remove(request, pk: int, hearing_id: int):
    follow_up = _follow_up(request, pk)
    hearing = get_object_or_404(Hearing, pk=hearing_id, follow_up=follow_up)
    try:
        services.remove_hearing(request.user, hearing)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Hearing removed."))
    return redirect("referrals:legal_aid", pk=follow_up.pk)
