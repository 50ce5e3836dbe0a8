"""Judgements and evidence: per area, per criterion the grade, the rationale and the notes it rests on.

Cited notes are drawn by `evidence_notes` (cited by activity, place and time, never by ID)."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from . import styles as st
from .evidence_notes import note_flowables
from .model import Area, Criterion, Grade, ReportModel
from .page import Heading, SectionBreak
from .wording import esc, paragraphs_of


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


_MARKER_HEX = {"strength": st.STRENGTH.hexval()[2:], "development": st.DEVELOPMENT.hexval()[2:]}


class CriterionHead(Flowable):
    """A criterion's heading with its grade badge at the right margin (lighter than a one-row table)."""

    def __init__(self, head: Heading, badge: GradeBadge):
        super().__init__()
        self.head, self.badge = head, badge
        self.keepWithNext = 1
        self.spaceBefore = head.style.spaceBefore  # (a Spacer would break the keep-with-next chain)

    def wrap(self, aw, ah):
        _, hh = self.head.wrap(aw - self.badge.width - 10, ah)
        self.width, self.height = aw, max(hh, self.badge.height) + 2
        return self.width, self.height

    def split(self, aw, ah):
        return []

    def draw(self):
        top = self.height
        self.head.drawOn(self.canv, 0, top - self.head.height)
        self.badge.drawOn(self.canv, self.width - self.badge.width, top - self.badge.height)


def _criterion_head(crit: Criterion, grade: Grade | None, *, in_outline: bool = True) -> Flowable:
    s = st.styles()
    title = f"{esc(crit.code)}\u2002{esc(crit.title)}" if crit.title != crit.code else esc(crit.code)
    outline = f"{crit.code} {crit.title}" if crit.title != crit.code else crit.code
    head = Heading(title, s["h3"], outline=outline if in_outline else None, level=2)
    return head if grade is None else CriterionHead(head, GradeBadge(grade))


def _judgement_block(m: ReportModel, crit: Criterion, width: float, *, area_level: bool = False) -> list[Flowable]:
    s = st.styles()
    j = m.judgements.get(crit.code) or {}
    grade = m.grade(j)
    if not m.graded and grade is not None and grade.key != "insufficient-evidence":
        grade = None  # narrative frameworks: no grade badges
    out: list[Flowable] = []
    if area_level:
        out.append(Paragraph("Overall judgement for this area", s["label"]))
    out.append(_criterion_head(crit, grade, in_outline=not area_level))
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
        out += note_flowables(m, notes[0], label=f"EVIDENCE CITED ({n} NOTE{'S' if n != 1 else ''})")
        for note in notes[1:]:
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
    return out


def judgements(m: ReportModel, width: float) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [
        SectionBreak(),
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
