from django.urls import path

from baovetreem.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("overdue/", views.overdue_list, name="overdue"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/assign/", views.case_assign, name="assign"),
    path("<int:pk>/transition/<str:state>/", views.case_transition, name="transition"),
]
