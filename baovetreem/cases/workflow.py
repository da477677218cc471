"""The case workflow of Nghị định 56/2017 as data: which step follows which, who may take it,
and what its form (Mẫu 02-06) must hold.

``TRANSITIONS`` maps (from, to) to (permission codename, validator). A validator takes the case
and the submitted data and returns the data to store, or raises ``ValidationError`` with
Vietnamese-ready messages keyed by field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.cases.models import Case, CaseState, RiskLevel
from baovetreem.core.calendar import FIRST_DATE, LAST_DATE, is_supported_date

S = CaseState
LEVELS = set(RiskLevel.values)
MAX_SEPARATION_DAYS = 15  # Luật Trẻ em 2016, Đ.32: temporary separation lasts at most 15 days
REVIEW_FACTORS = ("harm_level", "perpetrator_access", "care_obstacles")  # Mẫu 06, 1a

Validator = Callable[[Case, dict[str, Any]], dict[str, Any]]


def _text(data: dict, name: str, errors: dict, message: str, required: bool = True) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        errors.setdefault(name, []).append(message)
    return value


def _level(data: dict, name: str, errors: dict, message: str) -> str:
    value = str(data.get(name) or "")
    if value not in LEVELS:
        errors.setdefault(name, []).append(message)
    return value


def _date(data: dict, name: str, errors: dict, message: str, required: bool = True) -> str | None:
    value = data.get(name)
    if value in (None, ""):
        if required:
            errors.setdefault(name, []).append(message)
        return None
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(name, []).append(message)
        return None
    if not is_supported_date(day):
        # A review due in year 1 would break the deadline scan for every case.
        errors.setdefault(name, []).append(
            _("Type a date between %(first)s and %(last)s.")
            % {"first": FIRST_DATE.strftime("%d/%m/%Y"), "last": LAST_DATE.strftime("%d/%m/%Y")}
        )
        return None
    return day.isoformat()


def _done(errors: dict, cleaned: dict) -> dict:
    if errors:
        raise ValidationError(errors)
    return cleaned


def validate_verification(case: Case, data: dict) -> dict:
    """Verification: what was checked and whether the child is safe now."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "findings": _text(
            data, "findings", errors, _("Write what was checked and what was found.")
        ),
        "child_safe": bool(data.get("child_safe")),
    }
    return _done(errors, cleaned)


def validate_initial_assessment(case: Case, data: dict) -> dict:
    """Mẫu 02: three questions (harm, perpetrator's access, care environment) and a conclusion."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "harm": _text(data, "harm", errors, _("Describe the harm to the child, or its risk.")),
        "perpetrator_access": _text(
            data,
            "perpetrator_access",
            errors,
            _("Say whether the suspected person can still reach the child."),
        ),
        "care_environment": _text(
            data,
            "care_environment",
            errors,
            _("Say whether someone in the child's surroundings can protect them."),
        ),
        "risk_level": _level(data, "risk_level", errors, _("Choose the risk level.")),
        "conclusion": str(data.get("conclusion") or ""),
    }
    if cleaned["conclusion"] not in {"emergency", "non_emergency"}:
        errors.setdefault("conclusion", []).append(
            _("Conclude whether the case is an emergency or not.")
        )
    return _done(errors, cleaned)


def validate_intervention(case: Case, data: dict) -> dict:
    """Emergency intervention: only for high risk, or when a parent or carer is suspected."""
    if case.risk_level != RiskLevel.HIGH and not case.report.suspect_is_parent_or_carer:
        raise ValidationError(
            _(
                "Emergency intervention applies only when the risk is high or the suspected "
                "person is a parent or carer. Go on to the detailed assessment instead."
            )
        )
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {
        "measures": _text(data, "measures", errors, _("Describe the measures taken.")),
        "temporary_separation": bool(data.get("temporary_separation")),
        "separation_days": None,
        "placed_with": str(data.get("placed_with") or "").strip(),
    }
    if cleaned["temporary_separation"]:
        days = data.get("separation_days")
        try:
            days = int(days)
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= MAX_SEPARATION_DAYS:
            errors.setdefault("separation_days", []).append(
                _("A temporary separation lasts from 1 to 15 days.")
            )
        cleaned["separation_days"] = days
        if not cleaned["placed_with"]:
            errors.setdefault("placed_with", []).append(
                _("Say where or with whom the child is placed.")
            )
    return _done(errors, cleaned)


def _last_data(case: Case, to_state: str) -> dict:
    last = case.transitions.filter(to_state=to_state).order_by("-at", "-id").first()
    return last.data if last else {}


ASSESSMENT_POINTS = (
    "physical",
    "family",
    "risk_factors",
    "learning",
    "community",
    "child_views",
    "parent_views",
    "meeting_attendees",
    "agreed_measures",
)


def validate_detailed_assessment(case: Case, data: dict) -> dict:
    """Mẫu 03: detailed assessment and needs meeting; an emergency must be handled first."""
    if (
        case.state == S.INITIAL_ASSESSMENT
        and _last_data(case, S.INITIAL_ASSESSMENT).get("conclusion") == "emergency"
    ):
        raise ValidationError(
            _(
                "The initial assessment concluded an emergency: record the emergency "
                "intervention first."
            )
        )
    errors: dict[str, list[str]] = {}
    cleaned = {
        "findings": _text(data, "findings", errors, _("Write the findings of the assessment.")),
        "needs": _text(data, "needs", errors, _("List the child's and the family's needs.")),
        "meeting_on": _date(
            data, "meeting_on", errors, _("Type the date of the meeting."), required=False
        ),
        "risk_level": _level(data, "risk_level", errors, _("Choose the risk level.")),
        "confirmed_group": _special_group(data, errors),
    }
    # The other points of Art. 27.1 and the meeting's content: optional, printed on Mẫu 03
    # only when written.
    for name in ASSESSMENT_POINTS:
        cleaned[name] = str(data.get(name) or "").strip()
    return _done(errors, cleaned)


def _special_group(data: dict, errors: dict) -> int | None:
    """The special-circumstance group (Luật Trẻ em Đ.10) the assessment confirms, if any."""
    from baovetreem.registry.models import Group, GroupKind

    value = data.get("confirmed_group")
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = None
    if (
        pk is None
        or not Group.objects.filter(pk=pk, kind=GroupKind.SPECIAL, is_active=True).exists()
    ):
        errors.setdefault("confirmed_group", []).append(
            _("Choose a group of children in special circumstances from the list.")
        )
        return None
    return pk


# Mẫu 04 (Nghị định 56/2017, Art. 28.3): per service, who carries it out, start, expected end, cost.
PLAN_SERVICE_KEYS = ("service", "provider", "starts_on", "ends_on", "cost_vnd")
DAY_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# Amounts as officers write them: "1.500.000", "1 500 000 đ", "1,5 triệu", "500 nghìn", "2tr".
MONEY_UNITS = {
    "tỷ": 10**9,
    "ty": 10**9,
    "triệu": 10**6,
    "trieu": 10**6,
    "tr": 10**6,
    "nghìn": 1000,
    "nghin": 1000,
    "ngàn": 1000,
    "ngan": 1000,
    "k": 1000,
}
MONEY = re.compile(
    r"(?P<sign>-?)\s*(?P<number>\d[\d.,\s]*?)\s*(?P<unit>"
    + "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
    + r")?\s*(?:đồng|dong|vnđ|vnd|đ)?\.?"
)
GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


def parse_day(value: Any) -> dt.date:
    """A date given as a ``date``, ISO text or dd/mm/yyyy (d/m/yyyy); ``ValueError`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in DAY_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_vnd(value: Any) -> int:
    """An amount in whole đồng from a number or the text an officer types; ``ValueError``
    when it is not an amount. A dot or comma between groups of three digits separates
    thousands; before a unit ("1,5 triệu") a single one is the decimal mark."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = " ".join(str(value).lower().replace("\u00a0", " ").replace("\u202f", " ").split())
    match = MONEY.fullmatch(text)
    if not match:
        raise ValueError(text)
    number = match["number"].replace(" ", "")
    unit = MONEY_UNITS.get(match["unit"] or "", 1)
    if GROUPED.fullmatch(number) and not (unit > 1 and "," in number and number.count(",") == 1):
        amount = Decimal(re.sub(r"[.,]", "", number))
    elif unit > 1 and re.fullmatch(r"\d+[.,]\d+", number):
        amount = Decimal(number.replace(",", "."))
    elif unit > 1 and re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", number):
        amount = Decimal(number.replace(".", "").replace(",", "."))
    elif number.isdigit():
        amount = Decimal(number)
    else:
        raise ValueError(text)
    amount *= unit
    if amount != amount.to_integral_value():
        raise ValueError(text)
    return -int(amount) if match["sign"] else int(amount)


def _service_row(position: int, row: Any, errors: list[str]) -> dict | None:
    """One service of the plan, cleaned; its problems are added to ``errors`` naming the line."""
    if not isinstance(row, dict):
        errors.append(
            _(
                "Line %(line)s: give the service as an object with its parts (service, "
                "provider, starts_on, ends_on, cost_vnd)."
            )
            % {"line": position}
        )
        return None
    raw = {key: row.get(key) for key in PLAN_SERVICE_KEYS}
    text = {key: str(value).strip() for key, value in raw.items() if value not in (None, "")}
    line = row.get("line") or position
    if not text.get("service"):
        if any(text.values()):
            errors.append(_("Line %(line)s: name the service or task.") % {"line": line})
        return None
    where = _("Line %(line)s (%(service)s)") % {"line": line, "service": text["service"]}
    problems = []
    if not text.get("provider"):
        problems.append(_("say who carries it out (a person, agency or organisation)."))
    days = {}
    for key, missing, wrong in (
        ("starts_on", _("type the start date as dd/mm/yyyy."), _("the start date")),
        ("ends_on", None, _("the expected end date")),
    ):
        if key not in text:
            if missing:
                problems.append(missing)
            continue
        try:
            days[key] = parse_day(raw[key])
        except ValueError:
            problems.append(
                _("%(part)s “%(value)s” is not a date: type it as dd/mm/yyyy.")
                % {"part": wrong, "value": text[key]}
            )
    if len(days) == 2 and days["ends_on"] < days["starts_on"]:
        problems.append(
            _("the expected end date is before the start date: correct one of the two.")
        )
    cost = None
    if "cost_vnd" in text:
        try:
            cost = parse_vnd(raw["cost_vnd"])
        except ValueError:
            problems.append(
                _(
                    "the cost “%(value)s” is not an amount: write it in đồng, for example "
                    "1.500.000 or 1,5 triệu."
                )
                % {"value": text["cost_vnd"]}
            )
        else:
            if cost < 0:
                problems.append(_("the cost cannot be negative."))
    errors.extend(f"{where}: {problem}" for problem in problems)
    return {
        "service": text["service"],
        "provider": text.get("provider", ""),
        "starts_on": days["starts_on"].isoformat() if "starts_on" in days else None,
        "ends_on": days["ends_on"].isoformat() if "ends_on" in days else None,
        "cost_vnd": cost,
    }


def validate_plan(case: Case, data: dict) -> dict:
    """Mẫu 04: goals and at least one service, each with who carries it out, its start,
    expected end and estimated cost (Art. 28.3; the end and the cost may be left to fill)."""
    errors: dict[str, list[str]] = {}
    goals = _text(data, "goals", errors, _("Write the goals of the plan."))
    rows = data.get("services") or []
    service_errors: list[str] = []
    if not isinstance(rows, list):
        rows = []
        service_errors.append(_("Give the services as a list, one entry per service."))
    services = [
        cleaned
        for position, row in enumerate(rows, start=1)
        if (cleaned := _service_row(position, row, service_errors)) is not None
    ]
    if not services and not service_errors:
        service_errors.append(
            _("A plan needs at least one service: add the services the child will receive.")
        )
    if service_errors:
        errors["services"] = service_errors
    cleaned = {
        "goals": goals,
        "services": services,
        "review_on": _date(
            data, "review_on", errors, _("Type the review date as dd/mm/yyyy."), required=False
        ),
    }
    return _done(errors, cleaned)


def validate_approval(case: Case, data: dict) -> dict:
    """Mẫu 05: the decision approving the plan (number and date)."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "decision_number": str(data.get("decision_number") or "").strip(),
        "decided_on": _date(data, "decided_on", errors, _("Type the date of the decision.")),
        "note": str(data.get("note") or "").strip(),
    }
    return _done(errors, cleaned)


def validate_return(case: Case, data: dict) -> dict:
    """The supervisor sends the plan back: why, so that the worker knows what to change."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "reason": _text(
            data,
            "reason",
            errors,
            _("Write why the plan is sent back, so that the worker knows what to change."),
        )
    }
    return _done(errors, cleaned)


def validate_implementation(case: Case, data: dict) -> dict:
    """Start of the implementation of the approved plan."""
    errors: dict[str, list[str]] = {}
    cleaned = {
        "started_on": _date(data, "started_on", errors, _("Type the date the plan started.")),
        "note": str(data.get("note") or "").strip(),
    }
    return _done(errors, cleaned)


def validate_review(case: Case, data: dict) -> dict:
    """Mẫu 06: three factors, each rated high, medium or low, and a summary."""
    errors: dict[str, list[str]] = {}
    message = _("Rate this factor high, medium or low.")
    cleaned: dict[str, Any] = {name: _level(data, name, errors, message) for name in REVIEW_FACTORS}
    cleaned["summary"] = _text(
        data, "summary", errors, _("Summarise the child's situation after the plan.")
    )
    cleaned["totals"] = {
        level: sum(1 for name in REVIEW_FACTORS if cleaned[name] == level) for level in LEVELS
    }
    return _done(errors, cleaned)


def validate_closure(case: Case, data: dict) -> dict:
    """Close: only when the latest review rates no factor high (Art. 30)."""
    review = _last_data(case, S.REVIEW)
    if any(review.get(name) == RiskLevel.HIGH for name in REVIEW_FACTORS):
        raise ValidationError(
            _("The review still rates a risk factor high: make a new plan instead of closing.")
        )
    errors: dict[str, list[str]] = {}
    cleaned = {"reason": _text(data, "reason", errors, _("Say why the case can be closed."))}
    return _done(errors, cleaned)


TRANSITIONS: dict[tuple[str, str], tuple[str, Validator]] = {
    (S.RECEIVED, S.VERIFIED): ("verify_case", validate_verification),
    (S.VERIFIED, S.INITIAL_ASSESSMENT): ("assess_case", validate_initial_assessment),
    (S.INITIAL_ASSESSMENT, S.EMERGENCY): ("intervene_case", validate_intervention),
    (S.INITIAL_ASSESSMENT, S.DETAILED_ASSESSMENT): ("assess_case", validate_detailed_assessment),
    (S.EMERGENCY, S.DETAILED_ASSESSMENT): ("assess_case", validate_detailed_assessment),
    (S.DETAILED_ASSESSMENT, S.PLANNING): ("plan_case", validate_plan),
    (S.PLANNING, S.APPROVED): ("approve_case", validate_approval),
    (S.PLANNING, S.RETURNED): ("approve_case", validate_return),
    (S.RETURNED, S.PLANNING): ("plan_case", validate_plan),
    (S.APPROVED, S.IMPLEMENTING): ("plan_case", validate_implementation),
    (S.IMPLEMENTING, S.REVIEW): ("review_case", validate_review),
    (S.REVIEW, S.CLOSED): ("close_case", validate_closure),
    (S.REVIEW, S.PLANNING): ("plan_case", validate_plan),
}

# What the button of each step says (the target state alone is ambiguous for "planning").
ACTION_LABELS = {
    S.VERIFIED: gettext_lazy("Record the verification"),
    S.INITIAL_ASSESSMENT: gettext_lazy("Record the initial risk assessment (form 02)"),
    S.EMERGENCY: gettext_lazy("Record the emergency intervention"),
    S.DETAILED_ASSESSMENT: gettext_lazy("Record the detailed assessment (form 03)"),
    S.PLANNING: gettext_lazy("Record the support plan (form 04)"),
    S.APPROVED: gettext_lazy("Approve the plan (form 05)"),
    S.RETURNED: gettext_lazy("Send the plan back for revision"),
    S.IMPLEMENTING: gettext_lazy("Start implementing the plan"),
    S.REVIEW: gettext_lazy("Record the review (form 06)"),
    S.CLOSED: gettext_lazy("Close the case"),
}


def next_states(state: str) -> list[str]:
    """The states a case in ``state`` may move to, in workflow order."""
    return [to for (frm, to) in TRANSITIONS if frm == state]


def permission_for(from_state: str, to_state: str) -> str | None:
    """The full permission ("cases.codename") a transition needs, or None if not allowed."""
    entry = TRANSITIONS.get((from_state, to_state))
    return f"cases.{entry[0]}" if entry else None
