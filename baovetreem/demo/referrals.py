"""The demo's service directory, and referrals and legal aid on demo cases (synthetic data).

Agencies are named as such agencies are named in Vietnam ("Trạm Y tế xã …"); their phones,
addresses and contact people are invented. Everything goes through ``referrals.services``, which
checks consent and writes the audit rows. Like a report's time of receipt, a referral's dates
(sent, accepted, completed) are the past ones the services take as ``now``; the audit rows keep
the seeding time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from baovetreem.core.calendar import VIETNAM
from baovetreem.demo.world import DemoWorld, vietnamese_name
from baovetreem.referrals import services
from baovetreem.referrals.models import (
    LegalAidFollowUp,
    LegalRole,
    ProviderKind,
    Referral,
    ReferralStatus,
    ServiceKind,
    ServiceProvider,
)

K = ProviderKind

# (kind, name with {place}, services offered)
COMMUNE_PROVIDERS = [
    (K.HEALTH, "Trạm Y tế xã {place}", "Khám, chữa bệnh ban đầu; tiêm chủng; sơ cứu cho trẻ."),
    (K.EDUCATION, "Trường Tiểu học {place}", "Hỗ trợ học tập, tư vấn học đường."),
    (K.EDUCATION, "Trường THCS {place}", "Hỗ trợ học tập, phòng chống bạo lực học đường."),
    (K.POLICE, "Công an xã {place}", "Bảo đảm an toàn cho trẻ, tiếp nhận tố giác."),
    (
        K.WOMENS_UNION,
        "Hội Liên hiệp Phụ nữ xã {place}",
        "Tư vấn gia đình, kỹ năng làm cha mẹ, hỗ trợ sinh kế.",
    ),
]
PROVINCE_PROVIDERS = [
    (
        K.SOCIAL_ASSISTANCE,
        "Trung tâm Công tác xã hội tỉnh {place}",
        "Quản lý trường hợp, chăm sóc tạm thời, tham vấn cho trẻ và gia đình.",
    ),
    (
        K.LEGAL_AID,
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh {place}",
        "Tư vấn pháp luật, cử trợ giúp viên pháp lý tham gia tố tụng cho trẻ em.",
    ),
    (K.HEALTH, "Bệnh viện Đa khoa tỉnh {place}", "Khám, điều trị, giám định thương tích."),
    (
        K.PSYCHOLOGICAL,
        "Phòng Tham vấn tâm lý trẻ em tỉnh {place}",
        "Tham vấn, trị liệu tâm lý cho trẻ bị xâm hại và gia đình.",
    ),
    (
        K.SHELTER,
        "Cơ sở Bảo trợ xã hội tổng hợp tỉnh {place}",
        "Chăm sóc thay thế tạm thời cho trẻ cần được bảo vệ khẩn cấp.",
    ),
]


def _place(name: str) -> str:
    """The proper name of a unit without its kind ("Xã Ninh Sơn" → "Ninh Sơn")."""
    for prefix in ("Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def has_providers() -> bool:
    return ServiceProvider.objects.exists()


@transaction.atomic
def populate_providers(world: DemoWorld, seed: int) -> int:
    """File the province's agencies (by the administrator) and each commune's (by its officer)."""
    rng = random.Random(seed + 3)
    fake = Faker("vi_VN")
    fake.seed_instance(seed + 3)
    filings = [(world.users["admin"], world.province, PROVINCE_PROVIDERS)] + [
        (world.users[f"xa{index + 1}"], commune, COMMUNE_PROVIDERS)
        for index, commune in enumerate(world.communes)
    ]
    count = 0
    for actor, location, providers in filings:
        place = _place(location.name)
        for kind, name, offered in providers:
            services.add_provider(
                actor,
                {
                    "name": name.format(place=place),
                    "kind": kind,
                    "address": f"Số {rng.randint(1, 250)} đường {fake.last_name()} "
                    f"{fake.first_name()}, {location.name}",
                    "phone": f"0258 3{rng.randint(10**5, 10**6 - 1)}",
                    "contact_person": vietnamese_name(fake, rng),
                    "services": offered,
                },
                location=location,
            )
            count += 1
    return count


# --- referrals of demo cases ----------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """One referral of a plan: the service, the kind of provider, where it ends, its feedback."""

    service: str
    provider_kind: str
    status: str
    feedback: str = ""


S = ReferralStatus
# Named plans a demo case spec refers to (``Spec.referrals``).
PLANS: dict[str, list[Planned]] = {
    "school": [
        Planned(
            ServiceKind.EDUCATION,
            K.EDUCATION,
            S.ACCEPTED,
            "Nhà trường đã phân công giáo viên chủ nhiệm kèm cặp trẻ hai buổi mỗi tuần.",
        ),
        Planned(ServiceKind.PSYCHOLOGICAL, K.PSYCHOLOGICAL, S.SENT),
    ],
    "separation": [
        Planned(
            ServiceKind.HEALTH_CARE,
            K.HEALTH,
            S.COMPLETED,
            "Đã khám, xử lý vết thương phần mềm; trẻ không có tổn thương nặng.",
        ),
        Planned(
            ServiceKind.PSYCHOLOGICAL,
            K.PSYCHOLOGICAL,
            S.ACCEPTED,
            "Đã xếp lịch tham vấn 6 buổi, bắt đầu từ tuần tới.",
        ),
        Planned(ServiceKind.SAFETY, K.POLICE, S.SENT),
    ],
    "abandonment": [
        Planned(
            ServiceKind.SOCIAL_ASSISTANCE,
            K.SOCIAL_ASSISTANCE,
            S.COMPLETED,
            "Đã hướng dẫn gia đình lập hồ sơ trợ cấp xã hội hằng tháng; hồ sơ đã nộp.",
        ),
        Planned(
            ServiceKind.ALTERNATIVE_CARE,
            K.SHELTER,
            S.DECLINED,
            "Trẻ đang được bà ngoại chăm sóc ổn định, chưa cần chăm sóc thay thế tại cơ sở.",
        ),
    ],
    "victim": [
        Planned(
            ServiceKind.PSYCHOLOGICAL,
            K.PSYCHOLOGICAL,
            S.COMPLETED,
            "Hoàn thành 8 buổi tham vấn; trẻ ngủ ngon hơn, đã đi học lại.",
        ),
        Planned(
            ServiceKind.LEGAL_AID,
            K.LEGAL_AID,
            S.ACCEPTED,
            "Đã cử trợ giúp viên pháp lý hỗ trợ trẻ khi làm việc với cơ quan điều tra.",
        ),
    ],
    "closed_mother": [
        Planned(
            ServiceKind.PSYCHOLOGICAL,
            K.SOCIAL_ASSISTANCE,
            S.COMPLETED,
            "Tham vấn cho trẻ và mẹ 5 buổi; mẹ cam kết không dùng bạo lực.",
        ),
        Planned(ServiceKind.HEALTH_CARE, K.HEALTH, S.COMPLETED, "Đã khám sức khỏe tổng quát."),
    ],
    "closed_school": [
        Planned(
            ServiceKind.EDUCATION,
            K.EDUCATION,
            S.COMPLETED,
            "Trẻ được miễn học phí và nhận đủ sách vở năm học mới.",
        ),
        Planned(
            ServiceKind.OTHER,
            K.WOMENS_UNION,
            S.DECLINED,
            "Hội chưa có chương trình sinh kế phù hợp trong năm nay; đề nghị liên hệ lại quý sau.",
        ),
    ],
    "in_conflict": [
        Planned(
            ServiceKind.LEGAL_AID,
            K.LEGAL_AID,
            S.COMPLETED,
            "Trợ giúp viên pháp lý đã tham gia các buổi lấy lời khai và phiên họp xem xét.",
        ),
        Planned(
            ServiceKind.EDUCATION,
            K.EDUCATION,
            S.ACCEPTED,
            "Nhà trường đồng ý nhận trẻ học lại từ học kỳ II.",
        ),
    ],
}

REASONS = {
    ServiceKind.HEALTH_CARE: "Đề nghị khám và điều trị các vết thương, đánh giá sức khỏe của trẻ.",
    ServiceKind.PSYCHOLOGICAL: "Trẻ lo âu, hay giật mình, ít nói: đề nghị tham vấn tâm lý.",
    ServiceKind.LEGAL_AID: "Đề nghị cử người trợ giúp pháp lý cho trẻ trong quá trình tố tụng.",
    ServiceKind.EDUCATION: "Trẻ có nguy cơ bỏ học: đề nghị hỗ trợ học tập và miễn giảm học phí.",
    ServiceKind.SOCIAL_ASSISTANCE: "Gia đình thuộc hộ nghèo: đề nghị hướng dẫn chế độ trợ giúp.",
    ServiceKind.ALTERNATIVE_CARE: "Đề nghị xem xét chăm sóc thay thế tạm thời cho trẻ.",
    ServiceKind.SAFETY: "Đề nghị theo dõi, ngăn người bị nghi ngờ tiếp cận trẻ.",
    ServiceKind.OTHER: "Đề nghị hỗ trợ sinh kế cho gia đình để ổn định cuộc sống của trẻ.",
}


def _provider(case, kind: str, age: int | None = None) -> ServiceProvider:
    """A provider of ``kind`` serving the case's commune, the commune's own first (and the
    lower secondary school for a child of 11 or more)."""
    serving = ServiceProvider.objects.serving(case.scope_path).filter(kind=kind)
    secondary = age is not None and age >= 11
    return max(
        serving,
        key=lambda p: (len(p.scope_path), p.name.startswith("Trường THCS") == secondary, -p.pk),
    )


def refer_during_implementation(
    actor, case, plan: str, start: dt.datetime, end: dt.datetime
) -> list[Referral]:
    """Send the referrals of ``plan`` after the plan is approved (``start``) and record the
    providers' answers before ``end``, with the consent the services require."""
    referrals = []
    span = end - start
    for number, planned in enumerate(PLANS[plan]):
        sent_at = start + span * (number + 1) / 10
        age = services.child_age_on(case, timezone.localtime(sent_at, VIETNAM).date())
        child_agrees = services.child_consent_required(age)
        note = (
            "Người chăm sóc và trẻ đều đồng ý, đã ký phiếu đồng ý."
            if child_agrees
            else "Trẻ dưới 7 tuổi: người chăm sóc đồng ý, đã ký vào phiếu đồng ý."
        )
        referral = services.refer(
            actor,
            case,
            _provider(case, planned.provider_kind, age),
            {
                "service_kind": planned.service,
                "reason": REASONS[planned.service],
                "consent_carer": True,
                "consent_child": child_agrees,
                "consent_note": note,
            },
            now=sent_at,
        )
        answered_at = start + span * (number + 4) / 10
        if planned.status == S.DECLINED:
            referral = services.set_status(
                actor, referral, S.DECLINED, planned.feedback, now=answered_at
            )
        elif planned.status in {S.ACCEPTED, S.COMPLETED}:
            accepted = planned.feedback if planned.status == S.ACCEPTED else ""
            referral = services.set_status(actor, referral, S.ACCEPTED, accepted, now=answered_at)
        if planned.status == S.COMPLETED:
            referral = services.set_status(
                actor,
                referral,
                S.COMPLETED,
                planned.feedback,
                now=start + span * (number + 7) / 10,
            )
        referrals.append(referral)
    return referrals


def open_demo_legal_aid(actor, case, start: dt.datetime, rng: random.Random) -> LegalAidFollowUp:
    """The legal-aid follow-up of the demo child in conflict with the law: a lawyer of the
    province's centre, a hearing held and one to come."""
    fake = Faker("vi_VN")
    fake.seed_instance(rng.randint(0, 10**6))
    started_on = timezone.localtime(start, VIETNAM).date()
    follow_up = services.open_legal_aid(
        actor,
        case,
        {
            "child_role": LegalRole.IN_CONFLICT,
            "provider": _provider(case, K.LEGAL_AID),
            "lawyer_name": f"Trợ giúp viên pháp lý {vietnamese_name(fake, rng)}",
            "started_on": started_on,
            "notes": "Trẻ 15 tuổi, lần đầu vi phạm; gia đình hợp tác.",
        },
    )
    today = timezone.localdate()
    services.add_hearing(
        actor,
        follow_up,
        {
            "held_on": min(started_on + dt.timedelta(days=5), today),
            "place": "Công an tỉnh — Phòng Cảnh sát hình sự",
            "purpose": "Lấy lời khai có người đại diện và trợ giúp viên pháp lý",
            "result": "Trẻ khai nhận, được giải thích quyền của người dưới 18 tuổi.",
        },
    )
    services.add_hearing(
        actor,
        follow_up,
        {
            "held_on": today + dt.timedelta(days=12),
            "place": "Tòa án nhân dân khu vực",
            "purpose": "Phiên họp xem xét áp dụng biện pháp giáo dục tại xã, phường",
        },
    )
    return follow_up
