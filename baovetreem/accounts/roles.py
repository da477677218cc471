"""The roles shipped with baovetreem, as data (Vietnamese names, with English ones).

Each is a set of permissions and the levels where it applies.

Run on every ``migrate`` (post_migrate), so new permissions of later apps reach the roles
without a hand step. Permissions that do not exist yet (an app not installed) are skipped.
"""

from __future__ import annotations

PROVINCE, COMMUNE, VILLAGE = "province", "commune", "village"

ROLE_DEFINITIONS: list[dict] = [
    {
        "code": "system_admin",
        "name": "Quản trị hệ thống",
        "name_en": "System administrator",
        "levels": [PROVINCE, COMMUNE],
        "permissions": [
            "referrals.view_serviceprovider",
            "referrals.add_serviceprovider",
            "referrals.change_serviceprovider",
            "locations.view_location",
            "locations.add_location",
            "locations.change_location",
            "locations.export_location",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "audit.view_auditevent",
        ],
        # Every role but the auditor's: an auditor must not be appointed, reset or deactivated by
        # the administrators they audit, so only a superuser (national administrator) gives it.
        # A new role is granted by nobody until it is named here.
        "grants": [
            "system_admin",
            "provincial_officer",
            "commune_officer",
            "village_collaborator",
            "case_worker",
            "case_supervisor",
            "hotline_operator",
        ],
    },
    {
        "code": "provincial_officer",
        "name": "Cán bộ cấp tỉnh",
        "name_en": "Provincial officer",
        "levels": [PROVINCE],
        "permissions": [
            "hotline.view_contact",
            "hotline.view_pressitem",
            "referrals.view_serviceprovider",
            "locations.view_location",
            "locations.export_location",
            "accounts.view_user",
            "indicators.view_indicatorvalue",
            "indicators.view_target",
            "indicators.add_target",
            # ID numbers shared between communes, without the children's records.
            "registry.review_shared_id",
        ],
        "grants": [],
    },
    {
        "code": "commune_officer",
        "name": "Công chức phụ trách trẻ em cấp xã",
        "name_en": "Commune child-protection officer",
        "levels": [COMMUNE],
        "permissions": [
            "referrals.view_serviceprovider",
            "referrals.add_serviceprovider",
            "referrals.change_serviceprovider",
            "referrals.view_referral",
            "referrals.add_referral",
            "referrals.change_referral",
            "referrals.view_legalaidfollowup",
            "referrals.add_legalaidfollowup",
            "referrals.change_legalaidfollowup",
            "hotline.add_pressitem",
            "hotline.view_pressitem",
            "locations.view_location",
            "locations.add_location",
            "locations.change_location",
            "locations.export_location",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "registry.view_child",
            "registry.add_child",
            "registry.change_child",
            "registry.delete_child",
            "registry.export_child",
            "registry.view_household",
            "registry.add_household",
            "registry.change_household",
            "cases.add_report",
            "cases.view_case",
            "cases.view_all_case",
            "cases.verify_case",
            "cases.assess_case",
            "cases.intervene_case",
            "cases.plan_case",
            "cases.review_case",
            "indicators.view_indicatorvalue",
            "indicators.view_target",
            "indicators.add_target",
        ],
        "grants": ["village_collaborator", "case_worker"],
    },
    {
        "code": "village_collaborator",
        "name": "Cộng tác viên thôn, tổ dân phố",
        "name_en": "Village collaborator",
        "levels": [VILLAGE],
        "permissions": [
            "locations.view_location",
            "registry.view_child",
            "registry.add_child",
            "registry.change_child",
            # The collaborator keeps the village register: they print it (and export it).
            "registry.export_child",
            "registry.view_household",
            "registry.add_household",
            "registry.change_household",
            "cases.add_report",
        ],
        "grants": [],
    },
    {
        "code": "case_worker",
        "name": "Cán bộ quản lý trường hợp",
        "name_en": "Case worker",
        "levels": [COMMUNE],
        "permissions": [
            "cases.break_glass_case",
            "referrals.view_serviceprovider",
            "referrals.view_referral",
            "referrals.add_referral",
            "referrals.change_referral",
            "referrals.view_legalaidfollowup",
            "referrals.add_legalaidfollowup",
            "referrals.change_legalaidfollowup",
            "locations.view_location",
            "registry.view_child",
            "registry.view_household",
            "cases.add_report",
            "cases.view_case",
            "cases.verify_case",
            "cases.assess_case",
            "cases.intervene_case",
            "cases.plan_case",
            "cases.review_case",
        ],
        "grants": [],
    },
    {
        "code": "case_supervisor",
        "name": "Người giám sát trường hợp (được Chủ tịch UBND xã ủy quyền)",
        "name_en": "Case supervisor (commune chair's delegate)",
        "levels": [COMMUNE],
        "permissions": [
            "referrals.view_serviceprovider",
            "referrals.view_referral",
            "referrals.change_referral",
            "referrals.view_legalaidfollowup",
            "referrals.change_legalaidfollowup",
            "locations.view_location",
            "registry.view_child",
            "registry.view_household",
            "cases.view_case",
            "cases.view_all_case",
            "cases.approve_case",
            "cases.close_case",
            "indicators.view_indicatorvalue",
        ],
        "grants": [],
    },
    {
        "code": "hotline_operator",
        "name": "Điện thoại viên tổng đài",
        "name_en": "Hotline operator",
        "levels": [PROVINCE],
        "permissions": [
            "hotline.view_contact",
            "hotline.add_contact",
            "hotline.change_contact",
            "hotline.view_pressitem",
            "hotline.add_pressitem",
            "referrals.view_serviceprovider",
            "locations.view_location",
            "cases.add_report",
            "cases.view_received_report",
        ],
        "grants": [],
    },
    {
        "code": "auditor",
        "name": "Kiểm tra viên",
        "name_en": "Auditor",
        "levels": [PROVINCE, COMMUNE],
        "permissions": ["locations.view_location", "accounts.view_user", "audit.view_auditevent"],
        "grants": [],
    },
]


def sync_roles() -> None:
    """Create or update the shipped roles so their permissions match ROLE_DEFINITIONS."""
    from django.contrib.auth.models import Permission

    from baovetreem.accounts.models import Role

    all_perms = {
        f"{app}.{codename}": pk
        for pk, app, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    roles: dict[str, Role] = {}
    for order, definition in enumerate(ROLE_DEFINITIONS):
        role, _created = Role.objects.update_or_create(
            code=definition["code"],
            defaults={
                "name": definition["name"],
                "name_en": definition["name_en"],
                "levels": definition["levels"],
                "order": order,
            },
        )
        role.permissions.set([all_perms[p] for p in definition["permissions"] if p in all_perms])
        roles[role.code] = role
    for definition in ROLE_DEFINITIONS:
        targets = [roles[code] for code in definition["grants"]]
        roles[definition["code"]].grantable_roles.set(targets)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: runs once, after the accounts app has migrated."""
    if getattr(sender, "label", None) != "accounts":
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # Permissions of every app must exist before roles point at them.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    sync_roles()
