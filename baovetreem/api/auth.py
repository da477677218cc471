"""API authentication: a bearer token for integrations, or the browser session."""

from ninja.security import APIKeyHeader, HttpBearer, django_auth

from baovetreem.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class HeaderTokenAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        user = ApiToken.authenticate(key) if key else None
        if user is not None:
            request.user = user
        return user


API_AUTH = [TokenAuth(), HeaderTokenAuth(), django_auth]
