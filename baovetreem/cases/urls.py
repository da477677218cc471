from django.urls import path

from baovetreem.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("mine/", views.my_cases, name="mine"),
    path("new/", views.case_create, name="create"),
    path("new/children/", views.intake_child_search, name="intake_child_search"),
    path("new/child/", views.intake_child_picker, name="intake_child_picker"),
    path("new/duplicates/", views.intake_child_duplicates, name="intake_child_duplicates"),
    path("alerts/", views.alert_list, name="alerts"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("transfers/<int:pk>/<str:decision>/", views.transfer_decide, name="transfer_decide"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/assign/", views.case_assign, name="assign"),
    path("<int:pk>/transition/<str:state>/", views.case_transition, name="transition"),
    path("<int:pk>/break-glass/", views.break_glass, name="break_glass"),
    path("<int:pk>/transfer/", views.case_transfer, name="transfer"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/proposals/<int:proposal_pk>/<str:decision>/",
        views.proposal_decide,
        name="proposal_decide",
    ),
]

# Linking a case to a child of the register after intake (link_views.py).
from baovetreem.cases import link_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/child/search/", link_views.child_search, name="child_search"),
    path("<int:pk>/child/link/", link_views.child_link, name="child_link"),
    path("<int:pk>/child/unlink/", link_views.child_unlink, name="child_unlink"),
    path("<int:pk>/child/new/", link_views.child_add, name="child_add"),
]

# The commune step of a transfer (transfer_views.py).
from baovetreem.cases import transfer_views  # noqa: E402

urlpatterns += [
    path(
        "<int:pk>/transfer/communes/",
        transfer_views.transfer_communes,
        name="transfer_communes",
    ),
]
