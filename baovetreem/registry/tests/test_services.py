import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baovetreem.audit.models import AuditEvent
from baovetreem.registry import services
from baovetreem.registry.models import Child, ChildEvent, Group, GroupMembership, Support

TODAY = dt.date(2026, 11, 25)


def _data(**extra):
    data = {
        "full_name": "  Hoàng  Minh   Khang ",
        "sex": "male",
        "date_of_birth": dt.date(2020, 3, 5),
    }
    data.update(extra)
    return data


def test_register_child_cleans_name_audits_and_starts_the_timeline(world):
    child = services.register_child(
        world.ctv1,
        village=world.V1a,
        data=_data(),
        on=TODAY,
        carers=[{"relationship": "mother", "full_name": "Vũ Thị Lan"}],
    )
    assert child.full_name == "Hoàng Minh Khang" and child.name_normalized == "hoang minh khang"
    assert child.scope_path == world.V1a.path
    assert (
        AuditEvent.objects.get(object_type="registry.child", action="create").after["full_name"]
        == child.full_name
    )
    assert ChildEvent.objects.get(child=child).kind == "registered"
    assert child.carers.get().name_normalized == "vu thi lan"


def test_future_birth_and_sixteen_year_olds_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.register_child(
            world.xa1, village=world.V1a, data=_data(date_of_birth=dt.date(2027, 1, 1)), on=TODAY
        )
    assert "tương lai" in str(exc.value.message_dict["date_of_birth"])
    with pytest.raises(ValidationError) as exc:
        services.register_child(
            world.xa1, village=world.V1a, data=_data(date_of_birth=dt.date(2010, 11, 25)), on=TODAY
        )
    assert "16" in str(exc.value.message_dict["date_of_birth"])
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    "personal_id,message",
    [
        ("05620001234", "12"),  # 11 digits
        ("999220012345", "mã tỉnh"),  # no such province
        ("056320012345", "bé gái"),  # 4th digit 3 = girl, child is a boy
        ("056219012345", "2019"),  # year 2019 vs born 2020
    ],
)
def test_malformed_personal_ids_are_refused(world, personal_id, message):
    with pytest.raises(ValidationError) as exc:
        services.register_child(
            world.xa1, village=world.V1a, data=_data(personal_id=personal_id), on=TODAY
        )
    assert message in " ".join(exc.value.message_dict["personal_id"])


def test_personal_id_with_spaces_is_cleaned_and_unique(world):
    child = services.register_child(
        world.xa1, village=world.V1a, data=_data(personal_id="056 220 012 345"), on=TODAY
    )
    assert child.personal_id == "056220012345"
    with pytest.raises(ValidationError) as exc:
        services.register_child(
            world.xa1,
            village=world.V1b,
            data=_data(full_name="Khác", personal_id="056220012345"),
            on=TODAY,
        )
    assert "đã có số định danh" in " ".join(exc.value.message_dict["personal_id"])


def test_birth_registration_on_time_is_within_60_days(world):
    on_time = services.register_child(
        world.xa1, village=world.V1a, on=TODAY, data=_data(birth_registered_on=dt.date(2020, 5, 4))
    )
    late = services.register_child(
        world.xa1,
        village=world.V1a,
        on=TODAY,
        data=_data(full_name="Bé Muộn", birth_registered_on=dt.date(2020, 5, 5)),
    )
    assert on_time.birth_registered_on_time is True and late.birth_registered_on_time is False


def test_second_concurrent_edit_is_refused_with_what_changed(world, kids):
    child = kids["an"]
    first = services.update_child(
        world.xa1, child, data={"school_name": "Trường Tiểu học Số 1"}, expected_version=1, on=TODAY
    )
    assert first.version == 2
    with pytest.raises(services.ConcurrentEditError) as exc:
        services.update_child(world.ctv1, child, data={"grade": "2A"}, expected_version=1, on=TODAY)
    assert exc.value.changes == [("school_name", "", "Trường Tiểu học Số 1")]
    assert exc.value.by == ["xa1"]
    child.refresh_from_db()
    assert child.grade == "" and child.version == 2


def test_edit_conflict_shows_a_vietnamese_message_in_the_page(client_for, kids):
    child = kids["an"]
    client = client_for("xa1")
    form = client.get(f"/registry/{child.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "date_of_birth": "04/05/2019",
            "full_name": "Nguyễn Văn An",
            "sex": "male",
            "birth_date_precision": "day",
            "ethnicity": "01",
            "parents_status": "unknown",
            "household": "",
            "version": 1,
        }
    )
    assert client.post(f"/registry/{child.pk}/edit/", {**data, "grade": "3B"}).status_code == 302
    response = client_for("ctv1").post(f"/registry/{child.pk}/edit/", {**data, "grade": "9Z"})
    page = response.content.decode()
    assert "người khác đã thay đổi" in page and "3B" in page
    child.refresh_from_db()
    assert child.grade == "3B"


def test_memberships_keep_history(world, kids):
    child = kids["an"]
    group = Group.objects.get(code="d2")
    membership = services.add_membership(
        world.ctv1, child, group=group, start_date=dt.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.add_membership(world.ctv1, child, group=group, start_date=dt.date(2024, 1, 1))
    services.end_membership(
        world.ctv1, membership, end_date=dt.date(2024, 6, 30), reason="đã phục hồi"
    )
    services.add_membership(world.ctv1, child, group=group, start_date=dt.date(2025, 1, 1))
    assert GroupMembership.objects.filter(child=child).count() == 2
    assert membership.verified_by == world.ctv1


def test_monthly_allowance_follows_the_base_level_in_force(world, kids):
    assert (
        services.monthly_allowance(dt.date(2024, 6, 30), "child_under_4_no_support").monthly_vnd
        == 900_000
    )
    assert (
        services.monthly_allowance(dt.date(2024, 7, 1), "child_under_4_no_support").monthly_vnd
        == 1_250_000
    )
    assert (
        services.monthly_allowance(dt.date(2025, 1, 1), "child_4_plus_no_support").monthly_vnd
        == 750_000
    )
    support = services.record_support(
        world.xa1, kids["an"], kind="social_allowance", received_on=dt.date(2025, 1, 15)
    )
    assert support.amount_vnd == 750_000  # aged 5
    assert Support.objects.count() == 1


def test_soft_delete_hides_the_child_and_is_audited(world, kids, client_for):
    services.delete_child(world.xa1, kids["an"], reason="nhập trùng")
    assert not Child.objects.filter(pk=kids["an"].pk).exists()
    assert Child.all_objects.filter(pk=kids["an"].pk).exists()
    assert client_for("xa1").get(f"/registry/{kids['an'].pk}/").status_code == 404
    assert AuditEvent.objects.filter(object_type="registry.child", action="delete").exists()
    with pytest.raises(PermissionDenied):
        services.purge_child(world.xa1, Child.all_objects.get(pk=kids["an"].pk))


def test_collaborator_cannot_delete(world, kids):
    with pytest.raises(PermissionDenied):
        services.delete_child(world.ctv1, kids["an"], reason="x")


def test_move_within_commune_and_hand_over_to_another(world, kids):
    child = services.move_child(world.xa1, kids["an"], to=world.V1b, on=TODAY)
    assert child.scope_path == world.V1b.path
    child = services.move_child(world.xa1, child, to=world.C2, on=TODAY, note="theo mẹ")
    assert not Child.objects.restrict(world.xa1, "view").filter(pk=child.pk).exists()
    assert Child.objects.restrict(world.xa2, "view").filter(pk=child.pk).exists()
    moves = ChildEvent.objects.filter(child=child, kind="moved").order_by("id")
    assert [(m.from_location, m.to_location) for m in moves] == [
        (world.V1a, world.V1b),
        (world.V1b, world.C2),
    ]
    # Both communes' auditors can see the hand-over.
    events = AuditEvent.objects.filter(object_type="registry.child", object_id=str(child.pk))
    hand_over = events.filter(note__contains="moved").order_by("-id")[:2]
    assert {e.location_path for e in hand_over} == {world.V1b.path, world.C2.path}


def test_measurement_z_scores_and_implausible_values(world, kids):
    child = kids["dung"]  # girl born 10/02/2021
    m = services.record_measurement(
        world.ctv1,
        child,
        measured_on=dt.date(2023, 2, 10),
        weight_kg=Decimal("11.5"),
        height_cm=Decimal("86.4"),
    )
    assert m.haz == pytest.approx(0, abs=0.1) and m.underweight is False
    with pytest.raises(services.ImplausibleMeasurement):
        services.record_measurement(
            world.ctv1,
            child,
            measured_on=dt.date(2023, 8, 1),
            weight_kg=Decimal("11.9"),
            height_cm=Decimal("80.0"),
        )
    stored = services.record_measurement(
        world.ctv1,
        child,
        measured_on=dt.date(2023, 8, 1),
        weight_kg=Decimal("11.9"),
        height_cm=Decimal("80.0"),
        confirmed=True,
    )
    assert stored.needs_check and "80.0" in stored.check_reason


def test_children_turning_16_are_aged_out_on_their_birthday_and_kept(world):
    from baovetreem.testing.children import make_child

    leap = make_child(world.V1a, "Sinh Ngày Nhuận", dt.date(2008, 2, 29))
    young = make_child(world.V1a, "Còn Nhỏ", dt.date(2010, 11, 26))
    assert services.age_out_children(on=dt.date(2024, 2, 28)) == 0
    assert services.age_out_children(on=dt.date(2024, 3, 1)) == 1
    leap.refresh_from_db()
    assert leap.status == "aged_out" and leap.status_since == dt.date(2024, 2, 29)
    assert Child.objects.filter(pk=leap.pk).exists()  # kept for history
    assert services.age_out_children(on=dt.date(2026, 11, 25)) == 0
    young.refresh_from_db()
    assert young.status == "living"
    assert services.age_out_children(on=dt.date(2026, 11, 26)) == 1


def test_deleted_record_is_restored_from_the_deleted_list(world, kids, client_for):
    services.delete_child(world.xa1, kids["an"], reason="nhầm")
    client = client_for("xa1")
    assert [c.full_name for c in client.get("/registry/deleted/").context["page"]] == [
        "Nguyễn Văn An"
    ]
    assert client_for("xa2").post(f"/registry/{kids['an'].pk}/restore/").status_code == 404
    assert client.post(f"/registry/{kids['an'].pk}/restore/").status_code == 302
    assert Child.objects.filter(pk=kids["an"].pk).exists()
    assert ChildEvent.objects.filter(child=kids["an"], kind="restored").exists()


def test_only_administrators_purge(world, kids, client_for, django_user_model):
    services.delete_child(world.xa1, kids["an"], reason="nhầm")
    client_for("xa1").post(f"/registry/{kids['an'].pk}/purge/")
    assert Child.all_objects.filter(pk=kids["an"].pk).exists()
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x-Very-Long-9")
    services.purge_child(root, Child.all_objects.get(pk=kids["an"].pk))
    assert not Child.all_objects.filter(pk=kids["an"].pk).exists()
    assert AuditEvent.objects.filter(object_id=str(kids["an"].pk), note="purged").exists()
