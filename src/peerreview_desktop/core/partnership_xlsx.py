"""Writing the partnership sheets as an .xlsx workbook with openpyxl (streaming, write-only mode: tens of thousands
of rows in a few seconds): a coloured header row, frozen panes, an auto filter on every sheet, dates as dates, grade
cells filled in the scale's colour with readable text on top, and text that can never be taken for a formula."""

from __future__ import annotations

import functools
from copy import copy
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .partnership_export import Graded, Sheet

HEADER_FILL = PatternFill("solid", fgColor="FF1F4E79")
HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFFFF")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="FFFFFFFF")
GRADE_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "dd/mm/yyyy"


def _lum(hex6: str) -> float:
    def ch(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex6[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


@functools.cache
def grade_style(colour: str) -> tuple[PatternFill, Font]:
    hex6 = colour.lstrip("#").upper()
    if len(hex6) != 6 or any(c not in "0123456789ABCDEF" for c in hex6):
        hex6 = "9E9E9E"
    lum = _lum(hex6)
    white = 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.055
    return PatternFill("solid", fgColor="FF" + hex6), Font(name="Calibri", bold=True,
                                                          color="FFFFFFFF" if white else "FF111111")


def _text(v: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", v)


def write_xlsx(path: Path, data: list[Sheet]) -> None:
    _STYLES.clear()  # style indexes belong to one workbook
    wb = Workbook(write_only=True)
    for sh in data:
        ws = wb.create_sheet(_title(sh.name))
        ncols = len(sh.columns)
        for i, (_name, width) in enumerate(sh.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "B2" if sh.name.startswith("Heat map") else "A2"
        last = get_column_letter(ncols)
        ws.auto_filter.ref = f"A1:{last}{max(2, len(sh.rows) + 1)}"
        header = []
        for name, _w in sh.columns:
            c = WriteOnlyCell(ws, _text(name))
            c.fill, c.font, c.alignment = HEADER_FILL, HEADER_FONT, HEADER_ALIGN
            header.append(c)
        ws.append(header)
        wide = {i for i, (_n, w) in enumerate(sh.columns) if sh.wrap and w >= 40}
        for row in sh.rows:
            ws.append([_cell(ws, v, i in wide) for i, v in enumerate(row)])
    wb.save(str(path))


_STYLES: dict[tuple, object] = {}  # (what, …) → a StyleArray, made once per workbook and copied onto cells


def _styled(ws, value, key: tuple, make) -> WriteOnlyCell:  # noqa: ANN001
    """A cell with the style `make(cell)` gives, built once per `key`: setting fills and fonts cell by cell costs
    openpyxl a hash of every style object each time (most of the export's time at 25,000 rows)."""
    c = WriteOnlyCell(ws, value)
    arr = _STYLES.get(key)
    if arr is None:
        make(c)
        _STYLES[key] = copy(c._style)
    else:
        c._style = copy(arr)
    return c


def _cell(ws, v, wrap: bool):  # noqa: ANN001, ANN202
    if v is None or v == "":
        return None
    if isinstance(v, Graded):
        align = WRAP if wrap or len(v.text) > 30 else CENTRE

        def grade(c: WriteOnlyCell) -> None:
            c.fill, c.font = grade_style(v.colour)
            c.alignment, c.border = align, GRADE_BORDER

        c = _styled(ws, _text(v.text), ("grade", v.colour, align is WRAP), grade)
        c.data_type = "s"
        return c
    if isinstance(v, date):
        def dated(c: WriteOnlyCell) -> None:
            c.number_format, c.alignment = DATE_FORMAT, TOP

        return _styled(ws, v, ("date",), dated)
    if isinstance(v, int | float):
        return v
    text = _text(str(v))
    if text[:1] == "=" or wrap:
        def aligned(c: WriteOnlyCell) -> None:
            c.alignment = WRAP if wrap else TOP

        c = _styled(ws, text, ("text", wrap), aligned)
        c.data_type = "s"  # text, never a formula
        return c
    return text


def _title(name: str) -> str:
    bad = '[]:*?/\\'
    return "".join("-" if ch in bad else ch for ch in name)[:31]
