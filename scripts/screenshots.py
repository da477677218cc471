"""Screenshots of the main pages for the README (`make screenshots`), signed in as demo personas.

Runs the development server on the demo database (DATABASE_URL, or var/db.sqlite3 that `make
demo` seeds), drives Debian's chromium with Playwright, and writes small palette PNGs into
docs/screenshots/: 1280 px wide for an office screen, 375 px for a collaborator's phone. The
demo must be seeded first (the make target does it).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
DESKTOP = (1280, 860)
PHONE = (375, 760)
COLOURS = 96  # a palette this size keeps text crisp and each picture small


@dataclass(frozen=True)
class Shot:
    name: str
    username: str
    path: str  # may name {child}, {case}, {village_child}
    size: tuple[int, int] = DESKTOP
    full_page: bool = False


SHOTS = [
    Shot("home-commune-officer", "xa1", "/"),
    Shot("register-list", "xa1", "/registry/"),
    Shot("child-page", "xa1", "/registry/{child}/"),
    Shot("case-page", "canbo", "/cases/{case}/"),
    Shot("case-list", "canbo", "/cases/"),
    Shot("home-supervisor", "giamsat1", "/"),
    Shot("hotline-console", "tongdai", "/hotline/"),
    Shot("province-units", "tinh", "/locations/"),
    Shot("audit-log", "kiemtra", "/audit/"),
    Shot("collaborator-home-phone", "ctv1", "/", PHONE, full_page=True),
    Shot("collaborator-child-phone", "ctv1", "/registry/{village_child}/", PHONE),
    Shot("collaborator-add-child-phone", "ctv1", "/registry/new/", PHONE),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _records() -> dict[str, int]:
    """The demo records the pictures show: a child with groups and measurements in commune 1,
    one in the collaborator's village, and a case in implementation worked by canbo."""
    from django.db.models import Count

    from baovetreem.accounts.models import User
    from baovetreem.cases.models import Case
    from baovetreem.registry.models import Child

    def richest(children):
        return (
            children.annotate(groups=Count("memberships", distinct=True))
            .order_by("-groups", "pk")
            .values_list("pk", flat=True)
            .first()
        )

    xa1, ctv1, canbo = (User.objects.get(username=u) for u in ("xa1", "ctv1", "canbo"))
    cases = Case.objects.worked_on_by(canbo).order_by("-pk")
    case = cases.filter(state="implementing").first() or cases.first()
    return {
        "child": richest(Child.objects.restrict(xa1, "view")),
        "village_child": richest(Child.objects.restrict(ctv1, "view")),
        "case": case.pk,
    }


def _server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "baovetreem.settings"}
    process = subprocess.Popen(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("the development server did not start")


def _shrink(path: Path) -> None:
    """A palette PNG (text stays sharp), then optipng when the machine has it."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
    optipng = shutil.which("optipng")
    if optipng:
        subprocess.run([optipng, "-quiet", "-o2", str(path)], check=False)  # noqa: S603


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baovetreem.settings")
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from baovetreem.demo.world import DEMO_PASSWORD
    from baovetreem.testing.browser import CHROMIUM_ARGS, chromium_path

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("Debian's chromium is needed (make chromium)")
    records = _records()
    OUT.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _server(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_ARGS
            )
            contexts = {}
            for shot in SHOTS:
                if shot.username not in contexts:
                    context = browser.new_context(locale="vi-VN")
                    page = context.new_page()
                    page.goto(f"{base}/accounts/login/")
                    page.fill("input[name=username]", shot.username)
                    page.fill("input[name=password]", DEMO_PASSWORD)
                    page.click("button[type=submit].btn")
                    page.wait_for_url(re.compile(r"/$"))
                    contexts[shot.username] = page
                page = contexts[shot.username]
                page.set_viewport_size({"width": shot.size[0], "height": shot.size[1]})
                page.goto(base + shot.path.format(**records))
                page.wait_for_load_state("networkidle")
                target = OUT / f"{shot.name}.png"
                page.screenshot(path=str(target), full_page=shot.full_page)
                _shrink(target)
                print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = sum(p.stat().st_size for p in OUT.glob("*.png"))
    print(f"{len(SHOTS)} screenshots, {total / 1024 / 1024:.1f} MB in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
