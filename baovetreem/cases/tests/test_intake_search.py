"""Linking a report to a child of the register from the intake form: search, duplicate hints,
the chosen child, and who may do it (only in their own register)."""

import datetime as dt

import pytest

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.cases.models import Case
from baovetreem.registry.models import Carer
from baovetreem.testing.children import make_child

SEARCH = "/cases/new/children/"
PICKER = "/cases/new/child/"
DUPLICATES = "/cases/new/duplicates/"

INTAKE = {
    "classification": "abused",
    "channel": "phone",
    "received_at": "29/04/2026 08:30",
    "child_sex": "unknown",
    "what_happened": "Trẻ bị đánh, có vết bầm.",
    "suspected_relationship": "relative",
}


@pytest.fixture
def carers(kids):
    Carer.objects.create(child=kids["an"], relationship="mother", full_name="Lê Thị Mai")
    Carer.objects.create(child=kids["binh"], relationship="father", full_name="Phạm Văn Hùng")
    kids["an"].personal_id = "001219012345"
    kids["an"].save()
    return kids


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_officer_finds_a_child_by_name_without_diacritics(client_for, carers):
    page = _text(client_for("xa1").get(SEARCH, {"q": "nguyen van an"}, HTTP_HX_REQUEST="true"))
    an = carers["an"]
    assert "Nguyễn Văn An" in page and "04/05/2019" in page and "Thôn Một" in page
    assert "Lê Thị Mai" in page  # the carers' names tell two children of one name apart
    assert "Chọn trẻ này" in page
    assert f'href="/cases/new/?child={an.pk}"' in page
    assert f'hx-get="/cases/new/child/?child={an.pk}"' in page


def test_officer_finds_a_child_by_date_of_birth_or_id_number(client_for, carers):
    client = client_for("xa1")
    assert "Nguyễn Văn An" in _text(client.get(SEARCH, {"q": "04/05/2019"}))
    assert "Nguyễn Văn An" in _text(client.get(SEARCH, {"q": "001219012345"}))
    assert "Trần Thị Dũng" not in _text(client.get(SEARCH, {"q": "04/05/2019"}))


def test_search_finds_a_child_by_a_carers_name(client_for, carers):
    assert "Nguyễn Văn An" in _text(client_for("xa1").get(SEARCH, {"q": "le thi mai"}))


def test_commune_officer_does_not_find_a_child_of_another_commune(client_for, carers):
    page = _text(client_for("xa1").get(SEARCH, {"q": "Phạm Văn Bình"}))
    assert "Chọn trẻ này" not in page and "20/01/2018" not in page
    assert "Không có trẻ nào trong sổ theo dõi" in page
    assert "Phạm Văn Bình" in _text(client_for("xa2").get(SEARCH, {"q": "Phạm Văn Bình"}))
    # Nor by the carer's name, the date of birth or the picker.
    assert "Phạm Văn Bình" not in _text(client_for("xa1").get(SEARCH, {"q": "pham van hung"}))
    assert "Chọn trẻ này" not in _text(client_for("xa1").get(SEARCH, {"q": "20/01/2018"}))
    assert client_for("xa1").get(PICKER, {"child": carers["binh"].pk}).status_code == 404


def test_collaborator_finds_only_children_of_their_village(client_for, carers):
    client = client_for("ctv1")
    assert "Nguyễn Văn An" in _text(client.get(SEARCH, {"q": "an"}))
    assert "Lê Thị Hoa" not in _text(client.get(SEARCH, {"q": "le thi hoa"}))


def test_hotline_operator_covers_the_province_without_a_register_right(client_for, carers):
    # The shipped hotline role has no registry.view_child: no search box, no search endpoints.
    client = client_for("tongdai")
    page = _text(client.get("/cases/new/"))
    assert 'id="child-q"' not in page and 'id="child-hint"' not in page
    for url, params in [
        (SEARCH, {"q": "an"}),
        (PICKER, {"child": carers["an"].pk}),
        (DUPLICATES, {"child_name": "Nguyễn Văn An"}),
    ]:
        assert client.get(url, params).status_code in {403, 404}, url


@pytest.mark.parametrize("persona", ["kiemtra", "tinh"])
def test_users_without_the_rights_get_no_search(client_for, carers, persona):
    client = client_for(persona)
    assert client.get(SEARCH, {"q": "an"}).status_code in {403, 404}
    assert client.get(PICKER, {"child": carers["an"].pk}).status_code in {403, 404}
    assert client.get(DUPLICATES, {"child_name": "an"}).status_code in {403, 404}


def test_search_endpoints_require_login(client, carers):
    for url in (SEARCH, PICKER, DUPLICATES):
        response = client.get(url, {"q": "an"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_intake_form_shows_the_search_box_to_who_may_search(client_for, carers):
    page = _text(client_for("xa1").get("/cases/new/"))
    assert 'id="child-q"' in page and 'form="child-search"' in page
    assert 'id="child-search" method="get" action="/cases/new/"' in page
    assert "Tìm trẻ trong sổ theo dõi" in page


def test_search_picker_and_hints_are_each_one_list_read_not_a_view(client_for, carers):
    client = client_for("xa1")  # signing in is audited: count after it
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    an = carers["an"]
    client.get(SEARCH, {"q": "nguyen van an"})
    client.get(PICKER, {"child": an.pk})
    client.get(DUPLICATES, {"child_name": "Nguyễn Văn An", "child_date_of_birth": "04/05/2019"})
    events = list(AuditEvent.objects.filter(id__gt=before).order_by("id"))
    assert [e.action for e in events] == [AuditAction.LIST] * 3
    assert {e.object_type for e in events} == {"registry.child"}
    search, picker, hints = (e.after for e in events)
    assert search["filters"] == {"q": "nguyen van an"} and search["ids"] == [str(an.pk)]
    assert picker["filters"] == {"child": str(an.pk)} and picker["ids"] == [str(an.pk)]
    assert hints["filters"]["child_name"] == "Nguyễn Văn An" and hints["ids"] == [str(an.pk)]


def test_a_hint_that_finds_nobody_writes_no_event(client_for, carers):
    client = client_for("xa1")
    before = AuditEvent.objects.count()
    client.get(DUPLICATES, {"child_name": "Không Ai Cả", "child_date_of_birth": "01/01/2001"})
    assert AuditEvent.objects.count() == before


def test_short_query_asks_for_more_letters(client_for, carers):
    page = _text(client_for("xa1").get(SEARCH, {"q": "a"}))
    assert "Chọn trẻ này" not in page and "ít nhất 2 chữ cái" in page


def test_many_matches_are_capped_with_a_hint(client_for, world):
    for n in range(12):
        make_child(world.V1a, f"Hoàng Văn Nam {n}", dt.date(2015, 1, 1 + n), "male")
    page = _text(client_for("xa1").get(SEARCH, {"q": "hoang van nam"}))
    assert page.count("Chọn trẻ này") == 10 and "Còn nhiều trẻ khớp hơn" in page


def test_picker_shows_the_chosen_child_with_an_undo(client_for, carers):
    an = carers["an"]
    page = _text(client_for("xa1").get(PICKER, {"child": an.pk}, HTTP_HX_REQUEST="true"))
    assert f'name="child" id="id_child" value="{an.pk}"' in page
    assert "Nguyễn Văn An" in page and "Lê Thị Mai" in page
    assert "bỏ chọn" in page
    # The duplicate hints below the child's fields are emptied (out of band).
    assert 'id="child-hint" hx-swap-oob="innerHTML"' in page
    undone = _text(client_for("xa1").get(PICKER, HTTP_HX_REQUEST="true"))
    assert 'name="child" id="id_child" value=""' in undone and 'id="child-q"' in undone


def test_duplicate_hints_suggest_the_register_child_with_the_same_action(client_for, carers):
    an = carers["an"]
    hint = {"child_name": "Nguyen Van An", "child_date_of_birth": "04/05/2019"}
    page = _text(client_for("xa1").get(DUPLICATES, hint))
    assert "Nguyễn Văn An" in page and "Chọn trẻ này" in page
    assert f'hx-get="/cases/new/child/?child={an.pk}"' in page
    assert "trùng ngày sinh" in page
    # Carers' names count too: same name and mother, no date of birth.
    by_carer = _text(
        client_for("xa1").get(
            DUPLICATES, {"child_name": "Nguyễn Văn An", "mother_name": "Le Thi Mai"}
        )
    )
    assert "Nguyễn Văn An" in by_carer
    # Already linked: nothing to suggest. Another commune: nothing to see.
    linked = _text(client_for("xa1").get(DUPLICATES, {**hint, "child": an.pk}))
    assert "Nguyễn Văn An" not in linked
    assert "Nguyễn Văn An" not in _text(client_for("xa2").get(DUPLICATES, hint))


def test_search_and_hints_have_a_bounded_query_count(
    client_for, world, django_assert_max_num_queries
):
    for n in range(30):
        child = make_child(
            world.V1a if n % 2 else world.V1b, f"Vũ Văn Long {n}", dt.date(2016, 3, 3)
        )
        Carer.objects.create(child=child, relationship="mother", full_name=f"Đặng Thị Lan {n}")
    client = client_for("xa1")
    # Session, user, grants, then one query per kind of row shown, whatever the number of
    # matches, and the insert of the read's audit event; a partial has no menu counters.
    with django_assert_max_num_queries(9):
        page = _text(client.get(SEARCH, {"q": "vu van long"}, HTTP_HX_REQUEST="true"))
    assert page.count("Chọn trẻ này") == 10
    # The candidates' villages and communes come with the children (select_related).
    with django_assert_max_num_queries(8):
        page = _text(
            client.get(
                DUPLICATES,
                {"child_name": "Vu Van Long", "child_date_of_birth": "03/03/2016"},
                HTTP_HX_REQUEST="true",
            )
        )
    assert page.count("Chọn trẻ này") == 8  # likely_duplicates returns the best 8


def test_without_javascript_the_search_reloads_the_intake_page_with_links(client_for, carers):
    an = carers["an"]
    client = client_for("xa1")
    page = _text(client.get("/cases/new/", {"q": "nguyen van an"}))
    assert "Nguyễn Văn An" in page and f'href="/cases/new/?child={an.pk}"' in page
    chosen = _text(client.get("/cases/new/", {"child": an.pk}))
    assert f'name="child" id="id_child" value="{an.pk}"' in chosen
    assert "Thông tin được gắn với trẻ này trong sổ theo dõi" in chosen
    response = client.post(
        "/cases/new/", {**INTAKE, "location": carers["an"].village.pk, "child": an.pk}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.child == an and case.report.child == an


def test_a_refused_submission_keeps_the_chosen_child(client_for, carers):
    an = carers["an"]
    data = {**INTAKE, "what_happened": "", "location": carers["an"].village.pk, "child": an.pk}
    page = _text(client_for("xa1").post("/cases/new/", data))
    assert f'name="child" id="id_child" value="{an.pk}"' in page
    assert not Case.objects.exists()


def test_a_refused_submission_of_a_provisional_child_shows_its_likely_duplicates(
    client_for, carers
):
    data = {
        **INTAKE,
        "what_happened": "",
        "location": carers["an"].village.pk,
        "child_name": "Nguyễn Văn An",
        "child_date_of_birth": "04/05/2019",
    }
    page = _text(client_for("xa1").post("/cases/new/", data))
    assert "Trẻ này có thể đã có trong sổ" in page and "Chọn trẻ này" in page


def test_linking_a_child_of_another_commune_by_hand_is_refused(client_for, carers):
    data = {**INTAKE, "location": carers["an"].village.pk, "child": carers["binh"].pk}
    response = client_for("xa1").post("/cases/new/", data)
    assert response.status_code == 200 and "child" in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert not Case.objects.exists()
