"""The user list shows staff's names and phones: reading it is an audited read."""

from baovetreem.testing.reads import ids_of, one_read


def test_user_list_search_is_one_read_filed_under_the_readers_area(world, client_for):
    response, event = one_read(client_for("xa1"), "/accounts/users/", {"q": "ctv"})
    shown = ids_of(response.context["page"])
    assert {world.ctv1.pk, world.ctv1b.pk} <= {int(pk) for pk in shown}
    assert event.object_type == "accounts.user"
    assert event.after["ids"] == shown and event.after["filters"] == {"q": "ctv"}
    assert event.location_path == world.C1.path
