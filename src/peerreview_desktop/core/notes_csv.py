"""Notes as CSV (a header row; UTF-8, with a BOM on export so spreadsheet programs read accents right).
Import is all-or-nothing: every problem is reported with its row and column, and nothing is stored unless the
whole file is good."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path

from sqlmodel import select

from . import audit, reviews
from .changes import Changes
from .errors import InvalidInput, NotFound, PeerReviewError
from .models import Note, NoteCriterion, new_id
from .notes import check_criteria, list_for, parse_time
from .vocabulary import activity as parse_activity
from .vocabulary import marker as parse_marker

COLUMNS = ["id", "occurred_at", "activity", "place", "year_group", "subject", "author", "criteria", "marker",
           "confidential", "remote", "text"]
ALIASES = {"time": "occurred_at", "date": "occurred_at", "when": "occurred_at", "note": "text", "body": "text",
           "evidence": "text", "codes": "criteria", "criterion": "criteria", "year": "year_group",
           "year group": "year_group", "location": "place", "uuid": "id", "note_id": "id"}
TRUE = {"1", "true", "yes", "y", "t", "x"}
FALSE = {"", "0", "false", "no", "n", "f"}
MAX_PROBLEMS = 50


def export(store, review_id: str, path: Path, include_confidential: bool = True) -> int:  # noqa: ANN001
    with store.read() as s:
        rid = reviews.resolve_id(s, review_id)
        rows = list_for(s, rid, include_confidential)
    tmp = Path(str(path) + ".part")
    with open(tmp, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for n in rows:
            w.writerow([n.id, n.occurred_at.replace("T", " "), n.activity, n.place, n.year_group, n.subject, n.author,
                        ",".join(n.criteria), n.marker, "yes" if n.confidential else "no",
                        "yes" if n.remote else "no", n.text])
    tmp.replace(path)
    return len(rows)


def _read_text(path: Path) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise NotFound(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput(f"{Path(path).name} is not UTF-8 text (first bad byte on line {line}); "
                           "save it from your spreadsheet as 'CSV UTF-8' and try again.") from exc


def _bool(v: str, row: int, col: str, problems: list[str]) -> bool:
    t = (v or "").strip().lower()
    if t in TRUE:
        return True
    if t not in FALSE:
        problems.append(f"Row {row} (line {row + 1}), column {col}: '{v}' is not yes or no.")
    return False


def import_csv(store, review_id: str, path: Path) -> Changes:  # noqa: ANN001
    text = _read_text(path)
    if not text.strip():
        raise InvalidInput(f"{Path(path).name} is empty; it needs a header row and at least one note.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        table = list(reader)
    except csv.Error as exc:
        raise InvalidInput(f"{Path(path).name} is not well-formed CSV near line {reader.line_num}: {exc} "
                           "(check for an unclosed quotation mark).") from exc
    header = [ALIASES.get(h.strip().lower(), h.strip().lower().replace(" ", "_")) for h in table[0]]
    unknown = [table[0][i] for i, h in enumerate(header) if h not in COLUMNS]
    if unknown:
        raise InvalidInput(f"Unknown column {', '.join(repr(u) for u in unknown)}; the columns are: {', '.join(COLUMNS)}.")
    if "text" not in header:
        raise InvalidInput("The CSV needs a 'text' column holding each note.")
    with store.write() as s:
        r = reviews.editable(s, review_id, "import notes into", notes_only=True)
        fw = reviews.framework_of(s, r)
        problems: list[str] = []
        prepared = []
        for i, cells in enumerate(table[1:], start=1):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(f"Row {i} (line {i + 1}): {len(cells)} cells where the header has {len(header)}.")
                continue
            row = dict(zip(header, cells, strict=True))
            prepared.append(_prepare(row, i, fw, r, store, problems))
            if len(problems) >= MAX_PROBLEMS:
                break
        if problems:
            more = "" if len(problems) < MAX_PROBLEMS else " (stopped at the first 50)"
            raise InvalidInput(f"Nothing was imported: {len(problems)} problem(s) in {Path(path).name}{more}. "
                               + " ".join(problems[:5]), problems=problems)
        existing = set(s.exec(select(Note.id).where(Note.id.in_([p[0].id for p in prepared if p[0].id]))))
        added = 0
        for note, codes in prepared:
            if note.id in existing:
                continue
            s.add(note)
            s.flush()
            for code in codes:
                s.add(NoteCriterion(note_id=note.id, code=code))
            added += 1
        reviews.touch(r)
        audit.record(s, store.actor, r.id, "notes.import", "review", r.id, {"file": Path(path).name, "notes": added})
        return Changes(notes=True, review=True, value=added)


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


def _prepare(row: dict, i: int, fw, r, store, problems: list[str]):  # noqa: ANN001, ANN202
    def field(col: str, fn, default=None):  # noqa: ANN001, ANN202
        try:
            return fn(row[col]) if col in row else default
        except PeerReviewError as exc:
            problems.append(f"Row {i} (line {i + 1}), column {col}: {exc}")
            return default

    text = row.get("text", "").strip()
    if not text:
        problems.append(f"Row {i} (line {i + 1}), column text: the note is empty.")
    codes = field("criteria", lambda v: check_criteria(fw, v), []) or []
    note = Note(
        id=(row.get("id") or "").strip().lower() or new_id(), review_id=r.id, text=text,
        activity=field("activity", lambda v: parse_activity(v or "other"), "other"),
        marker=field("marker", lambda v: parse_marker(v or "neutral"), "neutral"),
        place=row.get("place", "").strip(), year_group=row.get("year_group", "").strip(),
        subject=row.get("subject", "").strip(), author=(row.get("author") or "").strip() or store.actor.name,
        confidential=_bool(row.get("confidential", ""), i, "confidential", problems),
        remote=_bool(row.get("remote", ""), i, "remote", problems),
    )
    when = field("occurred_at", lambda v: parse_time(v, r.start_date) if v.strip() else None)
    if when:
        note.occurred_at = when
    if not _is_uuid(note.id):
        problems.append(f"Row {i} (line {i + 1}), column id: '{note.id}' is not a note ID (leave it empty for new notes).")
    return note, codes
