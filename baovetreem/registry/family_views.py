"""Pages for households (hộ gia đình) and carers, scoped through restrict()."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.audit.reads import MAX_PAGE_SIZE, read_found, read_one, read_page
from baovetreem.core.forms import EnteredTextField, add_service_errors
from baovetreem.core.text import normalize_name
from baovetreem.locations.models import Level
from baovetreem.registry import family, services
from baovetreem.registry.forms import VillageChoiceField, places_for
from baovetreem.registry.models import Carer, Child, Household, PovertyStatus, Relationship


class HouseholdForm(forms.Form):
    village = VillageChoiceField(label=gettext_lazy("Village"), queryset=None)
    head_name = EnteredTextField(label=gettext_lazy("Head of household"), max_length=150)
    number = EnteredTextField(label=gettext_lazy("Household number"), max_length=30, required=False)
    address = EnteredTextField(label=gettext_lazy("Address"), max_length=255, required=False)
    phone = EnteredTextField(label=gettext_lazy("Phone"), max_length=20, required=False)

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["village"]
        else:
            self.fields["village"].queryset = places_for(user, "add").filter(level=Level.VILLAGE)


class PovertyForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=PovertyStatus.choices)


class CarerForm(forms.Form):
    relationship = forms.ChoiceField(
        label=gettext_lazy("Relationship"), choices=Relationship.choices
    )
    full_name = EnteredTextField(label=gettext_lazy("Full name"), max_length=150)
    birth_year = forms.IntegerField(label=gettext_lazy("Year of birth"), required=False)
    personal_id = forms.CharField(
        label=gettext_lazy("Personal ID number"), max_length=20, required=False
    )
    phone = EnteredTextField(label=gettext_lazy("Phone"), max_length=20, required=False)
    occupation = EnteredTextField(label=gettext_lazy("Occupation"), max_length=100, required=False)
    is_primary_carer = forms.BooleanField(label=gettext_lazy("Main carer"), required=False)
    is_deceased = forms.BooleanField(label=gettext_lazy("Deceased"), required=False)
    works_away = forms.BooleanField(label=gettext_lazy("Works away from home"), required=False)
    in_prison = forms.BooleanField(label=gettext_lazy("In prison"), required=False)
    uses_drugs = forms.BooleanField(label=gettext_lazy("Uses drugs"), required=False)


def _page(request, title, form, back, **extra):
    return render(
        request,
        "registry/form_page.html",
        {"title": title, "form": form, "back": back, **extra},
    )


@login_required
@permission_required("registry.view_household", raise_exception=True)
def household_list(request):
    households = Household.objects.restrict(request.user, "view").select_related("village")
    q = request.GET.get("q", "").strip()
    if q:
        households = households.filter(head_name_normalized__contains=normalize_name(q))
    households = households.annotate(n_children=Count("children")).order_by(
        "head_name_normalized", "pk"
    )
    page = read_page(
        request.user, households, request.GET.get("page"), per_page=50, filters={"q": q}
    )
    return render(
        request,
        "registry/household_list.html",
        {"page": page, "q": q, "can_add": request.user.has_perm("registry.add_household")},
    )


@login_required
@permission_required("registry.add_household", raise_exception=True)
def household_create(request):
    form = HouseholdForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.create_household(request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("village", str(exc))
        else:
            messages.success(request, _("Household saved."))
            return redirect("registry:household_detail", pk=household.pk)
    return _page(request, _("New household"), form, reverse("registry:household_list"))


@login_required
@permission_required("registry.view_household", raise_exception=True)
def household_detail(request, pk: int):
    household = get_object_or_404(
        Household.objects.restrict(request.user, "view").select_related("village"), pk=pk
    )
    children = Child.objects.restrict(request.user, "view").filter(household=household)
    can_change = Household.objects.restrict(request.user, "change").filter(pk=pk).exists()
    poverty_form = PovertyForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("You may not change this household."))
        if poverty_form.is_valid():
            try:
                family.set_poverty(request.user, household, **poverty_form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(poverty_form, exc)
            else:
                messages.success(request, _("Poverty status recorded."))
                return redirect("registry:household_detail", pk=pk)
    # The household's children are a list read of the register, capped like any page.
    shown = read_found(
        request.user,
        lambda: list(children.order_by("name_normalized", "date_of_birth", "pk")[:MAX_PAGE_SIZE]),
        model=Child,
        filters={"household": household.pk},
        note="household",
    )
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "children": shown,
            "poverty": household.poverty_records.order_by("-year"),
            "poverty_form": poverty_form if can_change else None,
            "can_change": can_change,
            "breadcrumbs": [*household.village.ancestors(), household.village],
        },
    )


@login_required
@permission_required("registry.change_household", raise_exception=True)
def household_edit(request, pk: int):
    household = get_object_or_404(Household.objects.restrict(request.user, "change"), pk=pk)
    initial = {name: getattr(household, name) for name in family.HOUSEHOLD_FIELDS}
    form = HouseholdForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            family.update_household(request.user, household, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Household saved."))
            return redirect("registry:household_detail", pk=pk)
    back = reverse("registry:household_detail", args=[pk])
    return _page(request, _("Edit household"), form, back)


@login_required
@permission_required("registry.change_child", raise_exception=True)
def carer_edit(request, pk: int, carer_pk: int | None = None):
    child = get_object_or_404(Child.objects.restrict(request.user, "change"), pk=pk)
    carer = None
    if carer_pk:

        def lookup() -> Carer | None:
            found = Carer.objects.filter(child=child, pk=carer_pk).first()
            if found is not None:
                found.child = child
            return found

        # The empty form shows the carer's ID number, phone and circumstances: an opening of
        # the record (a POST shows back what was typed).
        carer = (
            read_one(request.user, lookup, note="carer form")
            if request.method == "GET"
            else lookup()
        )
        if carer is None:
            raise Http404
    initial = {name: getattr(carer, name) for name in family.CARER_FIELDS} if carer else {}
    form = CarerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if carer:
                family.update_carer(request.user, carer, form.cleaned_data)
            else:
                family.add_carer(request.user, child, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Carer saved."))
            return redirect("registry:child_detail", pk=pk)
    title = _("Edit carer") if carer else _("Add a parent or carer")
    back = reverse("registry:child_detail", args=[pk])
    return _page(request, title, form, back, subtitle=child.full_name)
