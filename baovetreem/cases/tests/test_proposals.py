"""A detailed assessment confirming a special-circumstance group proposes the registry
membership; the commune officer confirms it, which adds the membership (audited)."""

import pytest

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import CaseState, GroupProposal, ProposalStatus
from baovetreem.cases.tests.conftest import open_case, step
from baovetreem.registry.models import Group, GroupMembership


@pytest.fixture
def group(db):
    return Group.objects.filter(kind="special", parent=None, is_active=True).first()


def _assessed(world, child, group):
    case = open_case(world.xa1, world.V1a, child=child)
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, state)
    return step(world.xa1, case, CaseState.DETAILED_ASSESSMENT, confirmed_group=group.pk)


def test_confirmed_group_becomes_a_registry_membership(client_for, world, kids, group):
    case = _assessed(world, kids["an"], group)
    proposal = GroupProposal.objects.get(case=case)
    assert proposal.status == ProposalStatus.PENDING and proposal.child == kids["an"]
    page = client_for("xa1").get(f"/cases/{case.pk}/")
    assert list(page.context["proposals"]) == [proposal]
    response = client_for("xa1").post(f"/cases/{case.pk}/proposals/{proposal.pk}/confirm/")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED and proposal.decided_by == world.xa1
    membership = GroupMembership.objects.get(child=kids["an"], group=group)
    assert membership.verified_by == world.xa1 and case.code in membership.source
    assert AuditEvent.objects.filter(
        object_type="registry.groupmembership", action="create"
    ).exists()


def test_no_proposal_without_a_registry_child(world, group):
    case = open_case(world.xa1, world.V1a)
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, state)
    case = step(world.xa1, case, CaseState.DETAILED_ASSESSMENT, confirmed_group=group.pk)
    assert not GroupProposal.objects.exists()
    assert case.transitions.last().data["confirmed_group"] == group.pk


def test_an_at_risk_group_is_refused(world, kids):
    at_risk = Group.objects.filter(kind="at_risk").first()
    case = open_case(world.xa1, world.V1a, child=kids["an"])
    for state in (CaseState.VERIFIED, CaseState.INITIAL_ASSESSMENT):
        case = step(world.xa1, case, state)
    with pytest.raises(services.ValidationError):
        step(world.xa1, case, CaseState.DETAILED_ASSESSMENT, confirmed_group=at_risk.pk)


def test_others_cannot_confirm_and_dismissing_adds_nothing(client_for, world, kids, group):
    case = _assessed(world, kids["an"], group)
    proposal = GroupProposal.objects.get(case=case)
    assert (
        client_for("xa2").post(f"/cases/{case.pk}/proposals/{proposal.pk}/confirm/").status_code
        == 404
    )
    with pytest.raises(services.PermissionDenied):
        services.decide_proposal(world.canbo, proposal, confirm=True)
    client_for("xa1").post(f"/cases/{case.pk}/proposals/{proposal.pk}/dismiss/")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DISMISSED
    assert not GroupMembership.objects.filter(child=kids["an"], group=group).exists()
