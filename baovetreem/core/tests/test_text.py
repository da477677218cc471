import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from baovetreem.core.text import clean_text, normalize_name


def test_normalize_name_strips_marks_and_d_bar():
    assert normalize_name("  Nguyễn   Văn  ĐỨC ") == "nguyen van duc"
    assert normalize_name("Dũng") == normalize_name("Dụng") == "dung"


def test_normalize_name_same_for_composed_and_decomposed_input():
    name = "Trần Thị Ánh Tuyết"
    assert normalize_name(unicodedata.normalize("NFD", name)) == normalize_name(name)


def test_clean_text_composes_and_collapses_spaces():
    assert clean_text(unicodedata.normalize("NFD", " Lê  Thị\tHoa ")) == "Lê Thị Hoa"


vietnamese_letters = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
    "ùúủũụừứửữựỳýỷỹỵĐÀÁÂÊÔƠƯ \t",
    max_size=40,
)


@given(vietnamese_letters)
def test_normalize_name_is_idempotent_and_ascii(text):
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert once.isascii()
    assert "  " not in once and once == once.strip()


@given(vietnamese_letters)
def test_normalize_name_ignores_unicode_form(text):
    assert normalize_name(unicodedata.normalize("NFD", text)) == normalize_name(
        unicodedata.normalize("NFC", text)
    )
