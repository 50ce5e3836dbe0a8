"""The cover page: school, dates, review type, status, framework, team and (final reports) the package checksum."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from . import styles as st
from .model import ReportModel
from .page import Heading, SectionBreak
from .wording import STATUS_LABELS, date_range, esc, long_date, parse_datetime, role_label


class AccentBar(Flowable):
    """A short, thick rule in the accent colour above the title."""

    def __init__(self, width: float = 28 * mm, height: float = 2.2 * mm):
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        self.canv.setFillColor(st.ACCENT)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)


def _details(m: ReportModel) -> list[tuple[str, object]]:
    s = st.styles()
    school = esc(m.school)
    extra = [f"URN {esc(m.urn)}"] if m.urn else []
    if m.cluster:
        extra.append(esc(m.cluster))
    if extra:
        joined = " \u00b7 ".join(extra)
        school += f"<br/><font color='#5b6573'>{joined}</font>"
    framework = esc(m.framework_name) + (f", version {esc(m.framework_version)}" if m.framework_version else "")
    rows: list[tuple[str, object]] = [
        ("School", school),
        ("Dates of visit", esc(date_range(m.start_date, m.end_date))),
        ("Type of review", esc(m.type_label)),
        ("Framework", framework + ("" if m.graded else " (narrative, ungraded)")),
        ("Status", esc(STATUS_LABELS.get(m.status, m.status.replace("_", " ").capitalize()))),
    ]
    if m.final:
        rows.append(("Review version", str(m.version)))
        finalised = parse_datetime(m.doc.get("finalised_at"))
        if finalised:
            rows.append(("Finalised", long_date(finalised.date())))
        sha = (m.package_sha256 or "").strip()
        rows.append(("Package SHA-256", Paragraph(esc(sha) if sha else "\u2014", s["mono"])))
    else:
        rows.append(("Version", f"{m.version} (draft \u2013 subject to change)"))
    return rows


def _key_value_table(rows: list[tuple[str, object]], width: float) -> Table:
    s = st.styles()
    data = [
        [Paragraph(k, s["cover-key"]), v if isinstance(v, Flowable) else Paragraph(v, s["cover-value"])]
        for k, v in rows
    ]
    t = Table(data, colWidths=[38 * mm, width - 38 * mm], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            st.TABLE_BASE
            + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t


def _team_table(m: ReportModel, width: float) -> Table | Paragraph:
    s = st.styles()
    if not m.team:
        return Paragraph("The review team has not been recorded.", s["muted"])
    order = {"lead reviewer": 0, "reviewer": 1, "observer": 2, "host headteacher": 3}
    team = sorted(m.team, key=lambda t: order.get(str(t.get("role", "")).lower(), 4))
    data = [[Paragraph(h, s["cell-head"]) for h in ("Name", "Role", "School")]]
    for person in team:
        data.append(
            [
                Paragraph(esc(person.get("name")), s["cell-bold"]),
                Paragraph(esc(role_label(person.get("role"))), s["cell"]),
                Paragraph(esc(person.get("school")) or "\u2014", s["cell"]),
            ]
        )
    t = Table(data, colWidths=[0.34 * width, 0.22 * width, 0.44 * width], hAlign="LEFT", repeatRows=1)
    t.setStyle(
        TableStyle(
            st.TABLE_BASE
            + [
                ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [st.WHITE, st.ZEBRA]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, st.RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return t


def cover(m: ReportModel, width: float) -> list[Flowable]:
    s = st.styles()
    sub = f"{esc(m.type_label)} \u00b7 {esc(date_range(m.start_date, m.end_date))}"
    if m.final:
        status = Paragraph(f"Final report \u00b7 review version {m.version}", s["cover-kicker"])
    else:
        status = Paragraph("DRAFT \u2013 for factual accuracy checking; not for wider circulation", s["cover-status"])
    out: list[Flowable] = [
        Spacer(1, 14 * mm),
        AccentBar(),
        Spacer(1, 5 * mm),
        Heading("PEER REVIEW REPORT", s["cover-kicker"], outline="Cover", level=0),
        Paragraph(esc(m.school), s["cover-school"]),
        Paragraph(sub, s["cover-sub"]),
        Spacer(1, 5 * mm),
        status,
        Spacer(1, 10 * mm),
        _key_value_table(_details(m), width),
        Spacer(1, 9 * mm),
        Paragraph("Review team", s["h2-table"]),
        _team_table(m, width),
        Spacer(1, 9 * mm),
        Paragraph(
            "This report records the findings of a peer review: leaders from partner schools spent time in the "
            "school gathering evidence against the framework named above, then agreed judgements and findings with "
            "the school. It is written for the school\u2019s leaders and governing body and for the partnership.",
            s["small"],
        ),
        SectionBreak(),
    ]
    return out
