from django.contrib.auth.models import AnonymousUser

from baovetreem.core.models import collapse_paths
from baovetreem.locations.models import Location


def test_collapse_paths_drops_covered_subtrees():
    assert collapse_paths(["/1/2/", "/1/", "/3/4/", "/1/2/5/"]) == ["/1/", "/3/4/"]


def test_anonymous_and_inactive_users_reach_nothing(world):
    assert not Location.objects.restrict(AnonymousUser(), "view").exists()
    world.xa1.is_active = False
    assert not Location.objects.restrict(world.xa1, "view").exists()


def test_commune_officer_reaches_own_subtree_only(world):
    names = set(Location.objects.restrict(world.xa1, "view").values_list("name", flat=True))
    assert names == {"Xã An Bình", "Thôn Một", "Thôn Hai"}


def test_collaborator_reaches_own_village_only(world):
    assert list(Location.objects.restrict(world.ctv1, "view")) == [world.V1a]
    assert not Location.objects.restrict(world.ctv1, "add").exists()


def test_province_roles_cover_their_province_not_the_next(world):
    reach = Location.objects.restrict(world.tinh, "view")
    assert reach.filter(pk=world.V2a.pk).exists()
    assert not reach.filter(pk=world.V3a.pk).exists()


def test_unknown_action_is_refused(world):
    import pytest

    with pytest.raises(ValueError):
        Location.objects.restrict(world.xa1, "purge")
