"""Summary of judgements: a bar of grade counts per area, the table of areas and criteria with grades in the
scale's colours, and the scale itself. Ungraded frameworks get a narrative summary instead."""

from __future__ import annotations

import re

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from . import styles as st
from .model import Area, Grade, ReportModel
from .page import Heading
from .wording import esc, plain

UNJUDGED = Grade("unjudged", "Not graded", st.NOT_YET, None)  # bar segments: no grade on the scale (yet)


def _area_name(area: Area) -> str:
    return f"{esc(area.code)}\u2002{esc(area.title)}" if area.code else esc(area.title)


def _bar(counts: list[tuple[Grade, int]], width: float, height: float = 12) -> Drawing:
    """A stacked horizontal bar of grade counts, one block per criterion (white gaps between blocks), so counts
    can be read without numbers (numbers inside the bar would scatter through the extracted text)."""
    d = Drawing(width, height, initialFontName=st.SANS_BOLD, initialFontSize=7.5)
    total = sum(n for _, n in counts) or 1
    unit = width / total
    x = 0.0
    for grade, n in counts:
        for _ in range(n):
            d.add(Rect(x, 0, unit, height, fillColor=grade.colour, strokeColor=st.WHITE, strokeWidth=1.2))
            x += unit
    return d


def _area_counts(m: ReportModel, area: Area) -> list[tuple[Grade, int]]:
    counts = {g.key: 0 for g in m.scale}
    other = 0
    for crit in area.criteria:
        g = m.grade(m.judgements.get(crit.code))
        if g is not None and g.rank is not None:
            counts[g.key] += 1
        else:
            other += 1
    return [(g, counts[g.key]) for g in m.scale] + [(UNJUDGED, other)]


def _overview(m: ReportModel, width: float) -> list[Flowable]:
    s = st.styles()
    label_w, count_w = 0.46 * width, 0.14 * width
    bar_w = width - label_w - count_w - 12
    rows = []
    for area in m.areas:
        if not area.criteria:
            continue
        counts = _area_counts(m, area)
        judged = sum(n for g, n in counts if g is not UNJUDGED)
        rows.append(
            [
                Paragraph(_area_name(area), s["cell-bold"]),
                _bar(counts, bar_w),
                Paragraph(f"{judged} of {len(area.criteria)} graded", s["cell-muted"]),
            ]
        )
    if not rows:
        return []
    t = Table(rows, colWidths=[label_w, bar_w + 12, count_w], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            st.TABLE_BASE
            + [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, st.RULE),
            ]
        )
    )
    swatches = [f"<font color='#{g.hex}'>\u25a0</font>\u00a0{esc(g.label)}" for g in m.scale] + [
        f"<font color='#{UNJUDGED.hex}'>\u25a0</font>\u00a0Not graded"
    ]
    legend = Paragraph("\u2003 ".join(swatches), s["small"])
    return [Paragraph("Grades by area", s["label"]), t, Spacer(1, 2), legend]


def grade_cell(g: Grade | None) -> tuple[Paragraph, object]:
    """The paragraph for a grade cell and its fill colour; no judgement yet is a dash on white, not a grey block."""
    if g is None:
        return Paragraph("\u2014", st.grade_cell_style(st.WHITE.hexval()[2:])), st.WHITE
    return Paragraph(esc(g.label), st.grade_cell_style(g.hex)), g.colour


def _table(m: ReportModel, width: float) -> Table:
    s = st.styles()
    code_w, grade_w, ev_w = 15 * mm, 44 * mm, 19 * mm
    data: list[list] = [["Code", "Criterion", "Judgement", "Evidence"]]
    cmds: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
        ("FONTNAME", (0, 0), (-1, 0), st.COND_BOLD),
        ("TEXTCOLOR", (0, 0), (-1, 0), st.WHITE),
        ("FONTNAME", (0, 1), (0, -1), st.COND_BOLD),
        ("TEXTCOLOR", (0, 1), (-1, -1), st.INK),
        ("ALIGN", (2, 0), (2, 0), "CENTER"),
        ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, st.RULE),
    ]
    for area in m.areas:
        row = len(data)
        area_j = m.judgements.get(area.code) if area.code else None
        area_g = m.grade(area_j) if area_j else None
        cells = [Paragraph(_area_name(area), s["cell-area"]), "", ""]
        if area_g is not None:
            para, fill = grade_cell(area_g)
            cells[2] = para
            cmds.append(("BACKGROUND", (2, row), (2, row), fill))
            cmds.append(("SPAN", (0, row), (1, row)))
        else:
            cmds.append(("SPAN", (0, row), (3, row)))
        cells.append("")
        data.append(cells)
        cmds.append(("BACKGROUND", (0, row), (1 if area_g else 3, row), st.ACCENT_LIGHT))
        if area_g:
            cmds.append(("BACKGROUND", (3, row), (3, row), st.ACCENT_LIGHT))
        for crit in area.criteria:
            row = len(data)
            j = m.judgements.get(crit.code)
            g = m.grade(j) if j else None
            para, fill = grade_cell(g)
            n = len(m.evidence(j))
            data.append([crit.code, Paragraph(esc(crit.title), s["cell"]), para, str(n) if n else "\u2014"])
            cmds.append(("BACKGROUND", (2, row), (2, row), fill))
    t = Table(data, colWidths=[code_w, width - code_w - grade_w - ev_w, grade_w, ev_w], repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle(st.TABLE_BASE + cmds))
    return t


def _scale_table(m: ReportModel, width: float) -> Table:
    s = st.styles()
    grade_w = 44 * mm
    data = []
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.8, st.WHITE),
    ]
    for i, g in enumerate(m.scale):
        para, fill = grade_cell(g)
        data.append([para, Paragraph(esc(g.description) or "\u2014", s["cell"])])
        cmds.append(("BACKGROUND", (0, i), (0, i), fill))
    t = Table(data, colWidths=[grade_w, width - grade_w], hAlign="LEFT")
    t.setStyle(TableStyle(st.TABLE_BASE + cmds))
    return t


def _first_sentences(text: str, limit: int = 300) -> str:
    text = " ".join(plain(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max((m.end() for m in re.finditer(r"[.!?](\s|$)", cut)), default=0)
    return cut[:end].strip() if end > limit // 3 else cut.rsplit(" ", 1)[0] + "\u2026"


def _narrative(m: ReportModel) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [
        Paragraph(
            "This framework is ungraded: the team\u2019s evaluation is written as narrative. A short summary of each "
            "criterion follows; the full evaluation and its evidence are in \u201cJudgements and evidence\u201d.",
            s["body"],
        )
    ]
    for area in m.areas:
        out.append(Paragraph(_area_name(area), s["h2"]))
        area_j = m.judgements.get(area.code) if area.code else None
        if area_j and plain(area_j.get("rationale")).strip():
            out.append(Paragraph(esc(_first_sentences(area_j["rationale"], 600)), s["body"]))
        written = False
        for crit in area.criteria:
            j = m.judgements.get(crit.code)
            text = plain(j.get("rationale")).strip() if j else ""
            if text:
                written = True
                out.append(
                    Paragraph(f"<b>{esc(crit.code)} {esc(crit.title)}.</b> {esc(_first_sentences(text))}", s["body"])
                )
        if not written and not (area_j and plain(area_j.get("rationale")).strip()):
            out.append(Paragraph("No evaluation has been written for this area yet.", s["muted"]))
    return out


def summary(m: ReportModel, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [Heading("Summary of judgements", s["h1"], outline="Summary of judgements")]
    if not m.areas:
        return out + [Paragraph("The framework for this review lists no areas or criteria.", s["muted"])]
    if not m.graded:
        return out + _narrative(m)
    grades = [m.grade(m.judgements.get(c)) for c in m.criteria]
    judged = sum(1 for g in grades if g is not None and g.rank is not None)
    graded = (
        f"The team graded {judged} of {len(m.criteria)} criteria on the framework\u2019s {len(m.scale)}-point scale."
        if judged
        else "No criterion has been graded yet."
    )
    out.append(
        Paragraph(
            f"{graded} The evidence column counts the notes each judgement cites; the reasons and the evidence are "
            "set out criterion by criterion under \u201cJudgements and evidence\u201d.",
            s["body"],
        )
    )
    out += _overview(m, width)
    out += [Spacer(1, 10), _table(m, width)]
    # small: kept whole with its heading
    out.append(KeepTogether([Paragraph("The grading scale", s["h2"]), _scale_table(m, width)]))
    return out
