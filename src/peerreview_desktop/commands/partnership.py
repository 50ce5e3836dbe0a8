"""`peerreview partnership summary|export|report|schools|name`: the partnership lead's overview from the shell."""

from __future__ import annotations

from ..cli import out_json, say

FILTER_HELP = "Filters (all optional): --cluster (repeatable), --from/--to YYYY-MM-DD (review dates), --type, " \
              "--framework (key or ID), --reviewer (part of a name), --school (part of a name, or a URN)."


def _filters(a) -> None:  # noqa: ANN001
    a.add_argument("--cluster", action="append", default=[], metavar="NAME", help="only schools in this cluster")
    a.add_argument("--from", dest="date_from", metavar="DATE", help="only reviews on or after this date")
    a.add_argument("--to", dest="date_to", metavar="DATE", help="only reviews on or before this date")
    a.add_argument("--type", action="append", default=[], metavar="TYPE", help="only reviews of this type")
    a.add_argument("--framework", action="append", default=[], metavar="ID", help="only this framework")
    a.add_argument("--reviewer", default="", metavar="NAME", help="only reviews with this reviewer")
    a.add_argument("--school", default="", metavar="TEXT", help="only schools whose name has TEXT (or this URN)")


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("partnership", help="the partnership lead's overview: heat map, themes, who can help whom, "
                       "exports and the board paper", description="The picture across the partnership's schools. "
                       "Only each school's latest final review counts; superseded versions never do. " + FILTER_HELP)
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = ps.add_parser("summary", help="each school's latest review, heat map, themes, matches, self-evaluation trend")
    a.add_argument("--json", action="store_true", help="JSON with schools, heatmap, themes, matches, trend")
    _filters(a)
    a.set_defaults(func=summary)
    a = ps.add_parser("export", help="the overview as a spreadsheet (.xlsx, .csv, or a folder of CSV files)",
                      description="Sheets: Reviews, Heat map, Judgements, Findings, Themes, Matching, Trend, About. "
                      "FILE.xlsx: a workbook with frozen headers, filters and the scale colours. FILE.csv: one CSV "
                      "file whose first column, 'sheet', names the sheet. A folder (existing, or ending in /): one "
                      "CSV file per sheet.")
    a.add_argument("-o", "--output", required=True, metavar="FILE")
    _filters(a)
    a.set_defaults(func=export)
    a = ps.add_parser("report", help="the board paper (PDF): heat map, themes, who can help whom, trend")
    a.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    _filters(a)
    a.set_defaults(func=report)
    a = ps.add_parser("name", help="show the partnership's name, or set it (used on the board paper)")
    a.add_argument("name", nargs="?")
    a.set_defaults(func=name)
    s = ps.add_parser("schools", help="the partnership's schools and clusters")
    ss = s.add_subparsers(dest="schools_action", metavar="ACTION", required=True)
    a = ss.add_parser("list", help="schools with URN, cluster, phase and number of reviews")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=schools_list)
    a = ss.add_parser("import", help="add or update schools from a CSV file with columns name, urn, cluster, phase",
                      description="A row matches a school by URN, else by name (spelling of punctuation and case "
                      "does not matter). All-or-nothing: every problem is listed with its row and column.")
    a.add_argument("file")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=schools_import)
    a = ss.add_parser("set", help="change a school's name, URN, cluster or phase")
    a.add_argument("school", help="the school's ID (or a unique prefix)")
    a.add_argument("--name")
    a.add_argument("--urn")
    a.add_argument("--cluster", help="cluster name ('' for none)")
    a.add_argument("--phase")
    a.set_defaults(func=schools_set)
    a = ss.add_parser("merge", help="two records of one school: move the first's reviews to the second")
    a.add_argument("school", help="ID of the record to merge away")
    a.add_argument("into", help="ID of the record to keep")
    a.set_defaults(func=schools_merge)


def _selection(args):  # noqa: ANN001, ANN202
    from ..core.partnership import Selection

    return Selection.parse(clusters=args.cluster, date_from=args.date_from, date_to=args.date_to, types=args.type,
                           frameworks=args.framework, reviewer=args.reviewer, school_text=args.school)


def _overview(args, ctx):  # noqa: ANN001, ANN202
    from ..core import partnership

    return partnership.build(ctx.store, _selection(args))


def summary(args, ctx) -> int:  # noqa: ANN001
    from ..core import partnership

    ov = _overview(args, ctx)
    if args.json:
        out_json(partnership.as_json(ov))
        return 0
    say(f"{ov.partnership}: {ov.reviewed_schools} of {len(ov.schools)} schools reviewed, {len(ov.latest)} reviews "
        f"counted ({ov.selection.describe()}).")
    if ov.superseded or ov.conflicts:
        n, c = ov.superseded, len(ov.conflicts)
        say(f"Left out: {n} superseded version{'s' if n != 1 else ''}; {c} conflicting revision{'s' if c != 1 else ''} "
            "to resolve.")
    for m in ov.heatmaps:
        say(f"\nHeat map — {m.framework} ({len(m.rows)} schools)")
        codes = [a["code"] for a in m.areas]
        say(f"  {'School':34} " + " ".join(f"{c:>6}" for c in codes))
        abbrev = {g["key"]: _abbrev(g["label"]) for g in m.scale}
        cluster = object()
        for r in m.rows:
            if r.cluster != cluster:
                cluster = r.cluster
                say(f"  [{cluster or 'Not in a cluster'}]")
            say(f"  {r.school[:34]:34} " + " ".join(f"{abbrev.get(r.cells[c].grade, '?') if r.cells[c] else '—':>6}"
                                                     for c in codes))
        say("  Key: " + "; ".join(f"{_abbrev(g['label'])} = {g['label']}" for g in m.scale))
    if ov.priorities:
        say("\nCriteria most often judged in the weaker grades:")
        for p in ov.priorities[:10]:
            say(f"  {p.criterion:5} {p.title[:48]:48} {p.weakest} in '{p.weakest_label}', {p.lower} in the weaker half"
                f" (of {p.judged})")
    if ov.next_steps:
        say("\nCommonest next steps and areas for development:")
        for t in ov.next_steps[:10]:
            say(f"  {t.count:3} × {t.text}")
    say("\nWho can help whom:" if ov.matches else "\nWho can help whom: no criterion has both a strong school and a "
        "school where it is a priority.")
    for m in ov.matches[:20]:
        say(f"  {m.criterion} {m.title}: strong — {', '.join(s.school for s in m.strong)}; "
            f"priority — {', '.join(s.school for s in m.priority)}")
    if ov.trend:
        say(f"\nPartnership self-evaluation ({ov.trend.framework}):")
        for p in ov.trend.points:
            say(f"  {p.year}: " + "; ".join(f"{a['code']} {p.cells[a['code']].label if p.cells[a['code']] else '—'}"
                                            for a in ov.trend.areas))
    return 0


def _abbrev(label: str) -> str:
    words = [w for w in label.replace("-", " ").split() if w.lower() not in ("and", "for", "of", "the")]
    return "".join(w[0].upper() for w in words)[:4] or label[:3]


def export(args, ctx) -> int:  # noqa: ANN001
    from ..core.partnership_export import export as write

    sheets = write(_overview(args, ctx), args.output)
    say(f"Wrote {args.output}: " + ", ".join(f"{s.name} ({len(s.rows)})" for s in sheets) + ".")
    return 0


def report(args, ctx) -> int:  # noqa: ANN001
    from ..core.partnership_report import render_board_paper

    info = render_board_paper(_overview(args, ctx), args.output)
    say(f"Wrote {info.path} ({info.pages} pages).")
    return 0


def name(args, ctx) -> int:  # noqa: ANN001
    from ..core import schools

    if args.name:
        schools.set_partnership_name(ctx.store, args.name)
    say(schools.partnership_name(ctx.store))
    return 0


def schools_list(args, ctx) -> int:  # noqa: ANN001
    from ..core import schools

    rows = schools.list_schools(ctx.store)
    if args.json:
        out_json([r.as_json() for r in rows])
        return 0
    if not rows:
        say("No schools yet: `peerreview partnership schools import schools.csv` adds them (name, urn, cluster, phase).")
    for r in rows:
        say(f"{r.id[:8]}  {r.name[:40]:40} {r.urn or '':8} {(r.cluster or '—')[:28]:28} {r.phase[:12]:12} "
            f"{r.reviews} review{'s' if r.reviews != 1 else ''}")
    return 0


def schools_import(args, ctx) -> int:  # noqa: ANN001
    import sys

    from ..core import schools
    from ..core.errors import InvalidInput

    try:
        res = schools.import_csv(ctx.store, args.file).value
    except InvalidInput as exc:
        print(str(exc), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.json:
        out_json(res.as_json())
    else:
        say(f"Schools: {res.created} added, {res.updated} updated, {res.unchanged} unchanged.")
    return 0


def schools_set(args, ctx) -> int:  # noqa: ANN001
    from ..core import schools

    schools.update_school(ctx.store, args.school, name=args.name, urn=args.urn, cluster=args.cluster, phase=args.phase)
    say("Saved.")
    return 0


def schools_merge(args, ctx) -> int:  # noqa: ANN001
    from ..core import schools

    moved = schools.merge_schools(ctx.store, args.school, args.into).value
    say(f"Merged: {moved} review{'s' if moved != 1 else ''} moved.")
    return 0
