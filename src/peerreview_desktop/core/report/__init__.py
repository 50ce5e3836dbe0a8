"""The PDF report of a review, rendered from the review document (see docs/review-document.md) with reportlab.

A pure function of the document: no store, no clock, no randomness, so the same document gives the same bytes
(review packages hash the PDF). Confidential notes never reach the page (see `model.ReportModel`).

    info = render_report(doc, "report.pdf", package_sha256=None)   # ReportInfo(pages=9, sha256="…")
    data = render_report_bytes(doc)
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import LayoutError

from peerreview_desktop import APP_NAME
from peerreview_desktop.core.errors import PeerReviewError
from peerreview_desktop.core.fileio import write_atomic

from . import styles as st
from .cover import cover
from .criteria import judgements
from .model import ReportModel
from .page import PageInfo, ReportDocTemplate, SectionBreak, canvas_maker
from .sections import context, evidence_summary, findings, host_comments, sign_off
from .summary import summary
from .wording import date_range

__all__ = ["ReportInfo", "ReportNotWritten", "render_report", "render_report_bytes", "build_story"]


class ReportNotWritten(PeerReviewError):
    """The report could not be written where the user asked."""


@dataclass(frozen=True)
class ReportInfo:
    pages: int
    sha256: str  # of the written PDF
    path: Path | None = None


def build_story(m: ReportModel, width: float) -> list[Flowable]:
    """Every flowable of the report, in reading order."""
    story: list[Flowable] = []
    story += cover(m, width)
    story += context(m)
    story.append(SectionBreak())
    story += summary(m, width)
    story += findings(m)
    story += judgements(m, width)
    story += evidence_summary(m, width)
    story += host_comments(m)
    story += sign_off(m, width)
    return story


def _render(doc: dict, package_sha256: str | None) -> tuple[bytes, int]:
    st.register_fonts()
    m = ReportModel(doc, package_sha256)
    info = PageInfo(
        school=m.school,
        framework=m.framework_name + (f", version {m.framework_version}" if m.framework_version else ""),
        final=m.final,
        version=m.version,
        timestamp=m.timestamp(),
    )
    buf = io.BytesIO()
    template = ReportDocTemplate(
        buf,
        info=info,
        title=f"Peer review report \u2014 {m.school}",
        author=m.lead or "Peer review team",
        subject=f"{m.type_label}, {date_range(m.start_date, m.end_date)} ({m.framework_name})"
        + ("" if m.final else " \u2014 draft"),
        creator=APP_NAME,
        keywords=["peer review", m.school],
    )
    try:
        template.build(build_story(m, template.width), canvasmaker=canvas_maker(info))
    except LayoutError as exc:  # a last resort: long fields are clipped in the model, so this should not happen
        raise ReportNotWritten(
            "The report could not be laid out because some text in the review is too long to fit on a page."
        ) from exc
    return buf.getvalue(), info.pages


def render_report_bytes(doc: dict, *, package_sha256: str | None = None) -> bytes:
    """The report as PDF bytes."""
    return _render(doc, package_sha256)[0]


def render_report(doc: dict, out_path: str | os.PathLike, *, package_sha256: str | None = None) -> ReportInfo:
    """Write the report to `out_path` (atomically: a partial file never replaces a good one)."""
    data, pages = _render(doc, package_sha256)
    path = Path(out_path).expanduser()
    if path.is_dir():
        raise ReportNotWritten(f"{path} is a folder; give a file name for the report, such as report.pdf.")
    folder = path.parent
    if not folder.is_dir():
        raise ReportNotWritten(f"The folder {folder} does not exist, so the report cannot be saved there.")
    write_atomic(path, data, what="The report", error=ReportNotWritten)
    return ReportInfo(pages=pages, sha256=hashlib.sha256(data).hexdigest(), path=path)
