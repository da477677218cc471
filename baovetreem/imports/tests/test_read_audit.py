"""An import's row problems quote the file's cells (names, dates, ID numbers): their page and
their .xlsx file are audited reads, one event each, filed under the reader's area."""

from baovetreem.imports.models import ImportJob, ImportRowError, ImportStatus
from baovetreem.testing.reads import ids_of, one_read


def _job_with_problems(user, count: int) -> ImportJob:
    job = ImportJob.objects.create(
        created_by=user,
        importer_key="tests.villages",
        original_filename="so.xlsx",
        status=ImportStatus.DONE,
    )
    ImportRowError.objects.bulk_create(
        ImportRowError(job=job, row_number=n + 2, column="Họ và tên", message=f"Lỗi {n}")
        for n in range(count)
    )
    return job


def test_problem_page_records_the_problems_shown(world, client_for):
    job = _job_with_problems(world.xa1, 60)
    response, event = one_read(client_for("xa1"), f"/imports/{job.pk}/", {"page": 2})
    shown = ids_of(response.context["page"])
    assert len(shown) == 10
    assert event.object_type == "imports.importrowerror"
    assert event.after == {"filters": {"job": job.pk}, "shown": 10, "total": 60, "ids": shown}
    assert event.location_path == world.C1.path


def test_downloading_the_errors_file_records_every_problem_in_it(world, client_for):
    job = _job_with_problems(world.xa1, 3)
    response, event = one_read(client_for("xa1"), f"/imports/{job.pk}/errors.xlsx")
    assert response["Content-Disposition"].startswith("attachment")
    expected = [
        str(pk) for pk in job.row_errors.order_by("row_number").values_list("pk", flat=True)
    ]
    assert event.after == {"filters": {"job": job.pk}, "shown": 3, "total": 3, "ids": expected}
    assert event.note == "errors file" and event.location_path == world.C1.path
