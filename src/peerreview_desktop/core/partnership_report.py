"""The partnership board paper (PDF): a title page, the key messages, the heat map of schools × areas in the scale's
colours, the themes, who can help whom, the partnership's self-evaluation trend, and the reviews it rests on.

Same typographic standard as the review report: its fonts, palette, paragraph styles, page geometry and "Page x of
y" canvas (`core.report`), with the board paper's own running header. Built from the overview only, so it holds
exactly what counts and never a confidential note. Deterministic: the same overview gives the same bytes."""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from peerreview_desktop import APP_NAME

from .errors import PeerReviewError
from .fileio import write_atomic
from .partnership import Overview
from .partnership_board import appendix, heat_maps, matching, summary, themes, trend
from .report import styles as st
from .report.cover import AccentBar
from .report.page import PAGE_H, PAGE_W, Heading, PageInfo, ReportCanvas, ReportDocTemplate, SectionBreak, _fit
from .report.wording import esc, long_date


class BoardPaperNotWritten(PeerReviewError):
    """The board paper could not be written where the user asked."""


@dataclass(frozen=True)
class BoardPaperInfo:
    pages: int
    sha256: str
    path: Path | None = None


class BoardCanvas(ReportCanvas):
    """The review report's canvas (pages written when their count is known) with the board paper's header."""

    def _draw_furniture(self, total: int) -> None:
        info, page = self._info, self._pageNumber
        left, right = st.MARGIN_LEFT, PAGE_W - st.MARGIN_RIGHT
        top = PAGE_H - st.MARGIN_TOP + 9 * mm
        self.saveState()
        if page > 1:
            self.setFont(st.SANS, 8)
            self.setFillColor(st.FAINT)
            label = info.framework  # "Prepared 20 November 2026"
            self.drawRightString(right, top, label)
            room = right - left - self.stringWidth(label, st.SANS, 8) - 12
            self.drawString(left, top, _fit(f"{info.school} \u00b7 Partnership board paper", st.SANS, 8, room))
            self.setStrokeColor(st.RULE)
            self.setLineWidth(0.5)
            self.line(left, top - 5, right, top - 5)
        self.draw_footer("Drawn from signed peer review packages; confidential notes are never included.", page,
                         total)
        self.restoreState()


def _title_page(ov: Overview, width: float) -> list[Flowable]:
    s = st.styles()
    dates = sorted(e.start_date for e in ov.latest)
    period = (f"{long_date(_date(dates[0]))} to {long_date(_date(dates[-1]))}" if dates else "No reviews yet")
    clusters = ov.clusters
    rows = [
        ("Prepared", long_date(ov.prepared)),
        ("Reviews counted", f"{len(ov.latest)}: each school\u2019s latest final review (visits from {period})"
         if dates else "None yet"),
        ("Schools", f"{ov.reviewed_schools} of {len(ov.schools)} reviewed"
         + (f", in {len(clusters)} cluster{'s' if len(clusters) != 1 else ''}" if clusters else "")),
        ("Left out", f"{ov.superseded} superseded version{'s' if ov.superseded != 1 else ''}; "
                     f"reviews not yet final"),
    ]
    if ov.conflicts:
        rows.append(("To resolve", f"<font color='#b3261e'><b>{len(ov.conflicts)} review"
                                   f"{'s have' if len(ov.conflicts) != 1 else ' has'} a conflicting revision</b></font>"))
    if ov.selection.describe() != "all schools, all dates":
        rows.append(("Selection", esc(ov.selection.describe())))
    data = [[Paragraph(k, s["cover-key"]), Paragraph(v if k == "To resolve" else esc(v), s["cover-value"])]
            for k, v in rows]
    t = Table(data, colWidths=[38 * mm, width - 38 * mm], hAlign="LEFT")
    t.setStyle(TableStyle(st.TABLE_BASE + [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                           ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.RULE),
                                           ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                                           ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    contents = ["Key messages", "The picture across schools", "Themes", "Who can help whom"]
    if ov.trend:
        contents.append("The partnership\u2019s self-evaluation")
    contents.append("Appendix: the reviews counted")
    return [
        Spacer(1, 14 * mm), AccentBar(), Spacer(1, 5 * mm),
        Heading("PARTNERSHIP BOARD PAPER", s["cover-kicker"], outline="Title page", level=0),
        Paragraph(esc(ov.partnership), s["cover-school"]),
        Paragraph("Peer review across the partnership: the picture, the themes and who can help whom",
                  s["cover-sub"]),
        Spacer(1, 10 * mm), t, Spacer(1, 9 * mm),
        Paragraph("Contents", s["h2"]),
        *[Paragraph(f"{i}.\u2002{esc(c)}", s["body-tight"]) for i, c in enumerate(contents, start=1)],
        Spacer(1, 9 * mm),
        Paragraph("Each school is reviewed by headteachers and senior leaders from partner schools against the "
                  "partnership\u2019s framework. This paper brings together the latest final review of every "
                  "school, so the board can see where practice is strong, what recurs, and where one school can "
                  "support another. Earlier versions of a review never count once a newer one is received.",
                  s["small"]),
        SectionBreak(),
    ]


def _date(iso: str):  # noqa: ANN202
    from datetime import date

    return date.fromisoformat(iso[:10])


def build_story(ov: Overview, width: float) -> list[Flowable]:
    story = _title_page(ov, width)
    story += summary(ov, width)
    story += heat_maps(ov, width)
    story += themes(ov, width)
    story += matching(ov, width)
    story += trend(ov, width)
    story += appendix(ov, width)
    return story


def render_board_paper_bytes(ov: Overview) -> tuple[bytes, int]:
    st.register_fonts()
    p = ov.prepared
    info = PageInfo(school=ov.partnership, framework=f"Prepared {long_date(p)}", final=True, version=1,
                    timestamp=(p.year, p.month, p.day, 9, 0, 0))
    buf = io.BytesIO()
    template = ReportDocTemplate(buf, info=info, title=f"Partnership board paper \u2014 {ov.partnership}",
                                 author=ov.partnership, subject=f"Peer review across the partnership, prepared "
                                 f"{long_date(p)}", creator=APP_NAME,
                                 keywords=["peer review", "partnership", "board paper"])

    def make(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return BoardCanvas(*args, info=info, **kwargs)

    template.build(build_story(ov, template.width), canvasmaker=make)
    return buf.getvalue(), info.pages


def render_board_paper(ov: Overview, out_path: str | os.PathLike) -> BoardPaperInfo:
    """Write the board paper to `out_path` (atomically: a partial file never replaces a good one)."""
    path = Path(out_path).expanduser()
    if path.is_dir():
        raise BoardPaperNotWritten(f"{path} is a folder; give a file name for the board paper, such as board.pdf.")
    if not path.parent.is_dir():
        raise BoardPaperNotWritten(f"The folder {path.parent} does not exist, so the board paper cannot be saved "
                                   "there.")
    data, pages = render_board_paper_bytes(ov)
    write_atomic(path, data, what="The board paper", error=BoardPaperNotWritten)
    return BoardPaperInfo(pages, hashlib.sha256(data).hexdigest(), path)


__all__ = ["BoardPaperInfo", "BoardPaperNotWritten", "render_board_paper", "render_board_paper_bytes"]
