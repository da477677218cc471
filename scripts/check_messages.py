"""Fail when a UI string has no Vietnamese translation.

Runs ``makemessages`` on a throw-away copy of the package, so the committed catalogue is never
rewritten, and lists every msgid of the source that the Vietnamese catalogue leaves empty or fuzzy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "baovetreem"


def untranslated(po_text: str) -> list[str]:
    """The msgids (joined) whose translation is empty or marked fuzzy."""
    missing = []
    for block in po_text.split("\n\n"):
        if "msgid " not in block or 'msgid ""\nmsgstr ""\n"' in block.strip()[:40]:
            continue
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith("msgid_plural "):
                current = None
            elif line.startswith("msgstr"):
                current = msgstr
                line = line.split(" ", 1)[1]
            elif not line.startswith('"'):
                current = current if line.startswith('"') else None
                continue
            if current is not None:
                current.append(line.strip().strip('"'))
        text = "".join(msgid)
        if not text:
            continue
        if fuzzy or not "".join(msgstr):
            missing.append(text)
    return missing


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "baovetreem"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "baovetreem.settings",
        }
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", "-v0"],
            cwd=copy,
            env=env,
            check=True,
        )
        missing = untranslated((copy / "locale/vi/LC_MESSAGES/django.po").read_text())
    if missing:
        print(f"{len(missing)} UI strings have no Vietnamese translation:")
        for text in missing:
            print(f"  {text}")
        return 1
    print("Vietnamese catalogue: every UI string is translated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
