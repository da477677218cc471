"""The provincial officer's page of ID numbers shared between communes (``registry.shared_ids``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from baovetreem.audit.services import record_read
from baovetreem.registry.models import Child
from baovetreem.registry.shared_ids import LIMIT, REVIEW_PERMISSION, shared_personal_ids


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def shared_id_list(request):
    """ID numbers held by children of more than one commune; numbers and communes only."""
    shared = shared_personal_ids(request.user)
    # The numbers are personal data: the reading is logged with the records behind them.
    record_read(
        request.user,
        Child,
        [pk for item in shared for pk in item.child_ids],
        total=len(shared),
        note="shared ID numbers",
    )
    return render(
        request,
        "registry/shared_id_list.html",
        {"shared": shared, "capped": len(shared) >= LIMIT},
    )
