"""Every route added for emergency access, transfers, attachments and group proposals answers
404 to the personas outside the case, and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baovetreem.cases import services
from baovetreem.cases.models import Attachment, CaseTransfer, GroupProposal
from baovetreem.cases.tests.conftest import open_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.mark.parametrize("persona", ["ctv1", "xa2", "tongdai_q", "kiemtra", "tinh", "tongdai"])
def test_outsiders_get_404_on_the_new_case_routes(client_for, world, persona):
    case = open_case(world.tongdai, world.V1a)  # tongdai received it: sees the report only
    attachment = services.add_attachment(
        world.xa1, case, SimpleUploadedFile("a.png", PNG, content_type="image/png")
    )
    client = client_for(persona)
    routes = [
        ("get", f"/cases/{case.pk}/break-glass/", {"reason": "x" * 20}),
        ("post", f"/cases/{case.pk}/break-glass/", {"reason": "x" * 20}),
        (
            "post",
            f"/cases/{case.pk}/transfer/",
            {"province": world.P.pk, "to_location": world.C2.pk},
        ),
        ("get", f"/cases/{case.pk}/transfer/communes/", {"transfer_province": world.P.pk}),
        ("post", f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("b.png", PNG)}),
        ("get", f"/cases/{case.pk}/attachments/{attachment.pk}/", {}),
        ("post", f"/cases/{case.pk}/proposals/1/confirm/", {}),
    ]
    for method, url, data in routes:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (persona, url, response.status_code)
    assert not CaseTransfer.objects.exists() and not GroupProposal.objects.exists()
    assert Attachment.objects.count() == 1
