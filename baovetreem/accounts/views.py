"""Sign-in pages and user management within the signed-in user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baovetreem.accounts import notices, services
from baovetreem.accounts.forms import (
    AssignmentForm,
    LoginForm,
    SetPasswordForm,
    UserCreateForm,
    UserFilterForm,
)
from baovetreem.accounts.models import RoleAssignment, User
from baovetreem.audit.reads import area_of, filters_of, read_page
from baovetreem.core.forms import add_service_errors

# The profile page lists this many of the latest notices about one's account.
PROFILE_NOTICES = 20


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        messages.success(self.request, gettext_lazy("Your password has been changed."))
        return super().form_valid(form)


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes lockout page: says why and for how long, in the user's language."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def _scoped_users(user):
    return User.objects.restrict(user, "view")


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_list(request):
    form = UserFilterForm(request.GET or None)
    users = _scoped_users(request.user)
    if form.is_valid():
        q = form.cleaned_data.get("q")
        if q:
            users = users.filter(
                Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone__icontains=q)
            )
        if form.cleaned_data.get("role"):
            users = users.filter(role_assignments__role=form.cleaned_data["role"]).distinct()
        if form.cleaned_data.get("active") in {"0", "1"}:
            users = users.filter(is_active=form.cleaned_data["active"] == "1")
    users = users.order_by("username").prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("role", "location"),
        )
    )
    page = read_page(
        request.user,
        users,
        request.GET.get("page"),
        per_page=50,
        paginator_class=Paginator,
        filters=filters_of(form),
        # Filed under the reader's area: a user's own unit would cost a query per user.
        location_path=area_of(request.user, "accounts.view_user"),
    )
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "can_add": request.user.has_perm("accounts.add_user")},
    )


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_detail(request, pk: int):
    target = get_object_or_404(_scoped_users(request.user), pk=pk)
    assignments = target.role_assignments.select_related("role", "location", "location__parent")
    can_manage = services.can_manage(request.user, target)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "assignments": assignments,
            "can_manage": can_manage,
            "out_of_reach": not can_manage
            and target.pk != request.user.pk
            and request.user.has_perm("accounts.change_user"),
            "assignment_form": AssignmentForm(actor=request.user) if can_manage else None,
            "password_form": SetPasswordForm() if can_manage else None,
        },
    )


@login_required
@permission_required("accounts.add_user", raise_exception=True)
def user_create(request):
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                location=data["location"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                job_title=data["job_title"],
            )
        except PermissionDenied as exc:
            form.add_error("role", str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="password1")
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def _managed_target(request, pk: int) -> User:
    target = get_object_or_404(_scoped_users(request.user), pk=pk)
    if not services.can_manage(request.user, target):
        raise PermissionDenied(_("You may not change this user."))
    return target


@login_required
@require_POST
def user_set_active(request, pk: int):
    target = _managed_target(request, pk)
    active = request.POST.get("active") == "1"
    services.update_user(request.user, target, is_active=active)
    if active:
        messages.success(request, _("The account has been reactivated."))
    else:
        messages.success(request, _("The account has been deactivated."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def user_set_password(request, pk: int):
    target = _managed_target(request, pk)
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.set_password(request.user, target, form.cleaned_data["password1"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The new password has been set."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def assignment_add(request, pk: int):
    target = _managed_target(request, pk)
    form = AssignmentForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.add_assignment(
                request.user, target, form.cleaned_data["role"], form.cleaned_data["location"]
            )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The role has been given."))
    else:
        messages.error(request, _("Choose both an area and a role."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def assignment_remove(request, pk: int, assignment_pk: int):
    target = _managed_target(request, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=target)
    try:
        services.remove_assignment(request.user, assignment)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The role has been withdrawn."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
def profile(request):
    assignments = request.user.role_assignments.select_related("role", "location")
    account_notices = list(request.user.account_notices.all()[:PROFILE_NOTICES])
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": assignments,
            "account_notices": account_notices,
            "has_unread": any(n.read_at is None for n in account_notices),
        },
    )


@login_required
@require_POST
def notices_read(request):
    notices.mark_read(request.user)
    return redirect("accounts:profile")
