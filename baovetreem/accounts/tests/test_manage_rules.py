"""A manager manages only users whose every role they could give (no takeover inside an area)."""

import pytest
from django.core.exceptions import PermissionDenied

from baovetreem.accounts import services
from baovetreem.accounts.models import Role, RoleAssignment, User
from baovetreem.testing.personas import PASSWORD

NEW_PASSWORD = "Mat-khau-moi-77"


def _password_still_works(user: User) -> bool:
    user.refresh_from_db()
    return user.check_password(PASSWORD)


def test_commune_officer_cannot_reset_supervisor_password(world, client_for):
    response = client_for("xa1").post(
        f"/accounts/users/{world.giamsat.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert _password_still_works(world.giamsat)


def test_commune_officer_cannot_deactivate_supervisor(world, client_for):
    response = client_for("xa1").post(
        f"/accounts/users/{world.giamsat.pk}/active/", {"active": "0"}
    )
    assert response.status_code == 403
    world.giamsat.refresh_from_db()
    assert world.giamsat.is_active


def test_commune_officer_cannot_change_supervisor_roles(world, client_for):
    collaborator = Role.objects.get(code="village_collaborator")
    client = client_for("xa1")
    response = client.post(
        f"/accounts/users/{world.giamsat.pk}/roles/",
        {"role": collaborator.pk, "location": world.V1a.pk},
    )
    assert response.status_code == 403
    assignment = world.giamsat.role_assignments.get()
    response = client.post(f"/accounts/users/{world.giamsat.pk}/roles/{assignment.pk}/remove/")
    assert response.status_code == 403
    assert list(world.giamsat.role_assignments.values_list("role__code", flat=True)) == [
        "case_supervisor"
    ]


def test_services_refuse_commune_officer_managing_supervisor(world):
    xa1, giamsat = world.xa1, world.giamsat
    with pytest.raises(PermissionDenied):
        services.set_password(xa1, giamsat, NEW_PASSWORD)
    with pytest.raises(PermissionDenied):
        services.update_user(xa1, giamsat, is_active=False)
    with pytest.raises(PermissionDenied):
        services.update_user(xa1, giamsat, email="ke-gian@example.org")
    with pytest.raises(PermissionDenied):
        services.add_assignment(
            xa1, giamsat, Role.objects.get(code="village_collaborator"), world.V1a
        )
    assert _password_still_works(giamsat)
    assert giamsat.is_active and giamsat.email == ""


def test_supervisor_page_offers_commune_officer_no_action(world, client_for):
    response = client_for("xa1").get(f"/accounts/users/{world.giamsat.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/password/" not in page
    assert "/active/" not in page
    assert "/remove/" not in page
    assert response.context["assignment_form"] is None


def test_commune_officer_still_manages_collaborator_and_case_worker(world, client_for):
    client = client_for("xa1")
    for target in (world.ctv1, world.canbo):
        page = client.get(f"/accounts/users/{target.pk}/").content.decode()
        assert f"/accounts/users/{target.pk}/password/" in page
        response = client.post(
            f"/accounts/users/{target.pk}/password/",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        target.refresh_from_db()
        assert target.check_password(NEW_PASSWORD)
    response = client.post(f"/accounts/users/{world.canbo.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    world.canbo.refresh_from_db()
    assert not world.canbo.is_active


def test_commune_officer_cannot_manage_a_collaborator_who_is_also_supervisor(world):
    RoleAssignment.objects.create(
        user=world.ctv1, role=Role.objects.get(code="case_supervisor"), location=world.C1
    )
    assert not services.can_manage(world.xa1, world.ctv1)
    with pytest.raises(PermissionDenied):
        services.set_password(world.xa1, world.ctv1, NEW_PASSWORD)


def test_province_administrator_cannot_take_over_the_auditor(world, client_for):
    response = client_for("admin").post(
        f"/accounts/users/{world.kiemtra.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert _password_still_works(world.kiemtra)
    with pytest.raises(PermissionDenied):
        services.update_user(world.admin, world.kiemtra, is_active=False)
    world.kiemtra.refresh_from_db()
    assert world.kiemtra.is_active


def test_province_administrator_cannot_appoint_an_auditor(world):
    auditor = Role.objects.get(code="auditor")
    assert auditor not in services.grantable_roles(world.admin, world.P)
    with pytest.raises(PermissionDenied):
        services.create_user(
            world.admin,
            username="kiemtra_gia",
            password=NEW_PASSWORD,
            role=auditor,
            location=world.P,
        )


def test_only_a_superuser_gives_the_auditor_role(world):
    granted_by = Role.objects.filter(grantable_roles__code="auditor")
    assert list(granted_by) == []
    national = User.objects.create_superuser("quocgia", password=PASSWORD)
    assert services.can_manage(national, world.kiemtra)
    services.set_password(national, world.kiemtra, NEW_PASSWORD)
    world.kiemtra.refresh_from_db()
    assert world.kiemtra.check_password(NEW_PASSWORD)


def test_province_administrator_still_manages_the_supervisor(world):
    assert services.can_manage(world.admin, world.giamsat)


def test_nobody_manages_themself_through_the_user_pages(world, client_for):
    response = client_for("xa1").post(f"/accounts/users/{world.xa1.pk}/active/", {"active": "0"})
    assert response.status_code == 403
    national = User.objects.create_superuser("quocgia", password=PASSWORD)
    assert not services.can_manage(national, national)
    with pytest.raises(PermissionDenied):
        services.update_user(national, national, full_name="Tự sửa")


def test_only_superusers_manage_superusers(world):
    chief = User.objects.create_superuser("truongban", password=PASSWORD)
    RoleAssignment.objects.create(
        user=chief, role=Role.objects.get(code="case_worker"), location=world.C1
    )
    assert not services.can_manage(world.xa1, chief)
    assert not services.can_manage(world.admin, chief)
    with pytest.raises(PermissionDenied):
        services.set_password(world.admin, chief, NEW_PASSWORD)
    national = User.objects.create_superuser("quocgia", password=PASSWORD)
    assert services.can_manage(national, chief)
