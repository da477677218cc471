"""User management within the actor's own scope; every change is audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baovetreem.accounts.models import Role, RoleAssignment, User
from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record, snapshot
from baovetreem.locations.models import Location

USER_AUDIT_FIELDS = ["username", "full_name", "email", "phone", "job_title", "is_active"]


def grantable_roles(actor: User, location: Location) -> list[Role]:
    """Roles the actor may give to someone on ``location``: those their covering roles grant."""
    if actor.is_superuser:
        return [r for r in Role.objects.filter(is_active=True) if location.level in r.levels]
    covering = RoleAssignment.objects.filter(
        user=actor,
        role__is_active=True,
        role__permissions__codename="add_user",
        role__permissions__content_type__app_label="accounts",
    ).select_related("location", "role")
    role_ids: set[int] = set()
    for assignment in covering:
        if location.path.startswith(assignment.location.path):
            role_ids.update(assignment.role.grantable_roles.values_list("pk", flat=True))
    roles = Role.objects.filter(pk__in=role_ids, is_active=True)
    return [r for r in roles if location.level in r.levels]


def grantable_role_ids(actor: User) -> set[int]:
    """Every role the actor may give somewhere (to narrow the role choices of forms)."""
    if actor.is_superuser:
        return set(Role.objects.filter(is_active=True).values_list("pk", flat=True))
    return set(
        Role.objects.filter(
            role__in=Role.objects.filter(
                roleassignment__user=actor,
                permissions__codename="add_user",
                permissions__content_type__app_label="accounts",
            )
        ).values_list("pk", flat=True)
    )


def can_manage(actor: User, target: User) -> bool:
    """True when every assignment of ``target`` lies inside the actor's user-change scope."""
    if actor.is_superuser:
        return True
    if target.is_superuser or target.pk == actor.pk:
        return False
    paths = actor.scope_paths("accounts.change_user")
    target_paths = list(target.role_assignments.values_list("location__path", flat=True))
    if not paths or not target_paths:
        return False
    return all(any(tp.startswith(p) for p in paths) for tp in target_paths)


def _check_grant(actor: User, role: Role, location: Location) -> None:
    if role not in grantable_roles(actor, location):
        raise PermissionDenied(
            _("You may not give the role “%(role)s” on %(place)s.")
            % {"role": str(role), "place": location.name}
        )


@transaction.atomic
def create_user(
    actor: User,
    *,
    username: str,
    password: str,
    role: Role,
    location: Location,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    job_title: str = "",
) -> User:
    """Create a user with one role assignment the actor is allowed to give; audited."""
    _check_grant(actor, role, location)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken; choose another.")})
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email,
        phone=phone,
        job_title=job_title,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    assignment = RoleAssignment.objects.create(
        user=user, role=role, location=location, created_by=actor
    )
    record(
        actor,
        AuditAction.CREATE,
        user,
        after=snapshot(user, USER_AUDIT_FIELDS),
        location_path=location.path,
    )
    record(actor, AuditAction.CREATE, assignment, after=snapshot(assignment))
    return user


@transaction.atomic
def update_user(actor: User, target: User, **changes) -> User:
    """Change a managed user's profile fields or active flag; audited."""
    if not can_manage(actor, target):
        raise PermissionDenied(_("You may not change this user."))
    before = snapshot(target, USER_AUDIT_FIELDS)
    for name, value in changes.items():
        if name not in USER_AUDIT_FIELDS or name == "username":
            raise ValueError(name)
        setattr(target, name, value)
    target.save()
    record(
        actor, AuditAction.UPDATE, target, before=before, after=snapshot(target, USER_AUDIT_FIELDS)
    )
    return target


@transaction.atomic
def set_password(actor: User, target: User, password: str) -> None:
    """Set a new password for a managed user; the log says it changed, never the value."""
    if not can_manage(actor, target):
        raise PermissionDenied(_("You may not change this user."))
    validate_password(password, target)
    target.set_password(password)
    target.save(update_fields=["password"])
    record(actor, AuditAction.UPDATE, target, note="password reset")


@transaction.atomic
def add_assignment(actor: User, target: User, role: Role, location: Location) -> RoleAssignment:
    """Give a managed user one more role on a unit; audited."""
    if not can_manage(actor, target):
        raise PermissionDenied(_("You may not change this user."))
    _check_grant(actor, role, location)
    if RoleAssignment.objects.filter(user=target, role=role, location=location).exists():
        raise ValidationError(_("This user already has this role on this unit."))
    assignment = RoleAssignment.objects.create(
        user=target, role=role, location=location, created_by=actor
    )
    record(actor, AuditAction.CREATE, assignment, after=snapshot(assignment))
    target.clear_grant_cache()
    return assignment


@transaction.atomic
def remove_assignment(actor: User, assignment: RoleAssignment) -> None:
    """Withdraw a role assignment the actor could have given; audited."""
    target = assignment.user
    if not can_manage(actor, target):
        raise PermissionDenied(_("You may not change this user."))
    _check_grant(actor, assignment.role, assignment.location)
    if target.role_assignments.count() == 1:
        raise ValidationError(
            _("This is the user's last role. Deactivate the account instead of removing it.")
        )
    before = snapshot(assignment)
    record(actor, AuditAction.DELETE, assignment, before=before)
    assignment.delete()
    target.clear_grant_cache()


def manageable_locations(actor: User):
    """Units on which the actor may create users (current units only)."""
    return (
        Location.objects.holding(actor, "accounts.add_user")
        .filter(valid_until__isnull=True)
        .select_related("parent")
        .order_by("path")
    )


@transaction.atomic
def provision_user(
    *, username: str, password: str, role_code: str, location: Location, full_name: str = ""
) -> User:
    """Create or reuse a user holding ``role_code`` on ``location`` (setup commands, no actor)."""
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(password)
        user.save()
        record(
            None,
            AuditAction.CREATE,
            user,
            after=snapshot(user, USER_AUDIT_FIELDS),
            location_path=location.path,
            note="provisioned",
        )
    role = Role.objects.get(code=role_code)
    RoleAssignment.objects.get_or_create(user=user, role=role, location=location)
    user.clear_grant_cache()
    return user
