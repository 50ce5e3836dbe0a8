"""`peerreview check`, `backup`, `backups list`, `restore`, `selftest`."""

from __future__ import annotations

import sys

from ..cli import out_json, say


def register(sub) -> None:  # noqa: ANN001
    a = sub.add_parser("check", help="store integrity, foreign keys, attachment hashes, audit trail; exit 1 on any problem")
    a.set_defaults(func=check)
    a = sub.add_parser("backup", help="a consistent copy of the store, taken while it is in use")
    a.add_argument("-o", "--output", metavar="FILE", help="where to write it (a file or a folder); default: the "
                   "data folder's backups/")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=backup)
    p = sub.add_parser("backups", help="the backups in the data folder (automatic and by hand)")
    bs = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = bs.add_parser("list", help="newest first: when, why, size, file")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=backups_list)
    a = sub.add_parser("restore", help="put a backup in place of the store (the store as it was is backed up "
                       "first; a damaged store is set aside, never overwritten)")
    a.add_argument("file", help="a backup file, or the name of one in `backups list`")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=restore)
    a = sub.add_parser("selftest", help="check this installation: a store in a temporary folder, the demo review, "
                       "every main screen rendered offscreen; exit 0 when all work")
    a.add_argument("--keep", metavar="DIR", help="render the screens into DIR and keep them")
    a.set_defaults(func=selftest)


def check(args, ctx) -> int:  # noqa: ANN001
    from ..core import integrity

    problems = integrity.problems(ctx.store)
    if problems:
        print(f"The store in {ctx.data_dir} has {len(problems)} problem(s): " + "; ".join(problems[:10]) + ".",
              file=sys.stderr)
        return 1
    say(f"The store in {ctx.data_dir} is intact.")
    return 0


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} KB"


def backup(args, ctx) -> int:  # noqa: ANN001
    from ..core import backups

    info = backups.take(ctx.store, args.output)
    if args.json:
        out_json(info.as_json())
    else:
        say(f"Backed up the store ({_size(info.size)}) to {info.path}.")
    return 0


def backups_list(args, ctx) -> int:  # noqa: ANN001
    from ..core import backups

    rows = backups.list_backups(ctx.data_dir)
    if args.json:
        out_json([b.as_json() for b in rows])
        return 0
    if not rows:
        say(f"No backups yet in {backups.backups_dir(ctx.data_dir)}; `peerreview backup` makes one.")
    for b in rows:
        say(f"{b.created:%d/%m/%Y %H:%M:%S}  {b.reason_label:26.26} {_size(b.size):>9}  {b.path.name}")
    return 0


def restore(args, ctx) -> int:  # noqa: ANN001
    from ..core import backups

    result = backups.restore_into(ctx.data_dir, args.file)
    if args.json:
        out_json({"restored_from": str(result.restored_from), "kept_as": str(result.kept_as or "")})
        return 0
    kept = f" The store as it was is kept in {result.kept_as}." if result.kept_as else ""
    say(f"Restored the store from {result.restored_from}.{kept}")
    return 0


def selftest(args, ctx) -> int:  # noqa: ANN001
    from .selftest import run

    return run(args.keep)
