"""Seed the two-level topics of hotline calls; administrators edit them afterwards."""

from django.db import migrations

# (code, name, name_en, [(code, name, name_en), ...])
TOPICS = [
    (
        "violence",
        "Bạo lực, xâm hại trẻ em",
        "Violence and abuse",
        [
            ("violence.physical", "Bạo lực thể chất", "Physical abuse"),
            ("violence.sexual", "Xâm hại tình dục", "Sexual abuse"),
            ("violence.emotional", "Bạo lực tinh thần", "Emotional abuse"),
            ("violence.neglect", "Bỏ mặc, sao nhãng", "Neglect"),
            ("violence.trafficking", "Mua bán, bắt cóc trẻ em", "Trafficking and abduction"),
            ("violence.labour", "Bóc lột, lao động trẻ em", "Exploitation and child labour"),
            ("violence.online", "Xâm hại trên mạng", "Online abuse"),
            ("violence.bullying", "Bạo lực học đường", "Bullying at school"),
        ],
    ),
    (
        "psychology",
        "Tâm lý, tình cảm",
        "Psychology and relationships",
        [
            ("psychology.emotions", "Cảm xúc, căng thẳng", "Emotions and stress"),
            ("psychology.self_harm", "Tự gây thương tích, ý định tự tử", "Self-harm or suicide"),
            ("psychology.friends", "Quan hệ bạn bè, tình yêu", "Friends and relationships"),
            ("psychology.puberty", "Tuổi dậy thì, giới tính", "Puberty and sexuality"),
        ],
    ),
    (
        "family",
        "Gia đình, chăm sóc",
        "Family and care",
        [
            ("family.conflict", "Mâu thuẫn gia đình", "Family conflict"),
            ("family.divorce", "Cha mẹ ly hôn, quyền nuôi con", "Divorce and custody"),
            ("family.alternative_care", "Chăm sóc thay thế", "Alternative care"),
            ("family.abandoned", "Trẻ bị bỏ rơi, lang thang", "Abandoned or street child"),
        ],
    ),
    (
        "education",
        "Giáo dục",
        "Education",
        [
            ("education.dropout", "Bỏ học, nguy cơ bỏ học", "Dropping out"),
            ("education.pressure", "Áp lực học tập", "Pressure at school"),
            ("education.teacher", "Quan hệ với thầy cô", "Relations with teachers"),
        ],
    ),
    (
        "health",
        "Sức khỏe, dinh dưỡng",
        "Health and nutrition",
        [
            ("health.physical", "Sức khỏe thể chất", "Physical health"),
            ("health.mental", "Sức khỏe tâm thần", "Mental health"),
            ("health.nutrition", "Dinh dưỡng", "Nutrition"),
            ("health.substances", "Rượu, ma túy, chất kích thích", "Alcohol and drugs"),
        ],
    ),
    (
        "law",
        "Pháp luật, chính sách",
        "Law and policy",
        [
            ("law.rights", "Quyền trẻ em", "Children's rights"),
            ("law.support", "Chính sách trợ giúp xã hội", "Social assistance"),
            ("law.conflict", "Trẻ vi phạm pháp luật", "Child in conflict with the law"),
            ("law.civil_status", "Khai sinh, hộ tịch", "Birth registration"),
        ],
    ),
    (
        "information",
        "Yêu cầu thông tin",
        "Information requests",
        [
            ("information.services", "Thông tin dịch vụ", "About services"),
            ("information.hotline", "Thông tin về tổng đài", "About the hotline"),
        ],
    ),
    (
        "other",
        "Cuộc gọi khác",
        "Other calls",
        [
            ("other.silent", "Cuộc gọi im lặng", "Silent call"),
            ("other.prank", "Cuộc gọi quấy rối, trêu đùa", "Prank or nuisance call"),
            ("other.wrong_number", "Nhầm số", "Wrong number"),
            ("other.other", "Vấn đề khác", "Other"),
        ],
    ),
]


def seed(apps, schema_editor):
    TopicCategory = apps.get_model("hotline", "TopicCategory")
    for group_order, (code, name, name_en, topics) in enumerate(TOPICS, start=1):
        group, _ = TopicCategory.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "order": group_order * 10},
        )
        for order, (sub_code, sub_name, sub_name_en) in enumerate(topics, start=1):
            TopicCategory.objects.get_or_create(
                code=sub_code,
                defaults={
                    "parent": group,
                    "name": sub_name,
                    "name_en": sub_name_en,
                    "order": group_order * 10 + order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
