"""The /api/v1 entry point (django-ninja); docs at /api/docs for signed-in users."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI, Schema

from baovetreem.api import cases, errors, hotline, indicators, locations, registry
from baovetreem.api.auth import API_AUTH

api = NinjaAPI(
    title="baovetreem API",
    version="1",
    urls_namespace="api",
    auth=API_AUTH,
    docs_url="/docs",
    docs_decorator=login_required,
)
errors.install(api)


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[dict]


@api.get("/me", response=MeOut, tags=["accounts"])
def me(request):
    assignments = request.user.role_assignments.select_related("role", "location")
    return {
        "username": request.user.username,
        "full_name": request.user.full_name,
        "roles": [
            {"role": a.role.code, "location_id": a.location_id, "location": a.location.name}
            for a in assignments
        ],
    }


api.add_router("/locations", locations.router)
api.add_router("/registry", registry.router)
api.add_router("/cases", cases.router)
api.add_router("/hotline", hotline.router)
api.add_router("/indicators", indicators.router)
