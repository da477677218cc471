"""Growth in the register: children from five get WHO 2007 results stored and shown as under-fives
do, and weights and heights typed with a decimal comma ("12,5") are read as numbers."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from baovetreem.registry import services
from baovetreem.registry.forms import MeasurementForm
from baovetreem.registry.models import Measurement
from baovetreem.testing.children import make_child

BORN = dt.date(2015, 3, 1)
MEASURED = dt.date(2024, 3, 15)  # 9 years and 14 days: 3302 days, 108.5 months


def test_measurement_of_a_nine_year_old_stores_who_2007_scores_and_cut_offs(world):
    """40 kg and 120 cm at nine: BMI 27.8 is obese (and overweight), 120 cm is stunted."""
    child = make_child(world.V1a, "Lý Văn Tài", BORN, "male")
    m = services.record_measurement(
        world.ctv1, child, measured_on=MEASURED, weight_kg=Decimal("40"), height_cm=Decimal("120")
    )
    m.refresh_from_db()
    assert m.baz > 2 and m.obese is True and m.overweight is True and m.thin is False
    assert -3 < m.haz < -2 and m.stunted is True
    assert m.waz is not None  # weight-for-age is defined up to ten years
    assert m.whz is None and m.wasted is None
    with translation.override("en"):
        labels = {column: str(label) for column, label in m.classification().items()}
    assert labels == {
        "waz": "",
        "haz": "stunted",
        "whz": "",
        "baz": "obese",
    }


def test_measurement_of_a_thin_twelve_year_old_has_no_weight_for_age(world):
    """Past ten years WHO defines no weight-for-age; 25 kg at 145 cm (BMI 11.9) is severely thin."""
    child = make_child(world.V1a, "Mai Thị Thu", dt.date(2012, 1, 10))
    m = services.record_measurement(
        world.ctv1,
        child,
        measured_on=dt.date(2024, 6, 1),
        weight_kg=Decimal("25"),
        height_cm=Decimal("145"),
    )
    assert m.waz is None and m.underweight is None
    assert m.baz < -3 and m.thin is True and m.overweight is False
    with translation.override("en"):
        assert m.classification()["baz"] == "severely thin"


def test_under_five_overweight_and_obese_are_stored_too(world, kids):
    """A girl of 2 years 6 months, 87 cm: 16 kg is obese (whz > +3) on WHO 2006."""
    m = services.record_measurement(
        world.ctv1,
        kids["dung"],
        measured_on=dt.date(2023, 8, 10),
        weight_kg=Decimal("16"),
        height_cm=Decimal("87"),
    )
    assert m.whz > 3 and m.overweight is True and m.obese is True and m.baz is None
    with translation.override("en"):
        assert m.classification()["whz"] == "obese"


def test_implausible_bmi_for_age_needs_a_check(world):
    """10 kg at 130 cm for a nine-year-old (BMI 5.9) is refused until someone confirms it."""
    child = make_child(world.V1a, "Lý Văn Tài", BORN, "male")
    with pytest.raises(services.ImplausibleMeasurement) as caught:
        services.record_measurement(
            world.ctv1,
            child,
            measured_on=MEASURED,
            weight_kg=Decimal("10"),
            height_cm=Decimal("130"),
        )
    assert any("BMI" in reason for reason in caught.value.reasons)
    assert not Measurement.objects.exists()


def test_child_page_shows_bmi_for_age_and_its_vietnamese_classification(world, client_for):
    """The growth table has a BMI-for-age column; a nine-year-old's labels are in Vietnamese."""
    child = make_child(world.V1a, "Lý Văn Tài", BORN, "male")
    services.record_measurement(
        world.ctv1, child, measured_on=MEASURED, weight_kg=Decimal("40"), height_cm=Decimal("120")
    )
    html = client_for("xa1").get(reverse("registry:child_detail", args=[child.pk])).text
    growth = html[html.index('id="growth"') :]
    assert "Z BMI/tuổi" in growth
    assert "béo phì" in growth
    assert "thấp còi" in growth


def test_stored_measurements_of_children_over_five_get_their_scores_by_migration(world):
    """Rows stored before WHO 2007 (all z None past five years) are filled in by migration 0006."""
    child = make_child(world.V1a, "Lý Văn Tài", BORN, "male")
    old = Measurement.objects.create(
        child=child, measured_on=MEASURED, weight_kg=Decimal("40"), height_cm=Decimal("120")
    )
    migration = importlib.import_module(
        "baovetreem.registry.migrations.0006_measurement_who2007_fields"
    )
    migration.recompute_z_scores(apps, None)
    old.refresh_from_db()
    assert old.baz > 2 and old.obese is True and old.stunted is True and old.waz is not None


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12,0", Decimal("12.0")), ("12.5", Decimal("12.5")), (" 9,75 ", Decimal("9.75"))],
)
def test_measurement_form_reads_a_decimal_comma_in_any_language(language, typed, expected):
    """ "12,0" is 12.0 kg whatever the page's language; a point works too."""
    with translation.override(language):
        form = MeasurementForm(
            {"measured_on": "01/06/2024", "weight_kg": typed, "height_cm": "86,5"}
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data["weight_kg"] == expected
    assert form.cleaned_data["height_cm"] == Decimal("86.5")


@pytest.mark.parametrize("typed", ["1.234,5", "12,5,0", "abc", "12;5"])
def test_measurement_form_refuses_what_is_not_one_number(typed):
    """Two separators, letters or stray signs are an error in Vietnamese, not a guess."""
    form = MeasurementForm({"measured_on": "01/06/2024", "weight_kg": typed})
    assert not form.is_valid()
    assert "weight_kg" in form.errors


def test_measurement_inputs_are_decimal_text_boxes_not_number_inputs():
    """type="number" may refuse "12,0" in a Vietnamese browser: a text box with a decimal keypad."""
    html = str(MeasurementForm())
    for name in ("weight_kg", "height_cm"):
        start = html.index(f'name="{name}"')
        tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
        assert 'type="text"' in tag
        assert 'inputmode="decimal"' in tag


def test_commune_officer_records_a_weight_typed_with_a_comma(world, kids, client_for):
    """Posting "12,0" kg and "86,5" cm stores 12.0 kg and 86.5 cm."""
    response = client_for("xa1").post(
        reverse("registry:measurement_add", args=[kids["dung"].pk]),
        {"measured_on": "10/08/2023", "weight_kg": "12,0", "height_cm": "86,5"},
    )
    assert response.status_code == 302
    m = Measurement.objects.get(child=kids["dung"])
    assert (m.weight_kg, m.height_cm) == (Decimal("12.0"), Decimal("86.5"))
