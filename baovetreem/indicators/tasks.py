"""Background work of the indicators (django-tasks, database backend; ``manage.py db_worker``).

``refresh_indicators`` is queued after every commit that marked facts dirty; it recounts only
the marked units and periods, so figures are seconds old. Running it twice is harmless.
"""

from django_tasks import task

from baovetreem.indicators import facts


@task()
def refresh_indicators() -> dict:
    """Recount the marked units and build newly ended periods; returns what it did."""
    result = facts.refresh()
    return {"units": result.units, "rows": result.rows, "failed": result.failed}
