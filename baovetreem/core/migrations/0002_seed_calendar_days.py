"""Seed the working calendar: 2025 and 2026 as announced, 2027 as provisional from the law.

The rows are literal here (a migration must not read app code that later changes). From now on
the calendar is data: administrators add or correct days (e.g. 24/11, Ngày Văn hóa Việt Nam, once
it is decided, or the 2027 schedule once announced) in the admin, not in a migration.
"""

import datetime as dt

from django.db import migrations

OFF, WORK = "day_off", "workday"

LAW = "Bộ luật Lao động 2019 Đ.112 k.1"
ANNOUNCED_2025 = f"Lịch nghỉ lễ, Tết năm 2025 của cán bộ, công chức, viên chức (Chính phủ công bố); {LAW}"
SWAP_2025 = "Hoán đổi ngày làm việc năm 2025 của cán bộ, công chức, viên chức (Chính phủ công bố)"
ANNOUNCED_2026 = f"Lịch nghỉ lễ, Tết năm 2026 của cán bộ, công chức, viên chức (Chính phủ công bố); {LAW}"
SWAP_2026 = "Hoán đổi ngày làm việc năm 2026 của cán bộ, công chức, viên chức (Chính phủ công bố)"
MOVED = "Đ.111 k.3: ngày lễ trùng ngày nghỉ hằng tuần thì nghỉ bù vào ngày làm việc kế tiếp"
PROVISIONAL_2027 = f"Dự kiến, năm 2027 chưa công bố: {LAW}"
TET_2027 = (
    f"Dự kiến, năm 2027 chưa công bố: {LAW} (Tết Âm lịch 05 ngày, Thủ tướng quyết định). "
    "Mùng 1 Tết là thứ Bảy 6/2/2027; chọn mẫu thường dùng 5 ngày làm việc: 2 ngày cuối năm "
    "(thứ Năm 4/2, thứ Sáu 5/2) và 3 ngày đầu năm (thứ Hai 8/2 đến thứ Tư 10/2), như năm 2024 "
    "khi Mùng 1 Tết cũng là thứ Bảy"
)

# (date, kind, name, source, is_provisional)
DAYS = [
    # 2025 — announced.
    (dt.date(2025, 1, 1), OFF, "Tết Dương lịch", ANNOUNCED_2025, False),
    *[
        (dt.date(2025, 1, d), OFF, "Tết Nguyên đán Ất Tỵ", ANNOUNCED_2025, False)
        for d in range(27, 32)
    ],
    (dt.date(2025, 4, 7), OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", ANNOUNCED_2025, False),
    (dt.date(2025, 4, 26), WORK, "Làm bù cho 2/5", SWAP_2025, False),
    (dt.date(2025, 4, 30), OFF, "Ngày Chiến thắng (30/4)", ANNOUNCED_2025, False),
    (dt.date(2025, 5, 1), OFF, "Ngày Quốc tế Lao động (1/5)", ANNOUNCED_2025, False),
    (dt.date(2025, 5, 2), OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4)", SWAP_2025, False),
    (dt.date(2025, 9, 1), OFF, "Quốc khánh (ngày liền kề)", ANNOUNCED_2025, False),
    (dt.date(2025, 9, 2), OFF, "Quốc khánh", ANNOUNCED_2025, False),
    # 2026 — announced.
    (dt.date(2026, 1, 1), OFF, "Tết Dương lịch", ANNOUNCED_2026, False),
    (dt.date(2026, 1, 2), OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 10/1)", SWAP_2026, False),
    (dt.date(2026, 1, 10), WORK, "Làm bù cho 2/1", SWAP_2026, False),
    *[
        (dt.date(2026, 2, d), OFF, "Tết Nguyên đán Bính Ngọ", ANNOUNCED_2026, False)
        for d in range(16, 21)
    ],
    (
        dt.date(2026, 4, 27),
        OFF,
        "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)",
        f"{ANNOUNCED_2026}; {MOVED}",
        False,
    ),
    (dt.date(2026, 4, 30), OFF, "Ngày Chiến thắng (30/4)", ANNOUNCED_2026, False),
    (dt.date(2026, 5, 1), OFF, "Ngày Quốc tế Lao động (1/5)", ANNOUNCED_2026, False),
    (dt.date(2026, 8, 22), WORK, "Làm bù cho 31/8", SWAP_2026, False),
    (dt.date(2026, 8, 31), OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8)", SWAP_2026, False),
    (dt.date(2026, 9, 1), OFF, "Quốc khánh (ngày liền kề)", ANNOUNCED_2026, False),
    (dt.date(2026, 9, 2), OFF, "Quốc khánh", ANNOUNCED_2026, False),
    # 2027 — provisional, from the law (no swaps: those exist only once announced).
    (dt.date(2027, 1, 1), OFF, "Tết Dương lịch", PROVISIONAL_2027, True),
    *[
        (dt.date(2027, 2, d), OFF, "Tết Nguyên đán Đinh Mùi", TET_2027, True)
        for d in (4, 5, 8, 9, 10)
    ],
    (
        dt.date(2027, 4, 16),
        OFF,
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        PROVISIONAL_2027,
        True,
    ),
    (dt.date(2027, 4, 30), OFF, "Ngày Chiến thắng (30/4)", PROVISIONAL_2027, True),
    (
        dt.date(2027, 5, 3),
        OFF,
        "Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)",
        f"{PROVISIONAL_2027}; {MOVED}",
        True,
    ),
    (dt.date(2027, 9, 2), OFF, "Quốc khánh", PROVISIONAL_2027, True),
    (
        dt.date(2027, 9, 3),
        OFF,
        "Quốc khánh (ngày liền kề, dự kiến sau 2/9 để liền thứ Bảy, Chủ nhật)",
        PROVISIONAL_2027,
        True,
    ),
]


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    for day, kind, name, source, provisional in DAYS:
        CalendarDay.objects.update_or_create(
            date=day,
            defaults={
                "kind": kind,
                "name": name,
                "source": source,
                "is_provisional": provisional,
            },
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarDay.objects.filter(date__in=[row[0] for row in DAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
