"""User management stays inside each manager's scope."""

import pytest

from baovetreem.accounts.models import Role, RoleAssignment, User
from baovetreem.audit.models import AuditEvent


def _form(world, **overrides):
    data = {
        "username": "ctv_moi",
        "full_name": "Cộng tác viên Mới",
        "location": world.V1b.pk,
        "role": Role.objects.get(code="village_collaborator").pk,
        "password1": "Cong-tac-vien-42",
        "password2": "Cong-tac-vien-42",
    }
    data.update(overrides)
    return data


def test_commune_officer_creates_a_collaborator_for_own_village(world, client_for):
    response = client_for("xa1").post("/accounts/users/new/", _form(world))
    assert response.status_code == 302
    user = User.objects.get(username="ctv_moi")
    assert [(a.role.code, a.location) for a in user.role_assignments.all()] == [
        ("village_collaborator", world.V1b)
    ]
    assert AuditEvent.objects.filter(
        object_type="accounts.user", object_id=str(user.pk), action="create"
    ).exists()
    assert "Cong-tac-vien-42" not in str(list(AuditEvent.objects.values()))


def test_commune_officer_cannot_create_a_user_in_another_commune(world, client_for):
    response = client_for("xa1").post("/accounts/users/new/", _form(world, location=world.V2a.pk))
    assert response.status_code == 200
    assert (
        "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
        or response.context["form"].errors
    )
    assert not User.objects.filter(username="ctv_moi").exists()


def test_commune_officer_cannot_grant_a_role_above_their_own(world, client_for):
    role = Role.objects.get(code="commune_officer")
    response = client_for("xa1").post(
        "/accounts/users/new/", _form(world, role=role.pk, location=world.C1.pk)
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="ctv_moi").exists()
    assert (
        not RoleAssignment.objects.filter(role=role, location=world.C1)
        .exclude(user=world.xa1)
        .exists()
    )


def test_service_refuses_a_role_the_actor_may_not_give(world):
    from django.core.exceptions import PermissionDenied

    from baovetreem.accounts.services import create_user

    with pytest.raises(PermissionDenied, match="không được cấp vai trò"):
        create_user(
            world.xa1,
            username="leo_thang",
            password="Mat-khau-dai-12",
            role=Role.objects.get(code="commune_officer"),
            location=world.C1,
        )
    assert not User.objects.filter(username="leo_thang").exists()


def test_weak_password_is_refused_in_vietnamese(world, client_for):
    response = client_for("xa1").post(
        "/accounts/users/new/", _form(world, password1="12345678", password2="12345678")
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="ctv_moi").exists()
    assert "Mật khẩu" in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "active/", "password/", "roles/"])
def test_other_commune_officer_cannot_reach_users_of_xa1(world, client_for, suffix):
    url = f"/accounts/users/{world.ctv1.pk}/{suffix}"
    client = client_for("xa2")
    assert (client.get(url) if not suffix else client.post(url, {"active": "0"})).status_code == 404
    world.ctv1.refresh_from_db()
    assert world.ctv1.is_active


def test_user_list_is_scoped(world, client_for):
    names = {u.username for u in client_for("xa2").get("/accounts/users/").context["page"]}
    assert names == {"xa2"}
    names = {u.username for u in client_for("xa1").get("/accounts/users/").context["page"]}
    assert names == {"xa1", "ctv1", "ctv1b", "canbo", "giamsat"}


def test_commune_officer_cannot_manage_a_provincial_user_who_also_works_in_the_commune(
    world, client_for
):
    RoleAssignment.objects.create(
        user=world.tinh, role=Role.objects.get(code="case_worker"), location=world.C1
    )
    response = client_for("xa1").post(f"/accounts/users/{world.tinh.pk}/active/", {"active": "0"})
    assert response.status_code == 403
    world.tinh.refresh_from_db()
    assert world.tinh.is_active


def test_deactivating_a_collaborator_is_audited_and_locks_them_out(world, client_for):
    response = client_for("xa1").post(f"/accounts/users/{world.ctv1.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    world.ctv1.refresh_from_db()
    assert not world.ctv1.is_active
    event = AuditEvent.objects.get(
        action="update", object_type="accounts.user", object_id=str(world.ctv1.pk)
    )
    assert event.before["is_active"] is True and event.after["is_active"] is False


def test_user_list_has_constant_queries(world, client_for, django_assert_max_num_queries):
    from baovetreem.accounts.services import provision_user

    for n in range(20):
        provision_user(
            username=f"ctv{n}x", password="x", role_code="village_collaborator", location=world.V1a
        )
    client = client_for("xa1")
    # 12 to read the page, and the insert of its audit event.
    with django_assert_max_num_queries(13):
        assert len(client.get("/accounts/users/").context["page"]) == 25


def test_role_choices_are_only_the_roles_the_manager_may_give(world, client_for):
    form = client_for("xa1").get("/accounts/users/new/").context["form"]
    assert {r.code for r in form.fields["role"].queryset} == {"village_collaborator", "case_worker"}
    locations = set(form.fields["location"].queryset)
    assert locations == {world.C1, world.V1a, world.V1b}
