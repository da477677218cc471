"""``seed_demo`` builds a demo worth showing (users, children, cases in every state, overdue
ones, hotline reports, alerts) and a second run changes nothing. Each test seeds about 1,300
children (some 10 s on SQLite), so they are few; the ``seeded`` fixture is in conftest."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.utils import timezone

from baovetreem.accounts.models import User
from baovetreem.audit.models import AuditEvent
from baovetreem.cases.models import Case, CaseState, CaseTransition
from baovetreem.demo.world import DEMO_USERS
from baovetreem.registry.models import Child


def _counts() -> dict[str, int]:
    from baovetreem.cases.models import Alert
    from baovetreem.hotline.models import Contact, PressItem
    from baovetreem.referrals.models import Hearing, LegalAidFollowUp, Referral, ServiceProvider

    return {
        "contacts": Contact.objects.count(),
        "press": PressItem.objects.count(),
        "providers": ServiceProvider.objects.count(),
        "referrals": Referral.objects.count(),
        "legal_aid": LegalAidFollowUp.objects.count(),
        "hearings": Hearing.objects.count(),
        "users": User.objects.count(),
        "children": Child.all_objects.count(),
        "cases": Case.objects.count(),
        "steps": CaseTransition.objects.count(),
        "alerts": Alert.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_seed_demo_builds_users_children_and_cases_in_every_state(seeded):
    assert set(User.objects.values_list("username", flat=True)) >= {u for u, _r, _w in DEMO_USERS}
    assert Child.objects.count() > 500
    cases = Case.objects.select_related("report")
    assert set(cases.values_list("state", flat=True)) == set(CaseState.values)
    now = timezone.now()
    overdue = cases.overdue(now)
    assert overdue.count() >= 3
    assert any(case.emergency_overdue(now) for case in overdue)
    from_hotline = cases.filter(
        report__channel="hotline_111", report__received_by__username="tongdai"
    )
    assert from_hotline.count() >= 3
    assert cases.filter(child__isnull=False).count() >= 3
    assert cases.filter(separation_ends_at__isnull=False).exists()
    closed = cases.get(pk=cases.filter(state=CaseState.CLOSED).first().pk)
    # Walked with the real services: every step is in the history and the audit log.
    assert closed.transitions.count() >= 8
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(closed.pk)).count() > 8


def test_seed_demo_raises_alerts_and_a_second_run_changes_nothing(seeded):
    from baovetreem.cases.models import Alert

    # xa1's commune has overdue cases; its officer and the assigned case worker are alerted.
    assert Alert.objects.filter(user__username="xa1").exists()
    assert Alert.objects.filter(user__username="canbo").exists()
    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before
