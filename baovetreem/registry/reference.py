"""Reference lists that the law fixes: ethnic groups (GSO codes), ID-number province codes."""

# The 54 ethnic groups of Viet Nam with the statistics office's codes (Quyết định 121-TCTK/PPCĐ).
ETHNIC_GROUPS: list[tuple[str, str]] = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khơ-me"),
    ("06", "Mường"), ("07", "Nùng"), ("08", "Hmông"), ("09", "Dao"), ("10", "Gia-rai"),
    ("11", "Ngái"), ("12", "Ê-đê"), ("13", "Ba-na"), ("14", "Xơ-đăng"), ("15", "Sán Chay"),
    ("16", "Cơ-ho"), ("17", "Chăm"), ("18", "Sán Dìu"), ("19", "Hrê"), ("20", "Mnông"),
    ("21", "Ra-glai"), ("22", "Xtiêng"), ("23", "Bru-Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"),
    ("26", "Cơ-tu"), ("27", "Gié-Triêng"), ("28", "Mạ"), ("29", "Khơ-mú"), ("30", "Co"),
    ("31", "Tà-ôi"), ("32", "Chơ-ro"), ("33", "Kháng"), ("34", "Xinh-mun"), ("35", "Hà Nhì"),
    ("36", "Chu-ru"), ("37", "Lào"), ("38", "La Chí"), ("39", "La Ha"), ("40", "Phù Lá"),
    ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"), ("44", "Chứt"), ("45", "Mảng"),
    ("46", "Pà Thẻn"), ("47", "Cơ Lao"), ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"),
    ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ-đu"), ("54", "Rơ-măm"),
]  # fmt: skip
ETHNIC_GROUP_NAMES = dict(ETHNIC_GROUPS)
KINH = "01"

# First three digits of the 12-digit personal ID: the province of birth registration, by the
# pre-2025 province codes (Nghị định 137/2015/NĐ-CP, kept for IDs issued before the 2025 merger).
ID_PROVINCE_CODES = frozenset(
    f"{code:03d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35,
        36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70,
        72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)  # fmt: skip

# The 4th digit encodes century of birth and sex: 0/1 = 20th century male/female,
# 2/3 = 21st century, 4/5 = 22nd... (Nghị định 137/2015 Đ.7; Thông tư 59/2021/TT-BCA).
CENTURY_BASE = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200}

# How people write the ethnic groups in village registers, beside the official names above:
# the older official spellings (Hmông/Mèo, Khơ-me), the newer ones of the statistics office
# (Mông, Khmer, Ê Đê, Gia Rai…), names in the groups' own languages or in Latin letters
# (Ede, Bahnar, Jrai, Koho), and other names still in use. Spelling variants (hyphens,
# apostrophes, joined or split words, diacritics, case) need no entry: ``registry.ethnicity``
# compares names with all of those taken out.
ETHNIC_ALIASES: dict[str, tuple[str, ...]] = {
    "01": ("Việt", "Kinh (Việt)", "Người Kinh"),
    "02": ("Tày",),
    "03": ("Thái đen", "Thái trắng", "Tai"),
    "04": ("Hán", "Người Hoa", "Hoa kiều"),
    "05": ("Khmer", "Khơ Me", "Khơ-mer", "Khmer Krom"),
    "06": ("Mương",),
    "07": ("Nùng",),
    "08": ("Mông", "H'Mông", "Hmong", "Mèo", "Miao"),
    "09": ("Mán", "Dao đỏ", "Yao"),
    "10": ("Jrai", "Jarai", "Giơ-rai", "Chơ-rai"),
    "11": ("Ngái",),
    "12": ("Ede", "Êđê", "Rađê", "Rhade", "Ê Đê"),
    "13": ("Bahnar", "Ba Na", "Bana"),
    "14": ("Sedang", "Xơ Teng", "Hđang"),
    "15": ("Cao Lan", "Sán Chỉ"),
    "16": ("K'Ho", "Koho", "Kơ Ho", "Cơ Ho"),
    "17": ("Chàm", "Cham"),
    "18": ("Trại", "San Deo"),
    "19": ("H're", "Chăm Rê"),
    "20": ("M'Nông", "Mơ Nông", "Mnong"),
    "21": ("Raglay", "Ra Glai", "Ra Glây", "Rắc Lây"),
    "22": ("Stiêng", "X'tiêng", "Stieng"),
    "23": ("Bru", "Vân Kiều", "Bru Vân Kiều"),
    "24": ("Thổ",),
    "25": ("Nhắng", "Dẩng"),
    "26": ("Katu", "Ca Tu", "Cơ Tu"),
    "27": ("Giẻ Triêng", "Giẻ", "Triêng", "Ve"),
    "28": ("Mạ",),
    "29": ("Khmu", "Khơ Mú", "Xá Cẩu"),
    "30": ("Cor", "Col"),
    "31": ("Tà Ôi", "Pa Cô", "Ta Oi"),
    "32": ("Châu Ro",),
    "33": ("Kháng",),
    "34": ("Xinh Mun", "Puộc"),
    "35": ("U Ni", "Hà Nhì Già"),
    "36": ("Chu Ru",),
    "37": ("Lào",),
    "38": ("La Chí",),
    "39": ("La Ha",),
    "40": ("Phù Lá",),
    "41": ("La Hủ",),
    "42": ("Lự",),
    "43": ("Lô Lô",),
    "44": ("Chứt",),
    "45": ("Mảng",),
    "46": ("Pà Hưng",),
    "47": ("Cờ Lao",),
    "48": ("Cống",),
    "49": ("Bố Y", "Chủng Chá"),
    "50": ("Si La",),
    "51": ("Pu Péo",),
    "52": ("Brâu",),
    "53": ("Ơ Đu", "Tày Hạt"),
    "54": ("Rơ Măm",),
}
