"""A messy village register written for the tests, as commune officers keep them: title rows,
their own header wordings, ethnic groups spelled every way, dates as Excel serial numbers in
text cells, year-only and month/year dates, a bad card number, a control character in a name,
a carer column. Synthetic people only.

``data/messy_register.xls`` holds the same sheet as an old Excel file; it was written once with
``make_messy_register_xls.py`` beside this module (xlwt, not a dependency of the project).
"""

import datetime as dt

TITLE_ROWS = [
    ["UBND XÃ AN BÌNH"],
    ["SỔ THEO DÕI TRẺ EM NĂM 2026"],
    [],
]
HEADER = [
    "STT",
    "Thôn/Tổ",
    "Họ và tên trẻ em",
    "Ngày, tháng, năm sinh",
    "Giới tính",
    "Dân tộc",
    "Số định danh",
    "Cha/mẹ hoặc người chăm sóc",
    "Số thẻ BHYT",
    "Ghi chú",
]
HEADER_ROW = 4
ROWS = [
    # row 5: a card number with spaces, "Ê Đê", an ID number
    [1, "T01", "Nguyễn Văn Nam", "05/03/2019", "Nam", "Ê Đê", "056219000123",
     "Nguyễn Thị Hương", "TE1 79 0123456789", ""],
    # row 6: the date as an Excel serial number typed in a text cell
    [2, "Thôn Một", "H Mai Byă", "43525", "Nữ", "Ede", "", "", "", ""],
    # row 7: the year alone
    [3, "t02", "Phạm Minh Khôi", "2018", "nam", "H'Mông", "", "Phạm Văn Tú", "", ""],
    # row 8: month and year; the older name of the group
    [4, "T02", "Lò Thị Sen", "3/2020", "Nữ", "Mèo", "", "", "", ""],
    # row 9: a card number that is not one
    [5, "T01", "Đinh Văn Ba", "01/06/2017", "Nam", "Bahnar", "", "", "TE123", ""],
    # row 10: a control character inside the name
    [6, "T01", "Trần Thị\x07Lan", "02/02/2020", "Nữ", "Kinh", "", "", "", ""],
    # row 11: an ethnic group that is none of the 54
    [7, "T01", "Hoàng Văn Đức", "10/10/2016", "Nam", "Khmé", "", "", "", ""],
    # row 12: a letter O typed for a zero in the ID number
    [8, "T02", "Vi Văn Cường", "15/08/2019", "Nam", "Tày", "05621900O123", "", "", ""],
    # row 13: a "name" without letters
    [9, "T01", "12345", "01/01/2020", "Nam", "Kinh", "", "", "", ""],
    # row 14: the newer spelling, a carer, notes
    [10, "T02", "Lý Thị Mỹ", "12/12/2021", "Nữ", "Khmer", "", "Lý Thị Bà",
     "", "Bà ngoại chăm sóc"],
    # row 15: a real date cell (a text date in the CSV file)
    [11, "T01", "Nông Văn Hải", dt.datetime(2022, 4, 30), "Nam", "Nùng", "", "", "", ""],
    # row 16: likely the same child as Nguyễn Văn An (born 04/05/2019 in Thôn Một)
    [12, "T02", "Nguyễn Văn An", "05/05/2019", "Nam", "Kinh", "", "", "", ""],
    # row 17: a namesake of a child of another commune, which xa1 may not see
    [13, "T01", "Phạm Văn Bình", "20/01/2018", "Nam", "Kinh", "", "", "", ""],
]  # fmt: skip
