"""An ID number already on a child the user cannot see is no oracle: entering it (form, edit,
API, Excel import in either mode) answers exactly as a number nobody has, and the two records
meet in the duplicate report of whoever sees both. A child the user can see still blocks it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.registry.duplicates import duplicate_pairs
from baovetreem.registry.models import Child
from baovetreem.registry.tests.test_import_export import BAD, _run, _sheet

# Well-formed numbers (province 056, century-and-sex digit, year of birth) for the kids fixture.
BINH_ID = "056218000111"  # Phạm Văn Bình, boy, 2018, commune C2 (province P, not xa1's)
CUC_ID = "056316000222"  # Đỗ Thị Cúc, girl, 2016, commune C3 (province Q)
NOBODYS_BOY_2018 = "056218000999"
NOBODYS_GIRL_2016 = "056316000999"
# (number held out of xa1's scope, a number nobody has, sex, born) for the same new child.
OUT_OF_SCOPE = [
    pytest.param("binh", BINH_ID, NOBODYS_BOY_2018, "male", dt.date(2018, 1, 20), id="C2"),
    pytest.param("cuc", CUC_ID, NOBODYS_GIRL_2016, "female", dt.date(2016, 7, 7), id="Q"),
]


@pytest.fixture
def numbered(kids):
    Child.objects.filter(pk=kids["binh"].pk).update(personal_id=BINH_ID)
    Child.objects.filter(pk=kids["cuc"].pk).update(personal_id=CUC_ID)
    return kids


def _undone(attempt):
    """Run ``attempt`` and roll back what it stored, so the next one starts from the same
    register; returns what it answered."""
    with transaction.atomic():
        answer = attempt()
        transaction.set_rollback(True)
    return answer


def _page_answer(response) -> tuple:
    """What the user reads: status, where they are sent (ids blanked), messages, form errors."""
    location = re.sub(r"\d+", "#", response.get("Location", ""))
    said = tuple(str(m) for m in get_messages(response.wsgi_request))
    form = response.context.get("form") if response.context else None
    errors = dict(form.errors) if form is not None else {}
    return response.status_code, location, said, errors


def _api(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.parametrize(("owner", "taken", "free", "sex", "born"), OUT_OF_SCOPE)
def test_add_child_form_answers_alike_for_a_number_held_out_of_scope(
    client_for, world, numbered, owner, taken, free, sex, born
):
    def add(number):
        data = {
            "village": world.V1a.pk,
            "full_name": numbered[owner].full_name,
            "sex": sex,
            "date_of_birth": born.strftime("%d/%m/%Y"),
            "birth_date_precision": "day",
            "ethnicity": "01",
            "personal_id": number,
            "parents_status": "unknown",
        }
        response = client_for("xa1").post("/registry/new/", data)
        return _page_answer(response), Child.objects.filter(personal_id=number).count()

    held, held_count = _undone(lambda: add(taken))
    fresh, fresh_count = _undone(lambda: add(free))
    assert held == fresh
    assert held[0] == 302 and (held_count, fresh_count) == (2, 1)


@pytest.mark.parametrize(("owner", "taken", "free", "sex", "born"), OUT_OF_SCOPE)
def test_child_edit_form_answers_alike_for_a_number_held_out_of_scope(
    client_for, world, numbered, owner, taken, free, sex, born
):
    child = numbered["an"]
    Child.objects.filter(pk=child.pk).update(sex=sex, date_of_birth=born)

    def edit(number):
        child.refresh_from_db()
        data = {
            "full_name": child.full_name,
            "sex": sex,
            "date_of_birth": born.strftime("%d/%m/%Y"),
            "birth_date_precision": "day",
            "ethnicity": "01",
            "personal_id": number,
            "parents_status": "unknown",
            "version": child.version,
        }
        response = client_for("xa1").post(f"/registry/{child.pk}/edit/", data)
        return _page_answer(response), Child.objects.get(pk=child.pk).personal_id == number

    assert (
        _undone(lambda: edit(taken))
        == _undone(lambda: edit(free))
        == (
            (302, "/registry/#/", ("Đã lưu thay đổi.",), {}),
            True,
        )
    )


@pytest.mark.parametrize(("owner", "taken", "free", "sex", "born"), OUT_OF_SCOPE)
def test_api_create_and_patch_answer_alike_for_a_number_held_out_of_scope(
    world, numbered, owner, taken, free, sex, born
):
    client = _api(world.xa1)

    def create(number):
        payload = {
            "village_id": world.V1a.pk,
            "full_name": numbered[owner].full_name,
            "sex": sex,
            "date_of_birth": born.isoformat(),
            "personal_id": number,
        }
        response = client.post(
            "/api/v1/registry/children", payload, content_type="application/json"
        )
        body = response.json()
        return response.status_code, {k: v for k, v in body.items() if k not in {"id"}}

    def patch(number):
        child = Child.objects.get(pk=numbered["an"].pk)
        response = client.patch(
            f"/api/v1/registry/children/{child.pk}",
            {"version": child.version, "sex": sex, "date_of_birth": born.isoformat(),
             "personal_id": number},
            content_type="application/json",
        )  # fmt: skip
        return response.status_code, response.json().get("personal_id") == number

    held, fresh = _undone(lambda: create(taken)), _undone(lambda: create(free))
    assert held[0] == fresh[0] == 201
    assert held[1] == {**fresh[1], "personal_id": taken}
    assert _undone(lambda: patch(taken)) == _undone(lambda: patch(free)) == (200, True)


def _import_answer(job) -> tuple:
    errors = [
        (e.row_number, e.column, e.message) for e in job.row_errors.order_by("row_number", "id")
    ]
    return job.status, job.valid_rows, job.stored_rows, len(errors), errors


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
@pytest.mark.parametrize(("owner", "taken", "free", "sex", "born"), OUT_OF_SCOPE)
def test_import_answers_alike_for_a_number_held_out_of_scope(
    world, numbered, owner, taken, free, sex, born, mode
):
    def run(number):
        row = [
            "T01",
            numbered[owner].full_name,
            born.strftime("%d/%m/%Y"),
            "Nam" if sex == "male" else "Nữ",
            "",
            number,
            "",
            "",
            "",
        ]
        # A bad row besides: the all-or-nothing import stores nothing and lists the errors.
        return _import_answer(_run(world.xa1, _sheet([row, *BAD[:1]]), mode))

    held, fresh = _undone(lambda: run(taken)), _undone(lambda: run(free))
    assert held == fresh
    assert [column for _row, column, _m in held[4]] == ["Thôn"]  # the bad row's error only


def test_a_number_on_a_child_the_user_sees_is_still_refused_alike_everywhere(
    client_for, world, kids
):
    Child.objects.filter(pk=kids["hoa"].pk).update(personal_id="056315000333")  # V1b, xa1's
    row = ["T01", "Lê Thị Hoa", "01/09/2015", "Nữ", "", "056315000333", "", "", ""]
    job = _run(world.xa1, _sheet([row]), "all_or_nothing")
    ((_row, column, import_message),) = [
        (e.row_number, e.column, e.message) for e in job.row_errors.all()
    ]
    form = client_for("xa1").post(
        "/registry/new/",
        {
            "village": world.V1a.pk,
            "full_name": "Lê Thị Hoa",
            "sex": "female",
            "date_of_birth": "01/09/2015",
            "birth_date_precision": "day",
            "ethnicity": "01",
            "personal_id": "056315000333",
            "parents_status": "unknown",
            "confirm_new": "on",
        },
    )
    assert form.status_code == 200
    assert form.context["form"].errors["personal_id"] == [import_message]
    assert column == "Số định danh cá nhân" and Child.objects.count() == len(kids)


def test_who_sees_both_records_finds_them_paired_by_their_shared_number(
    world, numbered, client_for, django_user_model
):
    data = {
        "village": world.V1a.pk,
        "full_name": "Phạm Văn Bình",
        "sex": "male",
        "date_of_birth": "20/01/2018",
        "birth_date_precision": "day",
        "ethnicity": "01",
        "personal_id": BINH_ID,
        "parents_status": "unknown",
    }
    assert client_for("xa1").post("/registry/new/", data).status_code == 302
    entered = Child.objects.get(personal_id=BINH_ID, village=world.V1a)
    pair = tuple(sorted((entered.pk, numbered["binh"].pk)))
    national = django_user_model.objects.create_superuser("quocgia", password="x")
    found = {(p.a_id, p.b_id): p.reasons for p in duplicate_pairs(national)}
    assert "trùng số định danh" in found[pair]
    # Each commune officer sees their own record only, never the pair.
    for officer in (world.xa1, world.xa2):
        assert pair not in {(p.a_id, p.b_id) for p in duplicate_pairs(officer)}


def test_the_provincial_officer_reviews_numbers_shared_between_communes_without_names(
    client_for, world, numbered
):
    from baovetreem.audit.models import AuditEvent

    for number, sex, born, name in (
        (BINH_ID, "male", "20/01/2018", "Phạm Văn Bình"),
        (CUC_ID, "female", "07/07/2016", "Đỗ Thị Cúc"),
    ):
        data = {
            "village": world.V1b.pk,
            "full_name": name,
            "sex": sex,
            "date_of_birth": born,
            "birth_date_precision": "day",
            "ethnicity": "01",
            "personal_id": number,
            "parents_status": "unknown",
        }
        assert client_for("xa1").post("/registry/new/", data).status_code == 302
    page = client_for("tinh").get("/registry/shared-ids/")
    assert page.status_code == 200
    shared = {item.personal_id: item for item in page.context["shared"]}
    assert set(shared) == {BINH_ID, CUC_ID}
    assert [c.name for c, n in shared[BINH_ID].communes] == [world.C1.name, world.C2.name]
    assert not shared[BINH_ID].elsewhere
    assert [c.name for c, n in shared[CUC_ID].communes] == [world.C1.name]
    assert shared[CUC_ID].elsewhere  # in province Q, not said where
    text = page.content.decode()
    assert "Số định danh cá nhân trùng giữa các xã" in text
    assert "Phạm Văn Bình" not in text and "Đỗ Thị Cúc" not in text and world.C3.name not in text
    assert AuditEvent.objects.filter(actor=world.tinh, note="shared ID numbers").count() == 1
    # The communes are not told: they have no such page.
    for persona in ("xa1", "xa2", "ctv1", "tongdai"):
        assert client_for(persona).get("/registry/shared-ids/").status_code == 403
