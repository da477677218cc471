"""Helpers of the import pipeline tests: sheets, uploads, the real worker."""

from __future__ import annotations

import io
import signal
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook


def stored_files(location) -> list:
    return [p for p in location.rglob("*") if p.is_file()] if location.exists() else []


def xlsx_bytes(rows, *, title_rows=(), merge=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [*title_rows, *rows]:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows, name="thon.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, **kwargs))


HEADER = ["Mã xã", "Mã thôn", "Tên thôn", "Ngày thành lập"]


def upload(client, rows, *, mode="valid_rows", name="thon.xlsx", header=HEADER, **kwargs):
    """Upload a sheet (header + rows) through the page, and let the worker read it.

    Returns the upload's response (with a queue-only task backend, it leads to the status
    page, since the file was read only afterwards).
    """
    file = xlsx_upload([header, *rows] if header else rows, name=name, **kwargs)
    response = client.post("/imports/new/tests.villages/", {"file": file, "mode": mode})
    read_uploads()
    return response


def read_uploads() -> None:
    """What the worker does after an upload: read the first rows of every file waiting."""
    from baovetreem.imports import pipeline
    from baovetreem.imports.models import ImportJob, ImportStatus

    for pk in ImportJob.objects.filter(status=ImportStatus.READING).values_list("pk", flat=True):
        pipeline.read_upload(pk)


def run_worker() -> None:
    """Drain the task queue with the real database worker, as production does."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=io.StringIO()
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def cp1258_bytes(text: str) -> bytes:
    """Text as Windows Vietnamese (cp1258) writes it: base letters, then tone marks apart."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        marks = "".join(p for p in parts if p in tones)
        out.append((base + marks).encode("cp1258"))
    return b"".join(out)
