"""The demo's hotline: calls logged by the operator over the last month and the press review
(synthetic data; the outlets, links and stories are invented).

Calls and press items go through ``hotline.services``, which checks rights and writes the audit
rows; the demo's hotline cases are opened from their calls as an operator would.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from baovetreem.cases.models import Case
from baovetreem.core.calendar import VIETNAM
from baovetreem.demo.world import DemoWorld
from baovetreem.hotline import services
from baovetreem.hotline.models import (
    AgeBand,
    CallerSex,
    CallerType,
    Contact,
    FollowUp,
    Line,
    Outcome,
    PressItem,
    TopicCategory,
)
from baovetreem.locations.models import Location

CALL_DAYS = 30
# How many calls of each outcome, besides those that opened the demo's hotline cases.
CALL_QUOTA = {
    Outcome.COUNSELLING: 18,
    Outcome.INFORMATION: 12,
    Outcome.REFERRAL: 10,
    Outcome.DROPPED: 10,
}
FOLLOWED_UP = 6

C = CallerType


@dataclass(frozen=True)
class Call:
    """A kind of call: its topic, who calls, their age, what was said and done."""

    topic: str
    callers: tuple[str, ...]
    summary: str
    follow_up: str = ""


CALLS: dict[str, list[Call]] = {
    Outcome.COUNSELLING: [
        Call(
            "psychology.emotions",
            (C.CHILD,),
            "Em học sinh lớp 8 gọi vì căng thẳng trước kỳ thi, hay khóc một mình. Tổng đài "
            "viên lắng nghe, hướng dẫn cách thư giãn và chia sẻ với người em tin cậy.",
            "Em cho biết đã nói chuyện với mẹ, thấy nhẹ nhõm hơn.",
        ),
        Call(
            "psychology.friends",
            (C.CHILD,),
            "Trẻ buồn vì bị bạn thân nghỉ chơi, bị nói xấu trong nhóm lớp trên mạng. Đã tư vấn "
            "cách trò chuyện với bạn và nhờ giáo viên chủ nhiệm giúp đỡ.",
        ),
        Call(
            "psychology.puberty",
            (C.CHILD,),
            "Trẻ hỏi về những thay đổi của cơ thể tuổi dậy thì, ngại hỏi cha mẹ. Đã cung cấp "
            "thông tin phù hợp lứa tuổi.",
        ),
        Call(
            "family.conflict",
            (C.PARENT,),
            "Mẹ gọi vì con trai 14 tuổi thường xuyên cãi lại, bỏ nhà đi chơi đêm. Tư vấn cách "
            "lắng nghe con và cùng con đặt quy tắc trong gia đình.",
            "Mẹ cho biết con đã về nhà đúng giờ, hai mẹ con nói chuyện được với nhau.",
        ),
        Call(
            "family.divorce",
            (C.PARENT,),
            "Cha mẹ đang ly hôn, mẹ hỏi cách giúp con 9 tuổi vượt qua. Tư vấn về tâm lý của trẻ "
            "và quyền của trẻ được gặp cả cha và mẹ.",
        ),
        Call(
            "education.pressure",
            (C.PARENT, C.RELATIVE),
            "Gia đình lo con lớp 9 học đến khuya, mất ngủ, sút cân. Tư vấn cân bằng học tập, "
            "nghỉ ngơi và không so sánh con với bạn.",
        ),
        Call(
            "education.teacher",
            (C.CHILD,),
            "Trẻ kể bị giáo viên phê bình trước lớp, thấy xấu hổ, không muốn đi học. Tổng đài "
            "viên trấn an và hướng dẫn trẻ kể lại với cha mẹ.",
        ),
        Call(
            "health.nutrition",
            (C.RELATIVE,),
            "Bà nội hỏi chế độ ăn cho cháu 3 tuổi bị suy dinh dưỡng thấp còi. Tư vấn bữa ăn đủ "
            "chất và hẹn cân đo tại trạm y tế xã.",
        ),
    ],
    Outcome.INFORMATION: [
        Call(
            "information.services",
            (C.PARENT, C.RELATIVE, C.OTHER),
            "Người gọi hỏi nơi tham vấn tâm lý miễn phí cho trẻ trong tỉnh. Đã cung cấp địa "
            "chỉ và số điện thoại của Phòng Tham vấn tâm lý trẻ em tỉnh.",
        ),
        Call(
            "information.hotline",
            (C.TEACHER,),
            "Giáo viên hỏi cách giới thiệu Tổng đài 111 cho học sinh trong buổi sinh hoạt dưới "
            "cờ. Đã gửi tài liệu truyền thông của tổng đài.",
        ),
        Call(
            "law.civil_status",
            (C.PARENT, C.RELATIVE),
            "Người dân hỏi thủ tục đăng ký khai sinh quá hạn cho trẻ 6 tuổi. Đã hướng dẫn hồ "
            "sơ và nơi nộp tại UBND xã.",
        ),
        Call(
            "law.support",
            (C.RELATIVE,),
            "Ông bà hỏi chế độ trợ cấp cho cháu mồ côi cả cha lẫn mẹ. Đã hướng dẫn thủ tục "
            "trợ giúp xã hội hằng tháng tại UBND xã.",
        ),
        Call(
            "law.rights",
            (C.CHILD,),
            "Học sinh hỏi về quyền được giữ bí mật đời sống riêng tư khi bị bạn đăng ảnh lên "
            "mạng. Đã giải thích và hướng dẫn đề nghị gỡ ảnh.",
        ),
    ],
    Outcome.REFERRAL: [
        Call(
            "psychology.self_harm",
            (C.CHILD,),
            "Trẻ 15 tuổi nói có ý nghĩ làm hại bản thân. Tổng đài viên trò chuyện đến khi trẻ "
            "bình tĩnh, liên hệ người thân và chuyển gửi Phòng Tham vấn tâm lý trẻ em tỉnh.",
            "Trẻ đã gặp tham vấn viên hai buổi, tâm trạng ổn định hơn.",
        ),
        Call(
            "violence.online",
            (C.CHILD,),
            "Trẻ bị người lạ trên mạng dọa tung ảnh riêng tư nếu không gửi thêm ảnh. Hướng dẫn "
            "lưu bằng chứng, chặn tài khoản; chuyển thông tin cho Công an.",
            "Công an đã tiếp nhận, tài khoản đe dọa bị khóa; trẻ được gia đình động viên.",
        ),
        Call(
            "violence.bullying",
            (C.PARENT,),
            "Phụ huynh báo con bị nhóm bạn đánh sau giờ học, quay clip đăng lên mạng. Chuyển "
            "thông tin cho nhà trường và cán bộ xã để xác minh.",
            "Nhà trường đã làm việc với các em liên quan và gia đình.",
        ),
        Call(
            "health.mental",
            (C.PARENT,),
            "Mẹ lo con 12 tuổi mất ngủ kéo dài, tự cô lập trong phòng. Giới thiệu khám tại "
            "Bệnh viện Đa khoa tỉnh.",
        ),
        Call(
            "health.substances",
            (C.CHILD,),
            "Trẻ 16 tuổi hỏi cách bỏ thuốc lá điện tử, bạn bè rủ dùng chất lạ. Giới thiệu tư "
            "vấn tại trạm y tế xã.",
        ),
        Call(
            "education.dropout",
            (C.TEACHER,),
            "Giáo viên báo học sinh lớp 7 nghỉ học hai tuần để đi làm thuê. Chuyển thông tin "
            "cho cán bộ xã và nhà trường để vận động trẻ đi học lại.",
        ),
    ],
    Outcome.DROPPED: [
        Call(
            "other.silent",
            (C.UNKNOWN,),
            "Cuộc gọi im lặng; tổng đài viên chào hỏi nhiều lần, không có phản hồi.",
        ),
        Call(
            "other.prank",
            (C.CHILD,),
            "Nhóm trẻ gọi trêu đùa; tổng đài viên nhắc nhẹ về mục đích của tổng đài.",
        ),
        Call("other.wrong_number", (C.OTHER,), "Người gọi nhầm số."),
    ],
}
DURATION_SECONDS = {
    Outcome.COUNSELLING: (300, 1800),
    Outcome.INFORMATION: (60, 360),
    Outcome.REFERRAL: (420, 1500),
    Outcome.DROPPED: (5, 60),
}
# The topic of the call that opened a demo case, by the case's classification.
TOPIC_OF_CLASSIFICATION = {
    "abused": ["violence.physical", "violence.sexual", "violence.emotional"],
    "at_risk_violence": ["family.conflict", "violence.emotional"],
    "exploitation": ["violence.labour"],
    "abandonment": ["family.abandoned", "violence.neglect"],
    "special_circumstance": ["law.support"],
}


def _caller(caller_type: str, rng: random.Random) -> dict:
    if caller_type == C.CHILD:
        band = rng.choice(
            [AgeBand.AGE_6_10, AgeBand.AGE_11_15, AgeBand.AGE_11_15, AgeBand.AGE_16_17]
        )
    elif caller_type == C.UNKNOWN:
        band = AgeBand.UNKNOWN
    else:
        band = AgeBand.ADULT
    sex = CallerSex.UNKNOWN if caller_type == C.UNKNOWN else rng.choice(CallerSex.values[:2])
    return {"caller_type": caller_type, "caller_sex": sex, "caller_age_band": band}


def receive_by_hotline(
    operator, data: dict, village: Location, rng: random.Random, now: dt.datetime
) -> Case:
    """Log the call to 111 that brings a demo report, then open the report from the call, so the
    call shows "report created" with its case."""
    topics = TOPIC_OF_CLASSIFICATION[data["classification"]]
    caller = rng.choice([C.NEIGHBOUR, C.RELATIVE, C.NEIGHBOUR, C.TEACHER, C.CHILD, C.OTHER])
    contact = services.log_contact(
        operator,
        {
            "received_at": data["received_at"],
            "duration_seconds": rng.randint(420, 1500),
            "line": Line.NATIONAL_111,
            **_caller(caller, rng),
            "topic": TopicCategory.objects.get(code=rng.choice(topics)),
            "location": village.parent,
            "summary": data["what_happened"],
            "outcome": Outcome.COUNSELLING,
        },
        now=now,
    )
    report = {name: value for name, value in data.items() if name != "channel"}
    return services.create_report_from_contact(operator, contact, report, location=village)


def has_calls() -> bool:
    """Whether the demo's calls that opened no case were logged."""
    return Contact.objects.filter(case__isnull=True).exists()


def _received_at(rng: random.Random, now: dt.datetime) -> dt.datetime:
    """A time in the last month, mostly in the day and evening (the line is open 24/7)."""
    day = timezone.localtime(now, VIETNAM).date() - dt.timedelta(days=rng.randint(0, CALL_DAYS))
    hour = rng.choice([7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 2])
    at = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59)), tzinfo=VIETNAM)
    return at if at < now else now - dt.timedelta(minutes=rng.randint(5, 90))


@transaction.atomic
def populate_calls(world: DemoWorld, seed: int, now: dt.datetime) -> int:
    """Log the month's calls that opened no case, and call a few callers back; returns how many
    calls were logged."""
    rng = random.Random(seed + 4)
    operator = world.users["tongdai"]
    topics = {t.code: t for t in TopicCategory.objects.filter(parent__isnull=False)}
    outcomes = [outcome for outcome, n in CALL_QUOTA.items() for _ in range(n)]
    rng.shuffle(outcomes)
    followed = 0
    for outcome in outcomes:
        call = rng.choice(CALLS[outcome])
        known_place = outcome != Outcome.DROPPED and rng.random() < 0.7
        received_at = _received_at(rng, now)
        line = rng.choices(Line.values, weights=[70, 25, 5])[0]
        contact = services.log_contact(
            operator,
            {
                "received_at": received_at,
                "duration_seconds": rng.randint(*DURATION_SECONDS[outcome]),
                "line": line,
                **_caller(rng.choice(call.callers), rng),
                "topic": topics[call.topic],
                "location": rng.choice(world.communes) if known_place else world.province,
                "summary": call.summary,
                "outcome": outcome,
            },
            now=now,
        )
        called_back = received_at + dt.timedelta(days=rng.randint(2, 4))
        if call.follow_up and followed < FOLLOWED_UP and called_back < now:
            # The operator calls back and adds what they heard to the call's summary.
            note = f"Gọi lại ngày {timezone.localtime(called_back, VIETNAM):%d/%m}: "
            services.update_contact(
                operator, contact, {"summary": f"{call.summary}\n{note}{call.follow_up}"}, now=now
            )
            followed += 1
    return len(outcomes)


# --- press review ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Press:
    """An invented news item: days ago, outlet, link, title, summary, where, follow-up."""

    days_ago: int
    outlet: str
    url: str
    title: str
    summary: str
    commune: int | None
    follow_up: str = FollowUp.NONE


PRESS = [
    Press(
        2,
        "Báo Tin nhanh Miền Trung (giả định)",
        "https://baomoi.example/hoc-sinh-lop-5-bi-chan-duong-danh-tren-duong-di-hoc.html",
        "Học sinh lớp 5 bị nhóm thanh niên chặn đường đánh trên đường đi học",
        "Một học sinh lớp 5 bị ba thanh niên chặn xe, đánh vào đầu và lấy điện thoại; người "
        "dân đưa em đến trạm y tế.",
        1,
        FollowUp.REPORT_CREATED,
    ),
    Press(
        1,
        "Trang tin Nam Trung Bộ 24h (giả định)",
        "https://tintuc24h.example/xa-hoi/tre-duoi-nuoc-khi-tam-song",
        "Hai trẻ gặp nạn khi tắm sông, người dân kịp thời cứu",
        "Hai anh em 8 và 10 tuổi bị nước cuốn khi tắm sông chiều thứ bảy; một em phải nằm viện "
        "theo dõi. Cần xác minh việc trông giữ trẻ.",
        3,
    ),
    Press(
        5,
        "Báo Đời sống và Gia đình (giả định)",
        "https://baomoi.example/tre-em-ban-hang-rong-den-khuya-o-khu-du-lich.html",
        "Nhiều trẻ em bán hàng rong đến khuya ở khu du lịch",
        "Phóng sự ghi nhận trẻ em 8-12 tuổi bán kẹo cao su, vé số đến 23 giờ quanh bãi biển.",
        None,
    ),
    Press(
        9,
        "Báo Tin nhanh Miền Trung (giả định)",
        "https://baomoi.example/phat-hien-tre-so-sinh-bi-bo-roi-ben-duong.html",
        "Phát hiện trẻ sơ sinh bị bỏ rơi bên đường",
        "Vụ việc xảy ra ở tỉnh khác; chính quyền nơi xảy ra đã tiếp nhận và chăm sóc trẻ.",
        None,
        FollowUp.NOT_RELEVANT,
    ),
    Press(
        14,
        "Tạp chí Trẻ thơ Ngày nay (giả định)",
        "https://trethongaynay.example/canh-bao-du-do-tre-qua-tro-choi-truc-tuyen",
        "Cảnh báo thủ đoạn dụ dỗ trẻ em qua trò chơi trực tuyến",
        "Bài viết tuyên truyền chung, không nêu trường hợp trẻ cụ thể nào.",
        None,
        FollowUp.NOT_RELEVANT,
    ),
]


def has_press_items() -> bool:
    return PressItem.objects.exists()


@transaction.atomic
def populate_press(world: DemoWorld, seed: int, now: dt.datetime) -> tuple[int, int]:
    """Record the press review of the last weeks and follow each item up; returns the items
    and the reports opened from them."""
    rng = random.Random(seed + 5)
    operator = world.users["tongdai"]
    today = timezone.localtime(now, VIETNAM).date()
    reports = 0
    for press in PRESS:
        place = world.province if press.commune is None else world.communes[press.commune]
        item = services.record_press_item(
            operator,
            {
                "published_on": today - dt.timedelta(days=press.days_ago),
                "outlet": press.outlet,
                "url": press.url,
                "title": press.title,
                "summary": press.summary,
                "location": place,
            },
        )
        if press.follow_up == FollowUp.NOT_RELEVANT:
            services.set_press_follow_up(operator, item, FollowUp.NOT_RELEVANT)
        elif press.follow_up == FollowUp.REPORT_CREATED:
            # The commune officer follows the item up and opens the report.
            initial = services.report_initial_from_press_item(item)
            services.create_report_from_press_item(
                world.users[f"xa{press.commune + 1}"],
                item,
                {
                    "received_at": initial["received_at"],
                    "what_happened": initial["what_happened"],
                    "classification": "abused",
                    "child_estimated_age": 10,
                    "child_sex": "male",
                    "incident_place": "Trên đường đi học",
                    "current_condition": "Trẻ bị thương nhẹ ở đầu, đã được sơ cứu.",
                    "suspected_person": "Ba thanh niên chưa rõ danh tính",
                    "suspected_relationship": "stranger",
                    "reporter_consent": False,
                },
                location=rng.choice(world.villages[press.commune]),
            )
            reports += 1
    return len(PRESS), reports
