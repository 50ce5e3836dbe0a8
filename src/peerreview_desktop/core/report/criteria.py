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
from .wording import MARKER_LABELS, activity_label, esc, esc_block, note_when, paragraphs_of, plain


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


class _NoteParagraph(Paragraph):
    """A cited note: a paragraph with a vertical rule in its left indent."""

    rule = st.NEUTRAL

    def draw(self):
        super().draw()
        c = self.canv
        c.saveState()
        c.setStrokeColor(self.rule)
        c.setLineWidth(2.2)
        x = self.style.leftIndent - 7
        c.line(x, 1, x, self.height - 1)
        c.restoreState()


class StrengthNote(_NoteParagraph):
    rule = st.STRENGTH


class DevelopmentNote(_NoteParagraph):
    rule = st.DEVELOPMENT


class NeutralNote(_NoteParagraph):
    rule = st.RULE


_NOTE_CLASSES = {"strength": StrengthNote, "development": DevelopmentNote}
_MARKER_HEX = {"strength": st.STRENGTH.hexval()[2:], "development": st.DEVELOPMENT.hexval()[2:]}


def note_meta(m: ReportModel, note: dict) -> str:
    """"Lesson visit · Year 4 classroom · Mathematics · 09:05" (markup-escaped); parts are skipped when missing
    or already said by the place."""
    parts = [activity_label(note.get("activity"))]
    place = plain(note.get("place")).strip()
    if place:
        parts.append(place)
    for key in ("year_group", "subject"):
        value = plain(note.get(key)).strip()
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
    meta = " \u00b7 ".join(esc(p) for p in parts)
    marker = note.get("marker")
    if marker in MARKER_LABELS:
        meta += f"\u2003<font color='#{_MARKER_HEX[marker]}'>{MARKER_LABELS[marker]}</font>"
    return meta


def note_paragraph(m: ReportModel, note: dict) -> Paragraph:
    s = st.styles()
    meta = note_meta(m, note)
    text = esc_block(note.get("text")) or "<i>(no text)</i>"
    markup = f"<font name='{st.SANS_BOLD}' size='7.8' color='#5b6573'>{meta}</font><br/>{text}"
    return _NOTE_CLASSES.get(note.get("marker"), NeutralNote)(markup, s["note"])


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
        out += [note_paragraph(m, note) for note in notes]
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

