from django.urls import path

from baovetreem.locations import views

app_name = "locations"

urlpatterns = [
    path("", views.location_list, name="list"),
    path("<int:pk>/", views.location_detail, name="detail"),
    path("<int:pk>/villages/new/", views.village_create, name="village_create"),
    path("<int:pk>/characteristics/", views.commune_characteristics, name="characteristics"),
    path("villages/<int:pk>/edit/", views.village_edit, name="village_edit"),
    path("villages/import/", views.village_import, name="village_import"),
    path("villages/template.xlsx", views.village_template, name="village_template"),
]
