import io

import pytest
from django.core.management import CommandError, call_command

from baovetreem.locations.models import Kind, Level, Location


def test_load_units_loads_every_province_and_commune_once(db):
    call_command("load_units", stdout=io.StringIO())
    assert Location.objects.filter(level=Level.PROVINCE).count() == 34
    assert Location.objects.filter(level=Level.COMMUNE).count() == 3321
    assert Location.objects.filter(level=Level.COMMUNE, kind=Kind.DAC_KHU).count() == 13
    before = list(Location.objects.order_by("pk").values_list("pk", "name", "path", "updated_at"))
    call_command("load_units", stdout=io.StringIO())
    after = list(Location.objects.order_by("pk").values_list("pk", "name", "path", "updated_at"))
    assert before == after


def test_load_units_builds_paths_under_the_province(db):
    call_command("load_units", province="56", stdout=io.StringIO())
    province = Location.objects.get(level=Level.PROVINCE, code="56")
    assert province.name == "Tỉnh Khánh Hòa"
    communes = Location.objects.filter(level=Level.COMMUNE)
    assert communes.count() > 50
    assert all(c.path == f"{province.path}{c.pk}/" for c in communes)
    assert Location.objects.filter(path__startswith=province.path).count() == communes.count() + 1


def test_load_units_renames_what_changed_upstream(db):
    call_command("load_units", province="56", stdout=io.StringIO())
    commune = Location.objects.filter(level=Level.COMMUNE).first()
    official = commune.name
    Location.objects.filter(pk=commune.pk).update(name="Tên cũ")
    call_command("load_units", province="56", stdout=io.StringIO())
    commune.refresh_from_db()
    assert commune.name == official and commune.name_normalized != "ten cu"


def test_unknown_province_code_is_refused_with_the_valid_codes(db):
    with pytest.raises(CommandError, match="99.*01, 04"):
        call_command("load_units", province="99")
    assert not Location.objects.exists()
