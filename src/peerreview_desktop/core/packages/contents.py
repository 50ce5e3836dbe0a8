"""What each kind of package carries of a review (the `review` part of data/review.json):

* `final`: the whole locked review; `draft`: the whole review, for the host's factual-accuracy check;
* `notes`: the plan and the exporting reviewer's own notes (no judgements, findings or comments), for the team;
* `response`: the plan, findings and judgements as the host saw them, and the host's comments; no notes.

Confidential notes are in none of them unless `include_confidential` (a package encrypted to a trusted lead)."""

from __future__ import annotations

from sqlmodel import Session

from .. import review_document
from ..errors import InvalidInput, ReviewLocked
from ..models import Review

DEFAULT_FOR_MODE = {"team": "notes", "host": "response"}
ALLOWED = {
    "author": ("final", "draft", "notes"),
    "team": ("notes",),
    "host": ("response",),
    "received": (),
}


def default_kind(r: Review) -> str:
    if r.mode in DEFAULT_FOR_MODE:
        return DEFAULT_FOR_MODE[r.mode]
    return "final" if r.status == "final" else "draft"


def check_kind(r: Review, kind: str) -> None:
    allowed = ALLOWED.get(r.mode, ())
    if not allowed:
        raise ReviewLocked("This review was imported from a signed package and is read-only; it cannot be "
                           "exported as a package of your own.")
    if kind not in allowed:
        what = {"team": "your team copy of this review can only be exported as your notes (--kind notes)",
                "host": "as the host you can only send your comments back (--kind response)",
                "author": "a response package is made by the host, not by the review's author"}[r.mode]
        raise InvalidInput(f"A {kind} package cannot be made here: {what}.")
    if kind == "final" and r.status != "final":
        raise InvalidInput("This review is not final yet; finalise it first, or export a draft (--kind draft).")
    if kind == "draft" and r.status == "final":
        raise InvalidInput(f"This review is final (version {r.version}); export it as final, or reopen it to "
                           "share a new draft.")


def build(s: Session, r: Review, kind: str, *, include_confidential: bool, author_name: str) -> dict:
    """The review document a package of `kind` carries."""
    doc = review_document.build_in(s, r.id, include_confidential=include_confidential,
                                   include_history=kind in ("final", "draft"))
    if kind == "notes":
        mine = [n for n in doc["notes"] if (n.get("author") or "") == author_name]
        doc.update(notes=mine, judgements=[], findings=[], host_comments=[], history=[])
    elif kind == "response":
        for j in doc["judgements"]:
            j["evidence"] = []
        doc.update(notes=[], history=[])
    return doc
