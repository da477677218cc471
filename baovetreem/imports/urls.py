from django.urls import path

from baovetreem.imports import export_views, views

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
    # Exports: the same app handles data-exchange files in both directions.
    path("exports/", export_views.export_list, name="export_list"),
    path("exports/new/<str:exporter_key>/", export_views.export_create, name="export_new"),
    path("exports/<int:pk>/", export_views.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", export_views.export_progress, name="export_progress"),
    path("exports/<int:pk>/download", export_views.export_download, name="export_download"),
]
