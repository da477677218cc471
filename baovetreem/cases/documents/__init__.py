"""Word documents of a case (biểu mẫu Nghị định 56/2017/NĐ-CP), filled from its report and steps.

One module per form or pair of forms, each saying what of its layout was read from the decree and
its annex and what was inferred: ``report`` (Mẫu 01), ``assessments`` (Mẫu 02, 03), ``plan``
(Mẫu 04, and Mẫu 05, the chair's decision approving the plan — NĐ 56 Art. 28.2.c), ``review``
(Mẫu 06); ``writer`` lays the page out, ``common`` holds what the forms share.

The Vietnamese wording is the content of official forms, not interface text, so it is written
directly. A field the case has not recorded is printed as a dotted line to fill in by hand.
"""

from __future__ import annotations

from collections.abc import Callable

from baovetreem.cases.documents import assessments, plan, report, review
from baovetreem.cases.documents.common import (
    Context,
    FormNotAvailable,
    decision_number,
    unit_short_name,
)
from baovetreem.cases.documents.dates import long_date, short_date
from baovetreem.cases.models import Case, CaseState, CaseTransition

__all__ = [
    "FORMS",
    "REPORT_ONLY_FORMS",
    "SOURCE_STEP",
    "FormNotAvailable",
    "available_forms",
    "build_document",
    "decision_number",
    "filename",
    "long_date",
    "short_date",
    "unit_short_name",
]

# Form number → title, in workflow order.
FORMS: dict[str, str] = {
    "01": "Báo cáo tiếp nhận thông tin trẻ em",
    "02": "Đánh giá nguy cơ ban đầu",
    "03": "Thu thập thông tin, đánh giá nguy cơ cụ thể",
    "04": "Kế hoạch hỗ trợ, can thiệp",
    "05": "Quyết định phê duyệt kế hoạch hỗ trợ, can thiệp",
    "06": "Rà soát, đánh giá sau hỗ trợ, can thiệp",
}
# The step whose recorded data fills each form: the form exists once that step was taken.
SOURCE_STEP: dict[str, str] = {
    "02": CaseState.INITIAL_ASSESSMENT,
    "03": CaseState.DETAILED_ASSESSMENT,
    "04": CaseState.PLANNING,
    "05": CaseState.APPROVED,
    "06": CaseState.REVIEW,
}
REPORT_ONLY_FORMS = {"01"}  # what the operator who received the report (not the file) may print

_BUILDERS: dict[str, Callable[[Context], bytes]] = {
    "01": report.build,
    "02": assessments.build_initial,
    "03": assessments.build_specific,
    "04": plan.build_plan,
    "05": plan.build_decision,
    "06": review.build,
}


def _steps(case: Case) -> list[CaseTransition]:
    return list(case.transitions.select_related("by").order_by("at", "id"))


def available_forms(case: Case, *, full: bool) -> list[tuple[str, str]]:
    """(number, title) of the forms ``case`` can print now; only Mẫu 01 without ``full`` access."""
    if not full:
        return [("01", FORMS["01"])]
    taken = set(case.transitions.values_list("to_state", flat=True))
    return [
        (number, title)
        for number, title in FORMS.items()
        if number not in SOURCE_STEP or SOURCE_STEP[number] in taken
    ]


def filename(case: Case, form: str) -> str:
    """The download name of form ``form`` of ``case``: "<case code>-mau-<form>.docx"."""
    return f"{case.code}-mau-{form}.docx"


def build_document(case: Case, form: str) -> bytes:
    """The .docx bytes of form ``form`` ("01".."06") for ``case``; ``FormNotAvailable`` if the
    step that fills it has not been recorded."""
    if form not in FORMS:
        raise FormNotAvailable(form)
    steps = _steps(case) if form != "01" else []
    return _BUILDERS[form](Context(case, steps))
