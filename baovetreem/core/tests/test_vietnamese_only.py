"""No English in the Vietnamese interface: every page that each demo persona reaches from the
home page by links, on the demo world, reads in Vietnamese only.

The English words come from the catalogue (baovetreem.testing.english): words of msgids whose
translation differs, less any word that Vietnamese text of the interface or a name also uses.
"""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from baovetreem.testing.english import english_left, readable_text, words

# Not interface pages of ours: the API's own documentation, Django's admin, files, sign-out.
SKIPPED = re.compile(
    r"^/(api/|django-admin/|i18n/|static/|accounts/logout)"
    r"|/(export|download|print|documents?|files?|attachments?)(/|$|\?)"
    r"|\.(docx|xlsx|csv|pdf|zip)(\?|$)"
)
HREF = re.compile(r'href="([^"#]+)"')
PAGES_PER_SHAPE = 2  # /registry/children/12/ and /registry/children/13/ have one shape
PAGES_PER_PERSONA = 80


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


def crawl(client: Client, start: str = "/"):
    """(url, html) of every page reachable by links from ``start``, a few per URL shape."""
    queue, seen, per_shape, visited = deque([start]), {start}, {}, 0
    while queue and visited < PAGES_PER_PERSONA:
        url = queue.popleft()
        shape = _shape(url)
        if per_shape.get(shape, 0) >= PAGES_PER_SHAPE:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_shape[shape] = per_shape.get(shape, 0) + 1
        visited += 1
        html = response.content.decode()
        yield url, html
        for href in HREF.findall(html):
            target = urljoin(url, href.replace("&amp;", "&"))
            if target.startswith("/") and not SKIPPED.search(target) and target not in seen:
                seen.add(target)
                queue.append(target)


@pytest.fixture
def demo_world(db):
    call_command("load_units", "--province", "56", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())


def _unit_words() -> set[str]:
    from baovetreem.locations.models import Location

    known: set[str] = set()
    for name in Location.objects.values_list("name", flat=True):
        known |= words(name)
    return known


def _in_context(text: str, english: set[str]) -> str:
    """Each English word with a little of the text around it, to find where it comes from."""
    where = []
    for word in sorted(english):
        match = re.search(rf"\b{word}\b", text, re.IGNORECASE)
        start = match.start() if match else 0
        where.append(f"{word} «…{text[max(0, start - 40) : start + 40]}…»")
    return "; ".join(where)


def test_every_page_of_every_demo_persona_reads_in_vietnamese_only(demo_world):
    from baovetreem.accounts.models import User
    from baovetreem.demo.world import DEMO_USERS

    unit_words = _unit_words()
    found: dict[str, str] = {}
    for username, _role, _where in DEMO_USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url, html in crawl(client):
            english = english_left(html, unit_words)
            if english:
                found[f"{username} {url}"] = _in_context(readable_text(html), english)
    assert not found, "\n".join(f"{where}: {what}" for where, what in found.items())


def test_the_check_sees_an_english_phrase_and_not_names_codes_or_kept_words():
    page = (
        '<html lang="vi"><body><h1>Trẻ em</h1><p>Nguyễn Văn Hùng (village not yet known)</p>'
        '<button lang="en">English</button><p>Tệp Excel, API, PDF, ID 001</p>'
        '<input type="submit" value="Save"><span title="Close">×</span>'
        '<script>const label = "Remove";</script></body></html>'
    )
    assert english_left(page) == {"village", "not", "yet", "known", "save", "close"}
