app_name = "hotline"

urlpatterns: list = []
