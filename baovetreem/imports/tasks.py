"""Background tasks of the import pipeline (django-tasks with the database backend).

Queued jobs are run by the worker: ``manage.py db_worker`` (keep one or more running next to
the web servers; ``--batch`` drains the queue and exits, e.g. from cron or in tests).
"""

from django_tasks import task

from baovetreem.imports import pipeline


@task()
def run_import(job_id: int) -> None:
    """Check and store the rows of one import job; the outcome is written on the job."""
    pipeline.run_job(job_id)
