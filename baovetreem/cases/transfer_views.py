"""The commune step of a transfer, for htmx: the communes of the chosen province, narrowed as
the officer types (the case page itself never carries the country's 3,321 communes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from baovetreem.cases.forms import TransferForm, province_from
from baovetreem.cases.models import Case, CaseState
from baovetreem.core.models import user_can_at


@login_required
def transfer_communes(request, pk: int):
    """The commune step of the transfer form for ``?transfer_province=`` (and ``q``, typed)."""
    case = get_object_or_404(Case.objects.visible_to(request.user, full=True), pk=pk)
    if case.state == CaseState.CLOSED or not user_can_at(
        request.user, "cases.view_all_case", case.scope_path
    ):
        raise Http404
    province = province_from(request.GET.get("transfer_province"))
    if province is None:
        return render(request, "cases/_transfer_communes.html", {"case": case, "form": None})
    form = TransferForm(province=province, query=request.GET.get("q", "")[:100])
    return render(
        request,
        "cases/_transfer_communes.html",
        {"case": case, "form": form, "query": request.GET.get("q", "")[:100]},
    )
