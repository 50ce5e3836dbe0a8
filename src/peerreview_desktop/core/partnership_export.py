"""The partnership spreadsheet: one sheet per view (Reviews, Heat map, Judgements, Findings, Themes, Matching, Trend,
About) as an .xlsx workbook — frozen header rows, auto filters, grades filled in the scale's colours, sensible
column widths — or as CSV: `FILE.csv` is one file whose first column, `sheet`, names the view (the columns are the
union of the views' columns); a folder gets one CSV per view (reviews.csv, heat-map.csv, …).

Built from the overview (`core.partnership`), so it holds exactly what counts and never a confidential note."""

from __future__ import annotations

import csv
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import InvalidInput, PeerReviewError
from .partnership import Overview, theme_key
from .partnership_data import DEMO_IDS, load_findings, load_judgements
from .vocabulary import FINDING_KINDS


class ExportNotWritten(PeerReviewError):
    """The spreadsheet could not be written where the user asked."""


@dataclass(frozen=True)
class Graded:
    """A cell shown in a grade's colour."""

    text: str
    colour: str


@dataclass
class Sheet:
    name: str
    columns: list[tuple[str, float]]  # header, width in characters
    rows: list[list] = field(default_factory=list)
    wrap: bool = False  # long text columns wrap

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def _d(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def sheets(ov: Overview) -> list[Sheet]:
    latest_ids = {e.id for e in ov.latest}
    current = [e for e in ov.catalogue.counting() if ov.selection.admits(e)]
    judged = load_judgements_for(ov, [e.id for e in current])
    found = load_findings_for(ov, [e.id for e in current])
    fws = ov.catalogue.frameworks
    out = [_reviews(ov, latest_ids)]
    for m in ov.heatmaps:
        name = "Heat map" if m is ov.heatmaps[0] else f"Heat map {m.framework}"[:31]
        cols = [("School", 34), ("URN", 9), ("Cluster", 22), ("Review date", 12)]
        cols += [(a["title"], 16) for a in m.areas]
        fw = fws[m.framework_id]
        cols += [(f"{c.code} {c.title}", 14) for c in fw.criteria]
        sh = Sheet(name, cols)
        for r in m.rows:
            row: list = [r.school, r.urn, r.cluster, _d(r.start_date)]
            row += [Graded(c.label, c.colour) if c else "" for c in r.cells.values()]
            row += [Graded(r.criteria[c.code].label, r.criteria[c.code].colour) if c.code in r.criteria else ""
                    for c in fw.criteria]
            sh.rows.append(row)
        out.append(sh)
    jsh = Sheet("Judgements", [("School", 34), ("URN", 9), ("Cluster", 22), ("Review date", 12), ("Framework", 30),
                               ("Area", 30), ("Criterion", 9), ("Criterion title", 38), ("Grade", 22),
                               ("Rationale", 70), ("Latest review", 8), ("Review ID", 38)], wrap=True)
    fsh = Sheet("Findings", [("School", 34), ("URN", 9), ("Cluster", 22), ("Review date", 12), ("Framework", 30),
                             ("Kind", 16), ("Finding", 70), ("Criteria", 12), ("Theme", 40), ("Latest review", 8),
                             ("Review ID", 38)], wrap=True)
    for e in sorted(current, key=lambda e: (e.school.casefold(), e.start_date)):
        fw = fws[e.framework_id]
        grades = {g.key: g for g in fw.grades}
        titles = {c.code: (c.title, fw.area(c.area_code).title) for c in fw.criteria}
        order = {c.code: i for i, c in enumerate(fw.criteria)}
        latest = "yes" if e.id in latest_ids else "no"
        for j in sorted(judged.get(e.id, ()), key=lambda j: order.get(j.criterion, 999)):
            g = grades.get(j.grade)
            label = g.label if g else j.grade.replace("-", " ").capitalize()
            title, area = titles.get(j.criterion, ("", ""))
            jsh.rows.append([e.school, e.urn, e.cluster, _d(e.start_date), fw.title, area, j.criterion, title,
                             Graded(label, g.colour) if g else label, j.rationale, latest, e.id])
        for f in found.get(e.id, ()):
            fsh.rows.append([e.school, e.urn, e.cluster, _d(e.start_date), fw.title, FINDING_KINDS.get(f.kind, f.kind),
                             f.text, ", ".join(f.criteria), " ".join(theme_key(f.text)), latest, e.id])
    out += [jsh, fsh, _themes(ov), _matching(ov)]
    if ov.trend is not None:
        t = ov.trend
        sh = Sheet("Trend", [("School year", 12), ("Date", 12)] + [(a["title"], 18) for a in t.areas])
        for p in t.points:
            sh.rows.append([p.year, _d(p.start_date)] + [Graded(c.label, c.colour) if c else "" for c in p.cells.values()])
        out.append(sh)
    out.append(_about(ov))
    return out


def load_judgements_for(ov: Overview, ids: list[str]) -> dict:
    """Judgements of every counting review (the overview holds only the latest reviews')."""
    missing = [i for i in ids if i not in ov.judgements]
    return {**ov.judgements, **load_judgements(ov.store, missing)} if missing else ov.judgements


def load_findings_for(ov: Overview, ids: list[str]) -> dict:
    missing = [i for i in ids if i not in ov.findings]
    return {**ov.findings, **load_findings(ov.store, missing)} if missing else ov.findings


def _reviews(ov: Overview, latest_ids: set[str]) -> Sheet:
    sh = Sheet("Reviews", [("School", 34), ("URN", 9), ("Cluster", 22), ("Type", 24), ("Start date", 12),
                           ("End date", 12), ("Framework", 34), ("Status", 20), ("Version", 8), ("Reviewers", 34),
                           ("Signed by", 22), ("Counts in the overview", 30), ("Review ID", 38)])
    for e in ov.catalogue.entries:
        if e.id in DEMO_IDS or e.mode in ("host", "team") or not ov.selection.admits(e):
            continue
        why = ov.why(e)
        status = e.status_label + (" (conflict flagged)" if e.conflict and e.status != "conflict" else "")
        sh.rows.append([e.school, e.urn, e.cluster, e.type_label, _d(e.start_date), _d(e.end_date),
                        f"{e.framework_name} {e.framework_version}", status, e.version, ", ".join(e.reviewers),
                        e.signer, why, e.id])
    return sh


def _themes(ov: Overview) -> Sheet:
    sh = Sheet("Themes", [("Theme", 20), ("Framework", 30), ("Criterion", 9), ("What", 60), ("Schools", 9),
                          ("In the weakest grade", 11), ("In the weaker half", 11), ("Judged", 9),
                          ("Which schools", 80)], wrap=True)
    for p in ov.priorities:
        sh.rows.append(["Priority criterion", p.framework, p.criterion, p.title, p.lower, p.weakest, p.lower, p.judged,
                        "; ".join(p.schools)])
    for kind, items in (("Next step or development", ov.next_steps), ("Strength", ov.strengths)):
        for t in items:
            sh.rows.append([kind, "", "", t.text, t.count, None, None, None, "; ".join(t.schools)])
    return sh


def _matching(ov: Overview) -> Sheet:
    sh = Sheet("Matching", [("Framework", 26), ("Criterion", 9), ("Criterion title", 34), ("School (priority)", 32),
                            ("Cluster", 20), ("Why it is a priority", 60), ("Suggested partner (strong)", 32),
                            ("Partner's cluster", 20), ("Same cluster", 8), ("Why the partner is strong", 60),
                            ("Other strong schools", 50)], wrap=True)
    for m in ov.matches:
        strong = {s.school_id: s for s in m.strong}
        prio = {s.school_id: s for s in m.priority}
        for p in m.pairs:
            a, b = prio[p.school_id], strong[p.partner_id]
            others = [s.school for s in m.strong if s.school_id not in
                      {q.partner_id for q in m.pairs if q.school_id == p.school_id}]
            sh.rows.append([m.framework_name, m.criterion, m.title, a.school, a.cluster,
                            Graded(a.rationale or a.grade_label, a.colour), b.school, b.cluster,
                            "yes" if p.same_cluster else "no", Graded(b.rationale or b.grade_label, b.colour),
                            "; ".join(others)])
    for m in ov.unmatched:
        for a in m.priority:
            sh.rows.append([m.framework_name, m.criterion, m.title, a.school, a.cluster,
                            Graded(a.rationale or a.grade_label, a.colour),
                            "No school in the partnership is yet judged strong in this", "", "", "", ""])
    return sh


def _about(ov: Overview) -> Sheet:
    sh = Sheet("About", [("Item", 30), ("Value", 90)], wrap=True)
    sh.rows += [["Partnership", ov.partnership], ["Prepared", ov.prepared],
                ["Selection", ov.selection.describe()],
                ["What counts", "Each school's latest final review per framework. Superseded versions, reviews not "
                                "yet final and conflicting revisions do not count. Confidential notes are never "
                                "included."],
                ["Schools", len(ov.schools)], ["Schools reviewed", ov.reviewed_schools],
                ["Reviews counted", len(ov.latest)], ["Superseded versions left out", ov.superseded],
                ["Conflicting revisions to resolve", len(ov.conflicts)], ["", ""]]
    seen = set()
    for m in ov.heatmaps + ([ov.trend] if ov.trend else []):
        if m.framework in seen:
            continue
        seen.add(m.framework)
        sh.rows.append([f"Scale: {m.framework}", ""])
        for g in m.scale:
            sh.rows.append([Graded(g["label"], g["colour"]), ""])
    return sh


# -- writers --------------------------------------------------------------------------------------------------------

def _atomic(path: Path, write) -> None:  # noqa: ANN001
    path = Path(path).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise ExportNotWritten(f"The folder {folder} does not exist, so the spreadsheet cannot be saved there.")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".partnership-", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportNotWritten(f"The spreadsheet could not be saved to {path}: "
                               f"{(exc.strerror or 'the file could not be written').lower()}.") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def export(ov: Overview, path: str | os.PathLike) -> list[Sheet]:
    """Write `.xlsx`, `.csv`, or a folder of CSV files (an existing folder or a path ending in a separator)."""
    p = Path(path).expanduser()
    data = sheets(ov)
    if p.is_dir() or str(path).endswith((os.sep, "/")):
        p.mkdir(parents=True, exist_ok=True)
        for sh in data:
            _atomic(p / f"{sh.slug}.csv", lambda tmp, sh=sh: _write_csv(tmp, [sh], with_sheet=False))
    elif p.suffix.lower() == ".xlsx":
        from .partnership_xlsx import write_xlsx

        _atomic(p, lambda tmp: write_xlsx(tmp, data))
    elif p.suffix.lower() == ".csv":
        _atomic(p, lambda tmp: _write_csv(tmp, data, with_sheet=True))
    else:
        raise InvalidInput(f"'{p.name}' is neither .xlsx nor .csv; name the file partnership.xlsx or "
                           "partnership.csv (or give a folder for one CSV per sheet).")
    return data


def _csv_value(v) -> str:  # noqa: ANN001
    if v is None:
        return ""
    if isinstance(v, Graded):
        v = v.text
    if isinstance(v, date):
        return v.isoformat()
    s = str(v)
    if s[:1] in ("=", "+", "@", "\t", "\r") or (s[:1] == "-" and s[1:2] not in ("", " ")):
        s = "'" + s  # never a formula in a spreadsheet program
    return s


def _write_csv(tmp: Path, data: list[Sheet], with_sheet: bool) -> None:
    header: list[str] = []
    for sh in data:
        for name, _w in sh.columns:
            if name and name not in header:
                header.append(name)
    if not with_sheet:
        header = [name for name, _w in data[0].columns]
    with open(tmp, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow((["sheet"] if with_sheet else []) + header)
        for sh in data:
            idx = [header.index(name) if name in header else None for name, _w in sh.columns]
            for row in sh.rows:
                out = [""] * len(header)
                for i, v in zip(idx, row, strict=False):
                    if i is not None:
                        out[i] = _csv_value(v)
                w.writerow(([sh.name] if with_sheet else []) + out)
