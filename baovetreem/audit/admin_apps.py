"""The admin app with the audited site as its default (INSTALLED_APPS names this config).

Kept apart from ``apps.py``: Django picks an app's config from the classes in its ``apps.py``,
and an admin config there would be taken for the audit app's own.
"""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "baovetreem.audit.admin_site.AuditedAdminSite"
