"""The sections of the partnership board paper (see `partnership_report`): key messages, heat maps, themes, who can
help whom, the self-evaluation trend and the appendix of reviews. Each returns reportlab flowables."""

from __future__ import annotations

from collections import Counter

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .partnership import HeatMap, Overview
from .report import styles as st
from .report.page import Heading, SectionBreak
from .report.wording import clip, esc, long_date, parse_date
from .vocabulary import REVIEW_TYPES

MAX_MATCHES = 12
MAX_THEMES = 12


def abbreviations(scale: list[dict]) -> dict[str, str]:
    """Short, unique labels for a scale's grades ("Secure and sharing" → "SS"), for narrow heat map cells."""
    out: dict[str, str] = {}
    for g in scale:
        words = [w for w in g["label"].replace("-", " ").split() if w.lower() not in ("and", "for", "of", "the", "a")]
        short = "".join(w[0].upper() for w in words)[:3] or g["label"][:2]
        if short in out.values():
            short = (words[0][:2].title() if words else g["label"][:2]) + short[1:]
        out[g["key"]] = short
    return out


def _hex(colour: str) -> str:
    return st.parse_colour(colour).hexval()[2:].lower()


def _table(data: list[list], widths: list[float], extra: list[tuple] = (), head: bool = True, zebra: bool = True,
           repeat: int = 1) -> Table:
    t = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=repeat if head else 0)
    cmds = st.TABLE_BASE + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("LINEBELOW", (0, 0), (-1, -1), 0.3, st.RULE)]
    if head:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), st.ACCENT)]
    if zebra:
        cmds += [("ROWBACKGROUNDS", (0, 1 if head else 0), (-1, -1), [st.WHITE, st.ZEBRA])]
    t.setStyle(TableStyle(cmds + list(extra)))
    return t


def _head(*titles: str) -> list[Paragraph]:
    s = st.styles()
    return [Paragraph(t, s["cell-head"]) for t in titles]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# -- key messages ---------------------------------------------------------------------------------------------------

def summary(ov: Overview, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [Heading("1.\u2002Key messages", s["h1"], outline="Key messages", level=0)]
    points: list[str] = []
    dates = sorted(e.start_date for e in ov.latest)
    if dates:
        points.append(f"<b>{ov.reviewed_schools} of {len(ov.schools)} schools</b> have a final peer review counted "
                      f"here, from visits between {long_date(parse_date(dates[0]))} and "
                      f"{long_date(parse_date(dates[-1]))}.")
    else:
        points.append("No final reviews have been received yet, so there is no picture across schools to report.")
    if ov.heatmaps:
        m = ov.heatmaps[0]
        strongest, weakest = m.scale[0], m.scale[-1]
        by_area = {a["code"]: m.distribution(a["code"]) for a in m.areas}
        titles = {a["code"]: a["title"] for a in m.areas}
        best = max(by_area, key=lambda a: (by_area[a][strongest["key"]], -by_area[a][weakest["key"]]))
        lower = {a: sum(n for k, n in c.items() if k in {g["key"] for g in m.scale[len(m.scale) // 2:]})
                 for a, c in by_area.items()}
        worst = max(lower, key=lambda a: (lower[a], by_area[a][weakest["key"]]))
        if by_area[best][strongest["key"]]:
            points.append(f"Strongest area: <b>{esc(titles[best])}</b>, where "
                          f"{_plural(by_area[best][strongest['key']], 'school')} "
                          f"{'is' if by_area[best][strongest['key']] == 1 else 'are'} judged "
                          f"\u201c{esc(strongest['label'])}\u201d.")
        if lower[worst] and worst != best:
            points.append(f"Area most often needing development: <b>{esc(titles[worst])}</b> "
                          f"({_plural(lower[worst], 'school')} in the weaker half of the scale).")
    if ov.priorities:
        p = ov.priorities[0]
        points.append(f"The criterion most often judged a priority is <b>{esc(p.criterion)} {esc(p.title)}</b>: "
                      f"{_plural(p.weakest, 'school')} judged \u201c{esc(p.weakest_label)}\u201d, "
                      f"{p.lower} in the weaker half, of {p.judged} judged.")
    if ov.next_steps:
        t = ov.next_steps[0]
        points.append(f"The commonest next step, in {_plural(t.count, 'school')}: <i>\u201c{esc(t.text)}\u201d</i>.")
    if ov.matches:
        helped = len({p.school_id for m in ov.matches for p in m.priority})
        points.append(f"For {_plural(len(ov.matches), 'criterion', 'criteria')}, a school judged strong could "
                      f"support {_plural(helped, 'school')} where it is a priority (section 4 suggests pairings).")
    if ov.unmatched:
        points.append(f"{_plural(len(ov.unmatched), 'priority', 'priorities')} "
                      f"{'has' if len(ov.unmatched) == 1 else 'have'} no school judged strong within the "
                      "partnership yet; support may need to come from outside.")
    if ov.trend and len(ov.trend.points) > 1:
        up = [a["title"] for a in ov.trend.areas if ov.trend.direction(a["code"]) > 0]
        down = [a["title"] for a in ov.trend.areas if ov.trend.direction(a["code"]) < 0]
        if up or down:
            points.append("The partnership\u2019s self-evaluation shows "
                          + "; ".join(x for x in (
                              f"improvement in {esc(_join(up))}" if up else "",
                              f"a decline in {esc(_join(down))}" if down else "") if x) + ".")
    if ov.conflicts:
        names = _join(sorted({e.school for e in ov.conflicts}))
        points.append(f"<font color='#b3261e'><b>To resolve:</b></font> conflicting revisions of the review of "
                      f"{esc(names)} were received; the version shown here is the one stored first.")
    out += [Paragraph(p, s["bullet"], bulletText="\u2022") for p in points]
    return out


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


# -- heat maps ------------------------------------------------------------------------------------------------------

def _bar(counts: list[tuple[colors.Color, int]], width: float, height: float = 10) -> Drawing:
    d = Drawing(width, height)
    total = sum(n for _, n in counts) or 1
    x = 0.0
    for colour, n in counts:
        if n:
            w = width * n / total
            d.add(Rect(x, 0, w, height, fillColor=colour, strokeColor=st.WHITE, strokeWidth=0.8))
            x += w
    return d


def legend(scale: list[dict], abbrev: dict[str, str] | None = None) -> Paragraph:
    parts = []
    for g in scale:
        short = f"<b>{esc(abbrev[g['key']])}</b>\u00a0" if abbrev else ""
        parts.append(f"<font color='#{_hex(g['colour'])}'>\u25a0</font>\u00a0{short}{esc(g['label'])}")
    return Paragraph("\u2003 ".join(parts), st.styles()["small"])


def _heat_map(m: HeatMap, width: float) -> list[Flowable]:
    s = st.styles()
    abbrev = abbreviations(m.scale)
    codes = [a["code"] for a in m.areas]
    # grades by area: one stacked bar of schools per area
    label_w, count_w = 0.42 * width, 0.14 * width
    bar_w = width - label_w - count_w - 12
    rows = []
    for a in m.areas:
        dist = m.distribution(a["code"])
        rows.append([Paragraph(f"{esc(a['code'])}\u2002{esc(a['title'])}", s["cell-bold"]),
                     _bar([(st.parse_colour(g["colour"]), dist[g["key"]]) for g in m.scale], bar_w),
                     Paragraph(f"{sum(dist.values())} graded", s["cell-muted"])])
    bars = _table(rows, [label_w, bar_w + 12, count_w], head=False, zebra=False,
                  extra=[("LEFTPADDING", (0, 0), (0, -1), 0)])
    # the tables: one per cluster (its name repeated with the header on each page), one row per school
    visit_w = 23 * mm
    area_w = min(16 * mm, (width - 66 * mm - visit_w) / max(1, len(codes)))
    school_w = width - visit_w - area_w * len(codes)
    header = _head("School", "Visit") + [Paragraph(esc(c), s["cell-head"]) for c in codes]
    tables: list[Flowable] = []
    clusters: dict[str | None, list] = {}
    for r in m.rows:
        clusters.setdefault(r.cluster, []).append(r)
    for cluster, rows in clusters.items():
        data: list[list] = [header, [Paragraph(f"{esc(cluster or 'Not in a cluster')} \u00b7 "
                                               f"{_plural(len(rows), 'school')}", s["cell-area"])]
                            + [""] * (len(codes) + 1)]
        cmds: list[tuple] = [("ALIGN", (2, 0), (-1, -1), "CENTER"), ("SPAN", (0, 1), (-1, 1)),
                             ("BACKGROUND", (0, 1), (-1, 1), st.ACCENT_LIGHT)]
        for r in rows:
            i = len(data)
            name = esc(clip(r.school, 60)) + (" <font color='#b3261e'>\u25b2 conflict</font>" if r.conflict else "")
            d = parse_date(r.start_date)
            row = [Paragraph(name, s["cell"]), Paragraph(f"{d:%d/%m/%Y}" if d else "", s["cell-muted"])]
            for j, code in enumerate(codes):
                c = r.cells.get(code)
                if c is None:
                    row.append(Paragraph("\u2014", st.grade_cell_style("ffffff")))
                    continue
                h = _hex(c.colour)
                row.append(Paragraph(esc(abbrev.get(c.grade, "?")), st.grade_cell_style(h)))
                cmds.append(("BACKGROUND", (2 + j, i), (2 + j, i), colors.HexColor("#" + h)))
            data.append(row)
        grid = Table(data, colWidths=[school_w, visit_w] + [area_w] * len(codes), hAlign="LEFT", repeatRows=2)
        grid.setStyle(TableStyle(st.TABLE_BASE + [
            ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 2), (1, -1), 0.3, st.RULE), ("INNERGRID", (2, 2), (-1, -1), 1.2, st.WHITE)] + cmds))
        tables += [CondPageBreak(40 * mm), grid, Spacer(1, 8)]
    key = Paragraph(" \u00b7 ".join(f"<b>{esc(a['code'])}</b> {esc(a['title'])}" for a in m.areas), s["small"])
    return [CondPageBreak(60 * mm),
            Heading(f"{esc(m.framework)} \u2014 {_plural(len(m.rows), 'school')}", s["h2"], outline=m.framework,
                    level=1),
            Paragraph("Grades by area across schools", s["label"]), bars, Spacer(1, 3), legend(m.scale, abbrev),
            Spacer(1, 8), CondPageBreak(70 * mm),
            Paragraph("School by school: each area shows the middle grade of the criteria judged in it", s["label"]),
            key, Spacer(1, 4), *tables]


def heat_maps(ov: Overview, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [Spacer(1, 10), Heading("2.\u2002The picture across schools", s["h1"],
                                                   outline="The picture across schools", level=0)]
    if not ov.heatmaps:
        return out + [Paragraph("No graded review has been received yet.", s["muted"])]
    out.append(Paragraph("Each school\u2019s latest final review, one row per school, grouped by cluster. Narrative "
                         "(ungraded) reviews add their findings to the themes instead.", s["body"]))
    for m in ov.heatmaps:
        out += _heat_map(m, width)
    return out


# -- themes ---------------------------------------------------------------------------------------------------------

def themes(ov: Overview, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [SectionBreak(), Heading("3.\u2002Themes", s["h1"], outline="Themes", level=0)]
    if ov.priorities:
        out.append(Heading("Criteria most often judged a priority", s["h2"], outline="Priority criteria", level=1))
        data = [_head("Criterion") + [Paragraph(h, s["cell-head-num"]) for h in ("Weakest grade", "Weaker half")]
                + _head("Schools")]
        for p in ov.priorities[:MAX_THEMES]:
            names = esc(_join(p.schools[:8])) + (f" and {len(p.schools) - 8} more" if len(p.schools) > 8 else "")
            data.append([Paragraph(f"<b>{esc(p.criterion)}</b> {esc(p.title)}<br/><font size='7.6' color='#5b6573'>"
                                   f"{esc(p.framework)} \u00b7 {esc(p.area_title)}</font>", s["cell"]),
                         Paragraph(f"{p.weakest}", s["cell-num"]), Paragraph(f"{p.lower} of {p.judged}", s["cell-num"]),
                         Paragraph(names, s["cell-muted"])])
        out.append(_table(data, [0.36 * width, 0.12 * width, 0.12 * width, 0.40 * width],
                          extra=[("VALIGN", (0, 0), (-1, -1), "TOP")]))
        out.append(Paragraph("<i>Weakest grade</i>: schools judged in the lowest grade of the scale (for the School "
                             "Peer Review Framework, \u201cPriority for development\u201d). <i>Weaker half</i>: schools "
                             "in the lower half of the scale, of all schools judged on that criterion.", s["small"]))
    for title, items, outline in (("Commonest next steps and areas for development", ov.next_steps, "Next steps"),
                                  ("Commonest strengths", ov.strengths, "Strengths")):
        if not items:
            continue
        out.append(Heading(title, s["h2"], outline=outline, level=1))
        data = [[Paragraph("Schools", s["cell-head-num"])] + _head("Finding", "Where")]
        for t in items[:MAX_THEMES if outline == "Next steps" else 6]:
            grouped = f"<br/><font size='7.6' color='#5b6573'>grouped from {t.wordings} wordings</font>" \
                if t.wordings > 1 else ""
            names = esc(_join(t.schools[:6])) + (f" and {len(t.schools) - 6} more" if len(t.schools) > 6 else "")
            data.append([Paragraph(str(t.count), s["cell-num"]), Paragraph(esc(t.text) + grouped, s["cell"]),
                         Paragraph(names, s["cell-muted"])])
        out.append(_table(data, [0.11 * width, 0.47 * width, 0.42 * width], extra=[("VALIGN", (0, 0), (-1, -1), "TOP")]))
    if not (ov.priorities or ov.next_steps or ov.strengths):
        out.append(Paragraph("No themes yet: they appear once reviews with judgements or findings are received.",
                             s["muted"]))
    return out


# -- who can help whom ----------------------------------------------------------------------------------------------

SIDE_MAX = 4  # schools per side shown with their rationale
PAIRS_MAX = 6


def _side(items, colour: str, title: str) -> list[Flowable]:  # noqa: ANN001
    s = st.styles()
    out: list[Flowable] = [Paragraph(f"<font color='#{_hex(colour)}'>\u25a0</font> <b>{esc(title)}</b>", s["cell"])]
    for x in items[:SIDE_MAX]:
        why = f" \u2014 <i>{esc(clip(x.rationale, 170))}</i>" if x.rationale else ""
        where = f" <font color='#5b6573'>({esc(x.cluster)})</font>" if x.cluster else ""
        out.append(Paragraph(f"<b>{esc(x.school)}</b>{where}{why}", s["cell"]))
        out.append(Spacer(1, 2))
    rest = items[SIDE_MAX:]
    if rest:
        names = ", ".join(x.school for x in rest[:8]) + (f" and {len(rest) - 8} more" if len(rest) > 8 else "")
        out.append(Paragraph(f"Also: {esc(names)}.", s["cell-muted"]))
    return out


def matching(ov: Overview, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [SectionBreak(), Heading("4.\u2002Who can help whom", s["h1"], outline="Who can help whom",
                                                   level=0),
                           Paragraph("For each criterion, the schools judged in the strongest grade beside the schools "
                                     "where it is a priority, each with the reviewers\u2019 rationale. Suggested "
                                     "pairings prefer a partner in the same cluster and spread the asks, so no school "
                                     "is asked to support many.", s["body"])]
    if not ov.matches:
        out.append(Paragraph("No criterion has both a school judged strong and a school where it is a priority.",
                             s["muted"]))
    for m in ov.matches[:MAX_MATCHES]:
        strong_c = m.strong[0].colour
        prio_c = m.priority[0].colour
        left = _side(m.strong, strong_c, f"{m.strong[0].grade_label} ({len(m.strong)})")
        right = _side(m.priority, prio_c, f"{m.priority[0].grade_label} ({len(m.priority)})")
        pairs = "; ".join(f"{esc(p.partner)} \u2192 {esc(p.school)}" + (" (same cluster)" if p.same_cluster else "")
                          for p in m.pairs[:PAIRS_MAX])
        if len(m.pairs) > PAIRS_MAX:
            pairs += f"; and {len(m.pairs) - PAIRS_MAX} more in the spreadsheet"
        t = Table([[left, right]], colWidths=[width / 2, width / 2], hAlign="LEFT")
        t.setStyle(TableStyle(st.TABLE_BASE + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                               ("LEFTPADDING", (0, 0), (0, -1), 0),
                                               ("LINEBEFORE", (1, 0), (1, -1), 0.4, st.RULE)]))
        out.append(KeepTogether([
            Paragraph(f"{esc(m.criterion)}\u2002{esc(m.title)} <font size='8.2' color='#5b6573'>\u00b7 "
                      f"{esc(m.area_title)}</font>", s["h3"]),
            Spacer(1, 3), t, Paragraph(f"<b>Suggested pairings:</b> {pairs}", s["small"]), Spacer(1, 6)]))
    if len(ov.matches) > MAX_MATCHES:
        out.append(Paragraph(f"{len(ov.matches) - MAX_MATCHES} further criteria have matches; the spreadsheet export "
                             "lists them all.", s["small"]))
    if ov.unmatched:
        out.append(Heading("Priorities with no partner in the partnership yet", s["h2"], outline="No partner yet",
                           level=1))
        for m in ov.unmatched[:MAX_MATCHES]:
            out.append(Paragraph(f"<b>{esc(m.criterion)} {esc(m.title)}</b>: "
                                 f"{esc(_join([p.school for p in m.priority]))}", s["bullet"], bulletText="\u2022"))
    return out


# -- trend ----------------------------------------------------------------------------------------------------------

ARROWS = {1: ("\u2191 improving", "#2e7d4f"), -1: ("\u2193 declining", "#b3261e"), 0: ("\u2192 steady", "#5b6573")}


def trend(ov: Overview, width: float) -> list[Flowable]:
    if ov.trend is None:
        return []
    s = st.styles()
    t = ov.trend
    out: list[Flowable] = [SectionBreak(), Heading("5.\u2002The partnership\u2019s self-evaluation", s["h1"],
                                                   outline="Self-evaluation trend", level=0),
                           Paragraph(f"The partnership\u2019s own evaluation of its maturity ({esc(t.framework)}), "
                                     "by school year; each dimension shows the middle grade of its criteria.",
                                     s["body"])]
    years = [p.year for p in t.points]
    year_w = min(30 * mm, (width - 70 * mm) / max(1, len(years)))
    trend_w = 26 * mm
    data = [_head("Dimension", *years, "Trend")]
    cmds: list[tuple] = [("ALIGN", (1, 0), (-1, -1), "CENTER")]
    for i, a in enumerate(t.areas, start=1):
        row: list = [Paragraph(esc(a["title"]), s["cell-bold"])]
        for j, p in enumerate(t.points, start=1):
            c = p.cells.get(a["code"])
            if c is None:
                row.append(Paragraph("\u2014", st.grade_cell_style("ffffff")))
            else:
                h = _hex(c.colour)
                row.append(Paragraph(esc(c.label), st.grade_cell_style(h)))
                cmds.append(("BACKGROUND", (j, i), (j, i), colors.HexColor("#" + h)))
        text, colour = ARROWS[t.direction(a["code"])]
        row.append(Paragraph(f"<font color='{colour}'><b>{text}</b></font>", s["cell"]))
        data.append(row)
    widths = [width - year_w * len(years) - trend_w] + [year_w] * len(years) + [trend_w]
    out.append(_table(data, widths, zebra=False, extra=cmds + [("INNERGRID", (1, 1), (-2, -1), 1.2, st.WHITE)]))
    out += [Spacer(1, 3), legend(t.scale)]
    return out


# -- appendix -------------------------------------------------------------------------------------------------------

def appendix(ov: Overview, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [SectionBreak(), Heading("Appendix: the reviews counted", s["h1"],
                                                   outline="Appendix: reviews counted", level=0)]
    if not ov.latest:
        return out + [Paragraph("None yet.", s["muted"])]
    data = [_head("School", "Cluster", "Visit", "Type", "Reviewers")]
    for e in sorted(ov.latest, key=lambda e: (e.school.casefold(), e.start_date)):
        d = parse_date(e.start_date)
        data.append([Paragraph(esc(clip(e.school, 60)), s["cell"]), Paragraph(esc(e.cluster or "\u2014"), s["cell-muted"]),
                     Paragraph(f"{d:%d/%m/%Y}" if d else "", s["cell"]),
                     Paragraph(esc(REVIEW_TYPES.get(e.type, e.type)), s["cell"]),
                     Paragraph(esc(", ".join(e.reviewers)), s["cell-muted"])])
    out.append(_table(data, [0.32 * width, 0.2 * width, 0.12 * width, 0.16 * width, 0.2 * width]))
    counts = Counter(e.type for e in ov.latest)
    out.append(Paragraph("; ".join(f"{_plural(n, REVIEW_TYPES.get(k, k).lower())}" for k, n in counts.most_common()),
                         s["small"]))
    return out
