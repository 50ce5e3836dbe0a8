"""`peerreview check` (and, with the resilience work, backups)."""

from __future__ import annotations

import sys

from ..cli import say


def register(sub) -> None:  # noqa: ANN001
    a = sub.add_parser("check", help="store integrity, foreign keys, attachment hashes, audit trail; exit 1 on any problem")
    a.set_defaults(func=check)


def check(args, ctx) -> int:  # noqa: ANN001
    from ..core import integrity

    problems = integrity.problems(ctx.store)
    if problems:
        print(f"The store in {ctx.data_dir} has {len(problems)} problem(s): " + "; ".join(problems[:10]) + ".",
              file=sys.stderr)
        return 1
    say(f"The store in {ctx.data_dir} is intact.")
    return 0
