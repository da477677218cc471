"""Walk the whole URL configuration: every view needs a signed-in user, but the listed ones."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Deliberately public: signing in, health checks, the language switch, the static admin login.
PUBLIC = {
    "/healthz",
    "/favicon.ico",  # a redirect to the static icon
    "/i18n/setlang/",
    "/accounts/login/",
    "/accounts/logout/",
    "/api/docs",  # a redirect to /api/v1/docs, which requires login
}
PUBLIC_PREFIXES = ("/django-admin/",)  # Django's admin has its own staff login


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:str|slug|path)?:?\w+>", "x", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = route.replace("\\", "")
    return "/" + route


def all_urls():
    return sorted({_concrete(r) for r in _walk(get_resolver().url_patterns)})


def _is_public(url: str) -> bool:
    return url in PUBLIC or url.startswith(PUBLIC_PREFIXES)


def test_public_urls_are_exactly_the_listed_exceptions():
    public = {u for u in all_urls() if _is_public(u) and not u.startswith(PUBLIC_PREFIXES)}
    assert public == PUBLIC


@pytest.mark.parametrize("url", [u for u in all_urls() if not _is_public(u)])
def test_every_view_requires_login(client, db, url):
    for method in (client.get, client.post):
        response = method(url)
        if url.startswith("/api/") and response.status_code != 302:
            assert response.status_code in {401, 404, 405}, (url, response.status_code)
        else:
            assert response.status_code in {302, 405}, (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url


def test_url_walk_finds_the_apps():
    urls = all_urls()
    assert "/locations/" in urls and "/accounts/users/" in urls and "/audit/" in urls
