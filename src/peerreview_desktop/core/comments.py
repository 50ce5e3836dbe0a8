"""Host comments: the host headteacher's factual-accuracy comments on findings and judgements, and how each was
resolved (accepted with a change, noted, or declined with a reason)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import Session, select

from . import audit, findings, ids, reviews
from .changes import Changes
from .errors import InvalidInput, PeerReviewError, ReviewLocked
from .models import Finding, HostComment, Setting, utcnow

RESOLUTIONS = ("accepted", "noted", "declined")
STANCES = ("comment", "accept", "challenge")


@dataclass
class CommentView:
    id: str
    target: str
    target_id: str
    text: str
    author: str
    stance: str
    created_at: str
    resolution: str | None
    reason: str | None
    resolved_at: str | None
    resolved_by: str | None

    def to_doc(self) -> dict:
        return asdict(self)


def add(store, review_id: str, text: str, *, finding: str | None = None, criterion: str | None = None,  # noqa: ANN001
        stance: str = "comment", comment_id: str | None = None) -> Changes:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("A comment needs some text.")
    if bool(finding) == bool(criterion):
        raise InvalidInput("Say what the comment is about: one finding or one criterion.")
    if stance not in STANCES:
        raise InvalidInput(f"'{stance}' is not a stance; use one of: {', '.join(STANCES)}.")
    with store.write() as s:
        r = reviews.get(s, review_id)
        if r.status == "final":
            raise ReviewLocked(f"This review is final (version {r.version}); comments are closed.")
        if r.mode == "received":
            raise ReviewLocked("This review was imported from a signed package and is read-only.")
        if r.mode == "team":
            raise ReviewLocked("Host comments go on the lead reviewer's copy of the review, not a team member's.")
        shown = s.get(Setting, "host_mode_review")  # host mode (core/host_mode.py): only the review shown
        if shown is not None and shown.value and shown.value != r.id:
            raise ReviewLocked("Host mode is on for another review; the host can comment only on the review shown.")
        if finding:
            f = s.get(Finding, ids.resolve(s, Finding, finding, "finding"))
            if f.review_id != r.id:
                raise InvalidInput("That finding belongs to another review.")
            target, target_id = "finding", f.id
        else:
            target, target_id = "criterion", reviews.framework_of(s, r).criterion(criterion).code
        c = HostComment(review_id=r.id, target=target, target_id=target_id, text=text, author=store.actor.name,
                        stance=stance)
        if comment_id:
            c.id = comment_id
        s.add(c)
        s.flush()
        audit.record(s, store.actor, r.id, "comment.add", target, target_id,
                     {"comment": c.id, "after": {"text": text, "stance": stance}})
        return Changes(comments=True, ids=[c.id], value=c.id)


def withdraw(store, comment_id: str) -> Changes:  # noqa: ANN001
    """Take back a comment not yet resolved, by the person who made it (undo of `add`)."""
    with store.write() as s:
        c = s.get(HostComment, ids.resolve(s, HostComment, comment_id, "comment"))
        if c.resolution is not None:
            raise ReviewLocked("That comment has been resolved, so it can no longer be withdrawn.")
        if c.author != store.actor.name:
            raise ReviewLocked(f"Only {c.author}, who made that comment, can withdraw it.")
        r = reviews.get(s, c.review_id)
        if r.status == "final":
            raise ReviewLocked(f"This review is final (version {r.version}); comments are closed.")
        s.delete(c)
        audit.record(s, store.actor, c.review_id, "comment.withdraw", c.target, c.target_id,
                     {"comment": c.id, "before": {"text": c.text, "stance": c.stance}})
        return Changes(comments=True, ids=[c.id])


def resolve(store, comment_id: str, resolution: str, reason: str = "") -> Changes:  # noqa: ANN001
    resolution = (resolution or "").strip().lower()
    if resolution not in RESOLUTIONS:
        raise InvalidInput(f"'{resolution}' is not a resolution; use accepted, noted or declined.")
    if resolution == "declined" and not (reason or "").strip():
        raise InvalidInput("Give a reason when you decline a host comment.")
    with store.write() as s:
        c = s.get(HostComment, ids.resolve(s, HostComment, comment_id, "comment"))
        reviews.editable(s, c.review_id, "resolve comments in")
        before = {"resolution": c.resolution, "reason": c.reason}
        c.resolution, c.reason = resolution, (reason or "").strip() or None
        c.resolved_at, c.resolved_by = utcnow(), store.actor.name
        audit.record(s, store.actor, c.review_id, "comment.resolve", c.target, c.target_id,
                     {"comment": c.id, "before": before, "after": {"resolution": resolution, "reason": c.reason}})
        return Changes(comments=True, ids=[c.id])


def _fmt(dt) -> str | None:  # noqa: ANN001
    return dt.strftime("%Y-%m-%dT%H:%M:%S") if dt else None


def list_for(s: Session, review_id: str) -> list[CommentView]:
    rows = s.exec(select(HostComment).where(HostComment.review_id == review_id).order_by(HostComment.created_at))
    return [CommentView(c.id, c.target, c.target_id, c.text, c.author, c.stance, _fmt(c.created_at), c.resolution,
                        c.reason, _fmt(c.resolved_at), c.resolved_by) for c in rows]


def list_comments(store, review_id: str) -> list[CommentView]:  # noqa: ANN001
    with store.read() as s:
        return list_for(s, reviews.resolve_id(s, review_id))


# -- what comments are about (for the host's reading view and the resolution view) ---------------------------------

@dataclass
class Target:
    """A finding or a judged criterion, as a host reads it and comments on it."""

    target: str  # finding | criterion
    target_id: str  # finding ID or criterion code
    heading: str  # "What went well" / "LM1 · Leaders' vision and ambition"
    text: str  # the finding / the judgement's rationale
    group: str  # the kind of finding ("What went well") or the framework area's title
    grade: str | None = None  # the grade's label
    grade_colour: str | None = None
    exists: bool = True  # False when the finding was removed or the judgement cleared since the comment

    @property
    def key(self) -> tuple[str, str]:
        return self.target, self.target_id


def targets_in(s: Session, review_id: str) -> list[Target]:
    """Every finding (strengths, development, next steps) then every judged criterion in framework order."""
    from .judgements import grade_label, list_for
    from .vocabulary import FINDING_KINDS

    r = reviews.get(s, review_id)
    fw = reviews.framework_of(s, r)
    out = [Target("finding", f.id, FINDING_KINDS.get(f.kind, f.kind), f.text, FINDING_KINDS.get(f.kind, f.kind))
           for f in findings.list_for(s, r.id)]
    colours = {g.key: g.colour for g in fw.grades}
    for j in list_for(s, r.id, fw):
        crit = fw.criterion(j.criterion)
        out.append(Target("criterion", crit.code, f"{crit.code} · {crit.title}", j.rationale,
                          fw.area_of(crit.code).title, grade_label(fw, j.grade), colours.get(j.grade)))
    return out


def target_for(s: Session, review_id: str, target: str, target_id: str, known: dict | None = None) -> Target:
    """The target of a comment, also when it has gone since (a removed finding, a cleared judgement)."""
    known = known if known is not None else {t.key: t for t in targets_in(s, review_id)}
    if (target, target_id) in known:
        return known[(target, target_id)]
    if target == "criterion":
        fw = reviews.framework_of(s, reviews.get(s, review_id))
        try:
            crit = fw.criterion(target_id)
            return Target(target, target_id, f"{crit.code} · {crit.title}", "", fw.area_of(crit.code).title,
                          exists=False)
        except PeerReviewError:
            pass
    return Target(target, target_id, "A finding removed since" if target == "finding" else target_id, "",
                  "Removed since", exists=False)
