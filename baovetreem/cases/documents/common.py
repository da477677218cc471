"""What the forms share: the case and its recorded steps, the commune header, the block that
names the child and the officer, the officer's signature, and the printed wording of the levels."""

from __future__ import annotations

from dataclasses import dataclass

from baovetreem.cases.documents.dates import as_date, short_date
from baovetreem.cases.documents.writer import SIGN_SPACE, Writer
from baovetreem.cases.models import Case, CaseTransition, Report
from baovetreem.locations.models import Location

SEX = {"male": "Nam", "female": "Nữ", "unknown": "Không biết"}
LEVEL = {"high": "Cao", "medium": "Trung bình", "low": "Thấp"}
LEVEL_ORDER = ("high", "medium", "low")
UNIT_PREFIXES = ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ")


class FormNotAvailable(Exception):
    """The form cannot be printed yet: the step that fills it has not been recorded."""


@dataclass
class Context:
    """The case a form is printed for, with its workflow steps in the order they were taken."""

    case: Case
    steps: list[CaseTransition]

    @property
    def report(self) -> Report:
        return self.case.report

    def last(self, state: str, before: CaseTransition | None = None) -> CaseTransition | None:
        found = None
        for step in self.steps:
            if before is not None and (step.at, step.pk) >= (before.at, before.pk):
                break
            if step.to_state == state:
                found = step
        return found

    def required(self, state: str) -> CaseTransition:
        step = self.last(state)
        if step is None:
            raise FormNotAvailable(state)
        return step

    def after(self, step: CaseTransition) -> CaseTransition | None:
        """The step taken right after ``step``, if any."""
        for later in self.steps:
            if (later.at, later.pk) > (step.at, step.pk):
                return later
        return None

    def commune(self) -> Location | None:
        return self.case.location.commune()


def unit_short_name(unit: Location | None) -> str:
    """The place name (địa danh) of a commune: "Xã An Bình" → "An Bình"."""
    if unit is None:
        return ""
    for prefix in UNIT_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def decision_number(raw: str) -> str:
    """The "Số: …" of the decision: as recorded, or "15" → "15/QĐ-UBND", or blank to fill."""
    raw = (raw or "").strip()
    if not raw:
        return "……/QĐ-UBND"
    return raw if "/" in raw else f"{raw}/QĐ-UBND"


def commune_header(w: Writer, ctx: Context, *, number: str | None, day) -> None:
    commune = ctx.commune()
    name = commune.name.upper() if commune else "XÃ ……………"
    w.header(
        ["ỦY BAN NHÂN DÂN", name],
        number=number,
        place=unit_short_name(commune),
        day=as_date(day),
    )


def child_name(report: Report) -> str:
    if report.child_name:
        return report.child_name
    return report.child.full_name if report.child_id else ""


def estimated_age(years: int) -> str:
    return f"khoảng {years} tuổi"


def child_birth(report: Report) -> str:
    """The date of birth when it is known to the day, else the age as estimated ("khoảng 7
    tuổi"): a register child whose year alone is known is stored as 1 January of that year,
    which must not print as a date of birth."""
    if report.child_date_of_birth:
        return short_date(report.child_date_of_birth)
    child = report.child if report.child_id else None
    precision = getattr(child, "birth_date_precision", "day")
    if child is not None and precision == "day":
        return short_date(child.date_of_birth)
    if child is not None and precision == "month":
        return f"tháng {child.date_of_birth:%m/%Y}"
    if report.child_estimated_age is not None:
        return estimated_age(report.child_estimated_age)
    if child is not None:
        received = as_date(report.received_at)
        return estimated_age(received.year - child.date_of_birth.year)
    return ""


def child_sex(report: Report) -> str:
    sex = report.child_sex
    if sex == "unknown" and report.child_id:
        sex = report.child.sex
    return sex


def child_block(w: Writer, ctx: Context) -> None:
    """Who the form is about: name, birth, sex, where the child lives, case number."""
    report = ctx.report
    w.field("Họ và tên trẻ em", child_name(report))
    w.fields_inline(
        [
            ("Ngày, tháng, năm sinh hoặc tuổi", child_birth(report)),
            ("Giới tính", SEX.get(child_sex(report), "")),
        ]
    )
    w.field("Nơi ở", ctx.case.location.full_name())
    w.field("Mã số trường hợp", ctx.case.code)


def officer_name(step: CaseTransition) -> str:
    return step.by.full_name or step.by.username


def officer_block(w: Writer, step: CaseTransition) -> None:
    """The two lines that open the annex's assessment forms (as read on Mẫu 06)."""
    w.field("Họ và tên cán bộ thực hiện", officer_name(step))
    w.field("Ngày, tháng, năm thực hiện", short_date(step.at))


def officer_signature(w: Writer, step: CaseTransition, title: str, left=None) -> None:
    name = step.by.full_name or ""
    right = [
        (title, {"bold": True}),
        ("(Ký, ghi rõ họ tên)", {"italic": True}),
        *SIGN_SPACE,
        (name, {"bold": True}),
    ]
    w.signatures(left or [], right)


def level_boxes(w: Writer, label: str, level: str | None) -> None:
    """Cao / Trung bình / Thấp as three boxes, the recorded one ticked."""
    w.checkboxes(
        label,
        [LEVEL[k] for k in LEVEL_ORDER],
        LEVEL_ORDER.index(level) if level in LEVEL_ORDER else None,
    )
