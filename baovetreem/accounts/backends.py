"""Authorisation backend: a user has a permission when one of their roles grants it.

Where it applies (which subtree) is decided by ``restrict()``; this backend answers only
"somewhere?" questions, used to show menus and to refuse whole pages early.
"""

from django.contrib.auth.backends import BaseBackend


class RoleBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return user_obj.role_permissions()

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
