"""Attachments: type read from the bytes, size limited, stored privately, downloaded only by
who reads the whole case, every download audited."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baovetreem.audit.models import AuditEvent
from baovetreem.cases import services
from baovetreem.cases.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


def _stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_pdf_named_jpg_is_kept_as_a_pdf(client_for, world, case, _private_storage):
    upload = SimpleUploadedFile("scan.jpg", PDF, content_type="image/jpeg")
    response = client_for("xa1").post(
        f"/cases/{case.pk}/attachments/", {"file": upload, "description": "Giấy khám"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "scan.jpg" and attachment.size == len(PDF)
    assert attachment.file.name.startswith(f"case-attachments/{case.pk}/")
    assert _stored_files(_private_storage)[0].read_bytes() == PDF


def test_a_program_renamed_png_is_refused_and_nothing_stored(client_for, case, _private_storage):
    upload = SimpleUploadedFile("anh.png", EXE, content_type="image/png")
    response = client_for("xa1").post(f"/cases/{case.pk}/attachments/", {"file": upload})
    assert response.status_code == 400
    assert "JPEG, PNG" in str(response.context["attachment_form"].errors)
    assert not Attachment.objects.exists() and _stored_files(_private_storage) == []


def test_a_file_over_the_limit_is_refused(settings, world, case, _private_storage):
    settings.CASE_ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.add_attachment(world.xa1, case, big)
    assert "1 MB" in str(refused.value)
    assert not Attachment.objects.exists() and _stored_files(_private_storage) == []
    small = SimpleUploadedFile("small.png", PNG, content_type="image/png")
    assert services.add_attachment(world.xa1, case, small).content_type == "image/png"


def test_download_is_scoped_audited_and_never_inline(client_for, world, case):
    attachment = services.add_attachment(
        world.xa1, case, SimpleUploadedFile("scan.jpg", PDF, content_type="image/jpeg")
    )
    url = f"/cases/{case.pk}/attachments/{attachment.pk}/"
    for persona in ("xa2", "ctv1", "tongdai_q", "canbo", "xa3"):
        assert client_for(persona).get(url).status_code == 404, persona
    response = client_for("giamsat").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="view", note="attachment")
    assert event.actor == world.giamsat and event.object_id == str(case.pk)
    assert event.location_path == case.scope_path


def test_hotline_operator_who_received_the_report_cannot_download(client_for, world):
    from baovetreem.cases.tests.conftest import open_case

    case = open_case(world.tongdai, world.V1a)
    attachment = services.add_attachment(
        world.xa1, case, SimpleUploadedFile("a.png", PNG, content_type="image/png")
    )
    url = f"/cases/{case.pk}/attachments/{attachment.pk}/"
    assert client_for("tongdai").get(url).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.add_attachment(
            world.tongdai, case, SimpleUploadedFile("b.png", PNG, content_type="image/png")
        )
