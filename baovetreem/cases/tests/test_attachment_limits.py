"""Attachment bombs: photos declaring billions of pixels and oversized PDFs are refused, with
a message saying what to do, and nothing is stored."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baovetreem.cases.models import Attachment


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


def _png(width: int, height: int) -> bytes:
    """A PNG header declaring the size, with a little compressed data (as a bomb has)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 100_000, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


def _jpeg(width: int, height: int) -> bytes:
    """A JPEG with an APP0 segment and a frame header declaring the size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


def _post(client, case, name: str, content: bytes):
    return client.post(
        f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile(name, content)}
    )


def _refused(response, private_storage, text: str) -> None:
    assert response.status_code == 400
    errors = str(response.context["attachment_form"].errors)
    assert text in errors, errors
    assert not Attachment.objects.exists()
    assert [p for p in private_storage.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    ("name", "content"),
    [("anh.png", _png(100_000, 100_000)), ("anh.jpg", _jpeg(65_000, 65_000))],
)
def test_a_photo_declaring_billions_of_pixels_is_refused(
    client_for, case, private_storage, name, content
):
    assert len(content) < 2000
    response = _post(client_for("xa1"), case, name, content)
    _refused(response, private_storage, "triệu điểm ảnh")


def test_a_jpeg_built_to_wear_out_its_reader_is_refused(client_for, case, private_storage):
    comments = (b"\xff\xfe" + struct.pack(">H", 2)) * 20_000
    content = b"\xff\xd8" + comments + _jpeg(800, 600)[2:]
    response = _post(client_for("xa1"), case, "anh.jpg", content)
    _refused(response, private_storage, "Không đọc được kích thước của ảnh này")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("anh.png", _png(4000, 3000), "image/png"), ("anh.jpg", _jpeg(8000, 6000), "image/jpeg")],
)
def test_an_ordinary_photo_is_attached(client_for, case, name, content, kind):
    assert _post(client_for("xa1"), case, name, content).status_code == 302
    assert Attachment.objects.get().content_type == kind


def test_a_pdf_over_the_limit_is_refused_with_what_to_do(
    client_for, case, private_storage, settings
):
    settings.CASE_ATTACHMENT_MAX_MB = 1
    content = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"
    response = _post(client_for("xa1"), case, "ho-so.pdf", content)
    _refused(response, private_storage, "Tệp PDF quá lớn: tối đa 1 MB")
