"""`peerreview demo`, `reviews new|list|show|plan`, `search`, `coverage`."""

from __future__ import annotations

from ..cli import out_json, say


def register(sub) -> None:  # noqa: ANN001
    a = sub.add_parser("demo", help="add the fictional demo review if absent; print its ID (with --notes N: a new "
                       "generated fictional review with N notes, for trying the app at scale)")
    a.add_argument("--notes", type=int, metavar="N", help="add a generated review with N realistic fictional notes")
    a.add_argument("--seed", type=int, default=2026, help="with --notes: the same seed gives the same notes")
    a.set_defaults(func=demo)
    p = sub.add_parser("reviews", help="create, list and show reviews (visits)")
    rs = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    p.actions = rs  # other modules add `reviews` sub-commands here (commands/lifecycle.py: finalise, reopen, history)
    a = rs.add_parser("new", help="plan a new review; prints its ID")
    a.add_argument("--school", required=True)
    a.add_argument("--urn", help="the school's unique reference number, when known")
    a.add_argument("--framework", required=True, help="framework ID, key or name")
    a.add_argument("--type", required=True, help="full, focused, virtual, blended, rapid, curriculum, "
                   "partnership-self-evaluation")
    a.add_argument("--date", required=True, help="first day, YYYY-MM-DD")
    a.add_argument("--end-date")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=new)
    a = rs.add_parser("list", help="all reviews in the store")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=list_)
    a = rs.add_parser("show", help="the whole review: plan, notes, judgements, findings, host comments")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=show)
    a = sub.add_parser("search", help="full-text search over notes")
    a.add_argument("query")
    a.add_argument("--review")
    a.add_argument("--limit", type=int, default=50)
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=search)
    a = sub.add_parser("coverage", help="evidence per criterion: count, strength/development balance, gaps")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=coverage)


def demo(args, ctx) -> int:  # noqa: ANN001
    if args.notes is not None:
        from ..core.errors import InvalidInput
        from ..core.sample_notes import add_generated_review

        if not 0 <= args.notes <= 1_000_000:
            raise InvalidInput("--notes takes a number from 0 to 1,000,000.")
        say(add_generated_review(ctx.store, args.notes, seed=args.seed).value)
        return 0
    from ..core.demo import ensure_demo

    say(ensure_demo(ctx.store).value)
    return 0


def new(args, ctx) -> int:  # noqa: ANN001
    from ..core import reviews

    ch = reviews.new_review(ctx.store, reviews.Plan(school=args.school, urn=args.urn, framework=args.framework,
                                                    type=args.type, start_date=args.date, end_date=args.end_date))
    if args.json:
        out_json(reviews.summary(ctx.store, ch.value).as_json())
    else:
        say(ch.value)
    return 0


def list_(args, ctx) -> int:  # noqa: ANN001
    from ..core.review_index import list_reviews

    rows = list_reviews(ctx.store)
    if args.json:
        out_json([r.as_json() for r in rows])
        return 0
    if not rows:
        say("No reviews yet. `peerreview demo` adds a fictional one to explore; `peerreview reviews new` plans one.")
    for r in rows:
        say(f"{r.id[:8]}  {r.start_date}  {r.school:36.36} {r.type_label:24} {r.status_label:22} v{r.version} "
            f"{r.notes:5} notes")
    return 0


def show(args, ctx) -> int:  # noqa: ANN001
    from ..core import review_document
    from ..core.vocabulary import ACTIVITIES, FINDING_KINDS, STATUSES

    doc = review_document.build(ctx.store, args.id, include_confidential=True)
    if args.json:
        out_json(doc)
        return 0
    say(f"{doc['school']['name']} — {doc['type_label']}, {doc['start_date']}"
        f"{' to ' + doc['end_date'] if doc['end_date'] else ''}")
    say(f"{doc['framework']['name']} {doc['framework']['version']} · {STATUSES.get(doc['status'])} · "
        f"version {doc['version']} · {doc['id']}")
    if doc["team"]:
        say("Team: " + "; ".join(f"{m['name']} ({m['role']})" for m in doc["team"]))
    say(f"\nNotes ({len(doc['notes'])}):")
    for n in doc["notes"]:
        flag = " [confidential]" if n["confidential"] else ""
        say(f"  {n['occurred_at'].replace('T', ' ')}  {ACTIVITIES.get(n['activity'], n['activity']):22} "
            f"{','.join(n['criteria']):12} {n['marker']:11}{flag} {n['text'][:70]}")
    say(f"\nJudgements ({len(doc['judgements'])}):")
    for j in doc["judgements"]:
        say(f"  {j['criterion']:6} {j['grade_label']:26} {j['rationale'][:80]}")
    for kind, label in FINDING_KINDS.items():
        items = [f for f in doc["findings"] if f["kind"] == kind]
        if items:
            say(f"\n{label}:")
            for f in items:
                say(f"  - {f['text']}")
    return 0


def search(args, ctx) -> int:  # noqa: ANN001
    from ..core.search import search as run

    hits = run(ctx.store, args.query, args.review, args.limit)
    if args.json:
        out_json([h.as_json() for h in hits])
        return 0
    if not hits:
        say(f"No notes match '{args.query}'.")
    for h in hits:
        say(f"{h.note_id[:8]}  {h.occurred_at.replace('T', ' ')}  {h.school[:28]:28}  {h.snippet}")
    return 0


def coverage(args, ctx) -> int:  # noqa: ANN001
    from ..core.coverage import coverage as run

    rows = run(ctx.store, args.id)
    if args.json:
        out_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        gap = "  ← little or no evidence" if r.gap else ""
        say(f"{r.code:6} {r.title[:44]:44} {r.notes:3} notes  +{r.strength} −{r.development}{gap}")
    return 0
