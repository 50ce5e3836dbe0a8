"""`peerreview export`, `verify`, `import`: signed review packages (see docs/package-format.md)."""

from __future__ import annotations

import sys

from ..cli import out_json, say


def register(sub) -> None:  # noqa: ANN001
    a = sub.add_parser("export", help="write a signed package of a review (optionally encrypted)")
    a.add_argument("id", help="review ID (or a unique prefix of 6+ characters)")
    a.add_argument("-o", "--output", required=True, metavar="FILE")
    a.add_argument("--kind", choices=["final", "draft", "notes", "response"],
                   help="final (the locked review, the default when final), draft (for the host's check, the default "
                        "otherwise), notes (the plan and your notes, for the team), response (the host's comments)")
    a.add_argument("--encrypt-to", metavar="KEY",
                   help="a trusted key's ID, a name, or an age1… recipient; confidential notes go only to a lead")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=export)
    a = sub.add_parser("verify", help="check a package: intact, signed by a trusted, unrevoked key (exit 0 only then)")
    a.add_argument("file")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=verify)
    a = sub.add_parser("import", help="verify and import packages (files or folders); a refused one changes nothing")
    a.add_argument("paths", nargs="+", metavar="PATH")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=import_)
    p = sub.add_parser("packages", help="the package ledger: what was imported and exported; choose a conflict")
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = ps.add_parser("list", help="packages made and imported (state: current, superseded or conflict)")
    a.add_argument("--review", metavar="ID")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=ledger_list)
    a = ps.add_parser("choose", help="adopt a package kept as a conflict (the review becomes what it says)")
    a.add_argument("package_id")
    a.set_defaults(func=choose)


def _passphrase(args):  # noqa: ANN001, ANN202
    from ..core import passphrase

    return lambda: passphrase.from_args(args)


def export(args, ctx) -> int:  # noqa: ANN001
    from ..core.packages import export_package

    res = export_package(ctx.store, args.id, args.output, kind=args.kind, encrypt_to=args.encrypt_to,
                         passphrase=_passphrase(args)).value
    if args.json:
        out_json(res.as_json())
        return 0
    to = f", encrypted to {res.recipient_label}" if res.recipient else ""
    conf = " (with confidential notes)" if res.includes_confidential else ""
    say(f"Wrote the {res.kind} package{conf}, revision {res.revision}{to}, to {res.path}.")
    say(f"Package ID {res.package_id}")
    return 0


def verify(args, ctx) -> int:  # noqa: ANN001
    from ..core.packages import verify_path

    res = verify_path(ctx.store, args.file, _passphrase(args))
    if args.json:
        out_json(res.verify_json())
    elif res.ok:
        s = res.signer
        say(res.message)
        say(f"Signer: {s['name']}, key {s['key_id']}, fingerprint: {s['fingerprint']}")
    if not res.ok:
        print(res.message, file=sys.stderr)
        return 1
    return 0


def import_(args, ctx) -> int:  # noqa: ANN001
    from ..core.packages import import_paths

    results = import_paths(ctx.store, args.paths, _passphrase(args))
    refused = [r for r in results if r.status == "refused"]
    if args.json:
        out_json([r.as_json() for r in results])
    else:
        if not results:
            say("No package files were found there.")
        for r in results:
            say(f"{r.status:10}  {r.path}: {r.message}")
    if refused:
        first = refused[0]
        more = f" ({len(refused) - 1} more refused)" if len(refused) > 1 else ""
        print(f"{first.path} was refused: {first.message}{more}", file=sys.stderr)
        return 1
    return 0


def ledger_list(args, ctx) -> int:  # noqa: ANN001
    from ..core import reviews
    from ..core.packages import ledger

    review_id = None
    if args.review:
        with ctx.store.read() as s:
            review_id = reviews.resolve_id(s, args.review)
    rows = ledger.entries(ctx.store, review_id)
    if args.json:
        out_json([r.as_json() for r in rows])
        return 0
    if not rows:
        say("No packages have been made or imported yet.")
    for r in rows:
        arrow = "→ out" if r.direction == "out" else "← in "
        say(f"{r.package_id}  {arrow}  {r.kind:8} r{r.revision:<3} {r.state:10} {r.signer_name[:24]:24} "
            f"review {r.review_id[:8]}  {r.at[:16].replace('T', ' ')}")
    return 0


def choose(args, ctx) -> int:  # noqa: ANN001
    from ..core.packages.apply import choose_conflict

    ch = choose_conflict(ctx.store, args.package_id)
    say(f"Package {ch.value[:8]} is now the current version of review {ch.ids[0][:8]}; the one it replaces is kept.")
    return 0
