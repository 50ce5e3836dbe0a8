"""Judgements and evidence: per area, per criterion the grade, the rationale and the notes it rests on.

Each cited note is ONE paragraph (a small metadata line, then the text) with a rule in the margin coloured by its
marker, so a 500-note review costs about what plain paragraphs cost. Notes are cited by activity, place and time,
never by ID."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from . import styles as st
from .model import Area, Criterion, Grade, ReportModel
from .page import Heading
from .wording import MARKER_LABELS, activity_label, esc, note_when, paragraphs_of, plain


class GradeBadge(Flowable):
    """A rounded label filled with the grade's colour."""

    def __init__(self, grade: Grade):
        super().__init__()
        self.grade = grade
        self.width = stringWidth(grade.label, st.SANS_BOLD, 8.5) + 16
        self.height = 16

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        c, g = self.canv, self.grade
        c.setFillColor(g.colour)
        c.roundRect(0, 0, self.width, self.height, 3, stroke=0, fill=1)
        c.setFillColor(st.text_on(g.colour))
        c.setFont(st.SANS_BOLD, 8.5)
        c.drawCentredString(self.width / 2, 4.8, g.label)


RULE_GAP = 7  # from the rule to the note's text


class NoteText(Paragraph):
    """A paragraph of a cited note: a vertical rule, coloured by the note's marker, runs down its left indent.
    The rule colour comes from the style (`ruleColor`), so split halves of a long note keep it."""

    def draw(self):
        super().draw()
        c, style = self.canv, self.style
        c.saveState()
        c.setStrokeColor(style.ruleColor)
        c.setLineWidth(2.2)
        x = style.leftIndent - RULE_GAP
        c.line(x, -style.ruleExtend, x, self.height)
        c.restoreState()


def _words_in_lines(words: list[str], font: str, size: float, first: float, rest: float) -> list[str]:
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    line, width, limit = "", 0.0, first
    for word in words:
        w = stringWidth(word, font, size)
        if line and width + space + w > limit:
            lines.append(line)
            line, width, limit = word, w, rest
        else:
            line, width = (f"{line} {word}", width + space + w) if line else (word, w)
    if line or not lines:
        lines.append(line)
    return lines


class NoteMeta(Flowable):
    """The line above a cited note: marker label (coloured), then activity · place · subject · time.
    Drawn directly with the canvas (no paragraph parsing), which keeps 500-note reports fast."""

    FONT, SIZE, LEADING = st.SANS_BOLD, 7.8, 10.5

    def __init__(self, text: str, marker: str | None, indent: float, rule: object, need: float = 0):
        super().__init__()
        self.text, self.marker, self.indent, self.rule = text, marker, indent, rule
        self.need = need  # room needed below the line for the start of the note (or the line moves on a page)
        self.spaceBefore, self.spaceAfter = 3, 1
        self.lines: list[str] = []
        self._wrapped_for = -1.0

    def wrap(self, aw, ah):
        if aw != self._wrapped_for:
            avail = aw - self.indent
            lead = stringWidth(self.marker + "  ", self.FONT, self.SIZE) if self.marker else 0
            self.lines = _words_in_lines(self.text.split(" "), self.FONT, self.SIZE, avail - lead, avail)
            self.width, self.height, self._wrapped_for = aw, len(self.lines) * self.LEADING, aw
        if self.height + self.need > ah:
            return self.width, ah + 1  # too near the foot of the page: does not fit, so split() moves it on
        return self.width, self.height

    def split(self, aw, ah):
        return []

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(self.rule)
        c.setLineWidth(2.2)
        c.line(self.indent - RULE_GAP, -self.spaceAfter, self.indent - RULE_GAP, self.height)
        t = c.beginText(self.indent, self.height - self.LEADING + 2.6)
        t.setFont(self.FONT, self.SIZE, self.LEADING)
        if self.marker:
            t.setFillColor(MARKER_COLOURS[self.marker])
            t.textOut(self.marker + "  ")
            t.setFillColor(st.MUTED)
            t.textLine(self.lines[0])
        else:
            t.setFillColor(st.MUTED)
            t.textLine(self.lines[0])
        for line in self.lines[1:]:
            t.textLine(line)
        c.drawText(t)
        c.restoreState()


MARKER_COLOURS = {"Strength": st.STRENGTH, "Development": st.DEVELOPMENT}
_RULES = {"strength": st.STRENGTH, "development": st.DEVELOPMENT}
_MARKER_HEX = {"strength": st.STRENGTH.hexval()[2:], "development": st.DEVELOPMENT.hexval()[2:]}


def note_meta(m: ReportModel, note: dict) -> str:
    """"Lesson visit · Year 4 classroom · Mathematics · 09:05" (plain text); parts are skipped when missing
    or already said by the place."""
    parts = [activity_label(note.get("activity"))]
    place = " ".join(plain(note.get("place")).split())
    if place:
        parts.append(place)
    for key in ("year_group", "subject"):
        value = " ".join(plain(note.get(key)).split())
        if value and value.lower() not in place.lower():
            parts.append(value)
    when = note_when(note.get("occurred_at"), m.multi_day)
    if when:
        parts.append(when)
    if note.get("remote") is True:
        parts.append("remote")
    attachments = note.get("attachments")
    if isinstance(attachments, list) and attachments:
        parts.append(f"{len(attachments)} attachment{'s' if len(attachments) != 1 else ''}")
    return " \u00b7 ".join(parts)


def note_flowables(m: ReportModel, note: dict) -> list[Flowable]:
    """A cited note: the metadata line (never left alone at the foot of a page), then one paragraph per paragraph
    of the note's text."""
    s = st.styles()
    marker = note.get("marker")
    rule = _RULES.get(marker, st.RULE)
    style_mid, style_last = _note_styles(marker)
    paras = paragraphs_of(note.get("text")) or ["<i>(no text)</i>"]
    need = 1 + s["note"].leading * 2
    out: list[Flowable] = [NoteMeta(note_meta(m, note), MARKER_LABELS.get(marker), s["note"].leftIndent, rule, need)]
    out += [NoteText(p, style_mid) for p in paras[:-1]]
    out.append(NoteText(paras[-1], style_last))
    return out


def _note_styles(marker: object) -> tuple:
    key = marker if marker in _RULES else "neutral"
    return st.note_styles(key, _RULES.get(key, st.RULE).hexval()[2:])


def _criterion_head(crit: Criterion, grade: Grade | None, width: float, *, in_outline: bool = True) -> Flowable:
    s = st.styles()
    title = f"{esc(crit.code)}\u2002{esc(crit.title)}" if crit.title != crit.code else esc(crit.code)
    outline = f"{crit.code} {crit.title}" if crit.title != crit.code else crit.code
    head = Heading(title, s["h3"], outline=outline if in_outline else None, level=2)
    if grade is None:
        head.__dict__["keepWithNext"] = 1
        return head
    badge = GradeBadge(grade)
    t = Table([[head, badge]], colWidths=[width - badge.width - 8, badge.width + 8], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            st.TABLE_BASE + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    t.keepWithNext = 1
    return t


def _judgement_block(m: ReportModel, crit: Criterion, width: float, *, area_level: bool = False) -> list[Flowable]:
    s = st.styles()
    j = m.judgements.get(crit.code) or {}
    grade = m.grade(j)
    out: list[Flowable] = [Spacer(1, 8)]
    if area_level:
        out.append(Paragraph("Overall judgement for this area", s["label"]))
    out.append(_criterion_head(crit, grade, width, in_outline=not area_level))
    if crit.descriptor:
        out.append(Paragraph(esc(crit.descriptor), s["descriptor"]))
    rationale = paragraphs_of(j.get("rationale"))
    if rationale:
        out += [Paragraph(p, s["body"]) for p in rationale]
    else:
        out.append(Paragraph("No rationale has been written for this judgement.", s["muted"]))
    notes = m.evidence(j)
    if notes:
        n = len(notes)
        out.append(Paragraph(f"EVIDENCE CITED ({n} NOTE{'S' if n != 1 else ''})", s["label"]))
        for note in notes:
            out += note_flowables(m, note)
    elif not area_level:
        out.append(Paragraph("No evidence notes are cited for this judgement.", s["muted"]))
    return out


def _area_section(m: ReportModel, area: Area, width: float) -> list[Flowable]:
    s = st.styles()
    name = f"{esc(area.code)}\u2002{esc(area.title)}" if area.code else esc(area.title)
    outline = f"{area.code} {area.title}".strip()
    out: list[Flowable] = [Heading(name, s["h2"], outline=outline, level=1)]
    if area.description:
        out.append(Paragraph(esc(area.description), s["descriptor"]))
    if area.code and area.code in m.judgements and m.judged(area.code):
        out += _judgement_block(m, Criterion(area.code, area.title), width, area_level=True)
    judged = [c for c in area.criteria if m.judged(c.code)]
    unjudged = [c for c in area.criteria if not m.judged(c.code)]
    for crit in judged:
        out += _judgement_block(m, crit, width)
    if unjudged:
        listed = "; ".join(f"{esc(c.code)} {esc(c.title)}" if c.title != c.code else esc(c.code) for c in unjudged)
        label = "Not judged in this review" if judged else "No criterion in this area was judged in this review"
        out += [Spacer(1, 6), Paragraph(f"<b>{label}:</b> {listed}.", s["small"])]
    out.append(Spacer(1, 6))
    return out


def judgements(m: ReportModel, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [
        PageBreak(),
        Heading("Judgements and evidence", s["h1"], outline="Judgements and evidence"),
        Paragraph(
            "For each criterion: the team\u2019s judgement, the reasons for it and the evidence notes it rests on. "
            "Each note shows the activity, where and when it was gathered, and whether the team recorded it as a "
            f"<font color='#{_MARKER_HEX['strength']}'><b>strength</b></font> or an area for "
            f"<font color='#{_MARKER_HEX['development']}'><b>development</b></font>.",
            s["body"],
        ),
    ]
    if not m.areas:
        return out + [Paragraph("The framework for this review lists no areas or criteria.", s["muted"])]
    for area in m.areas:
        out += _area_section(m, area, width)
    return out

