"""Fail when requirements/*.txt no longer pin what pyproject.toml asks for (run `make lock`)."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins(path: Path) -> dict[str, str]:
    """{normalised name: version} of a compiled requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line)
        if match:
            found[canonicalize_name(match[1])] = match[2]
    return found


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {
        "requirements/base.txt": project["dependencies"],
        "requirements/dev.txt": project["dependencies"] + project["optional-dependencies"]["dev"],
    }
    problems = []
    for name, requirements in wanted.items():
        pinned = pins(ROOT / name)
        for text in requirements:
            requirement = Requirement(text)
            version = pinned.get(canonicalize_name(requirement.name))
            if version is None:
                problems.append(f"{name}: {requirement.name} is not pinned")
            elif not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{name}: {requirement.name}=={version} breaks {text!r}")
    for problem in problems:
        print(problem)
    if problems:
        print("The lock files are out of date: run `make lock` and commit requirements/.")
        return 1
    print("Lock files pin every dependency of pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
