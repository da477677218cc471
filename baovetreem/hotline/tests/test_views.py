"""The console, the contact log and the press pages, walked by the personas."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baovetreem.audit.models import AuditEvent
from baovetreem.cases.models import Case
from baovetreem.hotline import services
from baovetreem.hotline.models import Contact, PressItem
from baovetreem.hotline.tests.conftest import at, log, topic


def _console_post(world, **overrides):
    data = {
        "received_at": "29/04/2026 10:15",
        "duration_seconds": "4:30",
        "line": "111",
        "caller_type": "child",
        "caller_sex": "female",
        "caller_age_band": "11-15",
        "topic": topic("violence.emotional").pk,
        "location": world.C1.pk,
        "summary": "Em bị bố mẹ chửi mắng hằng ngày.",
        "outcome": "counselling",
    }
    data.update(overrides)
    return data


@pytest.fixture
def press_item(world):
    return services.record_press_item(
        world.tongdai,
        {
            "published_on": dt.date(2026, 4, 28),
            "outlet": "Báo Thử Nghiệm",
            "title": "Trẻ bị bỏ rơi ở chợ",
            "location": world.C1,
        },
    )


def test_operator_logs_a_call_from_the_console(world, client_for):
    client = client_for("tongdai")
    page = client.get(reverse("hotline:console"))
    assert page.status_code == 200
    assert 'id="contact-form"' in page.content.decode()

    response = client.post(reverse("hotline:console"), _console_post(world))

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.duration_seconds == 270
    assert contact.operator == world.tongdai
    assert contact.received_at == at(hour=10, minute=15)
    assert contact.topic.code == "violence.emotional"
    follow = client.get(reverse("hotline:console"))
    assert reverse("hotline:detail", args=[contact.pk]) in follow.content.decode()


def test_console_refuses_a_badly_typed_duration_in_vietnamese(world, client_for):
    response = client_for("tongdai").post(
        reverse("hotline:console"), _console_post(world, duration_seconds="4 phút")
    )
    assert response.status_code == 400
    assert "phút:giây" in response.content.decode() or "minutes:seconds" in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_console_offers_only_the_operators_province(world, client_for):
    response = client_for("tongdai").post(
        reverse("hotline:console"), _console_post(world, location=world.C3.pk)
    )
    assert response.status_code == 400
    assert not Contact.objects.exists()


@pytest.mark.parametrize("persona", ["xa1", "ctv1"])
def test_console_is_forbidden_without_the_hotline_right(world, client_for, persona):
    client = client_for(persona)
    for name in ("hotline:console", "hotline:log"):
        assert client.get(reverse(name)).status_code == 403


def test_provincial_officer_reads_the_log_but_cannot_log_calls(world, client_for, call):
    client = client_for("tinh")
    page = client.get(reverse("hotline:console"))
    assert page.status_code == 200 and 'id="contact-form"' not in page.content.decode()
    assert client.post(reverse("hotline:console"), _console_post(world)).status_code == 403
    log_page = client.get(reverse("hotline:log"))
    assert reverse("hotline:detail", args=[call.pk]) in log_page.content.decode()


def test_operator_of_another_province_gets_404_on_p_contact_and_press_item(
    world, client_for, call, press_item
):
    client = client_for("tongdai_q")
    for name in ("hotline:detail", "hotline:edit", "hotline:report"):
        assert client.get(reverse(name, args=[call.pk])).status_code == 404, name
    for name in ("hotline:press_detail", "hotline:press_report"):
        assert client.get(reverse(name, args=[press_item.pk])).status_code == 404, name
    assert (
        client.post(
            reverse("hotline:press_follow_up", args=[press_item.pk]), {"follow_up": "none"}
        ).status_code
        == 404
    )
    log_page = client.get(reverse("hotline:log")).content.decode()
    assert reverse("hotline:detail", args=[call.pk]) not in log_page
    assert press_item.title not in client.get(reverse("hotline:press_list")).content.decode()


def test_collaborator_is_refused_the_hotline_pages(world, client_for, call, press_item):
    client = client_for("ctv1")
    assert client.get(reverse("hotline:detail", args=[call.pk])).status_code == 403
    assert client.get(reverse("hotline:report", args=[call.pk])).status_code == 403
    assert client.get(reverse("hotline:press_list")).status_code == 403


def test_log_searches_summaries_without_diacritics(world, client_for):
    hit = log(world.tongdai, world.C1, summary="Trẻ bị đánh ở trường")
    miss = log(world.tongdai, world.C1, summary="Hỏi về chính sách học bổng")
    page = client_for("tongdai").get(reverse("hotline:log"), {"q": "DANH"})
    html = page.content.decode()
    assert reverse("hotline:detail", args=[hit.pk]) in html
    assert reverse("hotline:detail", args=[miss.pk]) not in html


def test_log_filters_by_topic_group_outcome_caller_and_dates(world, client_for):
    physical = log(world.tongdai, world.C1)
    silent = log(world.tongdai, world.C1, topic=topic("other.silent"), outcome="dropped")
    old = log(world.tongdai, world.C1, received_at=at(dt.date(2026, 1, 5)))
    client = client_for("tongdai")

    def shown(params):
        html = client.get(reverse("hotline:log"), params).content.decode()
        return {c.pk for c in (physical, silent, old) if f"/hotline/{c.pk}/" in html}

    assert shown({"topic": topic("violence").pk}) == {physical.pk, old.pk}
    assert shown({"topic": topic("other.silent").pk}) == {silent.pk}
    assert shown({"outcome": "dropped"}) == {silent.pk}
    assert shown({"caller_type": "neighbour", "date_from": "01/04/2026"}) == {
        physical.pk,
        silent.pk,
    }
    assert shown({"date_to": "31/01/2026"}) == {old.pk}


def test_log_refuses_an_end_before_the_start(world, client_for):
    page = client_for("tongdai").get(
        reverse("hotline:log"), {"date_from": "10/04/2026", "date_to": "01/04/2026"}
    )
    assert page.status_code == 200
    assert "has-error" in page.content.decode()


def test_log_page_runs_a_constant_number_of_queries(world, client_for):
    client = client_for("tongdai")
    first = log(world.tongdai, world.C1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("hotline:log"), {"q": "tre"}).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(15):
        log(world.tongdai, world.C1 if i % 2 else world.C2, topic=topic("family.conflict"))
    services.create_report_from_contact(
        world.tongdai,
        first,
        {
            "received_at": at(),
            "classification": "abused",
            "what_happened": "Trẻ bị đánh.",
        },
        location=world.V1a,
    )
    assert queries() == few


def test_log_page_query_budget(world, client_for, django_assert_max_num_queries):
    for _ in range(5):
        log(world.tongdai, world.C1)
    client = client_for("tongdai")
    with django_assert_max_num_queries(12):
        client.get(reverse("hotline:log"))


def test_console_query_count_does_not_grow_with_calls(world, client_for):
    client = client_for("tongdai")
    log(world.tongdai, world.C1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("hotline:console"))
    for _ in range(9):
        log(world.tongdai, world.P)
    with CaptureQueriesContext(connection) as ten:
        client.get(reverse("hotline:console"))
    assert len(ten.captured_queries) == len(one.captured_queries)


def test_report_form_is_filled_from_the_call(world, client_for, call):
    page = client_for("tongdai").get(reverse("hotline:report", args=[call.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert call.summary in html
    assert "29/04/2026 10:00" in html
    assert world.C3.name not in html  # only places inside the call's area are offered


def test_operator_creates_a_report_from_a_call_and_the_commune_sees_the_case(
    world, client_for, call
):
    client = client_for("tongdai")
    response = client.post(
        reverse("hotline:report", args=[call.pk]),
        {
            "location": world.V1a.pk,
            "classification": "abused",
            "channel": "police",  # ignored: the channel comes from the call
            "received_at": "29/04/2026 10:00",
            "child_name": "Bé Na",
            "child_sex": "female",
            "suspected_relationship": "unknown",
            "what_happened": call.summary,
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    call.refresh_from_db()
    assert call.case == case and call.outcome == "report_created"
    assert case.report.channel == "hotline_111"
    assert client_for("xa1").get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client_for("xa2").get(reverse("cases:detail", args=[case.pk])).status_code == 404
    detail = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert case.code in detail
    assert reverse("hotline:report", args=[call.pk]) not in detail
    again = client.get(reverse("hotline:report", args=[call.pk]))
    assert again.status_code == 302


def test_operator_corrects_a_call(world, client_for, call):
    client = client_for("tongdai")
    assert client.get(reverse("hotline:edit", args=[call.pk])).status_code == 200
    response = client.post(
        reverse("hotline:edit", args=[call.pk]),
        _console_post(world, duration_seconds="12:05", outcome="referral"),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.duration_seconds == 725 and call.outcome == "referral"


def test_commune_officer_records_press_item_and_opens_a_report(world, client_for):
    client = client_for("xa1")
    response = client.post(
        reverse("hotline:press_list"),
        {
            "published_on": "28/04/2026",
            "outlet": "Báo Thử Nghiệm",
            "url": "https://example.org/tin",
            "title": "Trẻ em bị bóc lột lao động",
            "summary": "",
            "location": world.C1.pk,
        },
    )
    item = PressItem.objects.get()
    assert response.status_code == 302 and item.recorded_by == world.xa1
    report_page = client.get(reverse("hotline:press_report", args=[item.pk]))
    assert "Báo Thử Nghiệm" in report_page.content.decode()
    response = client.post(
        reverse("hotline:press_report", args=[item.pk]),
        {
            "location": world.V1b.pk,
            "classification": "exploitation",
            "received_at": "28/04/2026 08:00",
            "child_sex": "unknown",
            "suspected_relationship": "unknown",
            "what_happened": "Trẻ phải làm việc ở xưởng.",
        },
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.report.channel == "press"
    item.refresh_from_db()
    assert item.case == case and item.follow_up == "report_created"


def test_press_item_marked_not_relevant(world, client_for, press_item):
    client = client_for("tongdai")
    client.post(
        reverse("hotline:press_follow_up", args=[press_item.pk]), {"follow_up": "not_relevant"}
    )
    press_item.refresh_from_db()
    assert press_item.follow_up == "not_relevant"
    page = client.get(reverse("hotline:press_list"), {"follow_up": "not_relevant"})
    assert press_item.title in page.content.decode()


def test_provincial_officer_reads_press_but_cannot_record(world, client_for, press_item):
    client = client_for("tinh")
    page = client.get(reverse("hotline:press_list"))
    assert page.status_code == 200 and press_item.title in page.content.decode()
    assert client.post(reverse("hotline:press_list"), {}).status_code == 403


def test_log_date_filter_uses_days_in_vietnam_time(world, client_for):
    late = log(world.tongdai, world.C1, received_at=at(dt.date(2026, 4, 30), hour=23, minute=30))
    html = (
        client_for("tongdai")
        .get(reverse("hotline:log"), {"date_from": "30/04/2026", "date_to": "30/04/2026"})
        .content.decode()
    )
    assert reverse("hotline:detail", args=[late.pk]) in html


def test_commune_officer_sees_only_press_items_of_the_commune(world, client_for):
    mine = services.record_press_item(
        world.xa1,
        {
            "published_on": dt.date(2026, 4, 28),
            "outlet": "Báo A",
            "title": "Tin ở xã An Bình",
            "location": world.C1,
        },
    )
    other = services.record_press_item(
        world.tongdai,
        {
            "published_on": dt.date(2026, 4, 28),
            "outlet": "Báo B",
            "title": "Tin ở xã Đông Hải",
            "location": world.C2,
        },
    )
    client = client_for("xa1")
    html = client.get(reverse("hotline:press_list")).content.decode()
    assert mine.title in html and other.title not in html
    assert client.get(reverse("hotline:press_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("hotline:press_detail", args=[mine.pk])).status_code == 200


def test_press_list_runs_a_constant_number_of_queries(world, client_for):
    client = client_for("tongdai")

    def add(n):
        for i in range(n):
            services.record_press_item(
                world.tongdai,
                {
                    "published_on": dt.date(2026, 4, 1 + i),
                    "outlet": "Báo",
                    "title": f"Tin {i}",
                    "location": world.C1 if i % 2 else world.P,
                },
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("hotline:press_list"))
    add(10)
    with CaptureQueriesContext(connection) as eleven:
        client.get(reverse("hotline:press_list"))
    assert len(eleven.captured_queries) == len(one.captured_queries)


def test_opening_a_call_offers_the_report_and_is_audited(world, client_for, call):
    html = client_for("tongdai").get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert reverse("hotline:report", args=[call.pk]) in html
    assert AuditEvent.objects.filter(
        action="view", object_type="hotline.contact", object_id=str(call.pk)
    ).exists()
    tinh = client_for("tinh").get(reverse("hotline:detail", args=[call.pk])).content.decode()
    assert reverse("hotline:report", args=[call.pk]) not in tinh  # no right to receive reports
    assert reverse("hotline:edit", args=[call.pk]) not in tinh
