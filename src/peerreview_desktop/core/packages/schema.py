"""data/review.json: what a package says about its review, and the checks it must pass before anything is stored
(docs/package-format.md documents the shape). Every field the import uses is checked for type, range and form, so
that the store never sees a value it would choke on; unknown extra fields are ignored."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from ..review_document import SCHEMA as REVIEW_SCHEMA
from ..vocabulary import ACTIVITIES, FINDING_KINDS, MARKERS, REVIEW_TYPES, STATUSES
from .format import KINDS, PackageInfo, is_uuid, refuse

DOCUMENT_FORMAT = "peerreview.package-review"
DOCUMENT_VERSION = 1
MAX_TEXT = 200_000
MAX_SHORT = 2_000
MAX_ITEMS = 100_000
HEX64 = re.compile(r"[0-9a-f]{64}")


class _Bad(Exception):
    pass


def _fail(path: str, what: str) -> None:
    raise _Bad(f"{path} {what}")


def _str(v: Any, path: str, limit: int = MAX_SHORT, *, empty: bool = True) -> None:
    if not isinstance(v, str) or len(v) > limit or (not empty and not v.strip()) or "\x00" in v:
        _fail(path, "is not valid text")


def _opt_str(v: Any, path: str, limit: int = MAX_SHORT) -> None:
    if v is not None:
        _str(v, path, limit)


def _int(v: Any, path: str, low: int = 0, high: int = 10**9) -> None:
    if type(v) is not int or not low <= v <= high:
        _fail(path, "is not a whole number in range")


def _bool(v: Any, path: str) -> None:
    if type(v) is not bool:
        _fail(path, "is not true or false")


def _uuid(v: Any, path: str) -> None:
    if not is_uuid(v):
        _fail(path, "is not an ID")


def _date(v: Any, path: str, *, optional: bool = False) -> None:
    if v is None and optional:
        return
    try:
        date.fromisoformat(v)
    except (TypeError, ValueError):
        _fail(path, "is not a date")


def _datetime(v: Any, path: str, *, optional: bool = True) -> None:
    if (v is None or v == "") and optional:
        return
    try:
        datetime.fromisoformat(v)
    except (TypeError, ValueError):
        _fail(path, "is not a date and time")


def _list(v: Any, path: str) -> list:
    if not isinstance(v, list) or len(v) > MAX_ITEMS:
        _fail(path, "is not a list")
    return v


def _obj(v: Any, path: str) -> dict:
    if not isinstance(v, dict):
        _fail(path, "is not an object")
    return v


def _strings(v: Any, path: str, limit: int = MAX_SHORT) -> None:
    for i, x in enumerate(_list(v, path)):
        _str(x, f"{path}[{i}]", limit)


def _unique(items: list[dict], path: str) -> None:
    seen = set()
    for i, it in enumerate(items):
        _uuid(it.get("id"), f"{path}[{i}].id")
        if it["id"] in seen:
            _fail(f"{path}[{i}].id", "repeats another ID")
        seen.add(it["id"])


def _note(n: Any, p: str) -> None:
    _obj(n, p)
    _str(n.get("activity"), f"{p}.activity")
    if n["activity"] not in ACTIVITIES:
        _fail(f"{p}.activity", "is not an activity")
    if n.get("marker", "neutral") not in MARKERS:
        _fail(f"{p}.marker", "is not a marker")
    _datetime(n.get("occurred_at"), f"{p}.occurred_at")
    for key in ("place", "year_group", "subject", "author"):
        _opt_str(n.get(key), f"{p}.{key}")
    _str(n.get("text"), f"{p}.text", MAX_TEXT)
    _strings(n.get("criteria", []), f"{p}.criteria", 40)
    _bool(n.get("confidential", False), f"{p}.confidential")
    _bool(n.get("remote", False), f"{p}.remote")
    _datetime(n.get("created_at"), f"{p}.created_at")
    _datetime(n.get("updated_at"), f"{p}.updated_at")
    for i, a in enumerate(_list(n.get("attachments", []), f"{p}.attachments")):
        ap = f"{p}.attachments[{i}]"
        _obj(a, ap)
        if not isinstance(a.get("sha256"), str) or not HEX64.fullmatch(a["sha256"]):
            _fail(f"{ap}.sha256", "is not a SHA-256 checksum")
        _str(a.get("filename", ""), f"{ap}.filename", 1000)
        _int(a.get("size", 0), f"{ap}.size", 0, 2**40)
        _str(a.get("mime", "application/octet-stream"), f"{ap}.mime", 200)


def _review(r: Any, info: PackageInfo) -> None:
    _obj(r, "review")
    if r.get("schema") != REVIEW_SCHEMA:
        _fail("review.schema", f"is not {REVIEW_SCHEMA}")
    if r.get("id") != info.review_id:
        _fail("review.id", "is not the review named in bag-info.txt")
    _int(r.get("version"), "review.version", 1)
    if r.get("status") not in STATUSES or r.get("type") not in REVIEW_TYPES:
        _fail("review.status or type", "is not known")
    school = _obj(r.get("school"), "review.school")
    _str(school.get("name"), "review.school.name", 300, empty=False)
    if school.get("id") is not None:
        _uuid(school["id"], "review.school.id")
    _opt_str(school.get("urn"), "review.school.urn", 40)
    _opt_str(school.get("cluster"), "review.school.cluster", 300)
    _date(r.get("start_date"), "review.start_date")
    _date(r.get("end_date"), "review.end_date", optional=True)
    fw = _obj(r.get("framework"), "review.framework")
    _str(fw.get("id"), "review.framework.id", 300, empty=False)
    _list(fw.get("areas"), "review.framework.areas")
    _str(r.get("context", ""), "review.context", MAX_TEXT)
    _strings(r.get("focus_areas", []), "review.focus_areas")
    _strings(r.get("lines_of_enquiry", []), "review.lines_of_enquiry")
    team = _list(r.get("team", []), "review.team")
    _unique(team, "review.team")
    for i, m in enumerate(team):
        _str(m.get("name"), f"review.team[{i}].name", 300, empty=False)
        _opt_str(m.get("role"), f"review.team[{i}].role")
        _opt_str(m.get("school"), f"review.team[{i}].school")
    slots = _list(r.get("timetable", []), "review.timetable")
    _unique(slots, "review.timetable")
    for i, t in enumerate(slots):
        _date(t.get("date"), f"review.timetable[{i}].date")
        for key in ("start", "end", "title", "activity", "location", "with"):
            _opt_str(t.get(key), f"review.timetable[{i}].{key}")
    notes = _list(r.get("notes", []), "review.notes")
    _unique(notes, "review.notes")
    for i, n in enumerate(notes):
        _note(n, f"review.notes[{i}]")
    judgements = _list(r.get("judgements", []), "review.judgements")
    _unique(judgements, "review.judgements")
    for i, j in enumerate(judgements):
        p = f"review.judgements[{i}]"
        _str(j.get("criterion"), f"{p}.criterion", 40, empty=False)
        _str(j.get("grade"), f"{p}.grade", 100, empty=False)
        _str(j.get("rationale", ""), f"{p}.rationale", MAX_TEXT)
        _opt_str(j.get("author"), f"{p}.author")
        _datetime(j.get("updated_at"), f"{p}.updated_at")
        for k, e in enumerate(_list(j.get("evidence", []), f"{p}.evidence")):
            _uuid(e, f"{p}.evidence[{k}]")
    findings = _list(r.get("findings", []), "review.findings")
    _unique(findings, "review.findings")
    for i, f in enumerate(findings):
        if f.get("kind") not in FINDING_KINDS:
            _fail(f"review.findings[{i}].kind", "is not a kind of finding")
        _str(f.get("text"), f"review.findings[{i}].text", MAX_TEXT)
        _strings(f.get("criteria", []), f"review.findings[{i}].criteria", 40)
        _int(f.get("position", 0), f"review.findings[{i}].position", -(10**6), 10**6)
    comments = _list(r.get("host_comments", []), "review.host_comments")
    _unique(comments, "review.host_comments")
    for i, c in enumerate(comments):
        p = f"review.host_comments[{i}]"
        if c.get("target") not in ("finding", "criterion"):
            _fail(f"{p}.target", "is not finding or criterion")
        _str(c.get("target_id"), f"{p}.target_id", 100, empty=False)
        _str(c.get("text"), f"{p}.text", MAX_TEXT, empty=False)
        _opt_str(c.get("author"), f"{p}.author")
        if c.get("stance", "comment") not in ("comment", "accept", "challenge"):
            _fail(f"{p}.stance", "is not a stance")
        if c.get("resolution") not in (None, "accepted", "noted", "declined"):
            _fail(f"{p}.resolution", "is not a resolution")
        _opt_str(c.get("reason"), f"{p}.reason", MAX_TEXT)
        _opt_str(c.get("resolved_by"), f"{p}.resolved_by")
        _datetime(c.get("created_at"), f"{p}.created_at")
        _datetime(c.get("resolved_at"), f"{p}.resolved_at")
    _list(r.get("history", []), "review.history")
    _datetime(r.get("finalised_at"), "review.finalised_at")
    if r.get("report_sha256") is not None and not HEX64.fullmatch(str(r["report_sha256"])):
        _fail("review.report_sha256", "is not a SHA-256 checksum")


def _reject_constant(name: str) -> None:
    raise ValueError(name)


def parse(data: bytes, info: PackageInfo) -> dict:
    """The checked review.json of a package whose bag-info.txt says `info`; PackageRefused("malformed") if not."""
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise refuse("The package's review.json is not valid JSON.", "malformed") from None
    try:
        _obj(doc, "review.json")
        if doc.get("format") != DOCUMENT_FORMAT:
            _fail("format", f"is not {DOCUMENT_FORMAT}")
        if type(doc.get("format_version")) is int and doc["format_version"] > DOCUMENT_VERSION:
            raise refuse("This package's review.json was made by a newer version of Peer Review Desktop.",
                         "newer-format")
        if doc.get("format_version") != DOCUMENT_VERSION:
            _fail("format_version", f"is not {DOCUMENT_VERSION}")
        same = (doc.get("package_id") == info.package_id and doc.get("review_id") == info.review_id
                and doc.get("revision") == info.revision and doc.get("kind") == info.kind)
        if not same or doc.get("kind") not in KINDS:
            _fail("package_id, review_id, revision or kind", "does not match bag-info.txt")
        _bool(doc.get("includes_confidential"), "includes_confidential")
        signer = _obj(doc.get("signer"), "signer")
        if signer.get("key_id") != info.signer_key_id:
            _fail("signer.key_id", "does not match bag-info.txt")
        _str(signer.get("name"), "signer.name", 300)
        _review(doc.get("review"), info)
        if not doc["includes_confidential"] and any(n.get("confidential") for n in doc["review"]["notes"]):
            _fail("review.notes", "holds confidential notes although the package says it does not")
    except _Bad as exc:
        raise refuse(f"The package's review.json is not valid: {exc}.", "malformed") from None
    return doc


def attachments_of(doc: dict) -> dict[str, str]:
    """sha256 → the file extension it has in the package, for every attachment the review's notes use."""
    from .format import attachment_ext

    out: dict[str, str] = {}
    for n in sorted(doc["review"]["notes"], key=lambda n: n["id"]):
        for a in n.get("attachments", []):
            out.setdefault(a["sha256"], attachment_ext(a.get("filename", ""), a.get("mime", "")))
    return out
