"""The batch duplicate report and the merge of two records of one child."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditEvent
from baovetreem.registry import services
from baovetreem.registry.duplicates import (
    _close_personal_ids,
    _evidence,
    _Row,
    _score,
    duplicate_pairs,
)
from baovetreem.registry.merge import merge_children
from baovetreem.registry.models import (
    Carer,
    Child,
    ChildEvent,
    Group,
    GroupMembership,
    Measurement,
    Support,
)
from baovetreem.testing.children import make_child


def _pair_ids(pairs):
    return {frozenset((p.a_id, p.b_id)) for p in pairs}


def _pair(pairs, a, b):
    return next(p for p in pairs if {p.a_id, p.b_id} == {a.pk, b.pk})


def _carer(child, name, relationship="mother"):
    return Carer.objects.create(child=child, full_name=name, relationship=relationship)


# --- finding pairs -------------------------------------------------------------------------


def test_typo_in_name_with_the_same_birth_date_is_paired(world, kids):
    typo = make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    pairs = duplicate_pairs(world.xa1)
    pair = _pair(pairs, kids["an"], typo)
    assert pair.score >= 90
    assert _("similar name") in pair.reasons and _("same date of birth") in pair.reasons
    assert _pair_ids(pairs) == {frozenset((kids["an"].pk, typo.pk))}


def test_id_numbers_one_typing_slip_apart_are_paired(world):
    hoa = make_child(world.V1a, "Lê Thị Hoa", dt.date(2015, 9, 1), personal_id="056315001234")
    # Two neighbouring digits swapped, name typed without marks, day of birth mistyped.
    twin = make_child(world.V1b, "Le Thi Hoa", dt.date(2015, 9, 11), personal_id="056315001243")
    pair = _pair(duplicate_pairs(world.xa1), hoa, twin)
    assert _("ID numbers one digit apart") in pair.reasons
    assert pair.score == 100


def test_the_same_id_number_is_the_strongest_reason():
    # The register keeps ID numbers unique, so this is checked on the comparison itself.
    a = _Row(1, "tran thi mai", dt.date(2017, 3, 2), "056317000001")
    b = _Row(2, "tran mai", dt.date(2017, 3, 2), "056317000001")
    assert list(_close_personal_ids([a, b])) == [(a, b)]
    score, reasons = _score(_evidence(a, b), None)
    assert score >= 100 and reasons[0] == "same_id"


def test_two_different_id_numbers_are_two_children(world):
    a = make_child(
        world.V1a, "Trần Văn Nam", dt.date(2018, 4, 4), "male", personal_id="056218000111"
    )
    b = make_child(
        world.V1a, "Trần Văn Nam", dt.date(2018, 4, 4), "male", personal_id="056218999222"
    )
    assert frozenset((a.pk, b.pk)) not in _pair_ids(duplicate_pairs(world.xa1))


def test_same_name_five_years_apart_with_different_carers_is_not_paired(world, kids):
    older = make_child(world.V1b, "Nguyễn Văn An", dt.date(2014, 5, 4), "male")
    _carer(kids["an"], "Vũ Thị Lan")
    _carer(older, "Hà Thị Thu")
    assert duplicate_pairs(world.xa1) == []


def test_same_name_same_year_with_different_mothers_is_not_paired(world, kids):
    other = make_child(world.V1b, "Nguyễn Văn An", dt.date(2019, 5, 20), "male")
    _carer(kids["an"], "Vũ Thị Lan")
    _carer(other, "Hà Thị Thu")
    assert duplicate_pairs(world.xa1) == []


def test_same_parent_lifts_a_pair_with_a_mistyped_birth_year(world, kids):
    again = make_child(world.V1b, "Nguyễn Văn An", dt.date(2018, 5, 4), "male")
    _carer(kids["an"], "Vũ Thị Lan")
    _carer(again, "Vu Thi Lan")
    pair = _pair(duplicate_pairs(world.xa1), kids["an"], again)
    assert _("same parent or carer") in pair.reasons


def test_merged_and_deleted_records_are_not_reported(world, kids):
    typo = make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    services.delete_child(world.xa1, typo, reason="Nhập nhầm")
    assert duplicate_pairs(world.xa1) == []


def test_report_is_limited_to_scope_and_place(world, kids):
    make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    assert duplicate_pairs(world.xa2) == []
    assert duplicate_pairs(world.xa1, world.V1a) == []  # the pair spans two villages
    assert len(duplicate_pairs(world.xa1, world.C1)) == 1
    assert len(duplicate_pairs(world.xa1, world.P)) == 1  # a wider root stays within the scope
    assert duplicate_pairs(world.xa2, world.C1) == []


def test_limit_keeps_the_strongest_pairs(world, kids):
    typo = make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")  # 96
    again = make_child(world.V1b, "Trần Thị Dũng", dt.date(2021, 2, 20))  # same name, close: 80
    pairs = duplicate_pairs(world.xa1)
    assert [p.score for p in pairs] == [96, 80]
    assert _pair_ids(duplicate_pairs(world.xa1, limit=1)) == {frozenset((kids["an"].pk, typo.pk))}
    assert again.pk in {pairs[1].a_id, pairs[1].b_id}


# --- pages ---------------------------------------------------------------------------------


def test_other_commune_never_sees_the_pairs(client_for, world, kids):
    make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    mine = make_child(world.V2a, "Phạm Văn Binh", dt.date(2018, 1, 20), "male")
    page = client_for("xa2").get("/registry/duplicates/").context["page"]
    assert [{p.a.pk, p.b.pk} for p in page.object_list] == [{kids["binh"].pk, mine.pk}]
    page = client_for("xa1").get("/registry/duplicates/").context["page"]
    assert all(kids["binh"].pk not in {p.a_id, p.b_id} for p in page.object_list)


def test_report_filters_by_a_place_of_the_scope(client_for, world, kids):
    make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    client = client_for("xa1")
    assert (
        client.get("/registry/duplicates/", {"place": world.C1.pk}).context["page"].paginator.count
        == 1
    )
    assert (
        client.get("/registry/duplicates/", {"place": world.V1a.pk}).context["page"].paginator.count
        == 0
    )
    # A place outside the scope is not a choice: the form is invalid and the whole scope shows.
    response = client.get("/registry/duplicates/", {"place": world.V2a.pk})
    assert "place" in response.context["form"].errors


def test_people_without_registry_rights_cannot_open_the_report(client_for, kids):
    assert client_for("tongdai").get("/registry/duplicates/").status_code == 403


def test_report_page_has_constant_queries(client_for, world, django_assert_max_num_queries):
    for n in range(12):
        born = dt.date(2016, 1, 1) + dt.timedelta(days=40 * n)
        a = make_child(world.V1a, f"Hoàng Minh Khang{'abcdefghijkl'[n]}", born, "male")
        b = make_child(world.V1b, f"Hoang Minh Khang{'abcdefghijkl'[n]}", born, "male")
        _carer(a, f"Mẹ Số {n}")
        _carer(b, f"Bố Số {n}", "father")
    client = client_for("xa1")
    # 12 to read the page, and the insert of its audit event.
    with django_assert_max_num_queries(13):
        response = client.get("/registry/duplicates/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12
    assert "Hoang Minh Khanga" in response.content.decode()


def test_merging_a_child_of_another_commune_is_404(client_for, world, kids):
    typo = make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    url = f"/registry/duplicates/{kids['an'].pk}/{typo.pk}/merge/"
    client = client_for("xa2")
    assert client.get(url).status_code == 404
    response = client.post(url, {"keep": kids["an"].pk, "version_a": 1, "version_b": 1})
    assert response.status_code == 404
    assert Child.objects.filter(pk=typo.pk).exists()


def test_collaborator_cannot_open_a_merge_with_another_village(client_for, world, kids):
    url = f"/registry/duplicates/{kids['an'].pk}/{kids['hoa'].pk}/merge/"
    assert client_for("ctv1").get(url).status_code == 404


def test_merge_page_compares_then_merges(client_for, world, kids):
    typo = make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    client = client_for("xa1")
    url = f"/registry/duplicates/{kids['an'].pk}/{typo.pk}/merge/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Nguyen Van Ann" in response.content.decode()
    response = client.post(url, {"keep": kids["an"].pk, "version_a": 1, "version_b": 1})
    assert response.status_code == 302 and response["Location"] == f"/registry/{kids['an'].pk}/"
    assert not Child.objects.filter(pk=typo.pk).exists()
    names = {c.full_name for c in client.get("/registry/").context["page"]}
    assert "Nguyen Van Ann" not in names


def test_merge_page_with_stale_versions_merges_nothing(client_for, world, kids):
    typo = make_child(world.V1b, "Nguyen Van Ann", dt.date(2019, 5, 4), "male")
    services.update_child(world.xa1, typo, data={"notes": "Đã kiểm tra"}, expected_version=1)
    url = f"/registry/duplicates/{kids['an'].pk}/{typo.pk}/merge/"
    response = client_for("xa1").post(url, {"keep": kids["an"].pk, "version_a": 1, "version_b": 1})
    assert response.status_code == 200
    assert response.context["form"].initial["version_b"] == 2
    assert Child.objects.filter(pk=typo.pk).exists()


# --- merging -------------------------------------------------------------------------------


@pytest.fixture
def two_records(world, kids):
    """One boy entered twice, each record with its own history."""
    keep = kids["an"]
    other = make_child(
        world.V1b,
        "Nguyen Van Ann",
        dt.date(2019, 5, 4),
        "male",
        personal_id="056219001234",
        insurance_number="TE1565432109876",
    )
    _carer(keep, "Vũ Thị Lan")
    _carer(other, "Vu Thi Lan")  # the same mother: not copied twice
    _carer(other, "Nguyễn Văn Hùng", "father")
    orphan, poor = Group.objects.get(code="d2"), Group.objects.get(code="a3")
    services.add_membership(world.xa1, keep, group=orphan, start_date=dt.date(2024, 1, 1))
    services.add_membership(world.xa1, other, group=orphan, start_date=dt.date(2023, 6, 1))
    services.add_membership(world.xa1, other, group=poor, start_date=dt.date(2023, 6, 1))
    services.record_support(
        world.xa1, other, kind="cash", received_on=dt.date(2024, 2, 1), amount_vnd=500_000
    )
    services.record_measurement(
        world.xa1,
        other,
        measured_on=dt.date(2024, 3, 1),
        weight_kg=Decimal("15.2"),
        height_cm=Decimal("98.0"),
    )
    keep.refresh_from_db()
    other.refresh_from_db()
    return keep, other


def test_merge_keeps_both_histories_on_the_kept_record(world, two_records):
    keep, other = two_records
    other_events = set(ChildEvent.objects.filter(child=other).values_list("pk", flat=True))
    merged = merge_children(world.xa1, keep, other, expected_versions=(1, 1))
    assert merged.pk == keep.pk and merged.version == 2
    assert GroupMembership.objects.filter(child=keep).count() == 3
    assert Support.objects.filter(child=keep).count() == 1
    assert Measurement.objects.filter(child=keep).count() == 1
    assert other_events <= set(ChildEvent.objects.filter(child=keep).values_list("pk", flat=True))
    assert sorted(keep.carers.values_list("full_name", flat=True)) == [
        "Nguyễn Văn Hùng",
        "Vũ Thị Lan",
    ]
    # The orphan group was open on both: counted once, from the earlier start.
    open_orphan = GroupMembership.objects.filter(child=keep, group__code="d2", end_date=None)
    assert open_orphan.count() == 1
    assert GroupMembership.objects.get(
        child=keep, group__code="d2", start_date=dt.date(2023, 6, 1)
    ).end_date == dt.date(2024, 1, 1)
    # Empty fields filled in, filled ones kept.
    assert merged.personal_id == "056219001234"
    assert merged.insurance_number == "TE1565432109876"
    assert merged.full_name == "Nguyễn Văn An"
    # The other record is hidden but kept, pointing at the kept one.
    assert not Child.objects.filter(pk=other.pk).exists()
    gone = Child.all_objects.get(pk=other.pk)
    assert gone.merged_into_id == keep.pk and gone.deleted_at is not None
    assert gone.version == 2 and gone.personal_id is None
    assert ChildEvent.objects.filter(child=keep, kind="merged").count() == 1
    assert ChildEvent.objects.filter(child=other, kind="merged").count() == 1


def test_merge_is_audited_on_both_records(world, two_records):
    keep, other = two_records
    merge_children(world.xa1, keep, other, expected_versions=(1, 1))
    update = AuditEvent.objects.get(
        object_type="registry.child", object_id=str(keep.pk), action="update"
    )
    assert update.before["personal_id"] is None
    assert update.after["personal_id"] == "056219001234" and update.after["version"] == 2
    delete = AuditEvent.objects.get(
        object_type="registry.child", object_id=str(other.pk), action="delete"
    )
    assert delete.note == f"merged into #{keep.pk}"
    assert delete.before["personal_id"] == "056219001234"
    assert delete.after["merged_into"] == keep.pk
    assert update.actor == delete.actor == world.xa1


def _nothing_changed(keep, other):
    assert Child.objects.filter(pk__in=[keep.pk, other.pk]).count() == 2
    assert GroupMembership.objects.filter(child=other).count() == 2
    assert Support.objects.filter(child=other).count() == 1
    assert not ChildEvent.objects.filter(kind="merged").exists()
    assert not AuditEvent.objects.filter(note__startswith="merged").exists()
    assert Child.objects.get(pk=other.pk).personal_id == "056219001234"


def test_merge_refused_when_a_record_changed_meanwhile(world, two_records):
    keep, other = two_records
    services.update_child(world.ctv1, keep, data={"notes": "Mới"}, expected_version=1)
    with pytest.raises(services.ConcurrentEditError) as exc:
        merge_children(world.xa1, keep, other, expected_versions=(1, 1))
    assert exc.value.by == ["ctv1"]
    _nothing_changed(keep, other)
    assert Child.objects.get(pk=keep.pk).version == 2


def test_merge_refused_when_id_numbers_differ(world, two_records):
    keep, other = two_records
    Child.objects.filter(pk=keep.pk).update(personal_id="056219009999")
    keep.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        merge_children(world.xa1, keep, other, expected_versions=(1, 1))
    assert "056219009999" in exc.value.messages[0] and "056219001234" in exc.value.messages[0]
    _nothing_changed(keep, other)


def test_collaborator_cannot_merge_a_record_of_another_village(world, two_records):
    keep, other = two_records  # keep in V1a (ctv1's village), other in V1b
    with pytest.raises(PermissionDenied):
        merge_children(world.ctv1, keep, other, expected_versions=(1, 1))
    _nothing_changed(keep, other)


def test_other_commune_cannot_merge(world, two_records):
    keep, other = two_records
    with pytest.raises(PermissionDenied):
        merge_children(world.xa2, keep, other, expected_versions=(1, 1))
    _nothing_changed(keep, other)


def test_a_record_cannot_be_merged_into_itself_or_once_deleted(world, two_records):
    keep, other = two_records
    with pytest.raises(ValidationError):
        merge_children(world.xa1, keep, keep, expected_versions=(1, 1))
    services.delete_child(world.xa1, other, reason="Nhập nhầm")
    with pytest.raises(ValidationError):
        merge_children(world.xa1, keep, other, expected_versions=(1, 2))
    assert Child.all_objects.get(pk=other.pk).merged_into is None
