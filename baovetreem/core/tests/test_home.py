"""The home page and the menu: apps add badges and counters without core knowing them."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baovetreem.cases import deadlines, services
from baovetreem.cases.models import Alert, CaseState
from baovetreem.cases.tests.conftest import open_case, received, step
from baovetreem.core import navigation
from baovetreem.core.navigation import Badge

# session, user, 3 for permissions, 3 case counts, role assignments, and the most urgent cases
# listed under the overdue and the emergency cards
HOME_QUERIES = 11


def _cards(response) -> dict[str, int]:
    return {card.label: card.count for card in response.context["cards"]}


def _home_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_officer_home_shows_overdue_emergency_alerts_and_open_counters(world, client_for):
    open_case(world.xa1, world.V1a)  # received 29/4/2026: its plan is long overdue
    soon = open_case(
        world.xa1,
        world.V1b,
        received_at=timezone.now() - dt.timedelta(hours=2),
        suspected_relationship="father",
    )
    assert soon.emergency_needed
    services.scan_deadlines(received(dt.date(2026, 5, 20)))
    response = client_for("xa1").get("/")
    assert _cards(response) == {
        "Trường hợp quá hạn trong địa bàn": 1,
        "Can thiệp khẩn cấp đến hạn trong 12 giờ": 1,
        "Cảnh báo gửi bạn": 1,
        "Trường hợp đang mở": 2,
    }
    page = response.content.decode()
    for url in ("/cases/overdue/", "/cases/alerts/", "/cases/?emergency_soon=1", "/cases/?open=1"):
        assert f'href="{url}"' in page


def test_an_emergency_already_made_or_late_is_not_due_soon(world, client_for):
    late = open_case(
        world.xa1,
        world.V1a,
        received_at=timezone.now() - dt.timedelta(hours=13),
        suspected_relationship="mother",
    )
    assert late.emergency_needed
    cards = _cards(client_for("xa1").get("/"))
    assert cards["Can thiệp khẩn cấp đến hạn trong 12 giờ"] == 0
    assert cards["Trường hợp quá hạn trong địa bàn"] == 1


def _rows(client, url: str) -> int:
    page = client.get(url).context["page"]
    assert not page.has_other_pages()
    return len(page.object_list)


def test_each_card_counts_the_rows_of_the_list_it_opens(world, client_for):
    S = CaseState
    now = timezone.now()
    open_case(world.xa1, world.V1a)  # received 29/4/2026: its plan is long overdue
    open_case(
        world.xa1,
        world.V1b,
        received_at=now - dt.timedelta(hours=2),
        suspected_relationship="father",
    )
    open_case(
        world.xa1,
        world.V1a,
        received_at=now - dt.timedelta(hours=13),
        suspected_relationship="mother",
    )
    made = open_case(
        world.xa1,
        world.V1b,
        received_at=now - dt.timedelta(hours=1),
        suspected_relationship="father",
    )
    made = step(world.xa1, made, S.VERIFIED)
    made = step(world.xa1, made, S.INITIAL_ASSESSMENT, risk_level="high", conclusion="emergency")
    step(world.xa1, made, S.EMERGENCY)  # the intervention is made: no longer due
    closed = open_case(world.xa1, world.V1a)
    for to_state, actor in [
        (S.VERIFIED, world.xa1),
        (S.INITIAL_ASSESSMENT, world.xa1),
        (S.DETAILED_ASSESSMENT, world.xa1),
        (S.PLANNING, world.xa1),
        (S.APPROVED, world.giamsat),
        (S.IMPLEMENTING, world.xa1),
        (S.REVIEW, world.xa1),
        (S.CLOSED, world.giamsat),
    ]:
        closed = step(actor, closed, to_state)
    # Another commune's emergency, due soon too: not xa1's.
    open_case(
        world.xa2,
        world.V2a,
        received_at=now - dt.timedelta(hours=1),
        suspected_relationship="father",
    )
    services.scan_deadlines(now)
    read = Alert.objects.filter(user=world.xa1).first()
    deadlines.mark_read(world.xa1, [read.pk])
    client = client_for("xa1")
    cards = client.get("/").context["cards"]
    assert [card.count for card in cards] == [2, 1, 1, 4]  # overdue, soon, alerts, open
    for card in cards:
        assert _rows(client, card.url) == card.count, card.label


def test_home_counters_take_a_constant_number_of_queries(world, client_for):
    client = client_for("xa1")
    open_case(world.xa1, world.V1a)
    few = _home_queries(client)
    for n in range(15):
        open_case(world.xa1, world.V1a if n % 2 else world.V1b, child_name=f"Trẻ {n}")
    assert len(_home_queries(client)) == len(few) <= HOME_QUERIES


def test_collaborator_sees_no_case_card_and_runs_no_case_query(world, client_for):
    open_case(world.xa1, world.V1a)
    client = client_for("ctv1")
    # Their home is their village (registry.home): every card they get is one of its cards.
    assert [card for card in client.get("/").context["cards"] if not card.section] == []
    assert not [sql for sql in _home_queries(client) if "cases_" in sql]
    assert "/cases/overdue/" not in client.get("/").content.decode()


def test_menu_asks_each_badge_once_per_request(client_for, monkeypatch):
    calls = []

    def provider(request):
        calls.append(request)
        return Badge(count=3, title="three things")

    monkeypatch.setitem(navigation._badge_providers, "cases", provider)
    response = client_for("xa1").get("/locations/")
    assert len(calls) == 1
    menu = response.content.decode().split("</nav>")[0]
    assert '<span class="badge off" title="three things">3</span>' in menu
    calls.clear()
    client_for("ctv1").get("/locations/")
    assert calls == []  # the Cases entry is not theirs: no badge asked


def test_htmx_partials_ask_no_badge(world, client_for, monkeypatch):
    calls = []

    def provider(request):
        calls.append(request)
        return Badge(count=3, title="three things")

    monkeypatch.setitem(navigation._badge_providers, "cases", provider)
    client = client_for("xa1")
    # The intake form's search box and the register's duplicate hints: partials, no menu.
    for url, params in [
        ("/cases/new/children/", {"q": "nguyen van an"}),
        ("/registry/duplicates/hint/", {"full_name": "Nguyễn Văn An"}),
    ]:
        assert client.get(url, params, HTTP_HX_REQUEST="true").status_code == 200
    assert calls == []


def test_the_real_counters_are_not_taken_for_a_partial(world, client_for):
    open_case(world.xa1, world.V1a)
    services.scan_deadlines(received(dt.date(2026, 5, 20)))  # an overdue case and its alert
    client = client_for("xa1")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cases/new/children/", {"q": "an"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "cases_" in q["sql"]]
    # The same user's full pages still show the badge.
    page = client.get("/cases/alerts/").content.decode()
    assert 'class="badge off"' in page.split("</nav>")[0]
