from django.urls import path

from baovetreem.referrals import views

app_name = "referrals"

urlpatterns = [
    path("providers/", views.provider_list, name="providers"),
    path("providers/new/", views.provider_create, name="provider_create"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider_edit"),
    path("case/<int:case_id>/", views.case_referrals, name="case"),
    path("case/<int:case_id>/refer/", views.case_refer, name="refer"),
    path("case/<int:case_id>/legal-aid/", views.legal_aid_create, name="legal_aid_create"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/status/", views.referral_status, name="status"),
    path("legal-aid/<int:pk>/", views.legal_aid_detail, name="legal_aid"),
    path("legal-aid/<int:pk>/edit/", views.legal_aid_edit, name="legal_aid_edit"),
    path("legal-aid/<int:pk>/hearings/", views.hearing_add, name="hearing_add"),
    path(
        "legal-aid/<int:pk>/hearings/<int:hearing_id>/delete/",
        views.hearing_remove,
        name="hearing_remove",
    ),
]
