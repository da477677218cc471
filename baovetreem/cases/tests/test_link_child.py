"""A case received with a provisional child (a 111 call) is linked afterwards to the child of the
register by the commune officer working on it, or the child is added to the register from the
report and linked; unlinking a wrong child is possible; every change is audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baovetreem.accounts.models import Role, RoleAssignment, User
from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Case, CaseState, GroupProposal, ProposalStatus
from baovetreem.cases.tests.conftest import open_case, step
from baovetreem.registry.models import Carer, Child, Group

REASON = "Trẻ đang ở trạm y tế, cần biết tiền sử để hỗ trợ ngay."


@pytest.fixture
def hotline_case(world):
    """A 111 call about "Nguyễn Văn An", about 6, in village V1a: no register child linked."""
    return open_case(
        world.tongdai,
        world.V1a,
        child_name="Nguyen Van An",
        child_estimated_age=6,
        child_sex="male",
        mother_name="Lê Thị Mai",
    )


def _link_events(case):
    return AuditEvent.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action="update", note="child linked"
    )


# --- the service ----------------------------------------------------------------------------


def test_officer_links_a_hotline_case_to_the_register_child(world, kids, hotline_case):
    an = kids["an"]
    case = services.link_child(world.xa1, hotline_case, an, hotline_case.version)
    case.refresh_from_db()
    case.report.refresh_from_db()
    assert case.child == an and case.report.child == an
    assert case.version == hotline_case.version + 1
    # What the caller said stays on the report.
    assert case.report.child_name == "Nguyen Van An" and case.report.child_estimated_age == 6
    event = _link_events(case).get()
    assert event.actor == world.xa1 and event.location_path == case.scope_path
    assert event.before["child"] is None and event.before["report_child"] is None
    assert event.after["child"] == an.pk and event.after["report_child"] == an.pk


def test_breaking_the_glass_gives_no_right_to_link(world, kids, case):
    services.break_glass(world.canbo, case, REASON)
    assert case.has_full_access(world.canbo)
    with pytest.raises(PermissionDenied):
        services.link_child(world.canbo, case, kids["an"], case.version)
    case.refresh_from_db()
    assert case.child is None and not _link_events(case).exists()


def test_receiving_operator_cannot_link(world, kids, hotline_case):
    with pytest.raises(PermissionDenied):
        services.link_child(world.tongdai, hotline_case, kids["an"], hotline_case.version)


def test_a_child_outside_the_officers_register_is_refused(world, kids, hotline_case):
    with pytest.raises(ValidationError) as refused:
        services.link_child(world.xa1, hotline_case, kids["binh"], hotline_case.version)
    assert "child" in refused.value.message_dict
    hotline_case.refresh_from_db()
    assert hotline_case.child is None


def test_a_child_of_another_commune_the_officer_sees_may_be_linked(world, kids, hotline_case):
    # The child lives in C2 while the harm was reported in C1: an officer who sees both may link.
    RoleAssignment.objects.create(
        user=world.xa1, role=Role.objects.get(code="commune_officer"), location=world.C2
    )
    officer = User.objects.get(pk=world.xa1.pk)
    case = services.link_child(officer, hotline_case, kids["binh"], hotline_case.version)
    assert case.child == kids["binh"]


def test_a_stale_version_is_refused(world, kids, hotline_case):
    step(world.xa1, hotline_case, CaseState.VERIFIED)
    with pytest.raises(services.StaleCase):
        services.link_child(world.xa1, hotline_case, kids["an"], 1)
    hotline_case.refresh_from_db()
    assert hotline_case.child is None and hotline_case.version == 2


def test_a_closed_case_is_refused(world, kids, hotline_case):
    Case.objects.filter(pk=hotline_case.pk).update(state=CaseState.CLOSED)
    with pytest.raises(ValidationError):
        services.link_child(world.xa1, hotline_case, kids["an"], hotline_case.version)


def test_a_linked_case_must_be_unlinked_before_another_child(world, kids, hotline_case):
    case = services.link_child(world.xa1, hotline_case, kids["an"], 1)
    with pytest.raises(ValidationError):
        services.link_child(world.xa1, case, kids["dung"], case.version)
    case = services.unlink_child(world.xa1, case, case.version)
    case.refresh_from_db()
    assert case.child is None and case.report.child is None
    assert case.report.child_name == "Nguyen Van An"
    unlinked = AuditEvent.objects.get(object_type="cases.case", note="child unlinked")
    assert unlinked.before["child"] == kids["an"].pk and unlinked.after["child"] is None
    case = services.link_child(world.xa1, case, kids["dung"], case.version)
    assert case.child == kids["dung"]


def test_linking_proposes_the_group_the_case_already_confirmed(world, kids):
    group = Group.objects.filter(kind="special", parent=None, is_active=True).first()
    case = open_case(world.xa1, world.V1a)
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, state)
    case = step(world.xa1, case, CaseState.DETAILED_ASSESSMENT, confirmed_group=group.pk)
    assert not GroupProposal.objects.exists()
    case = services.link_child(world.xa1, case, kids["an"], case.version)
    proposal = GroupProposal.objects.get(case=case)
    assert proposal.child == kids["an"] and proposal.group == group
    # Undoing the link dismisses what was proposed for the wrong child.
    services.unlink_child(world.xa1, case, case.version)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED


# --- the case page --------------------------------------------------------------------------


def test_case_page_offers_the_register_search_and_the_likely_duplicates(
    client_for, world, kids, hotline_case
):
    Carer.objects.create(child=kids["an"], relationship="mother", full_name="Lê Thị Mai")
    page = client_for("xa1").get(f"/cases/{hotline_case.pk}/")
    link = page.context["link"]
    assert [c.child for c in link["duplicates"]] == [kids["an"]]
    text = page.content.decode()
    assert "Liên kết trẻ này" in text and f"/cases/{hotline_case.pk}/child/new/" in text


def test_an_estimated_age_alone_suggests_a_child_of_that_age(client_for, world, kids):
    case = open_case(world.tongdai, world.V1a, child_name="Nguyen Van An", child_estimated_age=6)
    page = client_for("xa1").get(f"/cases/{case.pk}/")
    assert [c.child for c in page.context["link"]["duplicates"]] == [kids["an"]]
    far = open_case(world.tongdai, world.V1a, child_name="Nguyen Van An", child_estimated_age=12)
    assert client_for("xa1").get(f"/cases/{far.pk}/").context["link"]["duplicates"] == []


def test_search_works_without_javascript_and_with_htmx(client_for, kids, hotline_case):
    client = client_for("xa1")
    page = client.get(f"/cases/{hotline_case.pk}/", {"q": "nguyen van an"})
    assert page.context["link"]["results"] == [kids["an"]]
    partial = client.get(
        f"/cases/{hotline_case.pk}/child/search/", {"q": "le thi hoa"}, HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200 and list(partial.context["results"]) == [kids["hoa"]]
    assert 'name="case_version" value="1"' in partial.content.decode()
    # Only the officer's own register: C2's child is not found.
    other = client.get(f"/cases/{hotline_case.pk}/child/search/", {"q": "pham van binh"})
    assert list(other.context["results"]) == []


def test_officer_links_from_the_page_and_sees_the_register_link(client_for, kids, hotline_case):
    client = client_for("xa1")
    url = f"/cases/{hotline_case.pk}/child/link/"
    response = client.post(url, {"child": kids["an"].pk, "case_version": 1})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{hotline_case.pk}/#report"
    page = client.get(f"/cases/{hotline_case.pk}/")
    text = page.content.decode()
    assert f'href="/registry/{kids["an"].pk}/"' in text and "Nguyen Van An" in text
    assert "link" not in page.context and page.context["can_unlink"]
    # A second post from the same (now stale) page is refused with a message.
    again = client.post(url, {"child": kids["dung"].pk, "case_version": 1}, follow=True)
    assert "tải lại trang" in again.content.decode()
    hotline_case.refresh_from_db()
    assert hotline_case.child == kids["an"]


def test_other_commune_officer_and_collaborator_get_404(client_for, kids, hotline_case):
    for persona in ("xa2", "ctv1"):
        client = client_for(persona)
        assert client.get(f"/cases/{hotline_case.pk}/child/search/?q=an").status_code in {
            403,
            404,
        }
        response = client.post(
            f"/cases/{hotline_case.pk}/child/link/", {"child": kids["an"].pk, "case_version": 1}
        )
        assert response.status_code == 404, persona
        assert client.get(f"/cases/{hotline_case.pk}/child/new/").status_code == 404
    hotline_case.refresh_from_db()
    assert hotline_case.child is None


def test_a_child_outside_the_register_is_a_404_from_the_page(client_for, kids, hotline_case):
    response = client_for("xa1").post(
        f"/cases/{hotline_case.pk}/child/link/", {"child": kids["binh"].pk, "case_version": 1}
    )
    assert response.status_code == 404


def test_operator_and_glass_breaker_see_no_link_section(client_for, world, kids, hotline_case):
    services.link_child(world.xa1, hotline_case, kids["an"], 1)
    page = client_for("tongdai").get(f"/cases/{hotline_case.pk}/")
    text = page.content.decode()
    # The operator sees what the report says, not the register's record.
    assert "Nguyen Van An" in text and "Nguyễn Văn An" not in text
    assert "link" not in page.context and "can_unlink" not in page.context
    case = open_case(world.xa1, world.V1b)
    services.break_glass(world.canbo, case, REASON)
    page = client_for("canbo").get(f"/cases/{case.pk}/")
    assert page.context["read_only"] and "link" not in page.context
    assert client_for("canbo").post(f"/cases/{case.pk}/child/link/").status_code == 404


def test_unlink_from_the_page(client_for, world, kids, hotline_case):
    services.link_child(world.xa1, hotline_case, kids["an"], 1)
    response = client_for("xa1").post(
        f"/cases/{hotline_case.pk}/child/unlink/", {"case_version": 2}
    )
    assert response.status_code == 302
    hotline_case.refresh_from_db()
    assert hotline_case.child is None and hotline_case.version == 3


# --- adding the child to the register from the report -----------------------------------------


def test_add_form_is_filled_from_the_report(client_for, world, hotline_case):
    page = client_for("xa1").get(f"/cases/{hotline_case.pk}/child/new/")
    assert page.status_code == 200
    initial = page.context["form"].initial
    assert initial["full_name"] == "Nguyen Van An" and initial["sex"] == "male"
    assert initial["village"] == world.V1a.pk and initial["mother_name"] == "Lê Thị Mai"
    assert initial["date_of_birth"] == dt.date(2020, 1, 1)
    assert initial["birth_date_precision"] == "year"


def test_officer_adds_the_child_to_the_register_and_links_it(client_for, world, hotline_case):
    data = {
        "village": world.V1a.pk,
        "full_name": "Nguyễn Văn Khang",
        "sex": "male",
        "date_of_birth": "01/01/2020",
        "birth_date_precision": "year",
        "ethnicity": "01",
        "mother_name": "Lê Thị Mai",
        "parents_status": "unknown",
        "case_version": "1",
    }
    response = client_for("xa1").post(f"/cases/{hotline_case.pk}/child/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    child = Child.objects.get(full_name="Nguyễn Văn Khang")
    hotline_case.refresh_from_db()
    assert hotline_case.child == child and hotline_case.report.child == child
    assert child.carers.get().full_name == "Lê Thị Mai"
    assert "BVTE" not in child.notes  # the register does not mention the case


def test_a_refused_link_adds_no_child(client_for, world, hotline_case):
    step(world.xa1, hotline_case, CaseState.VERIFIED)
    data = {
        "village": world.V1a.pk,
        "full_name": "Nguyễn Văn Khang",
        "sex": "male",
        "date_of_birth": "01/01/2020",
        "birth_date_precision": "year",
        "ethnicity": "01",
        "parents_status": "unknown",
        "case_version": "1",
    }
    response = client_for("xa1").post(f"/cases/{hotline_case.pk}/child/new/", data)
    assert response.status_code == 302
    assert not Child.objects.filter(full_name="Nguyễn Văn Khang").exists()


def test_add_form_shows_likely_duplicates_with_a_link_button(client_for, world, kids, hotline_case):
    data = {
        "village": world.V1a.pk,
        "full_name": "Nguyễn Văn An",
        "sex": "male",
        "date_of_birth": "04/05/2019",
        "birth_date_precision": "day",
        "ethnicity": "01",
        "parents_status": "unknown",
        "case_version": "1",
    }
    response = client_for("xa1").post(f"/cases/{hotline_case.pk}/child/new/", data)
    assert response.status_code == 400
    assert [c.child for c in response.context["duplicates"]] == [kids["an"]]
    assert "Liên kết trẻ này" in response.content.decode()
    assert Child.objects.filter(full_name="Nguyễn Văn An").count() == 1


# --- the case's history -----------------------------------------------------------------------


def _timeline(page) -> list[str]:
    return [
        entry["child_link"]["child"] if "child_link" in entry else entry["step"].to_state
        for entry in page.context["transitions"]
    ]


def test_link_and_unlink_appear_in_the_history_among_the_steps(
    client_for, world, kids, hotline_case
):
    case = step(world.xa1, hotline_case, CaseState.VERIFIED)
    case = services.link_child(world.xa1, case, kids["an"], case.version)
    case = services.unlink_child(world.xa1, case, case.version)
    case = services.link_child(world.xa1, case, kids["dung"], case.version)
    page = client_for("xa1").get(f"/cases/{case.pk}/")
    assert _timeline(page) == [
        CaseState.VERIFIED,
        "Nguyễn Văn An",
        "Nguyễn Văn An",
        "Trần Thị Dũng",
    ]
    links = [e["child_link"] for e in page.context["transitions"] if "child_link" in e]
    assert [link["linked"] for link in links] == [True, False, True]
    assert all(link["by"] == world.xa1 for link in links)
    history = page.content.decode().split('id="history"')[1]
    assert "Liên kết với trẻ trong sổ theo dõi: Nguyễn Văn An" in history
    assert "Bỏ liên kết với trẻ trong sổ theo dõi: Nguyễn Văn An" in history
    assert "Liên kết với trẻ trong sổ theo dõi: Trần Thị Dũng" in history
    assert history.count(str(world.xa1)) == 4


def test_history_shows_only_this_cases_links(client_for, world, kids, hotline_case):
    other = open_case(world.xa1, world.V1a, child_name="Bé Hoa")
    services.link_child(world.xa1, other, kids["hoa"], other.version)
    services.link_child(world.xa1, hotline_case, kids["an"], hotline_case.version)
    page = client_for("xa1").get(f"/cases/{hotline_case.pk}/")
    assert _timeline(page) == ["Nguyễn Văn An"]


def test_operator_who_received_the_report_sees_no_history(client_for, world, kids, hotline_case):
    services.link_child(world.xa1, hotline_case, kids["an"], hotline_case.version)
    page = client_for("tongdai").get(f"/cases/{hotline_case.pk}/")
    assert page.context["transitions"] == []
    assert "sổ theo dõi: Nguyễn Văn An" not in page.content.decode()


def _detail_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    return len(queries)


def test_case_page_queries_do_not_grow_with_links_and_steps(
    client_for, world, kids, hotline_case, django_assert_max_num_queries
):
    client = client_for("xa1")
    case = services.link_child(world.xa1, hotline_case, kids["an"], hotline_case.version)
    few = _detail_queries(client, case)
    case = step(world.xa1, case, CaseState.VERIFIED)
    for child in (kids["dung"], kids["hoa"], kids["an"]):
        case = services.unlink_child(world.xa1, case, case.version)
        case = services.link_child(world.xa1, case, child, case.version)
    with django_assert_max_num_queries(few):
        page = client.get(f"/cases/{case.pk}/")
    assert len(page.context["transitions"]) == 1 + 1 + 3 * 2


# --- who sees which name of the child ---------------------------------------------------------


def _list_child(client, case) -> str:
    rows = {c.pk: c.child_shown for c in client.get("/cases/").context["page"]}
    return rows[case.pk]


def test_operator_who_received_a_linked_report_sees_the_reported_name_on_the_list(
    client_for, world, kids, hotline_case
):
    services.link_child(world.xa1, hotline_case, kids["an"], hotline_case.version)
    operator = client_for("tongdai")
    assert _list_child(operator, hotline_case) == "Nguyen Van An"
    assert "Nguyễn Văn An" not in operator.get("/cases/").content.decode()
    assert _list_child(client_for("xa1"), hotline_case) == "Nguyễn Văn An"
    assert "Nguyễn Văn An" in client_for("xa1").get("/cases/").content.decode()


def test_a_linked_report_without_a_name_shows_name_unknown_to_the_operator(client_for, world, kids):
    case = open_case(world.tongdai, world.V1a, child_name="")
    services.link_child(world.xa1, case, kids["an"], case.version)
    assert _list_child(client_for("tongdai"), case) == "Chưa rõ tên"
    assert _list_child(client_for("xa1"), case) == "Nguyễn Văn An"
