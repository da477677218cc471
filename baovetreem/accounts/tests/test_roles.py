"""The shipped roles name real permissions, and every migrate gives them to the database."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission

from baovetreem.accounts.models import Role
from baovetreem.accounts.roles import ROLE_DEFINITIONS

# Apps that later issues add: their permissions are declared ahead and skipped until installed.
PLANNED_APPS = {"indicators"}


def _existing() -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }


def _named() -> set[str]:
    return {perm for definition in ROLE_DEFINITIONS for perm in definition["permissions"]}


def test_every_permission_of_an_installed_app_exists(db):
    installed = {config.label for config in apps.get_app_configs()}
    unknown = {p for p in _named() if p.split(".")[0] in installed} - _existing()
    assert unknown == set()


def test_permissions_of_apps_not_installed_are_only_the_planned_ones():
    installed = {config.label for config in apps.get_app_configs()}
    assert {p.split(".")[0] for p in _named()} - installed <= PLANNED_APPS


@pytest.mark.parametrize("definition", ROLE_DEFINITIONS, ids=lambda d: d["code"])
def test_migrate_gives_each_role_its_declared_permissions(db, definition):
    role = Role.objects.get(code=definition["code"])
    held = {
        f"{app}.{codename}"
        for app, codename in role.permissions.values_list("content_type__app_label", "codename")
    }
    assert held == set(definition["permissions"]) & _existing()


@pytest.mark.parametrize("action", ["view", "add", "change"])
def test_legal_aid_goes_to_the_roles_that_refer(db, action):
    def holders(codename):
        return set(
            Role.objects.filter(
                permissions__content_type__app_label="referrals", permissions__codename=codename
            ).values_list("code", flat=True)
        )

    assert holders(f"{action}_legalaidfollowup") == holders(f"{action}_referral") != set()
