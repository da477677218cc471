"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from baovetreem.api.urls import api
from baovetreem.core import views as core_views

handler400 = "baovetreem.core.views.error_400"
handler403 = "baovetreem.core.views.error_403"
handler404 = "baovetreem.core.views.error_404"
handler500 = "baovetreem.core.views.error_500"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (PDFs, raw files).
    path("favicon.ico", core_views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("baovetreem.accounts.urls")),
    path("locations/", include("baovetreem.locations.urls")),
    path("registry/", include("baovetreem.registry.urls")),
    path("cases/", include("baovetreem.cases.urls")),
    path("cases/", include("baovetreem.cases.document_urls")),
    path("hotline/", include("baovetreem.hotline.urls")),
    path("referrals/", include("baovetreem.referrals.urls")),
    path("audit/", include("baovetreem.audit.urls")),
    path("imports/", include("baovetreem.imports.urls")),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("django-admin/", admin.site.urls),
    path("", include("baovetreem.core.urls")),
]
