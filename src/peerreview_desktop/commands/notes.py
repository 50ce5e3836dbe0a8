"""`peerreview notes add|import|export`, `judge`, `findings add|list`."""

from __future__ import annotations

from pathlib import Path

from ..cli import out_json, say


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("notes", help="add, import and export evidence notes")
    ns = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = ns.add_parser("add", help="add an evidence note; prints its ID")
    a.add_argument("id", help="review ID (or a unique prefix of 6+ characters)")
    a.add_argument("--text", required=True)
    a.add_argument("--criteria", default="", help="criterion codes, comma-separated")
    a.add_argument("--activity", default="other")
    a.add_argument("--marker", default="neutral", choices=["strength", "development", "neutral"])
    a.add_argument("--confidential", action="store_true", help="kept out of reports and packages for others")
    a.add_argument("--place", default="")
    a.add_argument("--year-group", default="")
    a.add_argument("--subject", default="")
    a.add_argument("--time", help="when it was seen (YYYY-MM-DD HH:MM); default now")
    a.add_argument("--attach", action="append", default=[], metavar="FILE")
    a.set_defaults(func=add)
    a = ns.add_parser("import", help="import notes from CSV (all or nothing)")
    a.add_argument("id")
    a.add_argument("file")
    a.set_defaults(func=import_)
    a = ns.add_parser("export", help="export a review's notes as CSV")
    a.add_argument("id")
    a.add_argument("-o", "--output", required=True)
    a.set_defaults(func=export)

    a = sub.add_parser("judge", help="record a judgement for one criterion")
    a.add_argument("id")
    a.add_argument("code")
    a.add_argument("--grade", required=True, help="a scale label or key, not-judged or insufficient-evidence")
    a.add_argument("--rationale", required=True)
    a.add_argument("--evidence", help="note IDs, comma-separated")
    a.set_defaults(func=judge)

    p = sub.add_parser("findings", help="strengths, areas for development, next steps")
    fs = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = fs.add_parser("add", help="add a finding; prints its ID")
    a.add_argument("id")
    a.add_argument("--kind", required=True, choices=["strength", "development", "next-step"])
    a.add_argument("--text", required=True)
    a.add_argument("--criteria", default="")
    a.set_defaults(func=finding_add)
    a = fs.add_parser("list", help="a review's findings")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=finding_list)


def add(args, ctx) -> int:  # noqa: ANN001
    from ..core import notes

    ch = notes.add(ctx.store, args.id, args.text, criteria=args.criteria, activity=args.activity, marker=args.marker,
                   confidential=args.confidential, place=args.place, year_group=args.year_group,
                   subject=args.subject, occurred_at=args.time, attach=args.attach)
    say(ch.value)
    return 0


def import_(args, ctx) -> int:  # noqa: ANN001
    from ..core import notes_csv

    ch = notes_csv.import_csv(ctx.store, args.id, Path(args.file))
    say(f"Imported {ch.value} notes.")
    return 0


def export(args, ctx) -> int:  # noqa: ANN001
    from ..core import notes_csv
    from ..core.errors import StoreError

    try:
        n = notes_csv.export(ctx.store, args.id, Path(args.output))
    except OSError as exc:
        raise StoreError(f"{args.output} could not be written: {exc.strerror or exc}.") from exc
    say(f"Wrote {n} notes to {args.output}.")
    return 0


def judge(args, ctx) -> int:  # noqa: ANN001
    from ..core import judgements

    judgements.judge(ctx.store, args.id, args.code, args.grade, args.rationale,
                     evidence=args.evidence.split(",") if args.evidence else None)
    say(f"Recorded the judgement for {args.code.upper()}.")
    return 0


def finding_add(args, ctx) -> int:  # noqa: ANN001
    from ..core import findings

    say(findings.add(ctx.store, args.id, args.kind, args.text, criteria=args.criteria).value)
    return 0


def finding_list(args, ctx) -> int:  # noqa: ANN001
    from ..core import findings, reviews

    with ctx.store.read() as s:
        rows = findings.list_for(s, reviews.resolve_id(s, args.id))
    if args.json:
        out_json([f.to_doc() for f in rows])
        return 0
    for f in rows:
        say(f"{f.id[:8]}  {f.kind:12} {f.text}")
    return 0
