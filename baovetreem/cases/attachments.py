"""Attachments of a case (photos, scans): checked by their content, stored privately.

The type is read from the file's first bytes, never from its name or the browser's claim, so a
program renamed "photo.png" is refused and a PDF named "scan.jpg" is kept as the PDF it is.
Files live in the default (private) storage under "case-attachments/" and leave it only through
the scoped, audited download view.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from baovetreem.audit.models import AuditAction
from baovetreem.audit.services import record
from baovetreem.cases.models import Attachment, Case, CaseState

# (magic bytes, content type, extension for the download name)
SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
]
EXTENSIONS = {content_type: ext for _magic, content_type, ext in SIGNATURES}


JPEG_SCAN_SEGMENTS = 10_000  # real photos have a few dozen segments before the frame header
# JPEG markers that start a frame and give its size (SOF0–SOF15 but DHT, JPG and DAC).
JPEG_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def max_bytes() -> int:
    """The largest attachment accepted (setting CASE_ATTACHMENT_MAX_MB, 10 MB by default)."""
    return int(getattr(settings, "CASE_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


def max_pixels() -> int:
    """The most pixels a photo may declare (CASE_ATTACHMENT_MAX_MEGAPIXELS, 120 million)."""
    return int(getattr(settings, "CASE_ATTACHMENT_MAX_MEGAPIXELS", 120)) * 1_000_000


def image_size(content: bytes, content_type: str) -> tuple[int, int] | None:
    """(width, height) as a PNG or JPEG declares it, read from its header without decoding.

    None when the header holds no size (no program could show such a file either); ValueError
    when finding it would take an unreasonable walk. A few kilobytes can declare a picture of
    billions of pixels that takes gigabytes to decode.
    """
    if content_type == "image/png":
        if content[12:16] == b"IHDR" and len(content) >= 24:
            return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
        return None
    if content_type != "image/jpeg":
        return None
    position = 2
    for _segment in range(JPEG_SCAN_SEGMENTS):
        while position < len(content) and content[position] == 0xFF:
            position += 1  # fill bytes before a marker
        if position + 3 > len(content):
            return None
        marker = content[position]
        position += 1
        if marker in (0x01, *range(0xD0, 0xD9)):
            continue  # markers without a segment
        if marker == 0xD9:
            return None  # end of image
        length = int.from_bytes(content[position : position + 2], "big")
        if marker in JPEG_FRAME_MARKERS:
            frame = content[position + 2 : position + 7]
            if len(frame) < 5:
                return None
            return int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")
        if length < 2:
            return None
        position += length
    # Thousands of segments before any picture: built to wear out whoever reads it.
    raise ValueError("too many JPEG segments before the frame header")


def sniff(head: bytes) -> str | None:
    """The content type given by the file's first bytes, or None when not accepted."""
    for magic, content_type, _ext in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def download_name(attachment: Attachment) -> str:
    """The original name, with the extension of its real type when the name says otherwise."""
    name = attachment.original_name
    ext = EXTENSIONS.get(attachment.content_type, "")
    if (
        ext
        and not name.lower().endswith(ext)
        and not (ext == ".jpg" and name.lower().endswith(".jpeg"))
    ):
        name = f"{name}{ext}"
    return name


def _check_pixels(upload, content_type: str) -> None:
    """Refuse a photo declaring more pixels than the limit (a decompression bomb)."""
    if not content_type.startswith("image/"):
        return
    upload.seek(0)
    content = upload.read(max_bytes())
    upload.seek(0)
    try:
        size = image_size(content, content_type)
    except ValueError:
        raise ValidationError(
            {
                "file": [
                    _(
                        "The size of this photo cannot be read. Open it and save it again as "
                        "JPEG or PNG, then attach it."
                    )
                ]
            }
        ) from None
    if size is None:
        return
    width, height = size
    if width * height > max_pixels():
        raise ValidationError(
            {
                "file": [
                    _(
                        "The photo is %(width)s × %(height)s pixels; at most %(limit)s million "
                        "pixels are accepted. Save it again at a smaller size (for example "
                        "with “Resize” on the phone), then attach it."
                    )
                    % {
                        "width": number_format(width, force_grouping=True),
                        "height": number_format(height, force_grouping=True),
                        "limit": max_pixels() // 1_000_000,
                    }
                ]
            }
        )


@transaction.atomic
def add_attachment(actor, case: Case, upload, description: str = "") -> Attachment:
    """Store a JPEG, PNG or PDF of at most the size limit on the case; audited.

    Anything else is refused with a message saying what to do, and nothing is stored.
    """
    if not case.may_work_on(actor):
        raise PermissionDenied(_("You may not add files to this case."))
    if case.state == CaseState.CLOSED:
        raise ValidationError({"file": [_("The case is closed: files can no longer be added.")]})
    limit = max_bytes()
    if upload.size == 0:
        raise ValidationError({"file": [_("The file is empty: choose the file again.")]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if upload.size > limit:
        if content_type == "application/pdf":
            message = _(
                "The PDF file is too large: at most %(mb)s MB. Scan it at a lower resolution, "
                "or split it into several files and attach each one."
            )
        else:
            message = _("The file is too large: at most %(mb)s MB. Scan it at a lower resolution.")
        raise ValidationError({"file": [message % {"mb": limit // (1024 * 1024)}]})
    if content_type is None:
        raise ValidationError(
            {"file": [_("Only photos (JPEG, PNG) and PDF scans can be attached.")]}
        )
    _check_pixels(upload, content_type)
    original = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    attachment = Attachment(
        case=case,
        original_name=original[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
        description=(description or "").strip()[:255],
    )
    attachment.file.save("upload", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
        record(
            actor,
            AuditAction.CREATE,
            attachment,
            after={
                "case": case.pk,
                "content_type": content_type,
                "size": attachment.size,
            },
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


def record_download(actor, attachment: Attachment) -> None:
    """Log that ``actor`` downloaded a file of a case."""
    record(
        actor,
        AuditAction.VIEW,
        attachment.case,
        after={"attachment": attachment.pk, "name": attachment.original_name},
        note="attachment",
    )
