"""`peerreview report ID -o FILE.pdf`: the PDF report (DRAFT unless final; confidential notes never appear)."""

from __future__ import annotations

from pathlib import Path

from ..cli import say


def register(sub) -> None:  # noqa: ANN001
    a = sub.add_parser("report", help="write the PDF report of a review")
    a.add_argument("id")
    a.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    a.set_defaults(func=report)


def report(args, ctx) -> int:  # noqa: ANN001
    from ..core.report_service import write_report

    info = write_report(ctx.store, args.id, Path(args.output))
    say(f"Wrote a {info.pages}-page report to {args.output}.")
    return 0
