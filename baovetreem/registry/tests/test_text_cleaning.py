"""Every text that enters the register is cleaned the same way: on the pages, the API and the
import (the import's part is in imports/tests/test_messy_register.py)."""

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from baovetreem.accounts.models import ApiToken
from baovetreem.core.text import clean_entered_text
from baovetreem.registry import family, services
from baovetreem.registry.models import Carer, Child, Household

NFD_NAME = unicodedata.normalize("NFD", "  Nguyễn   Thị  Ánh ")


def test_entered_text_is_composed_trimmed_and_collapsed():
    assert clean_entered_text(NFD_NAME) == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", clean_entered_text(NFD_NAME))
    assert clean_entered_text("a\u00a0 b\tc") == "a b c"
    assert clean_entered_text("  dòng 1  \r\n\r\n  dòng   2 ", multiline=True) == (
        "dòng 1\n\ndòng 2"
    )


@pytest.mark.parametrize("bad", ["An\x07", "Nguyễn\u200bAn", "\ufeffAn", "Lê\x00Hoa", "X\x1bY"])
def test_entered_text_refuses_control_and_invisible_characters(bad):
    with pytest.raises(ValidationError) as exc:
        clean_entered_text(bad)
    assert "ký tự điều khiển" in exc.value.messages[0]


def test_entered_text_too_long_is_refused_not_truncated():
    with pytest.raises(ValidationError) as exc:
        clean_entered_text("a" * 151, max_length=150)
    assert "151" in exc.value.messages[0] and "150" in exc.value.messages[0]
    # Decomposed input counts as composed: 150 letters with marks still fit.
    assert len(clean_entered_text(unicodedata.normalize("NFD", "ễ" * 150), max_length=150)) == 150


def _api(user) -> Client:
    _, key = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _child_payload(world, **extra):
    return {
        "village_id": world.V1a.pk,
        "full_name": "Bé Mới",
        "sex": "female",
        "date_of_birth": "2024-01-01",
        **extra,
    }


def test_api_stores_composed_clean_names(world):
    response = _api(world.ctv1).post(
        "/api/v1/registry/children",
        _child_payload(world, full_name=NFD_NAME, school_name="  Trường   Mầm non "),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    child = Child.objects.get(pk=response.json()["id"])
    assert child.full_name == "Nguyễn Thị Ánh"
    assert child.school_name == "Trường Mầm non"


def test_api_refuses_a_control_character_in_a_name_with_a_message(world):
    response = _api(world.ctv1).post(
        "/api/v1/registry/children",
        _child_payload(world, full_name="Bé\x07Mới"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.json()["errors"]["full_name"][0]
    assert not Child.objects.exists()


def test_api_patch_refuses_a_control_character_in_the_notes(world, kids):
    response = _api(world.xa1).patch(
        f"/api/v1/registry/children/{kids['an'].pk}",
        {"version": 1, "notes": "ghi chú\x0c"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.json()["errors"]["notes"][0]


def test_api_counts_length_on_the_composed_name(world):
    name = unicodedata.normalize("NFD", "Ễ" * 150)
    response = _api(world.ctv1).post(
        "/api/v1/registry/children",
        _child_payload(world, full_name=name),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


def test_service_refuses_name_without_letters_and_bad_card_number(world):
    with pytest.raises(ValidationError) as exc:
        services.register_child(
            world.ctv1,
            village=world.V1a,
            data={
                "full_name": "12345",
                "sex": "male",
                "date_of_birth": dt.date(2020, 1, 1),
                "insurance_number": "TE12345",
            },
        )
    errors = exc.value.message_dict
    assert "chữ cái" in errors["full_name"][0]
    assert "2 chữ cái" in errors["insurance_number"][0]


def test_service_stores_a_card_number_normalised(world):
    child = services.register_child(
        world.ctv1,
        village=world.V1a,
        data={
            "full_name": "Bé Thẻ",
            "sex": "male",
            "date_of_birth": dt.date(2020, 1, 1),
            "insurance_number": "te 1 79 0123456789",
        },
    )
    assert child.insurance_number == "TE1790123456789"


def test_personal_id_with_a_letter_says_so(world):
    with pytest.raises(ValidationError) as exc:
        services.register_child(
            world.ctv1,
            village=world.V1a,
            data={
                "full_name": "Bé Số",
                "sex": "male",
                "date_of_birth": dt.date(2020, 1, 1),
                "personal_id": "0562O0123456",
            },
        )
    assert "“O”" in exc.value.message_dict["personal_id"][0]


def _form_data(world, **extra):
    return {
        "village": world.V1a.pk,
        "full_name": "Bé Trang",
        "sex": "female",
        "date_of_birth": "01/02/2022",
        "birth_date_precision": "day",
        "ethnicity": "01",
        "parents_status": "unknown",
        "confirm_new": "on",
        **extra,
    }


def test_page_stores_composed_clean_names_for_child_and_carers(world, client_for):
    response = client_for("ctv1").post(
        "/registry/new/",
        _form_data(
            world, full_name=NFD_NAME, mother_name=unicodedata.normalize("NFD", "Lê Thị  Mơ")
        ),
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.full_name == "Nguyễn Thị Ánh"
    assert Carer.objects.get(child=child).full_name == "Lê Thị Mơ"


def test_page_refuses_a_control_character_with_a_message(world, client_for):
    response = client_for("ctv1").post(
        "/registry/new/", _form_data(world, mother_name="Lê\x07Thị Mơ")
    )
    assert response.status_code == 200
    assert "ký tự điều khiển" in str(response.context["form"].errors["mother_name"])
    assert not Child.objects.exists()


def test_carer_and_household_services_clean_the_same_way(world, kids):
    carer = family.add_carer(
        world.xa1, kids["an"], {"relationship": "mother", "full_name": NFD_NAME}
    )
    assert carer.full_name == "Nguyễn Thị Ánh"
    with pytest.raises(ValidationError) as exc:
        services.create_household(world.xa1, village=world.V1a, head_name="Hộ\x1fMột")
    assert "ký tự điều khiển" in exc.value.message_dict["head_name"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_household(world.xa1, village=world.V1a, head_name="Hộ", address="x" * 256)
    assert "255" in exc.value.message_dict["address"][0]
    assert not Household.objects.exists()
