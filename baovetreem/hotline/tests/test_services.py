"""Logging calls and press items, and opening reports from them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baovetreem.audit.models import AuditEvent
from baovetreem.cases.models import Case, Channel
from baovetreem.hotline import services
from baovetreem.hotline.models import Contact, FollowUp, Outcome, PressItem, TopicCategory
from baovetreem.hotline.tests.conftest import at, log, report_data, topic


def test_topics_are_seeded_on_two_levels(db):
    groups = TopicCategory.objects.filter(parent__isnull=True)
    assert {"violence", "psychology", "family", "education", "health", "law", "other"} <= set(
        groups.values_list("code", flat=True)
    )
    assert topic("violence.sexual").parent.code == "violence"
    assert not TopicCategory.objects.filter(parent__parent__isnull=False).exists()


def test_operator_logs_a_call_and_it_is_audited(world):
    contact = log(world.tongdai, world.C1, summary="  Trẻ  bị   ĐÁNH  ")
    assert contact.operator == world.tongdai
    assert contact.scope_path == world.C1.path
    assert contact.summary == "Trẻ bị ĐÁNH"
    assert contact.summary_normalized == "tre bi danh"
    event = AuditEvent.objects.get(object_type="hotline.contact", object_id=str(contact.pk))
    assert event.action == "create"
    assert event.location_path == world.C1.path
    assert "summary" not in event.after  # the caller's story stays in the contact


def test_a_call_about_a_whole_province_is_accepted(world):
    assert log(world.tongdai, world.P).scope_path == world.P.path


def test_a_call_needs_a_topic_not_only_its_group(world):
    with pytest.raises(ValidationError) as exc:
        log(world.tongdai, world.C1, topic=topic("violence"))
    assert "topic" in exc.value.message_dict
    assert not Contact.objects.exists()


def test_a_call_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        log(world.tongdai, world.C1, received_at=at(dt.date(2099, 1, 1)))
    assert "received_at" in exc.value.message_dict


def test_a_call_cannot_be_logged_as_report_created_without_a_report(world):
    with pytest.raises(ValidationError) as exc:
        log(world.tongdai, world.C1, outcome=Outcome.REPORT_CREATED)
    assert "outcome" in exc.value.message_dict


def test_operator_of_another_province_cannot_log_a_call_for_p(world):
    with pytest.raises(PermissionDenied):
        log(world.tongdai_q, world.C1)
    assert not Contact.objects.exists()


def test_village_is_not_a_place_for_a_call(world):
    with pytest.raises(ValidationError):
        log(world.tongdai, world.V1a)


def test_operator_corrects_a_call_with_an_audit_row(world, call):
    services.update_contact(world.tongdai, call, {"duration_seconds": 600, "outcome": "referral"})
    call.refresh_from_db()
    assert (call.duration_seconds, call.outcome) == (600, "referral")
    event = AuditEvent.objects.filter(object_type="hotline.contact", action="update").get()
    assert event.before["duration_seconds"] == 270
    assert event.after["duration_seconds"] == 600


def test_report_from_a_call_is_linked_and_visible_to_the_commune(world, call):
    case = services.create_report_from_contact(
        world.tongdai, call, report_data(channel="phone"), location=world.V1a
    )
    call.refresh_from_db()
    assert call.case == case
    assert call.outcome == Outcome.REPORT_CREATED
    assert case.report.channel == Channel.HOTLINE_111
    assert case.report.received_by == world.tongdai
    assert Case.objects.visible_to(world.xa1).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(world.xa2).filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="hotline.contact", object_id=str(call.pk), note="report created"
    ).exists()


def test_report_from_a_provincial_line_call_uses_the_other_hotline_channel(world):
    contact = log(world.tongdai, world.P, line="provincial")
    case = services.create_report_from_contact(
        world.tongdai, contact, report_data(), location=world.C2
    )
    assert case.report.channel == Channel.OTHER_HOTLINE


def test_only_one_report_per_call(world, call):
    services.create_report_from_contact(world.tongdai, call, report_data(), location=world.V1a)
    with pytest.raises(ValidationError):
        services.create_report_from_contact(world.tongdai, call, report_data(), location=world.V1a)
    assert Case.objects.count() == 1


def test_report_must_be_inside_the_area_of_the_call(world, call):
    with pytest.raises(ValidationError) as exc:
        services.create_report_from_contact(world.tongdai, call, report_data(), location=world.V2a)
    assert "location" in exc.value.message_dict
    call.refresh_from_db()
    assert call.case is None and call.outcome == "counselling"


def test_a_refused_report_leaves_the_call_unchanged(world, call):
    with pytest.raises(ValidationError):
        services.create_report_from_contact(
            world.tongdai, call, report_data(what_happened=""), location=world.V1a
        )
    call.refresh_from_db()
    assert call.case is None and not Case.objects.exists()


def test_operator_of_another_province_cannot_report_from_the_call(world, call):
    with pytest.raises(PermissionDenied):
        services.create_report_from_contact(
            world.tongdai_q, call, report_data(), location=world.V1a
        )


def test_contact_counts_include_calls_without_a_case(world, call):
    log(world.tongdai, world.C2, topic=topic("other.silent"), outcome="dropped")
    log(world.tongdai, world.C1, topic=topic("violence.sexual"), outcome="referral")
    log(world.tongdai, world.C1, received_at=at(dt.date(2026, 3, 1)))  # outside the period
    services.create_report_from_contact(world.tongdai, call, report_data(), location=world.V1a)

    counts = services.contact_counts(world.tinh, dt.date(2026, 4, 1), dt.date(2026, 4, 30))

    assert counts["total"] == 3
    assert counts["with_case"] == 1
    assert counts["by_topic"]["violence"] == 2
    assert counts["by_topic"]["other"] == 1
    assert counts["by_topic"]["education"] == 0
    assert counts["by_outcome"] == {
        "counselling": 0,
        "information": 0,
        "referral": 1,
        "report_created": 1,
        "dropped": 1,
    }


def test_contact_counts_cover_the_last_day_in_vietnam_time(world):
    log(world.tongdai, world.C1, received_at=at(dt.date(2026, 4, 30), hour=23, minute=50))
    counts = services.contact_counts(world.tongdai, dt.date(2026, 4, 30), dt.date(2026, 4, 30))
    assert counts["total"] == 1


def test_contact_counts_stay_in_the_users_area(world, call):
    counts = services.contact_counts(world.tongdai_q, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    assert counts["total"] == 0
    assert services.contact_counts(world.xa1, dt.date(2026, 4, 1), dt.date(2026, 4, 30)) == {
        **counts
    }


def _press(actor, location, **overrides):
    data = {
        "published_on": dt.date(2026, 4, 28),
        "outlet": "Báo Thử Nghiệm",
        "url": "https://example.org/tin-1",
        "title": "Bé gái 9 tuổi bị bạo hành",
        "summary": "Hàng xóm phát hiện vết thương trên người bé.",
        "location": location,
    }
    data.update(overrides)
    return services.record_press_item(actor, data)


def test_commune_officer_records_a_press_item_and_opens_a_report(world):
    item = _press(world.xa1, world.C1)
    assert item.scope_path == world.C1.path and item.follow_up == FollowUp.NONE
    case = services.create_report_from_press_item(
        world.xa1, item, report_data(channel="phone"), location=world.V1b
    )
    item.refresh_from_db()
    assert item.case == case and item.follow_up == FollowUp.REPORT_CREATED
    assert case.report.channel == Channel.PRESS
    assert AuditEvent.objects.filter(object_type="hotline.pressitem").count() == 2


def test_press_item_needs_an_outlet_and_a_title(world):
    with pytest.raises(ValidationError) as exc:
        _press(world.tongdai, world.P, outlet=" ", title="")
    assert {"outlet", "title"} <= set(exc.value.message_dict)
    assert not PressItem.objects.exists()


def test_press_item_can_be_marked_not_relevant_until_a_report_exists(world):
    item = _press(world.tongdai, world.P)
    services.set_press_follow_up(world.tongdai, item, FollowUp.NOT_RELEVANT)
    item.refresh_from_db()
    assert item.follow_up == FollowUp.NOT_RELEVANT
    services.create_report_from_press_item(world.tongdai, item, report_data(), location=world.C1)
    with pytest.raises(ValidationError):
        services.set_press_follow_up(world.tongdai, item, FollowUp.NONE)


def test_report_from_a_commune_call_defaults_to_its_commune(world, call):
    case = services.create_report_from_contact(world.tongdai, call, report_data())
    assert case.location == world.C1


def test_report_from_a_province_call_needs_a_commune(world):
    contact = log(world.tongdai, world.P)
    with pytest.raises(ValidationError) as exc:
        services.create_report_from_contact(world.tongdai, contact, report_data())
    assert "location" in exc.value.message_dict
