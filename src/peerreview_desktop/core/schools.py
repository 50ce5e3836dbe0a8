"""The partnership's schools and clusters (districts, quadrants): editable, importable from CSV.

A school is known by its URN (the unique reference number every school in England has) when one is given, else by
its name compared loosely ("St. Anne's C of E" = "St Anne's C of E"), so reviews attach to the right school whatever
the spelling. CSV import is all-or-nothing: every problem is reported with its row and column, and nothing is stored
unless the whole file is good."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func, text
from sqlmodel import Session, select

from . import audit
from .changes import Changes
from .errors import InvalidInput, NotFound
from .models import Cluster, Partnership, Profile, Review, School

COLUMNS = ("name", "urn", "cluster", "phase")
ALIASES = {"school": "name", "school name": "name", "school_name": "name", "establishment name": "name",
           "unique reference number": "urn", "urn number": "urn", "district": "cluster", "quadrant": "cluster",
           "locality": "cluster", "group": "cluster", "hub": "cluster", "phase of education": "phase", "type": "phase"}
MAX_PROBLEMS = 50
URN = re.compile(r"^\d{6,7}$")


@dataclass
class SchoolRow:
    id: str
    name: str
    urn: str | None
    cluster: str | None
    cluster_id: str | None
    phase: str
    reviews: int

    def as_json(self) -> dict:
        return asdict(self)


def name_key(name: str) -> str:
    """A school name compared loosely: case, punctuation, "&"/"and", "Saint"/"St" and spacing do not matter."""
    t = (name or "").casefold().replace("\u2019", "'").replace("&", " and ")
    t = re.sub(r"[.'`]", "", t)
    t = re.sub(r"[^\w]+", " ", t)
    t = re.sub(r"\bsaint\b", "st", t)
    t = re.sub(r"\bc of e\b|\bcofe\b", "ce", t)
    return " ".join(t.split())


def list_schools(store) -> list[SchoolRow]:  # noqa: ANN001
    q = text("SELECT s.id, s.name, s.urn, c.name, s.cluster_id, s.phase, "
             "(SELECT count(*) FROM review r WHERE r.school_id = s.id) "
             "FROM school s LEFT JOIN cluster c ON c.id = s.cluster_id")
    with store.engine.connect() as conn:
        rows = conn.execute(q).fetchall()
        conn.rollback()
    out = [SchoolRow(r[0], r[1], r[2], r[3], r[4], r[5] or "", int(r[6])) for r in rows]
    out.sort(key=lambda r: ((r.cluster or "\uffff").casefold(), r.name.casefold()))
    return out


def cluster_names(store) -> list[str]:  # noqa: ANN001
    with store.read() as s:
        return sorted(s.exec(select(Cluster.name)), key=str.casefold)


def find_school(s: Session, name: str, urn: str | None) -> School | None:
    """The school with this URN; else the one whose name matches loosely (and has no other URN)."""
    if urn:
        hit = s.exec(select(School).where(School.urn == urn)).first()
        if hit is not None:
            return hit
    key = name_key(name)
    for school in s.exec(select(School)):
        if name_key(school.name) == key and not (urn and school.urn and school.urn != urn):
            return school
    return None


def cluster_in(s: Session, name: str | None) -> Cluster | None:
    name = " ".join((name or "").split())
    if not name:
        return None
    found = s.exec(select(Cluster).where(func.lower(Cluster.name) == name.lower())).first()
    if found is None:
        p = s.exec(select(Partnership)).first()
        found = Cluster(name=name, partnership_id=p.id if p else None)
        s.add(found)
        s.flush()
    return found


def _school(s: Session, school_id: str) -> School:
    from . import ids

    school = s.get(School, ids.resolve(s, School, school_id, "school"))
    if school is None:
        raise NotFound(f"There is no school '{school_id}'.")
    return school


def update_school(store, school_id: str, *, name: str | None = None, urn: str | None = None,  # noqa: ANN001
                  cluster: str | None = None, phase: str | None = None) -> Changes:
    """Change a school's name, URN, cluster ("" = none) or phase. Reviews stay attached (they hold its ID)."""
    with store.write() as s:
        school = _school(s, school_id)
        before = {"name": school.name, "urn": school.urn, "cluster_id": school.cluster_id, "phase": school.phase}
        if name is not None:
            name = " ".join(name.split())
            if not name:
                raise InvalidInput("A school needs a name.")
            school.name = name
        if urn is not None:
            urn = urn.strip() or None
            if urn and not URN.match(urn):
                raise InvalidInput(f"'{urn}' is not a URN; a school's unique reference number has six or seven digits.")
            other = s.exec(select(School).where(School.urn == urn, School.id != school.id)).first() if urn else None
            if other is not None:
                raise InvalidInput(f"URN {urn} already belongs to {other.name}; merge the two schools instead.")
            school.urn = urn
        if cluster is not None:
            c = cluster_in(s, cluster)
            school.cluster_id = c.id if c else None
        if phase is not None:
            school.phase = phase.strip()
        after = {"name": school.name, "urn": school.urn, "cluster_id": school.cluster_id, "phase": school.phase}
        if after != before:
            audit.record(s, store.actor, None, "school.edit", "school", school.id, {"before": before, "after": after})
        return Changes(reviews=after != before, ids=[school.id])


def merge_schools(store, from_id: str, into_id: str) -> Changes:  # noqa: ANN001
    """Two records of one school (spelt differently, say): reviews of `from_id` move to `into_id`; it is removed."""
    with store.write() as s:
        src, dst = _school(s, from_id), _school(s, into_id)
        if src.id == dst.id:
            raise InvalidInput("A school cannot be merged into itself.")
        if src.urn and dst.urn and src.urn != dst.urn:
            raise InvalidInput(f"{src.name} (URN {src.urn}) and {dst.name} (URN {dst.urn}) are different schools.")
        moved = 0
        for r in s.exec(select(Review).where(Review.school_id == src.id)):
            r.school_id = dst.id
            moved += 1
        dst.urn = dst.urn or src.urn
        dst.cluster_id = dst.cluster_id or src.cluster_id
        dst.phase = dst.phase or src.phase
        s.flush()
        s.delete(src)
        audit.record(s, store.actor, None, "school.merge", "school", dst.id,
                     {"from": {"id": src.id, "name": src.name}, "reviews": moved})
        return Changes(reviews=True, ids=[dst.id], value=moved)


def rename_cluster(store, old: str, new: str) -> Changes:  # noqa: ANN001
    new = " ".join((new or "").split())
    if not new:
        raise InvalidInput("A cluster needs a name.")
    with store.write() as s:
        c = s.exec(select(Cluster).where(func.lower(Cluster.name) == (old or "").strip().lower())).first()
        if c is None:
            raise NotFound(f"There is no cluster '{old}'.")
        clash = s.exec(select(Cluster).where(func.lower(Cluster.name) == new.lower(), Cluster.id != c.id)).first()
        if clash is not None:
            raise InvalidInput(f"There is already a cluster called {clash.name}.")
        c.name = new
        return Changes(reviews=True, ids=[c.id])


# -- the partnership's own name -------------------------------------------------------------------------------------

def partnership_name_in(s: Session) -> str:
    p = s.exec(select(Partnership)).first()
    if p is not None and p.name.strip():
        return p.name.strip()
    prof = s.exec(select(Profile)).first()
    if prof is not None and prof.school.strip() and prof.role in ("lead", "partnership lead"):
        return prof.school.strip()
    return "The partnership"


def partnership_name(store) -> str:  # noqa: ANN001
    with store.read() as s:
        return partnership_name_in(s)


def set_partnership_name(store, name: str) -> Changes:  # noqa: ANN001
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("The partnership needs a name.")
    with store.write() as s:
        p = s.exec(select(Partnership)).first()
        if p is None:
            p = Partnership(name=name)
            s.add(p)
            s.flush()
            for c in s.exec(select(Cluster).where(Cluster.partnership_id == None)):  # noqa: E711
                c.partnership_id = p.id
        p.name = name
        return Changes(reviews=True, value=name)


# -- CSV import -----------------------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_json(self) -> dict:
        return asdict(self)


def _read_table(path: Path) -> list[list[str]]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise NotFound(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        body = raw.decode("cp1252", errors="replace")  # an older spreadsheet's "CSV (Comma delimited)"
    if not body.strip():
        raise InvalidInput(f"{Path(path).name} is empty; it needs a header row (name, urn, cluster, phase) and a school.")
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    try:
        return [row for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise InvalidInput(f"{Path(path).name} is not well-formed CSV near line {reader.line_num}: {exc}.") from exc


def _rows(path: Path) -> list[dict]:
    table = _read_table(path)
    header = [h.strip().lower() for h in table[0]]
    header = [ALIASES.get(h, h.replace(" ", "_")) for h in header]
    if "name" not in header:
        raise InvalidInput(f"{Path(path).name} has no 'name' column; the header row should read: name, urn, cluster, "
                           "phase.")
    problems: list[str] = []
    seen_urn: dict[str, int] = {}
    out = []
    for n, row in enumerate(table[1:], start=1):
        rec = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h in COLUMNS}
        if not rec.get("name"):
            problems.append(f"Row {n} (line {n + 1}), column name: the school's name is missing.")
        urn = rec.get("urn", "")
        if urn and not URN.match(urn):
            problems.append(f"Row {n} (line {n + 1}), column urn: '{urn}' is not a URN (six or seven digits).")
        elif urn in seen_urn:
            problems.append(f"Row {n} (line {n + 1}), column urn: URN {urn} is also on row {seen_urn[urn]}.")
        elif urn:
            seen_urn[urn] = n
        out.append(rec)
    if problems:
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        raise InvalidInput(f"{Path(path).name} was not imported: {len(problems)} problem"
                           f"{'s' if len(problems) > 1 else ''}{more}.", problems=problems[:MAX_PROBLEMS])
    if not out:
        raise InvalidInput(f"{Path(path).name} has a header row but no schools.")
    return out


def import_csv(store, path: Path) -> Changes:  # noqa: ANN001
    """Add or update schools from a CSV with columns name, urn, cluster, phase (any order; urn, cluster and phase
    optional). A row matches a school by URN, else by name; `value` is an ImportResult."""
    rows = _rows(Path(path))
    result = ImportResult()
    with store.write() as s:
        for rec in rows:
            name, urn = " ".join(rec["name"].split()), rec.get("urn") or None
            school = find_school(s, name, urn)
            cluster = cluster_in(s, rec.get("cluster")) if rec.get("cluster") else None
            if school is None:
                s.add(School(name=name, urn=urn, cluster_id=cluster.id if cluster else None, phase=rec.get("phase", "")))
                s.flush()
                result.created += 1
                continue
            before = (school.name, school.urn, school.cluster_id, school.phase)
            school.name = name
            school.urn = school.urn or urn
            if cluster is not None:
                school.cluster_id = cluster.id
            if rec.get("phase"):
                school.phase = rec["phase"]
            if (school.name, school.urn, school.cluster_id, school.phase) != before:
                result.updated += 1
            else:
                result.unchanged += 1
        audit.record(s, store.actor, None, "schools.import", "school", "", {"file": Path(path).name,
                                                                           **result.as_json()})
        return Changes(reviews=True, value=result)
