from django.urls import path

from baovetreem.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("new/", views.child_create, name="child_create"),
    path("duplicates/hint/", views.duplicate_hint, name="duplicate_hint"),
    path("print/", views.register_print, name="register_print"),
    path("<int:pk>/", views.child_detail, name="child_detail"),
    path("<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("<int:pk>/move/", views.child_move, name="child_move"),
    path("<int:pk>/status/", views.child_status, name="child_status"),
    path("<int:pk>/delete/", views.child_delete, name="child_delete"),
    path("deleted/", views.deleted_list, name="deleted_list"),
    path("<int:pk>/restore/", views.child_restore, name="child_restore"),
    path("<int:pk>/purge/", views.child_purge, name="child_purge"),
    path("<int:pk>/groups/", views.membership_add, name="membership_add"),
    path("<int:pk>/groups/<int:membership_pk>/end/", views.membership_end, name="membership_end"),
    path("<int:pk>/supports/", views.support_add, name="support_add"),
    path("<int:pk>/measurements/", views.measurement_add, name="measurement_add"),
]

# The duplicate report and the merge of two records (duplicate_views.py).
from baovetreem.registry import duplicate_views  # noqa: E402

urlpatterns += [
    path("duplicates/", duplicate_views.duplicate_report, name="duplicate_report"),
    path("duplicates/<int:a>/<int:b>/merge/", duplicate_views.merge_confirm, name="merge_children"),
]

# ID numbers shared between communes: the provincial officer's review (shared_id_views.py).
from baovetreem.registry import shared_id_views  # noqa: E402

urlpatterns += [path("shared-ids/", shared_id_views.shared_id_list, name="shared_ids")]

from baovetreem.registry import family_views  # noqa: E402

urlpatterns += [
    path("households/", family_views.household_list, name="household_list"),
    path("households/new/", family_views.household_create, name="household_create"),
    path("households/<int:pk>/", family_views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", family_views.household_edit, name="household_edit"),
    path("<int:pk>/carers/new/", family_views.carer_edit, name="carer_add"),
    path("<int:pk>/carers/<int:carer_pk>/edit/", family_views.carer_edit, name="carer_edit"),
]
