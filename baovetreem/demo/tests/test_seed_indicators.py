"""The demo province ships its plan targets and shows its figures on the first page."""

from __future__ import annotations

from django.utils import timezone

from baovetreem.accounts.models import User
from baovetreem.indicators import periods, services
from baovetreem.indicators.models import Target
from baovetreem.locations.models import Level, Location


def test_demo_province_has_seed_targets_and_figures_at_once(seeded):
    province = Location.objects.get(level=Level.PROVINCE, code="56")
    assert Target.objects.filter(location=province, plan_number="224/KH-UBND").count() == 9
    half = periods.recent(periods.SIX_MONTH, 1, today=timezone.localdate())[0]
    officer = User.objects.get(username="tinh")
    figures = {f.code: f for f in services.values(officer, province, half)}
    special = figures["special_pct"]
    assert special.refreshed_at is not None and not special.stale
    assert special.target == 4 and special.status in {"met", "close", "far"}
    assert figures["children"].value > 500
    officer_xa = User.objects.get(username="xa1")
    own = services.values(officer_xa, officer_xa.role_assignments.first().location, half)
    assert own[0].target is not None  # inherited from the province
