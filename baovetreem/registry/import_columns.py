"""The columns of the village register (sổ theo dõi trẻ em) as the import reads them: our
heading, and the wordings officers use for it in their own sheets."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from baovetreem.core.tabular import Column

ID_LABEL = "Mã trẻ trong hệ thống"
VERSION_LABEL = "Phiên bản hồ sơ"
VILLAGE_LABEL = "Thôn"
COMMUNE_LABEL = "Mã xã"
NAME_LABEL = "Họ và tên"
BORN_LABEL = "Ngày sinh"
SEX_LABEL = "Giới tính"
ETHNIC_LABEL = "Dân tộc"
PERSONAL_ID_LABEL = "Số định danh cá nhân"
FATHER_LABEL = "Họ tên cha"
MOTHER_LABEL = "Họ tên mẹ"
CARER_LABEL = "Người chăm sóc"
HEAD_LABEL = "Chủ hộ"
REGISTERED_LABEL = "Ngày đăng ký khai sinh"
CARD_LABEL = "Số thẻ BHYT"
CARD_UNTIL_LABEL = "Hạn thẻ BHYT"
GROUPS_LABEL = "Nhóm HCĐB"
RISK_LABEL = "Nguy cơ"
NOTES_LABEL = "Ghi chú"

# Headings compare without case, diacritics or punctuation (``core.tabular.header_key``):
# "HỌ VÀ TÊN TRẺ EM", "Họ và tên trẻ em (*)" and "Ho va ten tre em" are one wording.
# New columns go before the notes: exported sheets keep the older columns where they were.
COLUMNS = [
    Column("child_id", ID_LABEL, ("ma tre", "ma he thong", "child id"), required=False),
    Column("commune_code", COMMUNE_LABEL, ("ma xa/phuong", "ma don vi", "commune code"),
           required=False),
    Column("village", VILLAGE_LABEL, ("thon/to", "mã thôn", "ten thon", "thon, to dan pho",
                                      "thon/ban", "thon, ban", "thon xom", "village")),
    Column("full_name", NAME_LABEL,
           ("ho ten", "ho va ten tre", "ho ten tre em", "ten tre", "name", "ho ten tre",
            "ho va ten tre em", "ho va ten cua tre", "ho ten cua tre", "ten tre em",
            "ho va ten tre em (*)", "ten")),
    Column("date_of_birth", BORN_LABEL, ("ngay thang nam sinh", "ngay, thang, nam sinh", "dob",
                                         "ngay sinh cua tre", "sinh ngay", "nam sinh")),
    Column("sex", SEX_LABEL, ("gioi", "nam/nu", "sex", "gioi tinh (nam/nu)")),
    Column("ethnicity", ETHNIC_LABEL, ("dan toc", "ethnicity", "dan toc (ghi ro)"),
           required=False),
    Column("personal_id", PERSONAL_ID_LABEL,
           ("so dinh danh", "ma dinh danh", "cccd", "so cccd", "personal id",
            "so dinh danh ca nhan cua tre", "ma so dinh danh"), required=False),
    Column("father_name", FATHER_LABEL, ("ho va ten cha", "cha", "father", "ho ten bo", "bo"),
           required=False),
    Column("mother_name", MOTHER_LABEL, ("ho va ten me", "me", "mother"), required=False),
    Column("head_name", HEAD_LABEL, ("ho ten chu ho", "ten chu ho", "household head"),
           required=False),
    Column("birth_registered_on", REGISTERED_LABEL,
           ("ngay dang ky khai sinh", "ngay khai sinh", "dang ky khai sinh"), required=False),
    Column("insurance_number", CARD_LABEL, ("so the bao hiem y te", "the bhyt", "bhyt",
                                            "ma the bhyt", "ma so the bhyt"), required=False),
    Column("insurance_valid_until", CARD_UNTIL_LABEL, ("han the", "the bhyt co gia tri den"),
           required=False),
    Column("groups", GROUPS_LABEL, ("nhom hoan canh dac biet", "hcdb", "nhom"), required=False),
    Column("at_risk", RISK_LABEL, ("nguy co roi vao hcdb", "nhom nguy co"), required=False),
    Column("carer_name", CARER_LABEL,
           ("nguoi cham soc", "ho ten nguoi cham soc", "ho va ten nguoi cham soc",
            "ho ten cha/me", "ho va ten cha/me", "cha/me", "cha me hoac nguoi cham soc",
            "ho ten cha me hoac nguoi cham soc", "cha, me hoac nguoi cham soc",
            "nguoi nuoi duong", "ho ten nguoi nuoi duong", "nguoi giam ho",
            "ho ten bo/me", "bo/me", "carer"), required=False),
    Column("notes", NOTES_LABEL, ("ghi chu", "notes"), required=False),
    Column("version", VERSION_LABEL, ("phien ban", "version"), required=False),
]  # fmt: skip

SEX_WORDS = {"nam": "male", "trai": "male", "m": "male", "male": "male", "nu": "female",
             "gai": "female", "f": "female", "female": "female"}  # fmt: skip

NOT_IN_SCOPE = gettext_lazy(
    "No child with this system id is in the register of your area. "
    "Leave the id empty to add a new child."
)
CHANGED_SINCE_EXPORT = gettext_lazy(
    "This child's record was changed after the file was exported. "
    "Export the register again and make the corrections in the new file."
)
