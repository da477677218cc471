"""Background tasks of imports and exports (django-tasks with the database backend).

Queued jobs are run by the worker: ``manage.py db_worker`` (keep one or more running next to
the web servers; ``--batch`` drains the queue and exits, e.g. from cron or in tests).
"""

from django_tasks import task

from baovetreem.imports import export_jobs, pipeline


@task()
def read_import(job_id: int) -> None:
    """Read the first rows of an uploaded file and find its header; written on the job."""
    pipeline.read_upload(job_id)


@task()
def run_import(job_id: int) -> None:
    """Check and store the rows of one import job; the outcome is written on the job."""
    pipeline.run_job(job_id)


@task()
def run_export(job_id: int) -> None:
    """Write the file of one export job; the outcome is written on the job."""
    export_jobs.run_export(job_id)
