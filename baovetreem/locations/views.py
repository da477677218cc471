"""Browsing the administrative tree and managing villages, always within the user's scope."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from baovetreem.core.forms import add_service_errors
from baovetreem.core.text import normalize_name
from baovetreem.locations import services
from baovetreem.locations.forms import LocationFilterForm, VillageForm, VillageImportForm
from baovetreem.locations.models import Level, Location


@login_required
@permission_required("locations.view_location", raise_exception=True)
def location_list(request):
    form = LocationFilterForm(request.GET or None)
    units = Location.objects.restrict(request.user, "view").select_related("parent")
    if form.is_valid():
        if form.cleaned_data.get("q"):
            units = units.filter(name_normalized__contains=normalize_name(form.cleaned_data["q"]))
        if form.cleaned_data.get("level"):
            units = units.filter(level=form.cleaned_data["level"])
    page = Paginator(units.order_by("path"), 100).get_page(request.GET.get("page"))
    return render(request, "locations/location_list.html", {"form": form, "page": page})


@login_required
@permission_required("locations.view_location", raise_exception=True)
def location_detail(request, pk: int):
    unit = get_object_or_404(Location.objects.restrict(request.user, "view"), pk=pk)
    children = (
        Location.objects.restrict(request.user, "view").filter(parent=unit).order_by("code", "name")
    )
    can_add_village = (
        unit.level == Level.COMMUNE
        and Location.objects.restrict(request.user, "add").filter(pk=unit.pk).exists()
    )
    can_change = (
        unit.level == Level.VILLAGE
        and Location.objects.restrict(request.user, "change").filter(pk=unit.pk).exists()
    )
    from baovetreem.core.models import user_can_at

    can_set_characteristics = (
        unit.level == Level.COMMUNE
        and unit.parent_id is not None
        and user_can_at(request.user, "locations.change_location", unit.parent.path)
    )
    return render(
        request,
        "locations/location_detail.html",
        {
            "unit": unit,
            "children": children,
            "breadcrumbs": unit.ancestors(),
            "can_add_village": can_add_village,
            "can_change": can_change,
            "can_set_characteristics": can_set_characteristics,
        },
    )


@login_required
@permission_required("locations.add_location", raise_exception=True)
def village_create(request, pk: int):
    commune = get_object_or_404(
        Location.objects.restrict(request.user, "add").filter(level=Level.COMMUNE), pk=pk
    )
    form = VillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            village = services.create_village(request.user, commune=commune, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Village %(name)s created.") % {"name": village.name})
            return redirect("locations:detail", pk=commune.pk)
    return render(
        request,
        "locations/village_form.html",
        {"form": form, "commune": commune, "breadcrumbs": [*commune.ancestors(), commune]},
    )


@login_required
@permission_required("locations.change_location", raise_exception=True)
def village_edit(request, pk: int):
    village = get_object_or_404(
        Location.objects.restrict(request.user, "change").filter(level=Level.VILLAGE), pk=pk
    )
    initial = {"code": village.code, "name": village.name, "kind": village.kind}
    form = VillageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_village(request.user, village, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Village %(name)s saved.") % {"name": village.name})
            return redirect("locations:detail", pk=village.pk)
    return render(
        request,
        "locations/village_form.html",
        {
            "form": form,
            "commune": village.parent,
            "village": village,
            "breadcrumbs": village.ancestors(),
        },
    )


@login_required
@permission_required("locations.add_location", raise_exception=True)
def village_import(request):
    form = VillageImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.import_villages(request.user, upload, upload.name)
        if not result.errors:
            messages.success(request, _("%(n)d villages imported.") % {"n": len(result.created)})
            return redirect("locations:list")
    return render(request, "locations/village_import.html", {"form": form, "result": result})


@login_required
@permission_required("locations.add_location", raise_exception=True)
def village_template(request):
    """An empty import sheet with the expected headers and the user's commune codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thon"
    sheet.append([c.label for c in services.VILLAGE_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    communes = Location.objects.restrict(request.user, "add").filter(level=Level.COMMUNE)
    ref = workbook.create_sheet("Ma xa")
    ref.append(["Mã xã", "Tên xã"])
    for commune in communes.order_by("code")[:5000]:
        ref.append([commune.code, commune.name])
    for ws in (sheet, ref):
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 28
        ws.column_dimensions["C"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-thon.xlsx"'
    return response


@login_required
@permission_required("locations.change_location", raise_exception=True)
def commune_characteristics(request, pk: int):
    from baovetreem.locations.forms import CommuneCharacteristicsForm

    commune = get_object_or_404(
        Location.objects.restrict(request.user, "change").filter(level=Level.COMMUNE), pk=pk
    )
    initial = {
        "is_mountain": commune.is_mountain,
        "is_island": commune.is_island,
        "is_extremely_disadvantaged": commune.is_extremely_disadvantaged,
    }
    form = CommuneCharacteristicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_commune_characteristics(request.user, commune, **form.cleaned_data)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("locations:detail", pk=commune.pk)
    return render(
        request,
        "locations/village_form.html",
        {
            "form": form,
            "commune": commune,
            "title": _("Commune characteristics"),
            "breadcrumbs": [*commune.ancestors(), commune],
        },
    )
