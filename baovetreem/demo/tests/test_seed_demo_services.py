"""The demo shows the hotline (calls, press review), the service directory, referrals with
consent and a legal-aid follow-up, all written through the services (so audited). Seeding takes
some 10 s, so each test checks a whole part of the demo."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from baovetreem.audit.models import AuditEvent
from baovetreem.cases.models import Case, CaseState, Channel
from baovetreem.demo.world import COMMUNE_COUNT
from baovetreem.hotline.models import Contact, FollowUp, Outcome, PressItem
from baovetreem.locations.models import Level
from baovetreem.referrals.models import (
    LegalAidFollowUp,
    LegalRole,
    ProviderKind,
    Referral,
    ReferralStatus,
    ServiceProvider,
)


def test_demo_hotline_has_calls_of_every_outcome_that_open_its_cases_and_a_press_review(seeded):
    contacts = Contact.objects.select_related("topic", "case__report", "operator")
    assert 55 <= contacts.count() <= 70
    assert set(contacts.values_list("outcome", flat=True)) == set(Outcome.values)
    assert len(set(contacts.values_list("line", flat=True))) >= 2
    assert len(set(contacts.values_list("caller_type", flat=True))) >= 5
    assert len(set(contacts.values_list("topic__parent__code", flat=True))) >= 5
    assert {c.operator.username for c in contacts} == {"tongdai"}
    month_ago = timezone.now() - dt.timedelta(days=32)
    assert not contacts.filter(case__isnull=True, received_at__lt=month_ago).exists()
    # Every 111 case of the demo was opened from its call, which links to it.
    hotline_cases = Case.objects.filter(report__channel=Channel.HOTLINE_111)
    assert hotline_cases.count() >= 3
    for case in hotline_cases.select_related("report"):
        contact = contacts.get(case=case)
        assert contact.outcome == Outcome.REPORT_CREATED
        assert contact.received_at == case.report.received_at
        assert case.report.received_by.username == "tongdai"
    assert contacts.filter(case__isnull=False).count() == hotline_cases.count()
    # Some callers were called back: the summary says so and the change is audited.
    followed = contacts.filter(summary__contains="Gọi lại ngày")
    assert followed.count() >= 3
    assert AuditEvent.objects.filter(
        object_type="hotline.contact", object_id=str(followed.first().pk), action="update"
    ).exists()
    assert (
        AuditEvent.objects.filter(object_type="hotline.contact", action="create").count()
        == contacts.count()
    )
    # The press review: one item opened a report, the others are pending or not relevant.
    items = PressItem.objects.all()
    assert 4 <= items.count() <= 6
    assert all(".example/" in item.url and item.outlet and item.summary for item in items)
    opened = items.get(case__isnull=False)
    assert opened.follow_up == FollowUp.REPORT_CREATED
    assert opened.case.report.channel == Channel.PRESS
    assert {FollowUp.NONE, FollowUp.NOT_RELEVANT} <= set(items.values_list("follow_up", flat=True))
    assert AuditEvent.objects.filter(object_type="hotline.pressitem").count() > items.count()


def test_demo_directory_serves_every_commune_and_cases_refer_with_consent_and_legal_aid(seeded):
    providers = ServiceProvider.objects.select_related("location")
    communes = {p.location for p in providers if p.location.level == Level.COMMUNE}
    assert len(communes) == COMMUNE_COUNT
    for commune in communes:
        kinds = set(providers.filter(location=commune).values_list("kind", flat=True))
        assert {
            ProviderKind.HEALTH,
            ProviderKind.EDUCATION,
            ProviderKind.POLICE,
            ProviderKind.WOMENS_UNION,
        } <= kinds
        assert providers.get(location=commune, kind=ProviderKind.HEALTH).name.startswith(
            "Trạm Y tế xã "
        )
    province = set(providers.filter(location__level=Level.PROVINCE).values_list("kind", flat=True))
    assert {
        ProviderKind.SOCIAL_ASSISTANCE,
        ProviderKind.LEGAL_AID,
        ProviderKind.HEALTH,
        ProviderKind.PSYCHOLOGICAL,
    } <= province
    assert AuditEvent.objects.filter(object_type="referrals.serviceprovider").count() == (
        providers.count()
    )
    # Referrals of cases in implementation, review or closed, with consent and every status.
    referrals = Referral.objects.select_related("case", "provider")
    assert set(referrals.values_list("status", flat=True)) == set(ReferralStatus.values)
    states = set(referrals.values_list("case__state", flat=True))
    assert states <= {CaseState.IMPLEMENTING, CaseState.REVIEW, CaseState.CLOSED}
    assert CaseState.CLOSED in states
    for referral in referrals:
        assert referral.consent_carer and referral.consent_note
        if referral.child_age is None or referral.child_age >= 7:
            assert referral.consent_child
        assert referral.provider.serves(referral.case.scope_path)
        if referral.status in {ReferralStatus.DECLINED, ReferralStatus.COMPLETED}:
            assert referral.feedback
        assert referral.requested_at <= timezone.now()
    # A completed referral of a child of the register is recorded as a support received.
    assert referrals.filter(status=ReferralStatus.COMPLETED, support__isnull=False).exists()
    assert AuditEvent.objects.filter(object_type="referrals.referral", action="update").exists()
    # The child in conflict with the law has legal aid, a hearing held and one to come.
    follow_up = LegalAidFollowUp.objects.select_related("provider", "case").get()
    assert follow_up.child_role == LegalRole.IN_CONFLICT
    assert follow_up.provider.kind == ProviderKind.LEGAL_AID
    assert follow_up.case.referrals.filter(service_kind="legal_aid").exists()
    hearings = list(follow_up.hearings.order_by("held_on"))
    today = timezone.localdate()
    assert len(hearings) == 2
    assert hearings[0].held_on <= today < hearings[1].held_on
