"""Home page, health check and error pages."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from baovetreem.core.navigation import home_cards


@never_cache
def healthz(request):
    """200 with {"database": "ok"} when the database answers, 503 otherwise (no login)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@login_required
def home(request):
    """The signed-in user's start page: their areas and the work waiting for them."""
    assignments = request.user.role_assignments.select_related("role", "location").order_by(
        "location__path"
    )
    context = {"assignments": assignments, "cards": home_cards(request)}
    return render(request, "core/home.html", context)


def error_400(request, exception=None):
    """A request the server refuses (e.g. an unknown host name): a page that needs no request."""
    return render(None, "400.html", status=400)


def csrf_failure(request, reason=""):
    """A form sent from a page that expired (CSRF_FAILURE_VIEW): nothing saved, open it again."""
    return render(request, "403_csrf.html", status=403)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def favicon(request):
    """The icon's hashed static address, looked up per request (the manifest exists only then)."""
    return redirect(static("favicon.svg"))
