"""Pages of the duplicate report and of the merge of two records of one child; thin views over
``registry.duplicates``. Every child is read through restrict(): out of scope is a 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.audit.models import AuditAction
from baovetreem.audit.reads import read_page
from baovetreem.audit.services import record
from baovetreem.locations.models import Level, Location
from baovetreem.registry.duplicates import attach_children, duplicate_pairs
from baovetreem.registry.forms import places_for
from baovetreem.registry.merge import merge_children
from baovetreem.registry.models import Child
from baovetreem.registry.services import ConcurrentEditError

PAIRS_PER_PAGE = 20


class PlaceChoiceField(forms.ModelChoiceField):
    """A commune or village of the user's scope, villages shown with their commune."""

    def label_from_instance(self, obj: Location) -> str:
        """ "Commune — village" for a village, the name for a commune."""
        if obj.level == Level.VILLAGE and obj.parent_id:
            return f"{obj.parent.name} — {obj.name}"
        return obj.name


class DuplicateFilterForm(forms.Form):
    """Narrow the report to one commune or village of the user's scope."""

    place = PlaceChoiceField(
        label=gettext_lazy("Commune or village"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=gettext_lazy("Everywhere I can see"),
    )

    def __init__(self, *args, user, **kwargs):
        """Offer only the communes and villages where ``user`` may view children."""
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_for(user, "view")


class MergeForm(forms.Form):
    """Which of the two records to keep, and the versions the user compared."""

    keep = forms.TypedChoiceField(
        label=gettext_lazy("Record to keep"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the record to keep.")},
    )
    version_a = forms.IntegerField(widget=forms.HiddenInput)
    version_b = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, first: Child, second: Child, **kwargs):
        """The two records are the two choices."""
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (child.pk, f"#{child.pk} {child.full_name}") for child in (first, second)
        ]


def _comparison(first: Child, second: Child) -> list[tuple[str, str, str, bool]]:
    """Rows (label, first value, second value, differ?) for the side-by-side table."""

    def carers(child: Child) -> str:
        """Carers as "name (relationship); …"."""
        return "; ".join(
            f"{c.full_name} ({c.get_relationship_display()})" for c in child.carers.all()
        )

    def dob(child: Child) -> str:
        """Date of birth as dd/mm/yyyy."""
        return f"{child.date_of_birth:%d/%m/%Y}"

    rows = [
        (_("Full name"), lambda c: c.full_name),
        (_("Sex"), lambda c: c.get_sex_display()),
        (_("Date of birth"), dob),
        (_("Village"), lambda c: c.village.full_name()),
        (_("Personal ID number"), lambda c: c.personal_id or ""),
        (_("Ethnicity"), lambda c: c.get_ethnicity_display()),
        (_("Parents and carers"), carers),
        (_("Household"), lambda c: str(c.household or "")),
        (_("Health insurance card number"), lambda c: c.insurance_number),
        (_("Schooling"), lambda c: c.get_school_level_display()),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Groups"), lambda c: str(c.memberships.count())),
        (_("Supports received"), lambda c: str(c.supports.count())),
        (_("Measurements"), lambda c: str(c.measurements.count())),
        (_("History"), lambda c: str(c.events.count())),
    ]
    table = []
    for label, value in rows:
        a, b = value(first), value(second)
        table.append((label, a, b, a != b))
    return table


@login_required
@permission_required("registry.view_child", raise_exception=True)
def duplicate_report(request):
    """Likely duplicates among the children the user may see, a page of pairs at a time."""
    form = DuplicateFilterForm(request.GET or None, user=request.user)
    root = form.cleaned_data.get("place") if form.is_valid() else None
    page = read_page(
        request.user,
        duplicate_pairs(request.user, root),
        request.GET.get("page"),
        per_page=PAIRS_PER_PAGE,
        paginator_class=Paginator,
        model=Child,
        filters={"place": root},
        load=lambda pairs: attach_children(request.user, pairs),
        shown=lambda pairs: [child for pair in pairs for child in (pair.a, pair.b)],
        note="duplicate pairs",
    )
    return render(
        request,
        "registry/duplicate_report.html",
        {
            "form": form,
            "page": page,
            "can_merge": request.user.has_perm("registry.change_child"),
        },
    )


@login_required
@permission_required("registry.change_child", raise_exception=True)
def merge_confirm(request, a: int, b: int):
    """GET: the two records side by side; POST: merge the one not kept into the kept one."""
    children = (
        Child.objects.restrict(request.user, "change")
        .select_related("village", "village__parent", "household")
        .prefetch_related("carers")
    )
    first = get_object_or_404(children, pk=a)
    second = get_object_or_404(children, pk=b)
    initial = {"keep": first.pk, "version_a": first.version, "version_b": second.version}
    form = MergeForm(request.POST or None, first=first, second=second, initial=initial)
    if request.method == "POST" and form.is_valid():
        keep, other = (first, second) if form.cleaned_data["keep"] == first.pk else (second, first)
        versions = {
            first.pk: form.cleaned_data["version_a"],
            second.pk: form.cleaned_data["version_b"],
        }
        try:
            kept = merge_children(
                request.user, keep, other, expected_versions=(versions[keep.pk], versions[other.pk])
            )
        except ConcurrentEditError:
            messages.error(
                request,
                _(
                    "Nothing was merged: someone changed one of these records while you were "
                    "comparing them. Look at the comparison below again, then merge."
                ),
            )
            form = MergeForm(first=first, second=second, initial=initial)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The two records were merged into #%(id)s %(name)s.")
                % {"id": kept.pk, "name": kept.full_name},
            )
            return redirect("registry:child_detail", pk=kept.pk)
    elif request.method != "POST":
        for child in (first, second):
            record(request.user, AuditAction.VIEW, child, note="compared for merge")
    return render(
        request,
        "registry/merge_confirm.html",
        {
            "form": form,
            "first": first,
            "second": second,
            "rows": _comparison(first, second),
        },
    )
