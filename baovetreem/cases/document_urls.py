"""URLs of the case documents (Word forms, attachments), kept apart from the workflow's."""

from django.urls import path

from baovetreem.cases import document_views

app_name = "casedocs"

urlpatterns = [
    path("<int:pk>/documents/<str:form>.docx", document_views.case_document, name="form"),
]
