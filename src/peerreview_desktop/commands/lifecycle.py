"""`reviews finalise|reopen|history|versions`, `comments add|list|resolve`, `host enter|leave|status`,
`conflicts list|resolve`: the review lifecycle, the host's check and the team merge's conflicts."""

from __future__ import annotations

import json
from datetime import datetime

from ..cli import out_json, say


def register(sub) -> None:  # noqa: ANN001
    rs = sub.choices["reviews"].actions  # the `reviews` sub-commands (commands/reviews.py)
    a = rs.add_parser("finalise", help="lock the review and fix its report (reopen makes a new version)")
    a.add_argument("id")
    a.set_defaults(func=finalise)
    a = rs.add_parser("reopen", help="reopen a final review as version + 1; earlier versions stay readable")
    a.add_argument("id")
    a.set_defaults(func=reopen)
    a = rs.add_parser("history", help="the audit trail: who, when, what, before → after")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=history)
    a = rs.add_parser("versions", help="a review's versions; --show N prints version N's document")
    a.add_argument("id")
    a.add_argument("--show", type=int, metavar="N", help="print the review document of version N")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=versions)

    p = sub.add_parser("comments", help="the host's factual-accuracy comments and their resolution")
    cs = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = cs.add_parser("add", help="comment on a finding or a criterion's judgement; prints the comment's ID")
    a.add_argument("id", help="review ID")
    target = a.add_mutually_exclusive_group(required=True)
    target.add_argument("--finding", metavar="FINDING_ID")
    target.add_argument("--criterion", metavar="CODE")
    a.add_argument("--text", required=True)
    a.add_argument("--stance", default="comment", choices=["accept", "challenge", "comment"])
    a.set_defaults(func=comment_add)
    a = cs.add_parser("list", help="a review's host comments with their resolution")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=comment_list)
    a = cs.add_parser("resolve", help="resolve a host comment: accepted (with a change), noted, or declined")
    a.add_argument("comment_id")
    a.add_argument("--as", dest="resolution", required=True, choices=["accepted", "noted", "declined"])
    a.add_argument("--reason", default="", help="why (needed when declining)")
    a.set_defaults(func=comment_resolve)

    p = sub.add_parser("host", help="host mode: show the draft to the host headteacher on this laptop")
    hs = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = hs.add_parser("enter", help="show a review to its host: read-only, comments only, attributed to the host")
    a.add_argument("id")
    a.add_argument("--name", required=True, help="the host's name")
    a.set_defaults(func=host_enter)
    a = hs.add_parser("leave", help="end host mode: needs the reviewer's passphrase (or, without keys, --reviewer)")
    a.add_argument("--reviewer", metavar="NAME", help="the reviewer's profile name, when this profile has no keys")
    a.set_defaults(func=host_leave)
    a = hs.add_parser("status", help="whether host mode is on, for whom and which review")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=host_status)

    p = sub.add_parser("conflicts", help="notes edited on two laptops: see both versions, keep one")
    fs = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = fs.add_parser("list", help="a review's unresolved note conflicts")
    a.add_argument("id")
    a.add_argument("--all", action="store_true", help="include resolved ones")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=conflicts_list)
    a = fs.add_parser("resolve", help="keep our version of the note or theirs")
    a.add_argument("conflict_id")
    a.add_argument("--keep", required=True, choices=["ours", "theirs"])
    a.set_defaults(func=conflicts_resolve)


def when(iso: str | None) -> str:
    """An audit time (UTC) as local "20/11/2026 14:02"."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if dt.tzinfo is not None:
        dt = dt.astimezone()
    return f"{dt:%d/%m/%Y %H:%M}"


def short(value, width: int = 60) -> str:  # noqa: ANN001
    """A value for one line: text quoted and cut short, anything else as JSON."""
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)[:width]
    text = " ".join(value.split())
    return f"'{text[:width - 1]}…'" if len(text) > width else f"'{text}'"


# -- reviews --------------------------------------------------------------------------------------------------------

def finalise(args, ctx) -> int:  # noqa: ANN001
    from ..core import lifecycle, reviews

    sha = lifecycle.finalise(ctx.store, args.id).value
    s = reviews.summary(ctx.store, args.id)
    fixed = f"; the report is fixed (SHA-256 {sha[:16]}…)" if sha else ""
    say(f"Finalised version {s.version} of the review of {s.school}{fixed}. Edits are locked; "
        "`peerreview reviews reopen` makes a new version.")
    return 0


def reopen(args, ctx) -> int:  # noqa: ANN001
    from ..core import lifecycle

    v = lifecycle.reopen(ctx.store, args.id).value
    say(f"Reopened as version {v}; version {v - 1} stays readable (`peerreview reviews versions {args.id} "
        f"--show {v - 1}`).")
    return 0


def history(args, ctx) -> int:  # noqa: ANN001
    from ..core import lifecycle

    rows = lifecycle.history(ctx.store, args.id)
    if args.json:
        out_json([e.as_json() for e in rows])
        return 0
    for e in rows:
        mark = "*" if e.after_draft_shared else " "
        role = f" ({e.role})" if e.role else ""
        say(f"{mark}{when(e.at)}  {e.who}{role}: {e.label}")
        if e.confidential:
            say("      (confidential: details kept out of the trail)")
        for c in e.changes[:6]:
            before = "—" if c["before"] in (None, "") else short(c["before"])
            say(f"      {c['field']}: {before} → {short(c['after']) if c['after'] not in (None, '') else '—'}")
    if any(e.after_draft_shared for e in rows):
        say("* after the draft was shared with the host")
    return 0


def versions(args, ctx) -> int:  # noqa: ANN001
    from ..core import lifecycle
    from ..core.vocabulary import STATUSES

    if args.show is not None:
        doc = lifecycle.version_document(ctx.store, args.id, args.show)
        if args.json:
            out_json(doc)
        else:
            say(f"Version {doc['version']} ({STATUSES.get(doc['status'], doc['status'])}): {len(doc['notes'])} notes, "
                f"{len(doc['judgements'])} judgements, {len(doc['findings'])} findings, "
                f"{len(doc['host_comments'])} host comments.")
        return 0
    rows = lifecycle.versions(ctx.store, args.id)
    if args.json:
        out_json([v.as_json() for v in rows])
        return 0
    for v in rows:
        fin = f", finalised {when(v.finalised_at)}" if v.finalised_at else ""
        say(f"version {v.version}: {STATUSES.get(v.status, v.status)}{fin}{'  (current)' if v.current else ''}")
    return 0


# -- comments -------------------------------------------------------------------------------------------------------

def comment_add(args, ctx) -> int:  # noqa: ANN001
    from ..core import comments

    say(comments.add(ctx.store, args.id, args.text, finding=args.finding, criterion=args.criterion,
                     stance=args.stance).value)
    return 0


def comment_list(args, ctx) -> int:  # noqa: ANN001
    from ..core import comments

    rows = comments.list_comments(ctx.store, args.id)
    if args.json:
        out_json([c.to_doc() for c in rows])
        return 0
    if not rows:
        say("No host comments on this review.")
    for c in rows:
        state = f"{c.resolution}" + (f" ({c.reason})" if c.reason else "") if c.resolution else "open"
        on = f"criterion {c.target_id}" if c.target == "criterion" else f"finding {c.target_id[:8]}"
        say(f"{c.id[:8]}  {c.author} on {on} [{c.stance}] {short(c.text, 70)} — {state}")
    return 0


def comment_resolve(args, ctx) -> int:  # noqa: ANN001
    from ..core import comments

    comments.resolve(ctx.store, args.comment_id, args.resolution, args.reason)
    say(f"Resolved the comment as {args.resolution}.")
    return 0


# -- host mode ------------------------------------------------------------------------------------------------------

def host_enter(args, ctx) -> int:  # noqa: ANN001
    from ..core import host_mode

    host_mode.enter(ctx.store, args.id, args.name)
    say(f"Host mode is on for {' '.join(args.name.split())}: they can read the draft and comment; nothing else can "
        "change until the reviewer runs `peerreview host leave`.")
    return 0


def host_leave(args, ctx) -> int:  # noqa: ANN001
    from ..core import host_mode, identity, passphrase
    from ..core.errors import InvalidInput

    with ctx.store.read() as s:
        has_keys = identity.own_key(s) is not None
    if has_keys:
        secret = passphrase.from_args(args)
    elif args.reviewer:
        secret = args.reviewer
    else:
        raise InvalidInput("This profile has no keys; give the reviewer's name with --reviewer to leave host mode.")
    n = host_mode.leave(ctx.store, secret).value
    say(f"Host mode is off; the host left {n} comment{'s' if n != 1 else ''}.")
    return 0


def host_status(args, ctx) -> int:  # noqa: ANN001
    from ..core import host_mode

    on = host_mode.active(ctx.store)
    if args.json:
        out_json({"active": on is not None, "host": on.host if on else None, "review_id": on.review_id if on else None,
                  "since": on.since if on else None})
        return 0
    say(f"Host mode is on for {on.host} (review {on.review_id[:8]}) since {when(on.since)}." if on
        else "Host mode is off.")
    return 0


# -- conflicts ------------------------------------------------------------------------------------------------------

def conflicts_list(args, ctx) -> int:  # noqa: ANN001
    from ..core import merge

    rows = merge.list_conflicts(ctx.store, args.id, include_resolved=args.all)
    if args.json:
        out_json([c.as_json() for c in rows])
        return 0
    if not rows:
        say("No note conflicts to resolve.")
    for c in rows:
        state = f" — kept {c.resolution}" if c.resolution else ""
        say(f"{c.id[:8]}  note {c.note_id[:8]} from {c.source_name}: differs in {', '.join(c.fields)}{state}")
        if "text" in c.fields:
            say(f"      ours:   {short(c.ours.get('text', ''), 70)}")
            say(f"      theirs: {short(c.theirs.get('text', ''), 70)}")
    return 0


def conflicts_resolve(args, ctx) -> int:  # noqa: ANN001
    from ..core import merge

    merge.resolve_conflict(ctx.store, args.conflict_id, args.keep)
    say(f"Kept {'our' if args.keep == 'ours' else 'their'} version of the note.")
    return 0
