"""Every indicator the system computes, declared as data (the sheet layout of TT 13/2021).

Each entry says what is counted in the words of ``vocabulary``: the numerator and the
denominator (a population and its conditions), the unit, which way is better, the breakdowns
(phân tổ) that are precomputed, and the source. An indicator whose data the register does not
hold yet is declared too, with ``needs`` saying what is missing; it is never computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from baovetreem.indicators import vocabulary as v
from baovetreem.indicators.vocabulary import (
    CASES_CLOSED,
    CASES_RECEIVED,
    CHILDREN,
    CONTACTS,
    PRESS_ITEMS,
    Measure,
    count,
)

COUNT, PERCENT, PER_1000 = "count", "percent", "per_1000"
HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"
REGISTER = "Sổ theo dõi trẻ em cấp xã (registry)"
CASE_FILES = "Hồ sơ quản lý trường hợp (cases)"
HOTLINE = "Tổng đài, điểm báo (hotline)"


@dataclass(frozen=True)
class Indicator:
    """One indicator sheet: what it counts, how, broken down by what, from where."""

    code: str
    name: str  # Vietnamese
    name_en: str
    definition: str
    formula: str
    numerator: Measure
    denominator: Measure | None = None
    unit: str = COUNT
    direction: str = NEUTRAL
    breakdowns: tuple[tuple[str, ...], ...] = ()
    source: str = REGISTER
    reference_rule: str = "Counted as on the period's reference date (its last day)."
    needs: str = ""  # non-empty: not computable yet, and what data it needs
    criterion: str = ""  # the child-friendly-commune criterion it feeds, if any
    populations: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        pops = {self.numerator.population}
        if self.denominator is not None:
            pops.add(self.denominator.population)
        object.__setattr__(self, "populations", tuple(sorted(pops)))
        for dims in self.breakdowns:
            for name in dims:
                allowed = v.DIMENSIONS[name].population
                if any(p not in allowed for p in pops):
                    raise ValueError(f"{self.code}: breakdown {name} does not fit {pops}")

    @property
    def computable(self) -> bool:
        return not self.needs

    def breakdown_names(self) -> list[str]:
        """The stored names of its breakdowns, the total ("") first."""
        return ["", *(v.breakdown_name(d) for d in self.breakdowns)]


def _kids(*conditions) -> Measure:
    return count(CHILDREN, *conditions)


SPECIAL = v.in_group(kind="special")
PEOPLE = (("sex",), ("age_band",), ("ethnicity_group",))

INDICATORS: list[Indicator] = [
    # --- Targets the plans set (DOMAIN.md) ---------------------------------------------------
    Indicator(
        code="special_pct",
        name="Tỷ lệ trẻ em có hoàn cảnh đặc biệt",
        name_en="Children in special circumstances, % of children",
        definition="Children in at least one of the 14 groups of Luật Trẻ em Đ.10 on the "
        "reference date, among all children of the unit.",
        formula="100 × children in a special-circumstance group ÷ children",
        numerator=_kids(SPECIAL),
        denominator=_kids(),
        unit=PERCENT,
        direction=LOWER,
        breakdowns=PEOPLE,
    ),
    Indicator(
        code="special_supported_pct",
        name="Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp",
        name_en="Children in special circumstances who received support, %",
        definition="Children in special circumstances on the reference date who received at "
        "least one support dated inside the window, wherever they lived then.",
        formula="100 × of them with a support in the window ÷ children in special circumstances",
        numerator=_kids(SPECIAL, v.supported()),
        denominator=_kids(SPECIAL),
        unit=PERCENT,
        direction=HIGHER,
        breakdowns=(("sex",), ("group",)),
        criterion="6",
    ),
    Indicator(
        code="insured_under6_pct",
        name="Tỷ lệ trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế",
        name_en="Children under 6 with a health insurance card, %",
        definition="Children under 6 holding a card valid on the reference date (a card with "
        "no end date is valid). The register keeps no issue date: a card recorded today counts "
        "for past periods too.",
        formula="100 × children under 6 insured ÷ children under 6",
        numerator=_kids(v.age(0, 6), v.insured()),
        denominator=_kids(v.age(0, 6)),
        unit=PERCENT,
        direction=HIGHER,
        breakdowns=(("sex",), ("ethnicity_group",)),
    ),
    Indicator(
        code="underweight_under5_pct",
        name="Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân",
        name_en="Underweight children under 5, %",
        definition="Children under 5 weighed inside the window whose latest measurement there "
        "has weight-for-age z < -2 (WHO 2006).",
        formula="100 × underweight ÷ children under 5 measured in the window",
        numerator=_kids(v.age(0, 5), v.measured(), v.growth("waz")),
        denominator=_kids(v.age(0, 5), v.measured()),
        unit=PERCENT,
        direction=LOWER,
        breakdowns=(("sex",), ("ethnicity_group",)),
        criterion="8",
    ),
    Indicator(
        code="stunting_under5_pct",
        name="Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi",
        name_en="Stunted children under 5, %",
        definition="Children under 5 measured inside the window whose latest measurement there "
        "has height-for-age z < -2 (WHO 2006).",
        formula="100 × stunted ÷ children under 5 measured in the window",
        numerator=_kids(v.age(0, 5), v.measured(), v.growth("haz")),
        denominator=_kids(v.age(0, 5), v.measured()),
        unit=PERCENT,
        direction=LOWER,
        breakdowns=(("sex",), ("ethnicity_group",)),
        criterion="8",
    ),
    Indicator(
        code="wasting_under5_pct",
        name="Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể gầy còm",
        name_en="Wasted children under 5, %",
        definition="Children under 5 measured inside the window whose latest measurement there "
        "has weight-for-height z < -2 (WHO 2006).",
        formula="100 × wasted ÷ children under 5 measured in the window",
        numerator=_kids(v.age(0, 5), v.measured(), v.growth("whz")),
        denominator=_kids(v.age(0, 5), v.measured()),
        unit=PERCENT,
        direction=LOWER,
        breakdowns=(("sex",),),
    ),
    Indicator(
        code="birth_registered_on_time_pct",
        name="Tỷ lệ trẻ em được đăng ký khai sinh đúng hạn",
        name_en="Births registered on time (within 60 days), %",
        definition="Children whose 60-day registration deadline ends inside the window (so "
        "each birth is judged once, when its deadline has passed), registered by day 60.",
        formula="100 × registered within 60 days ÷ children whose deadline ends in the window",
        numerator=_kids(v.birth_deadline_in_window(), v.birth_registered_on_time()),
        denominator=_kids(v.birth_deadline_in_window()),
        unit=PERCENT,
        direction=HIGHER,
        breakdowns=(("sex",), ("ethnicity_group",)),
        criterion="2",
    ),
    Indicator(
        code="legal_aid_conflict_pct",
        name="Tỷ lệ trẻ em vi phạm pháp luật được trợ giúp pháp lý",
        name_en="Children in conflict with the law who received legal aid, %",
        definition="Children in group e on the reference date with a legal-aid support "
        "recorded in the register inside the window.",
        formula="100 × group e with legal aid in the window ÷ children in group e",
        numerator=_kids(v.in_group(code="e"), v.supported("legal_aid")),
        denominator=_kids(v.in_group(code="e")),
        unit=PERCENT,
        direction=HIGHER,
        breakdowns=(("sex",),),
        criterion="4",
    ),
    Indicator(
        code="emergency_on_time_pct",
        name="Tỷ lệ vụ việc được can thiệp khẩn cấp trong 12 giờ",
        name_en="Cases needing emergency intervention handled within 12 hours, %",
        definition="Cases received inside the window whose initial assessment called for an "
        "emergency intervention, intervened within 12 calendar hours of receipt (judged even "
        "when the intervention came after the reference date).",
        formula="100 × intervened within 12 h ÷ cases needing an emergency intervention",
        numerator=count(CASES_RECEIVED, v.emergency_needed(), v.emergency_on_time()),
        denominator=count(CASES_RECEIVED, v.emergency_needed()),
        unit=PERCENT,
        direction=HIGHER,
        breakdowns=(("category",),),
        source=CASE_FILES,
        reference_rule="Cases belong to the window of their local receipt date.",
    ),
    Indicator(
        code="plan_on_time_pct",
        name="Tỷ lệ vụ việc có kế hoạch hỗ trợ được phê duyệt trong 5 ngày làm việc",
        name_en="Cases with a support plan approved within 5 working days, %",
        definition="Cases received inside the window (except those closed without a plan) whose "
        "support plan was first approved by the end of the 5th working day after receipt "
        "(working calendar of core).",
        formula="100 × plan approved on time ÷ cases expecting a plan",
        numerator=count(CASES_RECEIVED, v.plan_expected(), v.plan_on_time()),
        denominator=count(CASES_RECEIVED, v.plan_expected()),
        unit=PERCENT,
        direction=HIGHER,
        breakdowns=(("category",),),
        source=CASE_FILES,
        reference_rule="Cases belong to the window of their local receipt date.",
        criterion="6",
    ),
    Indicator(
        code="preschool_3_5_pct",
        name="Tỷ lệ trẻ em 3-5 tuổi đi học mẫu giáo",
        name_en="Children aged 3-5 in preschool, %",
        definition="Children aged 3 to under 6 enrolled in preschool on the reference date.",
        formula="100 × enrolled in preschool ÷ children aged 3-5",
        numerator=_kids(v.age(3, 6)),
        denominator=_kids(v.age(3, 6)),
        unit=PERCENT,
        direction=HIGHER,
        needs="dated school enrolments (the register keeps only the current school level, "
        "with no start or end date)",
        criterion="10",
    ),
    Indicator(
        code="grade1_age6_pct",
        name="Tỷ lệ trẻ em 6 tuổi vào lớp 1",
        name_en="Six-year-olds entering grade 1, %",
        definition="Children turning 6 in the school year who entered grade 1.",
        formula="100 × entered grade 1 ÷ six-year-olds",
        numerator=_kids(v.age(6, 7)),
        denominator=_kids(v.age(6, 7)),
        unit=PERCENT,
        direction=HIGHER,
        needs="dated school enrolments with the grade and school year (the register keeps only "
        "the current grade as free text)",
        criterion="10",
    ),
    Indicator(
        code="swimming_pupils_pct",
        name="Tỷ lệ học sinh được học kỹ năng phòng tránh tai nạn thương tích, bơi an toàn",
        name_en="Pupils taught injury and drowning prevention / swimming, %",
        definition="Pupils who were taught injury prevention or safe swimming.",
        formula="100 × pupils taught ÷ pupils",
        numerator=_kids(),
        denominator=_kids(),
        unit=PERCENT,
        direction=HIGHER,
        needs="dated school enrolments and the date each child was taught (the register keeps "
        "two yes/no boxes with no date)",
        criterion="5",
    ),
    Indicator(
        code="immunised_under1_pct",
        name="Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ",
        name_en="Children under 1 fully immunised, %",
        definition="Children under 1 who received every vaccine of the expanded programme.",
        formula="100 × fully immunised ÷ children under 1",
        numerator=_kids(v.age(0, 1)),
        denominator=_kids(v.age(0, 1)),
        unit=PERCENT,
        direction=HIGHER,
        needs="immunisation records (the register holds none)",
        criterion="7",
    ),
    Indicator(
        code="child_friendly_commune",
        name="Xã, phường đạt chuẩn phù hợp với trẻ em",
        name_en="Commune recognised as child-friendly",
        definition="Recognised under Quyết định 06/QĐ-TTg (all 13 criteria met, none at 0, "
        "total at or above the commune's threshold).",
        formula="yes / no",
        numerator=_kids(),
        needs="the child-friendly commune assessment (criteria, points and recognition), "
        "which the programs app is to hold",
    ),
    # --- Counts officials report -------------------------------------------------------------
    Indicator(
        code="children",
        name="Số trẻ em",
        name_en="Children",
        definition="Children of the unit on the reference date.",
        formula="count",
        numerator=_kids(),
        breakdowns=(*PEOPLE, ("age_band", "sex", "ethnicity_group")),
    ),
    Indicator(
        code="children_special",
        name="Số trẻ em có hoàn cảnh đặc biệt",
        name_en="Children in special circumstances",
        definition="Children in at least one special-circumstance group on the reference date; "
        "by group, a child in two groups counts in each.",
        formula="count",
        numerator=_kids(SPECIAL),
        breakdowns=(("group",), *PEOPLE),
    ),
    Indicator(
        code="children_at_risk",
        name="Số trẻ em có nguy cơ rơi vào hoàn cảnh đặc biệt",
        name_en="Children at risk of special circumstances",
        definition="Children in at least one at-risk category on the reference date.",
        formula="count",
        numerator=_kids(v.in_group(kind="at_risk")),
        breakdowns=(("at_risk_group",), ("sex",)),
    ),
    Indicator(
        code="children_supported",
        name="Số trẻ em được hỗ trợ",
        name_en="Children who received support",
        definition="Children of the unit on the reference date who received a support dated "
        "inside the window; by kind, a child who received two kinds counts in each.",
        formula="count",
        numerator=_kids(v.supported()),
        breakdowns=(("support_kind",), ("sex",)),
    ),
    Indicator(
        code="cases_received",
        name="Số vụ việc tiếp nhận",
        name_en="Cases received",
        definition="Cases whose report was received inside the window. The setting of the "
        "abuse (môi trường xâm hại) is not recorded yet, so it is not a breakdown.",
        formula="count",
        numerator=count(CASES_RECEIVED),
        breakdowns=(("channel",), ("category",), ("suspected_relationship",)),
        source=CASE_FILES,
        reference_rule="Cases belong to the window of their local receipt date.",
    ),
    Indicator(
        code="cases_closed",
        name="Số vụ việc đã kết thúc",
        name_en="Cases closed",
        definition="Cases closed inside the window.",
        formula="count",
        numerator=count(CASES_CLOSED),
        breakdowns=(("category",),),
        source=CASE_FILES,
        reference_rule="Cases belong to the window of their local closing date.",
    ),
    Indicator(
        code="cases_per_1000_children",
        name="Số vụ việc tiếp nhận trên 1.000 trẻ em",
        name_en="Cases received per 1,000 children",
        definition="Cases received inside the window per 1,000 children of the unit on the "
        "reference date.",
        formula="1000 × cases received ÷ children",
        numerator=count(CASES_RECEIVED),
        denominator=_kids(),
        unit=PER_1000,
        direction=NEUTRAL,
        source=CASE_FILES,
    ),
    Indicator(
        code="hotline_calls",
        name="Số cuộc gọi đến tổng đài",
        name_en="Hotline calls",
        definition="Calls received by the hotline inside the window, at the unit concerned.",
        formula="count",
        numerator=count(CONTACTS),
        breakdowns=(("topic_group",), ("topic",), ("line",)),
        source=HOTLINE,
        reference_rule="Calls belong to the window of their local date.",
    ),
    Indicator(
        code="press_items",
        name="Số tin điểm báo về trẻ em",
        name_en="Press items about children",
        definition="Items of the daily press review published inside the window.",
        formula="count",
        numerator=count(PRESS_ITEMS),
        source=HOTLINE,
        reference_rule="Items belong to the window of their publication date.",
    ),
]

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
if len(BY_CODE) != len(INDICATORS):  # pragma: no cover - a typo in the list above
    raise ValueError("two indicators share a code")


def get(code: str) -> Indicator:
    """The indicator ``code`` (KeyError when there is none)."""
    return BY_CODE[code]


def computable() -> list[Indicator]:
    return [i for i in INDICATORS if i.computable]
