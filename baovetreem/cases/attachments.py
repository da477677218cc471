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


def max_bytes() -> int:
    """The largest attachment accepted (setting CASE_ATTACHMENT_MAX_MB, 10 MB by default)."""
    return int(getattr(settings, "CASE_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


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
    if upload.size > limit:
        raise ValidationError(
            {
                "file": [
                    _("The file is too large: at most %(mb)s MB. Scan it at a lower resolution.")
                    % {"mb": limit // (1024 * 1024)}
                ]
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": [_("The file is empty: choose the file again.")]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            {"file": [_("Only photos (JPEG, PNG) and PDF scans can be attached.")]}
        )
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
