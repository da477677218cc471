from django.urls import path

from baovetreem.hotline import views

app_name = "hotline"

urlpatterns = [
    path("", views.console, name="console"),
    path("log/", views.contact_log, name="log"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/report/", views.contact_report, name="report"),
    path("press/", views.press_list, name="press_list"),
    path("press/<int:pk>/", views.press_detail, name="press_detail"),
    path("press/<int:pk>/follow-up/", views.press_follow_up, name="press_follow_up"),
    path("press/<int:pk>/report/", views.press_report, name="press_report"),
]
