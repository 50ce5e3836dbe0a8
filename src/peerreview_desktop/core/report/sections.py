"""The narrative sections: context and focus, findings, evidence summary, host comments and the sign-off block."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from . import styles as st
from .model import FINDING_KINDS, ReportModel
from .page import Heading, SectionBreak, table_heading
from .wording import (
    ACTIVITY_LABELS,
    RESOLUTION_LABELS,
    STANCE_LABELS,
    activity_label,
    esc,
    long_date,
    paragraphs_of,
    parse_date,
    plain,
    short_date,
)


def _table_style(extra: list[tuple] | None = None, *, zebra: bool = True, numeric_from: int = 99) -> TableStyle:
    """Header row in the accent colour; plain-string cells (numbers, short labels: cheaper than paragraphs) in the
    table font; columns from `numeric_from` right-aligned."""
    cmds: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
        ("FONTNAME", (0, 0), (-1, 0), st.COND_BOLD),
        ("TEXTCOLOR", (0, 0), (-1, 0), st.WHITE),
        ("TEXTCOLOR", (0, 1), (-1, -1), st.INK),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, st.RULE),
    ]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [st.WHITE, st.ZEBRA]))
    return TableStyle(st.TABLE_BASE + cmds + (extra or []))


def _head_row(*labels: str) -> list[str]:
    return list(labels)


# --- context and focus -----------------------------------------------------------------------------------------------


def context(m: ReportModel) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [
        Heading("Context and focus", s["h1"], outline="Context and focus"),
        Paragraph("The school\u2019s context", s["h2"]),
    ]
    paras = paragraphs_of(m.context)
    out += [Paragraph(p, s["body"]) for p in paras] or [Paragraph("No context has been recorded.", s["muted"])]
    out.append(Paragraph("Focus of the review", s["h2"]))
    if m.focus_areas:
        out += [Paragraph(esc(f), s["bullet"], bulletText="\u2022") for f in m.focus_areas]
    else:
        out.append(Paragraph("The review considered the whole framework; no particular focus was agreed.", s["muted"]))
    out.append(Paragraph("Lines of enquiry", s["h2"]))
    if m.lines_of_enquiry:
        out += [Paragraph(esc(line), s["numbered"], bulletText=f"{i}.") for i, line in enumerate(m.lines_of_enquiry, 1)]
    else:
        out.append(Paragraph("No lines of enquiry were recorded.", s["muted"]))
    return out


# --- findings --------------------------------------------------------------------------------------------------------


def findings(m: ReportModel) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [SectionBreak(), Heading("Findings", s["h1"], outline="Findings")]
    for kind, title in FINDING_KINDS:
        out.append(Heading(title, s["h2"], outline=title, level=1))
        items = m.findings.get(kind, [])
        if not items:
            out.append(Paragraph("None recorded.", s["muted"]))
            continue
        for i, f in enumerate(items, 1):
            paras = paragraphs_of(f.get("text")) or ["<i>(no text)</i>"]
            codes = [c for c in f.get("criteria") or [] if isinstance(c, str)]
            # the last paragraph keeps the "Relates to" line with it
            styles_ = [s["numbered"]] * (len(paras) - 1) + [s["numbered-kwn" if codes else "numbered"]]
            out.append(Paragraph(paras[0], styles_[0], bulletText=f"{i}."))
            out += [Paragraph(p, st_) for p, st_ in zip(paras[1:], styles_[1:], strict=True)]
            if codes:
                linked = "; ".join(esc(m.criterion_label(c)) for c in codes)
                out.append(Paragraph(f"Relates to: {linked}", s["finding-criteria"]))
    return out


# --- evidence summary ------------------------------------------------------------------------------------------------


def _activities(m: ReportModel, width: float) -> Flowable:
    s = st.styles()
    order = list(ACTIVITY_LABELS)
    counts: dict[str, list[int]] = {}
    for n in m.notes:
        key = n.get("activity") if isinstance(n.get("activity"), str) else "other"
        row = counts.setdefault(key, [0, 0, 0])
        row[0] += 1
        row[1] += n.get("marker") == "strength"
        row[2] += n.get("marker") == "development"
    data = [_head_row("Activity", "Notes", "Strengths", "Development")]
    for key in sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k)):
        data.append([Paragraph(esc(activity_label(key)), s["cell"])] + [str(v) if v else "\u2014" for v in counts[key]])
    totals = [sum(r[i] for r in counts.values()) for i in range(3)]
    data.append(["Total"] + [str(v) for v in totals])
    num_w = 25 * mm
    t = Table(data, colWidths=[width - 3 * num_w, num_w, num_w, num_w], repeatRows=1, hAlign="LEFT")
    total_row = [
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, st.ACCENT),
        ("BACKGROUND", (0, -1), (-1, -1), st.WHITE),
        ("FONTNAME", (0, -1), (-1, -1), st.COND_BOLD),
    ]
    t.setStyle(_table_style(total_row, numeric_from=1))
    return t


def _timetable(m: ReportModel, width: float) -> Flowable:
    s = st.styles()
    multi = len({plain(t.get("date")) for t in m.timetable}) > 1
    data = [_head_row("When", "Activity", "Details")]
    for t in m.timetable:
        when = "\u2013".join(x for x in (plain(t.get("start")), plain(t.get("end"))) if x)
        d = parse_date(t.get("date"))
        if multi and d:
            when = f"{long_date(d)[:-5]}<br/>{esc(when)}"
        else:
            when = esc(when)
        details = [esc(t.get("title"))]
        extra = " \u00b7 ".join(esc(x) for x in (t.get("location"), t.get("with")) if plain(x).strip())
        if extra:
            details.append(f"<font color='#5b6573'>{extra}</font>")
        data.append(
            [
                Paragraph(when, s["cell"]),
                Paragraph(esc(activity_label(t.get("activity"))), s["cell"]),
                Paragraph("<br/>".join(d for d in details if d), s["cell"]),
            ]
        )
    t = Table(data, colWidths=[28 * mm, 40 * mm, width - 68 * mm], repeatRows=1, hAlign="LEFT")
    t.setStyle(_table_style())
    return t


def _by_criterion(m: ReportModel, width: float) -> Flowable:
    s = st.styles()
    data = [_head_row("Code", "Criterion", "Notes", "Strengths", "Development", "Cited")]
    cmds: list[tuple] = [("FONTNAME", (0, 1), (0, -1), st.COND_BOLD)]
    for area in m.areas:
        cmds += [
            ("SPAN", (0, len(data)), (-1, len(data))),
            ("BACKGROUND", (0, len(data)), (-1, len(data)), st.ACCENT_LIGHT),
        ]
        name = f"{esc(area.code)}\u2002{esc(area.title)}" if area.code else esc(area.title)
        data.append([Paragraph(name, s["cell-area"]), "", "", "", "", ""])
        for crit in area.criteria:
            tagged = m.notes_for(crit.code)
            values = [
                len(tagged),
                sum(n.get("marker") == "strength" for n in tagged),
                sum(n.get("marker") == "development" for n in tagged),
                len(m.evidence(m.judgements.get(crit.code))),
            ]
            data.append(
                [crit.code, Paragraph(esc(crit.title), s["cell"])] + [str(v) if v else "\u2014" for v in values]
            )
    code_w, narrow, wide = 15 * mm, 15 * mm, 23 * mm
    widths = [code_w, width - code_w - 2 * narrow - 2 * wide, narrow, wide, wide, narrow]
    t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(_table_style(cmds, zebra=False, numeric_from=2))
    return t


def evidence_summary(m: ReportModel, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [SectionBreak(), Heading("Evidence summary", s["h1"], outline="Evidence summary")]
    n = len(m.notes)
    if n:
        kinds = len({x.get("activity") for x in m.notes})
        out.append(
            Paragraph(
                f"The team recorded {n} evidence note{'s' if n != 1 else ''} from {kinds} kind"
                f"{'s' if kinds != 1 else ''} of activity. A note can bear on several criteria, so the counts by "
                "criterion add up to more than the number of notes; \u201ccited\u201d counts the notes a judgement "
                "rests on.",
                s["body"],
            )
        )
    out += table_heading("Activities carried out", outline=True)
    out.append(_activities(m, width) if n else Paragraph("No evidence notes have been recorded.", s["muted"]))
    if m.timetable:
        out += table_heading("Visit timetable", outline=True) + [_timetable(m, width)]
    if m.areas:
        out += table_heading("Evidence by criterion", outline=True)
        out.append(_by_criterion(m, width))
    return out


# --- host comments ---------------------------------------------------------------------------------------------------


def _comment_target(m: ReportModel, c: dict) -> str:
    target, tid = c.get("target"), plain(c.get("target_id")).strip()
    if target == "finding":
        f = m.findings_by_id.get(tid)
        if not f:
            return "A finding"
        kind = dict(FINDING_KINDS).get(f.get("kind"), "Finding")
        text = " ".join(plain(f.get("text")).split())
        text = text if len(text) <= 110 else text[:107].rsplit(" ", 1)[0] + "\u2026"
        return f"{kind}: \u201c{text}\u201d"
    if tid:
        return m.criterion_label(tid)
    return "The report"


def host_comments(m: ReportModel) -> list[Flowable]:
    s = st.styles()
    if not m.host_comments:
        return []
    out: list[Flowable] = [
        CondPageBreak(60 * mm),
        Spacer(1, 10),
        Heading("Host school comments", s["h1"], outline="Host school comments"),
        Paragraph(
            "Comments from the host school on the factual accuracy of the draft, and how the review team responded.",
            s["body"],
        ),
    ]
    for c in m.host_comments:
        stance = STANCE_LABELS.get(c.get("stance"), "Comment")
        who = esc(c.get("author")) or "The host school"
        when = short_date(c.get("created_at"))
        block: list[Flowable] = [
            Paragraph(f"<b>On {esc(_comment_target(m, c))}</b>", s["body-tight"]),
            Paragraph(f"{stance} \u00b7 {who}" + (f" \u00b7 {when}" if when else ""), s["small"]),
        ]
        block += [Paragraph(p, s["note"]) for p in paragraphs_of(c.get("text"))]
        resolution = RESOLUTION_LABELS.get(c.get("resolution"))
        if resolution:
            by = esc(c.get("resolved_by"))
            at = short_date(c.get("resolved_at"))
            tail = ", ".join(x for x in (by, at) if x)
            reason = esc(c.get("reason"))
            text = f"<b>Response: {resolution}.</b> {reason}" + (
                f" <font color='#5b6573'>({tail})</font>" if tail else ""
            )
        else:
            text = "<b>Response:</b> <i>awaiting a response from the review team.</i>"
        block.append(Paragraph(text, s["note"]))
        block.append(Spacer(1, 6))
        # keep a short comment with its response; a very long one may split
        if len(plain(c.get("text"))) < 1500:
            out.append(KeepTogether(block))
        else:
            out += block
    return out


# --- sign-off --------------------------------------------------------------------------------------------------------


def sign_off(m: ReportModel, width: float) -> list[Flowable]:
    s = st.styles()
    col = (width - 10 * mm) / 2
    blank = ""
    data = [
        [Paragraph("Lead reviewer", s["cell-bold"]), "", Paragraph("Host headteacher", s["cell-bold"])],
        [Paragraph(f"Name: {esc(m.lead)}", s["cell"]), "", Paragraph(f"Name: {esc(m.host_head)}", s["cell"])],
        [Paragraph("Signature", s["cell-muted"]), "", Paragraph("Signature", s["cell-muted"])],
        [blank, "", blank],
        [Paragraph("Date", s["cell-muted"]), "", Paragraph("Date", s["cell-muted"])],
        [blank, "", blank],
    ]
    t = Table(data, colWidths=[col, 10 * mm, col], rowHeights=[None, None, None, 22, None, 16], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            st.TABLE_BASE
            + [
                ("LINEBELOW", (0, 0), (0, 0), 0.8, st.ACCENT),
                ("LINEBELOW", (2, 0), (2, 0), 0.8, st.ACCENT),
                ("LINEBELOW", (0, 3), (0, 3), 0.5, st.INK),
                ("LINEBELOW", (2, 3), (2, 3), 0.5, st.INK),
                ("LINEBELOW", (0, 5), (0, 5), 0.5, st.INK),
                ("LINEBELOW", (2, 5), (2, 5), 0.5, st.INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    statement = (
        "We confirm that this report is an accurate record of the peer review and of the judgements and findings "
        "agreed by the review team."
    )
    return [
        CondPageBreak(85 * mm),
        Spacer(1, 12),
        KeepTogether(
            [
                Heading("Sign-off", s["h1"], outline="Sign-off"),
                Paragraph(statement, s["body"]),
                Spacer(1, 8),
                t,
            ]
        ),
    ]
