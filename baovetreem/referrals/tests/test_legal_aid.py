"""Legal-aid follow-up of a child in conflict with the law or a victim: who assists, hearings,
outcome; kept under its own permissions (given to the roles that refer), audited."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from baovetreem.accounts.models import Role, User
from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.referrals import services
from baovetreem.referrals.models import Hearing, LegalAidFollowUp


def _data(directory, **overrides):
    data = {
        "child_role": "in_conflict",
        "provider": directory["p_legal"],
        "lawyer_name": "Luật sư Nguyễn Văn Minh",
        "started_on": timezone.localdate() - dt.timedelta(days=10),
    }
    data.update(overrides)
    return data


def test_legal_aid_with_hearings_and_outcome(world, case, directory):
    follow_up = services.open_legal_aid(world.xa1, case, _data(directory))
    services.add_hearing(
        world.xa1,
        follow_up,
        {"held_on": timezone.localdate() + dt.timedelta(days=20), "place": "Tòa án nhân dân"},
    )
    services.update_legal_aid(world.xa1, follow_up, {"outcome": "Áp dụng biện pháp giáo dục."})
    follow_up.refresh_from_db()
    assert follow_up.outcome == "Áp dụng biện pháp giáo dục."
    assert follow_up.lawyer_name == "Luật sư Nguyễn Văn Minh"
    assert follow_up.hearings.count() == 1
    actions = set(
        AuditEvent.objects.filter(
            object_type__in=["referrals.legalaidfollowup", "referrals.hearing"]
        ).values_list("object_type", "action")
    )
    assert actions == {
        ("referrals.legalaidfollowup", AuditAction.CREATE),
        ("referrals.legalaidfollowup", AuditAction.UPDATE),
        ("referrals.hearing", AuditAction.CREATE),
    }


def test_legal_aid_needs_a_centre_or_a_lawyer(world, case, directory):
    with pytest.raises(ValidationError) as caught:
        services.open_legal_aid(world.xa1, case, _data(directory, provider=None, lawyer_name=""))
    assert "lawyer_name" in caught.value.message_dict
    assert not LegalAidFollowUp.objects.exists()


def test_legal_aid_centre_of_another_commune_is_refused(world, case, directory):
    with pytest.raises(ValidationError) as caught:
        services.open_legal_aid(world.xa1, case, _data(directory, provider=directory["c2_health"]))
    assert "provider" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["xa2", "ctv1", "giamsat"])
def test_legal_aid_is_opened_only_by_who_may_refer(world, case, directory, persona):
    with pytest.raises(PermissionDenied):
        services.open_legal_aid(getattr(world, persona), case, _data(directory))


def test_hearing_removed_by_mistake_is_audited(world, case, directory):
    follow_up = services.open_legal_aid(world.xa1, case, _data(directory))
    hearing = services.add_hearing(world.xa1, follow_up, {"held_on": timezone.localdate()})
    with pytest.raises(PermissionDenied):
        services.remove_hearing(world.xa2, hearing)
    services.remove_hearing(world.xa1, hearing)
    assert not Hearing.objects.exists()
    assert AuditEvent.objects.filter(
        object_type="referrals.hearing", action=AuditAction.DELETE
    ).exists()


def test_legal_aid_has_its_own_permissions_apart_from_referrals(world, case, directory, client):
    follow_up = services.open_legal_aid(world.xa1, case, _data(directory))
    role = Role.objects.get(code="commune_officer")
    role.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="referrals", codename__endswith="_legalaidfollowup"
        )
    )
    officer = User.objects.get(pk=world.xa1.pk)  # without the permissions cached on world.xa1
    assert officer.has_perm("referrals.add_referral")
    with pytest.raises(PermissionDenied):
        services.open_legal_aid(officer, case, _data(directory))
    with pytest.raises(PermissionDenied):
        services.add_hearing(officer, follow_up, {"held_on": timezone.localdate()})
    client.force_login(officer)
    page = client.get(f"/referrals/case/{case.pk}/")
    assert page.status_code == 200 and page.context["refer_form"] is not None
    assert page.context["follow_ups"] is None and 'id="legal-aid"' not in page.content.decode()
    assert client.get(f"/referrals/legal-aid/{follow_up.pk}/").status_code == 404
