"""Synthetic demo cases (never real people), walked through the workflow with the real services
so that their history, deadlines and audit rows are what the application would have written.

Each case is received some hours or days before ``now`` (``receive_report`` takes a past time of
receipt, so its 12-hour and 5-working-day deadlines are computed from then) and each step is
taken with a ``now`` between receipt and today. The steps' own timestamps (``CaseTransition.at``,
audit rows) are the seeding time: history is never back-dated.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from faker import Faker

from baovetreem.accounts.models import User
from baovetreem.accounts.services import provision_user
from baovetreem.cases import services
from baovetreem.cases.models import AssignmentRole, Case, CaseState
from baovetreem.demo.hotline import receive_by_hotline
from baovetreem.demo.referrals import open_demo_legal_aid, refer_during_implementation
from baovetreem.demo.world import DEMO_PASSWORD, DemoWorld, vietnamese_name
from baovetreem.registry.models import Child

S = CaseState

# The commune chair's delegate approves plans and closes cases (case_supervisor), one a commune.
SUPERVISOR_USERNAME = "giamsat{n}"


@dataclass(frozen=True)
class Spec:
    """One demo case: where it ends, how long ago it was received, where and how."""

    state: str
    age_hours: int
    commune: int
    channel: str
    suspect: str = "relative"
    classification: str = "abused"
    linked: bool = False
    emergency: bool = False
    separation: bool = False
    replanned: bool = False
    # The referral plan (demo.referrals.PLANS) sent once the support plan is approved.
    referrals: str = ""
    legal_aid: bool = False
    child_age: int | None = None
    story: str = ""


HOTLINE = "hotline_111"
# 27 cases over every state. Those before plan approval and received more than 5 working days
# ago are overdue; a father or mother suspected and no intervention after 12 hours is too.
SPECS = [
    Spec(S.RECEIVED, 3, 0, HOTLINE),
    Spec(S.RECEIVED, 30, 1, HOTLINE, suspect="father"),
    Spec(S.RECEIVED, 240, 2, "collaborator", classification="at_risk_violence"),
    Spec(S.RECEIVED, 6, 3, "in_person", linked=True, classification="abandonment"),
    Spec(S.VERIFIED, 20, 0, HOTLINE, suspect="neighbour"),
    Spec(S.VERIFIED, 216, 1, "school", suspect="teacher"),
    Spec(S.INITIAL_ASSESSMENT, 48, 0, "phone", linked=True),
    Spec(S.INITIAL_ASSESSMENT, 20, 2, HOTLINE, suspect="mother", emergency=True),
    Spec(S.INITIAL_ASSESSMENT, 288, 3, "police", classification="exploitation"),
    Spec(S.EMERGENCY, 26, 0, HOTLINE, suspect="father", emergency=True, separation=True),
    Spec(S.EMERGENCY, 192, 1, "health", suspect="stranger", emergency=True),
    Spec(S.DETAILED_ASSESSMENT, 72, 0, "in_person", linked=True),
    Spec(S.DETAILED_ASSESSMENT, 360, 2, HOTLINE, classification="at_risk_violence"),
    Spec(S.DETAILED_ASSESSMENT, 50, 3, "school", suspect="relative"),
    Spec(S.PLANNING, 96, 1, "phone", classification="special_circumstance"),
    Spec(S.PLANNING, 480, 0, "collaborator", linked=True, suspect="unknown"),
    Spec(S.PLANNING, 1440, 2, HOTLINE, replanned=True),
    Spec(S.RETURNED, 144, 3, "phone", classification="at_risk_violence"),
    Spec(S.APPROVED, 240, 0, "in_person", suspect="neighbour"),
    Spec(S.APPROVED, 336, 3, HOTLINE, classification="exploitation"),
    Spec(S.IMPLEMENTING, 720, 1, "school", linked=True, referrals="school"),
    Spec(
        S.IMPLEMENTING,
        1080,
        0,
        HOTLINE,
        suspect="father",
        emergency=True,
        separation=True,
        referrals="separation",
    ),
    Spec(
        S.IMPLEMENTING,
        900,
        2,
        "police",
        suspect="unknown",
        classification="special_circumstance",
        referrals="in_conflict",
        legal_aid=True,
        child_age=15,
        story="Trẻ 15 tuổi cùng nhóm bạn lấy trộm xe máy, bị Công an tạm giữ rồi giao cho gia "
        "đình; trẻ đã bỏ học, cha mẹ đi làm ăn xa. Trẻ cần trợ giúp pháp lý.",
    ),
    Spec(S.REVIEW, 1680, 2, "phone", classification="abandonment", referrals="abandonment"),
    Spec(S.REVIEW, 2160, 3, "police", suspect="stranger", referrals="victim"),
    Spec(S.CLOSED, 2880, 0, HOTLINE, suspect="mother", referrals="closed_mother"),
    Spec(S.CLOSED, 2400, 1, "in_person", linked=True, referrals="closed_school"),
]

WHAT_HAPPENED = {
    "abused": [
        "Hàng xóm nghe tiếng trẻ khóc, la hét nhiều lần vào buổi tối; trẻ có vết bầm ở tay.",
        "Giáo viên thấy trẻ có vết thương ở lưng, trẻ nói bị đánh bằng roi.",
        "Trẻ bị người quen sàm sỡ khi đi học về, trẻ sợ hãi không muốn ra khỏi nhà.",
    ],
    "at_risk_violence": [
        "Cha thường xuyên uống rượu, đập phá đồ đạc và đe dọa vợ con.",
        "Trẻ bị bạn cùng lớp bắt nạt, đe dọa trên mạng xã hội.",
    ],
    "exploitation": [
        "Trẻ 14 tuổi phải bán vé số đến khuya, bị người quản lý giữ tiền.",
        "Trẻ nghỉ học để làm thuê ở xưởng, làm việc hơn 10 giờ mỗi ngày.",
    ],
    "abandonment": [
        "Người dân phát hiện trẻ sơ sinh bị bỏ lại trước cổng trạm y tế.",
        "Cha mẹ đi làm ăn xa, trẻ ở một mình, không ai chăm sóc nhiều ngày.",
    ],
    "special_circumstance": [
        "Trẻ mồ côi cha, mẹ bệnh nặng không có khả năng nuôi con, gia đình thuộc hộ nghèo.",
    ],
}
SUSPECTS = {
    "father": "Cha đẻ của trẻ",
    "mother": "Mẹ đẻ của trẻ",
    "relative": "Người họ hàng",
    "teacher": "Giáo viên",
    "neighbour": "Hàng xóm",
    "stranger": "Người lạ",
    "unknown": "",
}


def _steps(spec: Spec) -> list[str]:
    """The states the case goes through after receipt, up to ``spec.state``."""
    path = [S.VERIFIED, S.INITIAL_ASSESSMENT]
    if spec.emergency:
        path.append(S.EMERGENCY)
    path += [S.DETAILED_ASSESSMENT, S.PLANNING, S.APPROVED, S.IMPLEMENTING, S.REVIEW]
    if spec.replanned:
        path.append(S.PLANNING)
    else:
        path.append(S.CLOSED)
    if spec.state == S.RECEIVED:
        return []
    if spec.state == S.RETURNED:  # the supervisor sent the plan back for revision
        return path[: path.index(S.PLANNING) + 1] + [S.RETURNED]
    if spec.replanned:
        return path
    return path[: path.index(spec.state) + 1]


def _step_data(spec: Spec, state: str, at: dt.datetime, rng: random.Random, review: int) -> dict:
    day = at.date()
    if state == S.VERIFIED:
        return {
            "findings": "Cán bộ đã đến nhà, gặp trẻ và người chăm sóc; thông tin là đúng.",
            "child_safe": not spec.emergency,
        }
    if state == S.INITIAL_ASSESSMENT:
        return {
            "harm": "Trẻ bị tổn hại về thể chất và tinh thần.",
            "perpetrator_access": "Người bị nghi ngờ vẫn có thể tiếp xúc với trẻ."
            if spec.emergency
            else "Người bị nghi ngờ không còn tiếp xúc với trẻ.",
            "care_environment": "Bà nội có thể chăm sóc và bảo vệ trẻ.",
            "risk_level": "high" if spec.emergency else rng.choice(["medium", "low"]),
            "conclusion": "emergency" if spec.emergency else "non_emergency",
        }
    if state == S.EMERGENCY:
        data = {
            "measures": "Đưa trẻ đến trạm y tế xã kiểm tra, báo công an xã.",
            "temporary_separation": spec.separation,
        }
        if spec.separation:
            data |= {"separation_days": 10, "placed_with": "Nhà bà ngoại của trẻ"}
        return data
    if state == S.DETAILED_ASSESSMENT:
        return {
            "findings": "Trẻ lo âu, kết quả học tập giảm; gia đình khó khăn về kinh tế.",
            "needs": "Tư vấn tâm lý cho trẻ, hỗ trợ học tập, tư vấn kỹ năng làm cha mẹ.",
            "meeting_on": day,
            "risk_level": "medium",
        }
    if state == S.PLANNING:
        return {
            "goals": "Trẻ được an toàn, ổn định tâm lý và đi học đều.",
            "services": [
                {
                    "service": "Tư vấn tâm lý",
                    "provider": "Trạm y tế xã",
                    "starts_on": day + dt.timedelta(days=7),
                    "ends_on": day + dt.timedelta(days=49),
                    "cost_vnd": 1_500_000,
                },
                {
                    "service": "Hỗ trợ học tập",
                    "provider": "Trường tiểu học",
                    "starts_on": day + dt.timedelta(days=7),
                    "ends_on": None,
                    "cost_vnd": None,  # the school has not costed it yet: left to fill
                },
            ],
            "review_on": day + dt.timedelta(days=60),
        }
    if state == S.RETURNED:
        return {
            "reason": "Kế hoạch chưa ghi dự toán kinh phí hỗ trợ học tập; bổ sung rồi trình lại."
        }
    if state == S.APPROVED:
        return {"decision_number": f"{rng.randint(10, 99)}/QĐ-UBND", "decided_on": day}
    if state == S.IMPLEMENTING:
        return {"started_on": day}
    if state == S.REVIEW:
        # A replanned case's review still rates a factor high: it goes back to planning.
        high = spec.replanned and review == 0
        return {
            "harm_level": "high" if high else "low",
            "perpetrator_access": "medium" if high else "low",
            "care_obstacles": "medium",
            "summary": "Trẻ còn nguy cơ, cần kế hoạch mới."
            if high
            else "Trẻ đã ổn định, đi học đều, gia đình hợp tác.",
        }
    return {"reason": "Không còn nguy cơ, trẻ ổn định và được chăm sóc tốt."}


def supervisor_usernames(world: DemoWorld) -> list[str]:
    """The demo supervisors who exist (created with the demo cases)."""
    names = [SUPERVISOR_USERNAME.format(n=n + 1) for n in range(len(world.communes))]
    return list(
        User.objects.filter(username__in=names)
        .order_by("username")
        .values_list("username", flat=True)
    )


def _supervisors(world: DemoWorld) -> list:
    return [
        provision_user(
            username=SUPERVISOR_USERNAME.format(n=index + 1),
            password=DEMO_PASSWORD,
            role_code="case_supervisor",
            location=commune,
            full_name=f"Giám sát {commune.name}",
        )
        for index, commune in enumerate(world.communes)
    ]


def _report(spec: Spec, world: DemoWorld, received_at, rng, fake, children) -> tuple[dict, object]:
    """The Mẫu 01 data of a demo report, and the village where the child is."""
    data = {
        "received_at": received_at,
        "channel": spec.channel,
        "classification": spec.classification,
        "incident_place": rng.choice(["Tại nhà", "Trên đường đi học", "Tại trường", "Ngoài chợ"]),
        "what_happened": spec.story or rng.choice(WHAT_HAPPENED[spec.classification]),
        "current_condition": "Trẻ sợ hãi, ít nói.",
        "father_name": f"{fake.last_name()} Văn {fake.first_name_male()}",
        "mother_name": f"{fake.last_name()} Thị {fake.first_name_female()}",
        "current_carer": "Mẹ của trẻ" if spec.suspect != "mother" else "Bà nội của trẻ",
        "suspected_person": SUSPECTS[spec.suspect],
        "suspected_relationship": spec.suspect,
        "reporter_consent": rng.random() < 0.6,
        # Dropped by the service when the reporter did not agree to give them.
        "reporter_name": vietnamese_name(fake, rng),
        "reporter_phone": f"09{rng.randint(10**7, 10**8 - 1)}",
    }
    born_before = received_at.date() - dt.timedelta(days=365)
    candidates = [c for c in children[spec.commune] if c.date_of_birth < born_before]
    if spec.linked and candidates:
        child = rng.choice(candidates)
        data |= {
            "child": child,
            "child_name": child.full_name,
            "child_date_of_birth": child.date_of_birth,
            "child_sex": child.sex,
        }
        return data, child.village
    sex = rng.choice(["male", "female", "unknown"])
    if spec.child_age is not None:
        sex = "male"  # the child of a named story
    name = "" if sex == "unknown" else vietnamese_name(fake, rng)
    age = rng.randint(2, 15)
    data |= {"child_name": name, "child_estimated_age": spec.child_age or age, "child_sex": sex}
    return data, rng.choice(world.villages[spec.commune])


@transaction.atomic
def populate_cases(world: DemoWorld, seed: int, now: dt.datetime) -> int:
    """Receive the demo reports and walk their cases to their states; returns how many."""
    rng = random.Random(seed + 2)
    fake = Faker("vi_VN")
    fake.seed_instance(seed + 2)
    call_rng = random.Random(seed + 6)
    supervisors = _supervisors(world)
    officers = [world.users[f"xa{index + 1}"] for index in range(len(world.communes))]
    children = {
        index: list(
            Child.objects.filter(village__in=villages)
            .select_related("village")
            .order_by("pk")[:200]
        )
        for index, villages in world.villages.items()
    }
    # Oldest first, so that case numbers follow the order of receipt.
    for spec in sorted(SPECS, key=lambda s: -s.age_hours):
        officer, supervisor = officers[spec.commune], supervisors[spec.commune]
        intake = world.users["tongdai"] if spec.channel == HOTLINE else officer
        received_at = now - dt.timedelta(hours=spec.age_hours, minutes=rng.randint(0, 50))
        data, village = _report(spec, world, received_at, rng, fake, children)
        if spec.channel == HOTLINE:
            case = receive_by_hotline(intake, data, village, call_rng, now)
        else:
            case = services.receive_report(intake, data, location=village, now=now)
        services.assign(officer, case, supervisor, AssignmentRole.SUPERVISOR)
        if spec.commune == 0 and spec.state != S.RECEIVED:
            services.assign(officer, case, world.users["canbo"], AssignmentRole.WORKER)
        steps = _steps(spec)
        times = [
            _step_time(spec, received_at, now, number, len(steps))
            for number in range(1, len(steps) + 1)
        ]
        reviews = 0
        for number, (state, at) in enumerate(zip(steps, times, strict=True), start=1):
            actor = supervisor if state in {S.APPROVED, S.RETURNED, S.CLOSED} else officer
            case = services.transition(
                actor,
                case,
                state,
                _step_data(spec, state, at, rng, reviews),
                case.version,
                now=at,
            )
            reviews += state == S.REVIEW
            if state == S.IMPLEMENTING and spec.referrals:
                # Referrals go out once the plan is approved, and are answered before the next
                # step (or now): a closed case can refer no more.
                approved_at = times[number - 2]
                until = times[number] if number < len(steps) else now
                refer_during_implementation(officer, case, spec.referrals, approved_at, until)
                if spec.legal_aid:
                    open_demo_legal_aid(officer, case, approved_at, rng)
    return len(SPECS)


def _step_time(
    spec: Spec, received_at: dt.datetime, now: dt.datetime, number: int, steps: int
) -> dt.datetime:
    """When the ``number``-th step after receipt is taken."""
    if spec.emergency and number <= 3:
        # Verification, assessment and intervention within the 12 hours of the law.
        return received_at + dt.timedelta(hours=3 * number)
    # The other steps spread between receipt and an hour ago.
    return received_at + (now - dt.timedelta(hours=1) - received_at) * number / steps


def has_cases() -> bool:
    return Case.objects.exists()


def raise_alerts(now: dt.datetime) -> int:
    """Run the deadline scan once, so the demo shows its alerts (0 where there is no scan)."""
    try:
        from baovetreem.cases.deadlines import scan_deadlines
    except ImportError:  # the scan is not part of this version
        return 0
    return scan_deadlines(now)
