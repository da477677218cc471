"""URLs of the case documents (Word forms, attachments), kept apart from the workflow's."""

app_name = "casedocs"

urlpatterns: list = []
