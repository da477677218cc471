"""Group pickers: every list of groups shows each sub-group right after its own group, with its
code (Luật Trẻ em 2016 Đ.10 and the sub-groups of Nghị định 56/2017), so a child is never put in
a sub-group of another group by mistake."""

from baovetreem.cases.forms import DetailedAssessmentForm
from baovetreem.registry.forms import ChildFilterForm, MembershipForm
from baovetreem.registry.models import Group, GroupKind


def flat_options(field) -> list[tuple[str, str]]:
    """(value, label) of every option of a choice field, optgroups opened, empty choice left out."""
    options = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):
            options.extend((str(v), str(text)) for v, text in label)
        elif str(value):
            options.append((str(value), str(label)))
    return options


def assert_sub_groups_under_their_own_group(field, kinds) -> None:
    groups = {str(g.pk): g for g in Group.objects.select_related("parent")}
    options = flat_options(field)
    expected = Group.objects.filter(kind__in=kinds, is_active=True)
    assert {value for value, _ in options} == {
        str(pk) for pk in expected.values_list("pk", flat=True)
    }
    current_parent = None
    for value, label in options:
        group = groups[value]
        if group.parent_id is None:
            current_parent = group
            continue
        assert group.parent_id == current_parent.pk, (
            f"{group.code} is listed under {current_parent.code}, not under {group.parent.code}"
        )
        assert f"{group.code})" in label, f"the label of {group.code} has no code: {label!r}"
    # Every group of Điều 10 with sub-groups has them listed (a1…a4, b1, b2, c1…c3, d1…d3).
    if GroupKind.SPECIAL in kinds:
        codes = [groups[value].code for value, _ in options if groups[value].kind == "special"]
        assert codes[:6] == ["a", "a1", "a2", "a3", "a4", "b"]
        assert codes.index("d1") == codes.index("d") + 1


def test_register_filter_lists_each_sub_group_under_its_own_group(world):
    form = ChildFilterForm(user=world.xa1)
    assert_sub_groups_under_their_own_group(form.fields["group"], [GroupKind.SPECIAL])


def test_add_group_on_the_child_page_lists_each_sub_group_under_its_own_group(world):
    field = MembershipForm().fields["group"]
    assert_sub_groups_under_their_own_group(field, [GroupKind.SPECIAL, GroupKind.AT_RISK])


def test_add_group_separates_special_circumstances_from_at_risk(world):
    choices = MembershipForm().fields["group"].choices
    headings = [str(value) for value, label in choices if isinstance(label, list | tuple)]
    assert headings == [str(GroupKind.SPECIAL.label), str(GroupKind.AT_RISK.label)]


def test_detailed_assessment_lists_each_sub_group_under_its_own_group(world):
    field = DetailedAssessmentForm().fields["confirmed_group"]
    assert_sub_groups_under_their_own_group(field, [GroupKind.SPECIAL])


def test_child_page_names_a_sub_group_with_its_code_and_its_group(world, kids, client_for):
    from baovetreem.registry.models import GroupMembership

    GroupMembership.objects.create(
        child=kids["an"], group=Group.objects.get(code="d2"), start_date="2024-01-01"
    )
    page = client_for("xa1").get(f"/registry/{kids['an'].pk}/").content.decode()
    assert "d) Trẻ em khuyết tật — d2) Khuyết tật nặng" in page


def test_form_03_names_a_confirmed_sub_group_with_its_code_and_its_group(world, client_for):
    from baovetreem.cases.models import CaseState
    from baovetreem.cases.tests.conftest import open_case, step
    from baovetreem.cases.tests.test_documents import _download

    case = open_case(world.xa1, world.V1a)
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, state)
    d2 = Group.objects.get(code="d2")
    case = step(world.xa1, case, CaseState.DETAILED_ASSESSMENT, confirmed_group=d2.pk)
    text = _download(client_for("xa1"), case, "03")
    assert "d) Trẻ em khuyết tật — d2) Khuyết tật nặng" in text


def test_case_page_names_a_confirmed_sub_group_with_its_code_and_its_group(world, kids, client_for):
    from baovetreem.cases.models import CaseState
    from baovetreem.cases.tests.conftest import open_case, step

    case = open_case(world.xa1, world.V1a, child=kids["an"])
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, state)
    d2 = Group.objects.get(code="d2")
    case = step(world.xa1, case, CaseState.DETAILED_ASSESSMENT, confirmed_group=d2.pk)
    page = client_for("xa1").get(f"/cases/{case.pk}/").content.decode()
    # In the step's history and in the proposal to add the group to the register.
    assert page.count("d) Trẻ em khuyết tật — d2) Khuyết tật nặng") == 2
