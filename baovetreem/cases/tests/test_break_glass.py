"""Breaking the glass: a case worker of the commune outside a case opens it only with a reason,
for 24 hours, audited and shown to the supervisor; collaborators and other communes get 404."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import BreakGlassAccess, Case

REASON = "Trẻ đang ở trạm y tế, cần biết tiền sử để hỗ trợ ngay."


def test_case_worker_outside_the_case_is_asked_for_a_reason(client_for, case):
    client = client_for("canbo")
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/break-glass/"
    page = client.get(f"/cases/{case.pk}/break-glass/")
    assert page.status_code == 403 and "form" in page.context
    refused = client.post(f"/cases/{case.pk}/break-glass/", {"reason": ""})
    assert refused.status_code == 400
    assert not BreakGlassAccess.objects.exists()
    assert not AuditEvent.objects.filter(action="break_glass").exists()


def test_breaking_the_glass_opens_the_case_and_is_audited(client_for, world, case):
    client = client_for("canbo")
    response = client.post(f"/cases/{case.pk}/break-glass/", {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    detail = client.get(f"/cases/{case.pk}/")
    assert detail.status_code == 200 and detail.context["full"]
    event = AuditEvent.objects.get(action="break_glass")
    assert event.actor == world.canbo and event.note == REASON
    assert event.object_id == str(case.pk) and event.location_path == case.scope_path
    assert case in Case.objects.visible_to(world.canbo, full=True)


def test_a_short_reason_is_refused(world, case):
    with pytest.raises(ValidationError):
        services.break_glass(world.canbo, case, "  xem  ")
    assert not BreakGlassAccess.objects.exists()


def test_break_glass_expires_after_24_hours(world, case):
    past = timezone.now() - dt.timedelta(hours=25)
    services.break_glass(world.canbo, case, REASON, now=past)
    assert case not in Case.objects.visible_to(world.canbo)
    assert not case.has_full_access(world.canbo)
    services.break_glass(world.canbo, case, REASON, now=timezone.now() - dt.timedelta(hours=23))
    assert case in Case.objects.visible_to(world.canbo)


def test_supervisor_sees_who_broke_the_glass_and_why(client_for, world, case):
    services.break_glass(world.canbo, case, REASON)
    page = client_for("giamsat").get(f"/cases/{case.pk}/").content.decode()
    assert REASON in page and str(world.canbo) in page
    # The one who broke the glass does not see the list of emergency accesses.
    assert client_for("canbo").get(f"/cases/{case.pk}/").context["break_glass"] == []


@pytest.mark.parametrize("persona", ["ctv1", "xa2", "tongdai_q", "xa3"])
def test_collaborators_and_other_communes_cannot_break_the_glass(client_for, world, case, persona):
    client = client_for(persona)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/break-glass/").status_code == 404
    assert client.post(f"/cases/{case.pk}/break-glass/", {"reason": REASON}).status_code == 404
    assert not BreakGlassAccess.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.break_glass(getattr(world, persona), case, REASON)


def test_breaking_the_glass_lets_one_read_but_not_change_the_case(client_for, world, case):
    """Emergency access is for reading; working on the case needs an assignment."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from baovetreem.cases.attachments import add_attachment

    services.break_glass(world.canbo, case, REASON)
    client = client_for("canbo")
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and page.context["full"] and page.context["read_only"]
    assert page.context["steps"] == [] and page.context["attachment_form"] is None
    assert "truy cập khẩn cấp" in page.content.decode()
    assert services.allowed_next_states(world.canbo, case) == []
    with pytest.raises(services.PermissionDenied):
        services.transition(world.canbo, case, "verified", {"notes": "x"}, case.version)
    upload = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(services.PermissionDenied):
        add_attachment(world.canbo, case, upload)
    case.refresh_from_db()
    assert case.state == "received" and not case.attachments.exists()
    assert case not in Case.objects.worked_on_by(world.canbo)
    # Once assigned, the same worker may take the steps.
    services.assign(world.xa1, case, world.canbo)
    assert services.allowed_next_states(world.canbo, case) != []
    assert not client.get(f"/cases/{case.pk}/").context["read_only"]
