"""The page: A4 template, running header and footer ("Page 3 of 12"), the DRAFT watermark, outline entries.

"Page x of y" needs the page count before any page is written, so the canvas keeps each finished page's state
and writes all pages in `save()` (the usual NumberedCanvas pattern: one layout pass, not two). Bookmarks point at
page objects that only exist once a page is really written, so bookmarks made during layout are queued with their
page and replayed in `save()`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable

from . import styles as st
from .watermark import draw_watermark

PAGE_W, PAGE_H = A4


@dataclass
class PageInfo:
    """What every page shows, plus what the canvas reports back (the page count)."""

    school: str
    framework: str
    final: bool
    version: int
    timestamp: tuple[int, int, int, int, int, int]
    pages: int = 0


@functools.cache
def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` shortened with an ellipsis to fit `width` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


class ReportCanvas(rl_canvas.Canvas):
    """A canvas that writes its pages at `save()`, when their number is known."""

    def __init__(self, *args, info: PageInfo, **kwargs):
        super().__init__(*args, **kwargs)
        self._info = info
        self._saved_pages: list[dict] = []
        self._page_bookmarks: list[tuple[str, dict]] = []
        self._outline_keys = 0
        # the PDF's creation date comes from the document (reportlab's invariant mode fixes the rest)
        stamp = self._doc._timeStamp
        stamp.YMDhms = info.timestamp
        stamp.dhh = stamp.dmm = 0

    def next_outline_key(self) -> str:
        self._outline_keys += 1
        return f"s{self._outline_keys}"

    def bookmarkPage(self, key, **kwargs):  # noqa: N802 (reportlab's name)
        self._page_bookmarks.append((key, kwargs))

    def showPage(self):  # noqa: N802
        self._saved_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        self._info.pages = total
        # streams are written Flate-compressed only, without reportlab's default ASCII85 layer: a quarter smaller,
        # and much faster to write (reportlab reads this setting as it writes, so it is switched for our save only)
        a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            for state in self._saved_pages:
                self.__dict__.update(state)
                for key, kwargs in self._page_bookmarks:
                    rl_canvas.Canvas.bookmarkPage(self, key, **kwargs)
                self._draw_furniture(total)
                rl_canvas.Canvas.showPage(self)
            rl_canvas.Canvas.save(self)
        finally:
            rl_config.useA85 = a85

    def _draw_furniture(self, total: int) -> None:
        info, page = self._info, self._pageNumber
        left, right = st.MARGIN_LEFT, PAGE_W - st.MARGIN_RIGHT
        top = PAGE_H - st.MARGIN_TOP + 9 * 2.83465  # header baseline ~9 mm above the frame
        self.saveState()
        # header: school and title on the left, status on the right
        status = "" if info.final else "DRAFT"
        status_w = 0.0
        if status:
            self.setFont(st.SANS_BOLD, 8.5)
            self.setFillColor(st.DRAFT_RED)
            self.drawRightString(right, top, status)
            status_w = self.stringWidth(status, st.SANS_BOLD, 8.5) + 12
        elif page > 1:
            self.setFont(st.SANS, 8)
            self.setFillColor(st.FAINT)
            label = f"Final report \u00b7 version {info.version}"
            self.drawRightString(right, top, label)
            status_w = self.stringWidth(label, st.SANS, 8) + 12
        if page > 1:
            self.setFont(st.SANS, 8)
            self.setFillColor(st.FAINT)
            self.drawString(
                left, top, _fit(f"{info.school} \u00b7 Peer review report", st.SANS, 8, right - left - status_w)
            )
            self.setStrokeColor(st.RULE)
            self.setLineWidth(0.5)
            self.line(left, top - 5, right, top - 5)
        self.draw_footer(info.framework, page, total)
        self.restoreState()

    def draw_footer(self, text: str, page: int, total: int) -> None:
        """The footer every document of ours shares: a rule, `text` on the left, "Page x of y" on the right."""
        left, right = st.MARGIN_LEFT, PAGE_W - st.MARGIN_RIGHT
        bottom = st.MARGIN_BOTTOM - 11 * 2.83465
        self.setStrokeColor(st.RULE)
        self.setLineWidth(0.5)
        self.line(left, bottom + 10, right, bottom + 10)
        self.setFont(st.SANS, 8)
        self.setFillColor(st.FAINT)
        number = f"Page {page} of {total}"
        self.drawRightString(right, bottom, number)
        room = right - left - self.stringWidth(number, st.SANS, 8) - 12
        self.drawString(left, bottom, _fit(text, st.SANS, 8, room))


def canvas_maker(info: PageInfo):
    def make(*args, **kwargs):
        return ReportCanvas(*args, info=info, **kwargs)

    return make


def _watermark(canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
    """A large, light diagonal DRAFT under the page's content (drawn when the page begins, as outlines)."""
    # drawn once into a form XObject, then placed on every page (a few bytes per page instead of the outlines)
    if not getattr(canv, "_watermark_form", False):
        canv.beginForm("DraftWatermark")
        draw_watermark(canv, "DRAFT", PAGE_W / 2, PAGE_H / 2, 54.7, 150)  # 54.7°: the A4 diagonal
        canv.endForm()
        canv._watermark_form = True
    canv.doForm("DraftWatermark")


class ReportDocTemplate(BaseDocTemplate):
    """A4, one frame; drafts get the watermark on every page."""

    def __init__(self, filename, *, info: PageInfo, **kwargs):
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=st.MARGIN_LEFT,
            rightMargin=st.MARGIN_RIGHT,
            topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM,
            invariant=1,
            initialFontName=st.SANS,
            initialFontSize=st.BODY_SIZE,
            lang="en-GB",
            **kwargs,
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        extra = {} if info.final else {"onPage": _watermark}
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], **extra)])


class SectionBreak(ActionFlowable):
    """Start a new page for a section, unless the current page is still empty (no blank pages)."""

    def __init__(self):
        super().__init__()

    def apply(self, doc):
        if not doc.frame._atTop:
            doc.handle_pageBreak()


class Heading(Paragraph):
    """A heading that adds itself to the PDF outline (bookmarks) when it is drawn."""

    def __init__(self, text, style, *args, outline: str | None = None, level: int = 0, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.outline = outline
        self.level = level

    def draw(self):
        super().draw()
        outline = getattr(self, "outline", None)
        if outline:
            canv = self.canv
            key = canv.next_outline_key()
            canv.bookmarkHorizontal(key, 0, self.height + 6)
            canv.addOutlineEntry(outline, key, level=self.level, closed=self.level >= 1)
            self.outline = None


def table_heading(title: str, *, outline: bool = False) -> list[Flowable]:
    """A heading over a table. Not keepWithNext: that would move the whole table to the next page whenever it
    fits on one; instead the heading moves on only when there is no room for it and a few rows."""
    style = st.styles()["h2-table"]
    head = Heading(title, style, outline=title, level=1) if outline else Paragraph(title, style)
    return [CondPageBreak(45 * mm), head]
