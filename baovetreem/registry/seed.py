"""Reference data shipped with the register: groups of children and allowance levels.

Everything here is editable data afterwards (DOMAIN.md: "configurable"); the migration loads it
once and later runs never overwrite what administrators changed.
"""

import datetime as dt
from decimal import Decimal

# (code, Vietnamese name, English name, sub-groups [(code, vi, en)])
SPECIAL_GROUPS = [
    ("a", "Trẻ em mồ côi cả cha và mẹ", "Orphaned of both parents", [
        ("a1", "Không có người chăm sóc", "Without a carer"),
        ("a2", "Đang được nuôi dưỡng trong cơ sở trợ giúp xã hội, cơ sở cung cấp dịch vụ bảo vệ trẻ em",
         "Cared for in a social-assistance or child-protection facility"),
        ("a3", "Đang sống với người thân thích", "Living with relatives"),
        ("a4", "Được chăm sóc thay thế bởi cá nhân, gia đình không phải người thân thích (trừ con nuôi)",
         "In alternative care by non-relatives (not adopted)"),
    ]),
    ("b", "Trẻ em bị bỏ rơi", "Abandoned", [
        ("b1", "Chưa được chăm sóc thay thế", "Not yet in alternative care"),
        ("b2", "Đang được chăm sóc thay thế", "In alternative care"),
    ]),
    ("c", "Trẻ em không nơi nương tựa", "Without anyone to rely on", [
        ("c1", "Mồ côi cha hoặc mẹ, người còn lại mất tích theo quy định của pháp luật",
         "One parent dead, the other legally missing"),
        ("c2", "Mồ côi cha hoặc mẹ, người còn lại đang hưởng chế độ tại cơ sở trợ giúp xã hội hoặc không còn khả năng chăm sóc",
         "One parent dead, the other in a social-assistance facility or unable to care"),
        ("c3", "Mồ côi cha hoặc mẹ, người còn lại đang chấp hành án phạt tù hoặc biện pháp xử lý hành chính",
         "One parent dead, the other serving a sentence or an administrative measure"),
    ]),
    ("d", "Trẻ em khuyết tật", "With disabilities", [
        ("d1", "Khuyết tật đặc biệt nặng", "Extremely severe disability"),
        ("d2", "Khuyết tật nặng", "Severe disability"),
        ("d3", "Khuyết tật nhẹ", "Mild disability"),
    ]),
    ("đ", "Trẻ em bị ảnh hưởng bởi HIV/AIDS", "Affected by HIV/AIDS", []),
    ("e", "Trẻ em vi phạm pháp luật", "In conflict with the law", []),
    ("g", "Trẻ em nghiện ma túy", "Using drugs", []),
    ("h", "Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập giáo dục trung học cơ sở",
     "Left school to earn a living before finishing lower secondary", []),
    ("i", "Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực",
     "Seriously harmed physically or mentally by violence", []),
    ("k", "Trẻ em bị bóc lột", "Exploited", []),
    ("l", "Trẻ em bị xâm hại tình dục", "Sexually abused", []),
    ("m", "Trẻ em bị mua bán", "Trafficked", []),
    ("n", "Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ nghèo, hộ cận nghèo",
     "Serious or long-term illness in a poor or near-poor household", []),
    ("o", "Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác định được cha mẹ hoặc không có người chăm sóc",
     "Migrant, displaced or refugee child without known parents or carer", []),
]  # fmt: skip

AT_RISK_GROUPS = [
    ("r_divorced", "Cha mẹ ly hôn, ly thân", "Parents divorced or separated"),
    ("r_left_behind", "Sống với người thân khi cha mẹ đi làm ăn xa", "Left with relatives while parents work away"),
    ("r_poor", "Sống trong hộ nghèo, cận nghèo", "Living in a poor or near-poor household"),
    ("r_parent_prison", "Có cha hoặc mẹ đang chấp hành án phạt tù", "Parent in prison"),
    ("r_parent_drugs", "Có cha hoặc mẹ nghiện ma túy", "Parent using drugs"),
    ("r_dropout", "Có nguy cơ bỏ học", "At risk of dropping out of school"),
    ("r_labour", "Có nguy cơ lao động trẻ em", "At risk of child labour"),
    ("r_violence", "Có nguy cơ bị bạo lực, xâm hại", "At risk of violence or abuse"),
    ("r_drowning", "Có nguy cơ đuối nước", "At risk of drowning"),
    ("r_early_marriage", "Có nguy cơ tảo hôn", "At risk of early marriage"),
    ("r_child_parents", "Sống trong gia đình có cha mẹ đang ở độ tuổi trẻ em", "Parents are themselves children"),
]  # fmt: skip

BASE_LEVELS = [
    (dt.date(2021, 7, 1), 360_000, "Nghị định 20/2021/NĐ-CP"),
    (dt.date(2024, 7, 1), 500_000, "Nghị định 76/2024/NĐ-CP"),
]

COEFFICIENTS = [
    ("child_under_4_no_support", "Trẻ em dưới 4 tuổi không có nguồn nuôi dưỡng", Decimal("2.5")),
    ("child_4_plus_no_support", "Trẻ em từ 4 tuổi trở lên không có nguồn nuôi dưỡng", Decimal("1.5")),
    ("child_disability_extremely_severe", "Trẻ em khuyết tật đặc biệt nặng", Decimal("2.5")),
    ("child_disability_severe", "Trẻ em khuyết tật nặng", Decimal("2.0")),
    ("child_hiv_poor", "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo", Decimal("2.5")),
]  # fmt: skip


def load(apps) -> None:
    """Create the reference rows that do not exist yet (idempotent, keeps local edits)."""
    group_model = apps.get_model("registry", "Group")
    for order, (code, name, name_en, subgroups) in enumerate(SPECIAL_GROUPS):
        parent, _ = group_model.objects.get_or_create(
            code=code,
            defaults={"kind": "special", "name": name, "name_en": name_en, "order": order},
        )
        for sub_order, (sub_code, sub_name, sub_en) in enumerate(subgroups):
            group_model.objects.get_or_create(
                code=sub_code,
                defaults={
                    "kind": "special",
                    "name": sub_name,
                    "name_en": sub_en,
                    "parent": parent,
                    "order": sub_order,
                },
            )
    for order, (code, name, name_en) in enumerate(AT_RISK_GROUPS):
        group_model.objects.get_or_create(
            code=code,
            defaults={"kind": "at_risk", "name": name, "name_en": name_en, "order": order},
        )
    base_model = apps.get_model("registry", "AllowanceBaseLevel")
    for valid_from, amount, basis in BASE_LEVELS:
        base_model.objects.get_or_create(
            valid_from=valid_from, defaults={"amount_vnd": amount, "legal_basis": basis}
        )
    coefficient_model = apps.get_model("registry", "AllowanceCoefficient")
    for code, description, value in COEFFICIENTS:
        coefficient_model.objects.get_or_create(
            code=code,
            valid_from=dt.date(2021, 7, 1),
            defaults={
                "description": description,
                "coefficient": value,
                "legal_basis": "Nghị định 20/2021/NĐ-CP",
            },
        )
