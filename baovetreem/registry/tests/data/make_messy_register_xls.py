"""Write ``messy_register.xls`` from ``messy_register.ROWS`` (run once, by hand).

    python -m venv /tmp/xlwt && /tmp/xlwt/bin/pip install xlwt
    PYTHONPATH=. /tmp/xlwt/bin/python baovetreem/registry/tests/data/make_messy_register_xls.py

xlwt is unmaintained and is no dependency of the project: the app reads .xls with xlrd.
"""

import datetime as dt
import importlib.util
from pathlib import Path

import xlwt

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("messy", HERE.parent / "messy_register.py")
messy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(messy)

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("So theo doi")
date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
for r, row in enumerate([*messy.TITLE_ROWS, messy.HEADER, *messy.ROWS]):
    for c, value in enumerate(row):
        if isinstance(value, dt.datetime):
            sheet.write(r, c, value, date_style)
        elif value not in ("", None):
            sheet.write(r, c, value)
book.save(str(HERE / "messy_register.xls"))
