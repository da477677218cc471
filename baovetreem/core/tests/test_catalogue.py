"""The Vietnamese catalogue is compiled and used: message tests mean nothing without it."""

from django.utils import translation


def test_vietnamese_catalogue_is_loaded_and_translates_ui_strings():
    with translation.override("vi"):
        assert translation.gettext("Failed login") == "Đăng nhập thất bại"
        assert translation.gettext("List or search") == "Xem danh sách, tìm kiếm"


def test_english_is_available_and_keeps_the_msgids():
    with translation.override("en"):
        assert translation.gettext("Failed login") == "Failed login"
