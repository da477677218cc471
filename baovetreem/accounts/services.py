"""User management within the actor's own scope; every change is audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baovetreem.accounts.models import NoticeKind, Role, RoleAssignment, User
from baovetreem.accounts.notices import notify
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
    """True when the actor could give every role ``target`` holds, each on its own unit.

    Whoever holds a role the actor could not give (a commune's case supervisor for its commune
    officer, the auditor for a province administrator) is out of reach, so nobody takes over an
    account that does more than they may hand out. Superusers and staff are managed only by
    superusers, and nobody manages their own account through these pages.
    """
    if actor.pk is None or not actor.is_active or target.pk == actor.pk:
        return False
    if target.is_superuser or target.is_staff:
        return actor.is_superuser
    if actor.is_superuser:
        return True
    assignments = list(target.role_assignments.select_related("role", "location"))
    paths = actor.scope_paths("accounts.change_user")
    if not paths or not assignments:
        return False
    for assignment in assignments:
        place = assignment.location
        if not any(place.path.startswith(p) for p in paths):
            return False
        if assignment.role not in grantable_roles(actor, place):
            return False
    return True


def _check_manage(actor: User, target: User) -> None:
    if not can_manage(actor, target):
        raise PermissionDenied(_("You may not change this user."))


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
    """Change a managed user's profile fields or active flag; audited and told to the user."""
    _check_manage(actor, target)
    before = snapshot(target, USER_AUDIT_FIELDS)
    for name, value in changes.items():
        if name not in USER_AUDIT_FIELDS or name == "username":
            raise ValueError(name)
        setattr(target, name, value)
    target.save()
    after = snapshot(target, USER_AUDIT_FIELDS)
    record(actor, AuditAction.UPDATE, target, before=before, after=after)
    changed = [name for name in USER_AUDIT_FIELDS if before[name] != after[name]]
    if "is_active" in changed:
        kind = NoticeKind.REACTIVATED if target.is_active else NoticeKind.DEACTIVATED
        notify(target, kind, actor)
    details = [name for name in changed if name != "is_active"]
    if details:
        # A changed address hears of it too: the old owner is the one who should know.
        old_email = [before["email"]] if "email" in details and before["email"] else []
        notify(target, NoticeKind.DETAILS_CHANGED, actor, ",".join(details), also_email=old_email)
    return target


@transaction.atomic
def set_password(actor: User, target: User, password: str) -> None:
    """Set a new password for a managed user; the log says it changed, never the value."""
    _check_manage(actor, target)
    validate_password(password, target)
    target.set_password(password)
    target.save(update_fields=["password"])
    record(actor, AuditAction.UPDATE, target, note="password reset")
    notify(target, NoticeKind.PASSWORD_RESET, actor)


@transaction.atomic
def add_assignment(actor: User, target: User, role: Role, location: Location) -> RoleAssignment:
    """Give a managed user one more role on a unit; audited."""
    _check_manage(actor, target)
    _check_grant(actor, role, location)
    if RoleAssignment.objects.filter(user=target, role=role, location=location).exists():
        raise ValidationError(_("This user already has this role on this unit."))
    assignment = RoleAssignment.objects.create(
        user=target, role=role, location=location, created_by=actor
    )
    record(actor, AuditAction.CREATE, assignment, after=snapshot(assignment))
    target.clear_grant_cache()
    notify(target, NoticeKind.ROLE_GIVEN, actor, _role_on_place(assignment))
    return assignment


@transaction.atomic
def remove_assignment(actor: User, assignment: RoleAssignment) -> None:
    """Withdraw a role assignment the actor could have given; audited."""
    target = assignment.user
    _check_manage(actor, target)
    _check_grant(actor, assignment.role, assignment.location)
    if target.role_assignments.count() == 1:
        raise ValidationError(
            _("This is the user's last role. Deactivate the account instead of removing it.")
        )
    before = snapshot(assignment)
    record(actor, AuditAction.DELETE, assignment, before=before)
    details = _role_on_place(assignment)
    assignment.delete()
    target.clear_grant_cache()
    notify(target, NoticeKind.ROLE_WITHDRAWN, actor, details)


def _role_on_place(assignment: RoleAssignment) -> str:
    return f"“{assignment.role.name}” — {assignment.location.name}"


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
