"""Every change made through the Django admin is an audit event, like any other change."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.forms import CheckboxInput, MultiWidget
from django.test import Client

from baovetreem.accounts.models import AccountNotice, Role, RoleAssignment, User
from baovetreem.audit.admin_site import AuditedAdminSite, AuditedModelAdmin
from baovetreem.audit.models import AuditEvent
from baovetreem.core.models import CalendarDay
from baovetreem.testing.personas import PASSWORD


@pytest.fixture
def national(world):
    return User.objects.create_superuser("quocgia", password=PASSWORD, full_name="Quản trị QG")


@pytest.fixture
def national_client(national):
    client = Client()
    client.force_login(national)
    return client


def _value(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return "" if value is None else value


def _form_data(form, data: dict) -> None:
    """What a browser would post for ``form`` left as the page shows it."""
    for bound in form:
        if bound.field.disabled:
            continue
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, MultiWidget):
            value = value if isinstance(value, list) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, value, strict=False):
                data[bound.html_name + suffix] = _value(part)
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = _value(value)


def _change_page_data(client, url: str) -> dict:
    context = client.get(url).context
    data: dict = {}
    _form_data(context["adminform"].form, data)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.initial_forms:
            _form_data(form, data)
    return data


def test_granting_superuser_status_through_the_admin_is_audited(world, national, national_client):
    url = f"/django-admin/accounts/user/{world.ctv1.pk}/change/"
    data = _change_page_data(national_client, url)
    group = Group.objects.create(name="Nhóm thử")
    data.update({"is_superuser": "on", "is_staff": "on", "groups": [str(group.pk)]})
    response = national_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.ctv1.refresh_from_db()
    assert world.ctv1.is_superuser
    event = AuditEvent.objects.get(
        object_type="accounts.user", object_id=str(world.ctv1.pk), action="update"
    )
    assert event.actor == national and event.note.startswith("admin")
    assert event.before["is_superuser"] is False and event.after["is_superuser"] is True
    assert event.before["is_staff"] is False and event.after["is_staff"] is True
    assert event.before["groups"] == [] and event.after["groups"] == [group.pk]
    assert "password" not in event.before and "password" not in event.after
    assert AccountNotice.objects.get(user=world.ctv1).kind == "admin_changed"


def test_role_assignment_added_inline_in_the_admin_is_audited(world, national_client):
    url = f"/django-admin/accounts/user/{world.ctv1.pk}/change/"
    data = _change_page_data(national_client, url)
    data.update(
        {
            "role_assignments-TOTAL_FORMS": "2",
            "role_assignments-1-role": str(Role.objects.get(code="case_worker").pk),
            "role_assignments-1-location": str(world.C1.pk),
            "role_assignments-1-user": str(world.ctv1.pk),
        }
    )
    response = national_client.post(url, data)
    assert response.status_code == 302
    added = RoleAssignment.objects.get(user=world.ctv1, role__code="case_worker")
    event = AuditEvent.objects.get(
        object_type="accounts.roleassignment", object_id=str(added.pk), action="create"
    )
    assert event.after["location"] == world.C1.pk


def test_password_set_through_the_admin_is_audited_without_the_hash(world, national_client):
    response = national_client.post(
        f"/django-admin/accounts/user/{world.ctv1.pk}/password/",
        {"password1": "Mat-khau-moi-77", "password2": "Mat-khau-moi-77", "usable_password": "true"},
    )
    assert response.status_code == 302
    world.ctv1.refresh_from_db()
    assert world.ctv1.check_password("Mat-khau-moi-77")
    event = AuditEvent.objects.get(
        object_type="accounts.user", object_id=str(world.ctv1.pk), action="update"
    )
    assert world.ctv1.password not in str(event.after)
    notice = AccountNotice.objects.get(user=world.ctv1)
    assert "mật khẩu" in notice.message().lower()


def test_group_added_through_the_admin_is_audited_with_its_permissions(world, national_client):
    permission = Permission.objects.get(codename="view_child")
    response = national_client.post(
        "/django-admin/auth/group/add/", {"name": "Nhóm mới", "permissions": [permission.pk]}
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Nhóm mới")
    event = AuditEvent.objects.get(object_type="auth.group", object_id=str(group.pk))
    assert event.action == "create" and event.after["permissions"] == [permission.pk]


def test_deletion_through_the_admin_is_audited_with_what_was_deleted(world, national_client):
    day = CalendarDay.objects.create(date=dt.date(2031, 1, 2), kind="day_off", name="Ngày thử")
    response = national_client.post(
        f"/django-admin/core/calendarday/{day.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    event = AuditEvent.objects.get(object_type="core.calendarday", object_id=str(day.pk))
    assert event.action == "delete" and event.before["name"] == "Ngày thử"


def test_admin_is_closed_to_staff_who_are_not_superusers(world):
    world.xa1.is_staff = True
    world.xa1.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(world.xa1)
    response = client.get("/django-admin/accounts/user/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_every_registered_admin_is_audited():
    assert isinstance(admin.site, AuditedAdminSite)
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedModelAdmin)
    ]
    assert unaudited == []
