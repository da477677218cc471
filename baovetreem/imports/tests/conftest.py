"""Fixtures of the import and export tests: the test importer and exporter, private storage,
task backends."""

from __future__ import annotations

import pytest

from baovetreem.imports import exporting
from baovetreem.imports.base import register, unregister
from baovetreem.imports.tests.village_exporter import VillageExporter
from baovetreem.imports.tests.village_importer import VillageImporter

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def village_importer():
    register(VillageImporter)
    yield VillageImporter
    unregister(VillageImporter.key)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/private."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once, inside the request that enqueues them."""
    settings.TASKS = IMMEDIATE


@pytest.fixture(autouse=True)
def village_exporter():
    exporting.register(VillageExporter)
    yield VillageExporter
    exporting.unregister(VillageExporter.key)
