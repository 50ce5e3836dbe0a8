"""Cited evidence notes: a citation line (marker, activity · place · subject · time), then the note's text, with a
rule in the margin coloured by the marker. Notes are cited by what, where and when, never by ID.

Speed matters here (a review can cite hundreds of notes), so a note's first paragraph is ONE flowable that draws
its own citation line with the canvas (no markup parsing, no second flowable), and the note's text stays a
single-style paragraph, which is reportlab's fast path. The citation line is never left alone at a page foot:
the paragraph splits with at least two lines of text under it, or moves on whole.
"""

from __future__ import annotations

import functools

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from . import styles as st
from .model import ReportModel
from .wording import MARKER_LABELS, activity_label, note_when, paragraphs_of, plain

RULE_GAP = 7  # from the rule to the note's text
META_FONT, META_SIZE, META_LEADING = st.SANS_BOLD, 7.8, 10.5
META_PAD_TOP, META_PAD_BOTTOM = 3.0, 1.5
LABEL_FONT, LABEL_SIZE, LABEL_H = st.SANS_BOLD, 8.2, 16.0

MARKER_COLOURS = {"Strength": st.STRENGTH, "Development": st.DEVELOPMENT}
RULES = {"strength": st.STRENGTH, "development": st.DEVELOPMENT}


@functools.cache
def _marker_width(label: str | None) -> float:
    return stringWidth(label + "  ", META_FONT, META_SIZE) if label in MARKER_COLOURS else 0.0


def _lines(text: str, first: float, rest: float) -> list[str]:
    """Greedy line breaking for a short line of text (measured whole first: it usually fits)."""
    if stringWidth(text, META_FONT, META_SIZE) <= first:
        return [text]
    lines: list[str] = []
    space = stringWidth(" ", META_FONT, META_SIZE)
    line, width, limit = "", 0.0, first
    for word in text.split(" "):
        w = stringWidth(word, META_FONT, META_SIZE)
        if line and width + space + w > limit:
            lines.append(line)
            line, width, limit = word, w, rest
        else:
            line, width = (f"{line} {word}", width + space + w) if line else (word, w)
    if line or not lines:
        lines.append(line)
    return lines


class NoteText(Paragraph):
    """A paragraph of a cited note, with the marker's rule down its left indent; the first paragraph of a note
    also carries the citation line (`meta`) above its text. Rule colour and extension come from the style, so
    the halves of a split paragraph keep them (reportlab rebuilds split halves from the class and style only)."""

    meta: tuple[str, str | None] | None = None  # (citation text, marker label)
    label: str | None = None  # a caption above the first cited note ("EVIDENCE CITED (3 NOTES)"), kept with it
    _meta_lines: list[str] = []
    _meta_h = 0.0

    _meta_for = -1.0  # the width the citation line was last broken for

    def _measure_meta(self, aw: float) -> float:
        if not self.meta:
            self._meta_h = 0.0
            return 0.0
        if aw == self._meta_for:
            return self._meta_h
        self._meta_for = aw
        text, marker = self.meta
        avail = aw - self.style.leftIndent
        self._meta_lines = _lines(text, avail - _marker_width(marker), avail)
        self._meta_h = META_PAD_TOP + len(self._meta_lines) * META_LEADING + META_PAD_BOTTOM
        if self.label:
            self._meta_h += LABEL_H
        return self._meta_h

    def wrap(self, aw, ah):
        mh = self._measure_meta(aw)
        w, h = super().wrap(aw, ah - mh)
        return w, h + mh

    def split(self, aw, ah):
        mh = self._measure_meta(aw)
        parts = super().split(aw, ah - mh)
        if len(parts) == 2 and self.meta:
            parts[0].meta, parts[0].label = self.meta, self.label
        return parts

    def draw(self):
        super().draw()
        c, style = self.canv, self.style
        top = self.height + self._meta_h
        if self.label:
            c.setFont(LABEL_FONT, LABEL_SIZE)
            c.setFillColor(st.ACCENT)
            c.drawString(0, top - LABEL_H + 4.5, self.label)
            top -= LABEL_H
        # no saveState: every flowable that strokes sets its own colour and width
        c.setStrokeColor(style.ruleColor)
        c.setLineWidth(2.2)
        x = style.leftIndent - RULE_GAP
        c.line(x, -style.ruleExtend, x, top - (META_PAD_TOP if self.meta else 0))
        if self.meta:
            self._draw_meta(top - META_PAD_TOP - META_LEADING + 2.6)

    def _draw_meta(self, y: float) -> None:
        c = self.canv
        marker = self.meta[1]
        t = c.beginText(self.style.leftIndent, y)
        t.setFont(META_FONT, META_SIZE, META_LEADING)
        if marker in MARKER_COLOURS:
            t.setFillColor(MARKER_COLOURS[marker])
            t.textOut(marker + "  ")
        t.setFillColor(st.MUTED)
        for line in self._meta_lines:
            t.textLine(line)
        c.drawText(t)
        c.setFillColor(st.INK)


def note_meta(m: ReportModel, note: dict) -> str:
    """ "Lesson visit · Year 4 classroom · Mathematics · 09:05"; parts are skipped when missing or already said by
    the place."""
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


def note_flowables(m: ReportModel, note: dict, label: str | None = None) -> list[Flowable]:
    """A cited note: one paragraph per paragraph of its text, the first carrying the citation line (and `label`
    above it, if given)."""
    marker = note.get("marker")
    key = marker if marker in RULES else "neutral"
    mid, last = st.note_styles(key, RULES.get(key, st.RULE).hexval()[2:])
    paras = paragraphs_of(note.get("text")) or ["<i>(no text)</i>"]
    out = [NoteText(p, mid) for p in paras[:-1]] + [NoteText(paras[-1], last)]
    out[0].meta = (note_meta(m, note), MARKER_LABELS.get(marker))
    out[0].label = label
    return out
