"""Hotline pages: the operator's console, the contact log and the press review. Every lookup
goes through ``restrict``: a call or press item of another area is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baovetreem.audit.models import AuditAction
from baovetreem.audit.reads import filters_of, read_found, read_page
from baovetreem.audit.services import record
from baovetreem.cases.forms import ReportForm
from baovetreem.cases.models import Case
from baovetreem.core.calendar import VIETNAM
from baovetreem.core.forms import add_service_errors
from baovetreem.core.models import user_can_at
from baovetreem.core.text import normalize_name
from baovetreem.hotline import services
from baovetreem.hotline.forms import ContactFilterForm, ContactForm, PressItemForm
from baovetreem.hotline.models import Contact, FollowUp, PressItem

PAGE_SIZE = 50
RECENT = 10


def _contacts(user):
    return Contact.objects.restrict(user, "view").select_related(
        "topic", "topic__parent", "location", "operator", "case"
    )


def _visible_contact(request, pk: int) -> Contact:
    return get_object_or_404(_contacts(request.user), pk=pk)


def _visible_press_item(request, pk: int) -> PressItem:
    items = PressItem.objects.restrict(request.user, "view").select_related(
        "location", "recorded_by", "case"
    )
    return get_object_or_404(items, pk=pk)


@login_required
@permission_required("hotline.view_contact", raise_exception=True)
def console(request):
    """Quick entry of a call, and the operator's latest calls."""
    can_add = request.user.has_perm("hotline.add_contact")
    form = ContactForm(request.POST or None, user=request.user, quick=True) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                contact = services.log_contact(request.user, form.contact_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("location", str(exc))
            else:
                messages.success(
                    request,
                    _("Call of %(time)s saved.")
                    % {"time": f"{contact.received_at.astimezone(VIETNAM):%H:%M}"},
                )
                return redirect("hotline:console")
    recent = _contacts(request.user)
    if can_add:
        recent = recent.filter(operator=request.user)
    recent = read_found(
        request.user,
        lambda: list(recent[:RECENT]),
        model=Contact,
        filters={"operator": request.user.pk if can_add else None},
        note="latest calls",
    )
    return render(
        request,
        "hotline/console.html",
        {"form": form, "recent": recent},
        status=400 if form is not None and form.errors else 200,
    )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VIETNAM)


def _filtered(request, form: ContactFilterForm):
    contacts = _contacts(request.user)
    if not form.is_valid():
        return contacts
    data = form.cleaned_data
    if data["q"]:
        contacts = contacts.filter(summary_normalized__contains=normalize_name(data["q"]))
    # Whole days in Vietnam time, as a range on the indexed time (no per-row date cast).
    if data["date_from"]:
        contacts = contacts.filter(received_at__gte=_day_start(data["date_from"]))
    if data["date_to"]:
        contacts = contacts.filter(
            received_at__lt=_day_start(data["date_to"] + dt.timedelta(days=1))
        )
    topic = data["topic"]
    if topic is not None:
        contacts = (
            contacts.filter(topic__parent=topic) if topic.is_group else contacts.filter(topic=topic)
        )
    for name in ("outcome", "caller_type"):
        if data[name]:
            contacts = contacts.filter(**{name: data[name]})
    return contacts


@login_required
@permission_required("hotline.view_contact", raise_exception=True)
def contact_log(request):
    """Every call the user may see, searchable and filtered."""
    form = ContactFilterForm(request.GET or None)
    contacts = _filtered(request, form).order_by("-received_at", "-id")
    page = read_page(
        request.user,
        contacts,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        filters=filters_of(form),
    )
    return render(request, "hotline/contact_log.html", {"form": form, "page": page})


@login_required
@permission_required("hotline.view_contact", raise_exception=True)
def contact_detail(request, pk: int):
    contact = _visible_contact(request, pk)
    record(request.user, AuditAction.VIEW, contact)
    can_report = (
        contact.case_id is None
        and request.user.has_perm("cases.add_report")
        and user_can_at(request.user, "hotline.view_contact", contact.scope_path)
    )
    case_visible = (
        contact.case_id is not None
        and Case.objects.visible_to(request.user).filter(pk=contact.case_id).exists()
    )
    return render(
        request,
        "hotline/contact_detail.html",
        {
            "contact": contact,
            "can_report": can_report,
            "case_visible": case_visible,
            "can_change": user_can_at(request.user, "hotline.change_contact", contact.scope_path),
        },
    )


@login_required
@permission_required("hotline.change_contact", raise_exception=True)
def contact_edit(request, pk: int):
    contact = _visible_contact(request, pk)
    initial = {name: getattr(contact, name) for name in services.CONTACT_FIELDS}
    initial["topic"] = contact.topic_id
    initial["location"] = contact.location_id
    form = ContactForm(
        request.POST or None, user=request.user, perm="hotline.change_contact", initial=initial
    )
    if contact.case_id:
        del form.fields["outcome"]  # set by the report created from the call
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(request.user, contact, form.contact_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Call updated."))
            return redirect("hotline:detail", pk=contact.pk)
    return render(request, "hotline/contact_form.html", {"form": form, "contact": contact})


def _report_form(request, source, initial: dict) -> ReportForm:
    location = initial.pop("location", None)
    if location is not None:
        initial["location"] = location.pk
    form = ReportForm(request.POST or None, user=request.user, initial=initial)
    places = form.fields["location"].queryset.filter(path__startswith=source.location.path)
    form.fields["location"].queryset = places
    form.fields["channel"].disabled = True
    return form


def _after_report(request, case: Case, fallback):
    messages.success(request, _("Report received: case %(code)s opened.") % {"code": case.code})
    if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
        return redirect("cases:detail", pk=case.pk)
    return redirect(fallback)


@login_required
@permission_required(["hotline.view_contact", "cases.add_report"], raise_exception=True)
def contact_report(request, pk: int):
    """Form 01 filled from the call; saving opens the case and links it to the call."""
    contact = _visible_contact(request, pk)
    if contact.case_id:
        messages.info(request, _("A report was already created from this call."))
        return redirect("hotline:detail", pk=contact.pk)
    form = _report_form(request, contact, services.report_initial_from_contact(contact))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.create_report_from_contact(
                request.user,
                contact,
                form.report_data(),
                location=form.cleaned_data["location"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("location", str(exc))
        else:
            return _after_report(request, case, contact.get_absolute_url())
    return render(
        request,
        "hotline/report_form.html",
        {"form": form, "source": contact, "back": contact.get_absolute_url()},
    )


@login_required
@permission_required("hotline.view_pressitem", raise_exception=True)
def press_list(request):
    """The press review: recorded items, newest first, and the form to add one."""
    can_add = request.user.has_perm("hotline.add_pressitem")
    form = PressItemForm(request.POST or None, user=request.user) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                item = services.record_press_item(request.user, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("location", str(exc))
            else:
                messages.success(request, _("Press item saved."))
                return redirect("hotline:press_detail", pk=item.pk)
    items = (
        PressItem.objects.restrict(request.user, "view")
        .select_related("location", "case")
        .order_by("-published_on", "-id")
    )
    follow_up = request.GET.get("follow_up")
    if follow_up in FollowUp.values:
        items = items.filter(follow_up=follow_up)
    page = read_page(
        request.user,
        items,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        filters={"follow_up": follow_up if follow_up in FollowUp.values else None},
    )
    return render(
        request,
        "hotline/press_list.html",
        {"form": form, "page": page, "follow_ups": FollowUp.choices, "follow_up": follow_up},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@permission_required("hotline.view_pressitem", raise_exception=True)
def press_detail(request, pk: int):
    item = _visible_press_item(request, pk)
    can_follow = item.case_id is None and user_can_at(
        request.user, "hotline.add_pressitem", item.scope_path
    )
    return render(
        request,
        "hotline/press_detail.html",
        {
            "item": item,
            "can_follow": can_follow,
            "can_report": item.case_id is None and request.user.has_perm("cases.add_report"),
            "case_visible": item.case_id is not None
            and Case.objects.visible_to(request.user).filter(pk=item.case_id).exists(),
        },
    )


@login_required
@require_POST
@permission_required("hotline.add_pressitem", raise_exception=True)
def press_follow_up(request, pk: int):
    item = _visible_press_item(request, pk)
    follow_up = request.POST.get("follow_up")
    if follow_up not in {FollowUp.NONE, FollowUp.NOT_RELEVANT}:
        messages.error(request, _("Choose a follow-up from the list."))
        return redirect("hotline:press_detail", pk=item.pk)
    try:
        services.set_press_follow_up(request.user, item, follow_up)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Saved."))
    return redirect("hotline:press_detail", pk=item.pk)


@login_required
@permission_required(["hotline.view_pressitem", "cases.add_report"], raise_exception=True)
def press_report(request, pk: int):
    """Form 01 filled from a press item (channel: press)."""
    item = _visible_press_item(request, pk)
    if item.case_id:
        messages.info(request, _("A report was already created from this item."))
        return redirect("hotline:press_detail", pk=item.pk)
    form = _report_form(request, item, services.report_initial_from_press_item(item))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.create_report_from_press_item(
                request.user, item, form.report_data(), location=form.cleaned_data["location"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("location", str(exc))
        else:
            return _after_report(request, case, item.get_absolute_url())
    return render(
        request,
        "hotline/report_form.html",
        {"form": form, "source": item, "back": item.get_absolute_url()},
    )
