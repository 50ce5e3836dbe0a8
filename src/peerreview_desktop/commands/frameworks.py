"""`peerreview frameworks list|show|validate|import|export`."""

from __future__ import annotations

from pathlib import Path

from ..cli import out_json, say


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("frameworks", help="list, show, validate, import and export frameworks")
    fs = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = fs.add_parser("list", help="the frameworks in the store")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=list_)
    a = fs.add_parser("show", help="areas, criteria and scale of one framework")
    a.add_argument("id")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=show)
    a = fs.add_parser("validate", help="check a framework JSON file; lists every problem with its JSON path")
    a.add_argument("file")
    a.set_defaults(func=validate)
    a = fs.add_parser("import", help="add a framework JSON file to the store")
    a.add_argument("file")
    a.set_defaults(func=import_)
    a = fs.add_parser("export", help="write a framework as JSON")
    a.add_argument("id")
    a.add_argument("-o", "--output", required=True)
    a.set_defaults(func=export)


def list_(args, ctx) -> int:  # noqa: ANN001
    from ..core import framework_library

    with ctx.store.read() as s:
        rows = framework_library.list_all(s)
    if args.json:
        out_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        kind = "graded" if r.graded else "ungraded"
        say(f"{r.id:34} {r.name} — {r.areas} areas, {r.criteria} criteria, {kind}")
    return 0


def show(args, ctx) -> int:  # noqa: ANN001
    from ..core import framework_library

    with ctx.store.read() as s:
        fw = framework_library.get(s, args.id)
    if args.json:
        out_json(framework_library.show_json(fw))
        return 0
    say(f"{fw.name} (version {fw.version}, {fw.id})")
    if fw.graded:
        say("Scale: " + " / ".join(g.label for g in fw.grades) + " (plus Not judged, Insufficient evidence)")
    else:
        say("Ungraded: narrative findings only")
    for area in fw.areas:
        say(f"\n{area.code}  {area.title}")
        for c in area.criteria:
            say(f"  {c.code:6} {c.title}")
    return 0


def validate(args, ctx) -> int:  # noqa: ANN001
    from ..core import frameworks

    fw = frameworks.load_file(Path(args.file))  # every problem, with its JSON path, is printed by cli.main
    say(f"{args.file}: a valid framework ({fw.name} {fw.version}: {len(fw.areas)} areas, {len(fw.criteria)} criteria).")
    return 0


def import_(args, ctx) -> int:  # noqa: ANN001
    from ..core import audit, framework_library

    with ctx.store.write() as s:
        fw = framework_library.import_file(s, Path(args.file))
        audit.record(s, ctx.store.actor, None, "framework.import", "framework", fw.id, {"name": fw.name})
    say(f"Imported {fw.name} version {fw.version} as {fw.id}.")
    return 0


def export(args, ctx) -> int:  # noqa: ANN001
    from ..core import framework_library, frameworks
    from ..core.errors import StoreError

    with ctx.store.read() as s:
        fw = framework_library.get(s, args.id)
    out = Path(args.output)
    try:
        tmp = out.with_name(out.name + ".part")
        tmp.write_text(frameworks.dumps(fw), encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise StoreError(f"{out} could not be written: {exc.strerror or exc}.") from exc
    say(f"Wrote {fw.name} {fw.version} to {out}.")
    return 0
