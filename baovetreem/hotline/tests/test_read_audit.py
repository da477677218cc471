"""The hotline's lists (the console's latest calls, the call log, the press review) are audited
reads: one event with the filter, the count and the ids shown."""

import datetime as dt

from baovetreem.hotline import services
from baovetreem.hotline.tests.conftest import at, log
from baovetreem.testing.reads import ids_of, one_read


def test_console_records_the_operators_latest_calls_it_shows(world, client_for):
    calls = [log(world.tongdai, world.C1, received_at=at(hour=8 + n)) for n in range(12)]
    log(world.tongdai_q, world.C3)
    response, event = one_read(client_for("tongdai"), "/hotline/")
    shown = ids_of(response.context["recent"])
    assert len(shown) == 10 and set(shown) <= {str(c.pk) for c in calls}
    assert event.object_type == "hotline.contact" and event.note == "latest calls"
    assert event.after["ids"] == shown
    assert event.after["filters"] == {"operator": world.tongdai.pk}


def test_call_log_search_is_one_read_with_its_filter(world, client_for):
    found = log(world.tongdai, world.C1, summary="Trẻ bị bỏ đói nhiều ngày")
    log(world.tongdai, world.C1, summary="Hỏi thủ tục khai sinh")
    response, event = one_read(
        client_for("tongdai"), "/hotline/log/", {"q": "bo doi", "date_from": "01/01/2026"}
    )
    assert event.after["ids"] == [str(found.pk)] == ids_of(response.context["page"])
    assert event.after["filters"] == {"q": "bo doi", "date_from": "2026-01-01"}
    assert event.after["total"] == 1


def test_press_review_is_a_read_of_the_items_shown(world, client_for):
    item = services.record_press_item(
        world.tongdai,
        {
            "published_on": dt.date(2026, 4, 28),
            "outlet": "Báo Thử",
            "title": "Trẻ em bị bạo hành ở xã An Bình",
            "location": world.C1,
        },
    )
    response, event = one_read(client_for("tongdai"), "/hotline/press/", {"follow_up": "none"})
    assert event.object_type == "hotline.pressitem"
    assert event.after["ids"] == [str(item.pk)] == ids_of(response.context["page"])
    assert event.after["filters"] == {"follow_up": "none"}
