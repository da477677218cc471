from django.urls import path

from baovetreem.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/<str:importer_key>/", views.job_create, name="new"),
    path("template/<str:importer_key>.xlsx", views.template_download, name="template"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/columns/", views.job_mapping, name="mapping"),
    path("<int:pk>/preview/", views.job_preview, name="preview"),
    path("<int:pk>/start/", views.job_start, name="start"),
    path("<int:pk>/discard/", views.job_discard, name="discard"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/errors.xlsx", views.job_errors_download, name="errors"),
]
