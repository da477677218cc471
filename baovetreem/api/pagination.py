"""List endpoints of the API: pages of at most ``MAX_PAGE_SIZE`` records, and for lists of
personal data one audit event per read, written in the same transaction as the read.

A ``limit`` above the cap is refused (422), not clamped: a client that pages with
``offset += limit`` would otherwise skip records without noticing.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.utils import contribute_operation_callback
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from baovetreem.api.fields import ID_MAX
from baovetreem.audit.services import record_read

MAX_PAGE_SIZE = 100

PAGING_NOTE = (
    f"Pages hold at most {MAX_PAGE_SIZE} records: `limit` from 1 to {MAX_PAGE_SIZE} (default "
    f"{MAX_PAGE_SIZE}); a larger `limit` is refused with 422, never shortened silently. Read "
    "further pages with `offset`; `count` is the number of records matching the filters."
)
AUDIT_NOTE = (
    "Every call is recorded in the audit log as one read: who, with which filters, how many "
    "records matched and the ids returned."
)


def _page_size(value: int) -> int:
    if value > MAX_PAGE_SIZE:
        raise PydanticCustomError(
            "page_too_large", "At most {max} records per page", {"max": MAX_PAGE_SIZE}
        )
    return value


class CappedPagination(LimitOffsetPagination):
    """ninja's limit/offset pages, with the page size capped and the offset bounded."""

    class Input(Schema):
        limit: Annotated[int, AfterValidator(_page_size)] = Field(
            MAX_PAGE_SIZE,
            ge=1,
            json_schema_extra={"maximum": MAX_PAGE_SIZE},
            description=f"Records per page, at most {MAX_PAGE_SIZE}.",
        )
        offset: int = Field(0, ge=0, le=ID_MAX, description="Records to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


class AuditedPagination(CappedPagination):
    """Capped pages that leave one LIST audit event per read (``record_read``)."""

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset, limit = pagination.offset, pagination.limit
        with transaction.atomic():
            items = list(queryset[offset : offset + limit])
            total = queryset.count()
            record_read(
                request.user, queryset.model, items, filters=params, total=total, note="api"
            )
        return {self.items_attribute: items, "count": total}


def _noted(view, *notes: str):
    def describe(operation) -> None:
        operation.description = "\n\n".join(filter(None, [operation.description, *notes]))

    contribute_operation_callback(view, describe)
    return view


def capped_list(view):
    """A list endpoint over data that is not personal (units): capped pages."""
    return _noted(paginate(CappedPagination)(view), PAGING_NOTE)


def audited_list(view):
    """A list or search endpoint over personal data: capped pages, each read audited."""
    return _noted(paginate(AuditedPagination)(view), PAGING_NOTE, AUDIT_NOTE)
