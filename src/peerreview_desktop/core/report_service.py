"""The report of a review as stored: the document without confidential notes, with the SHA-256 of the newest
package written for this version when there is one (a final report names the package it travelled in)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from . import review_document, reviews
from .models import PackageRecord


def package_sha_for(store, review_id: str, version: int) -> str | None:  # noqa: ANN001
    with store.read() as s:
        row = s.exec(select(PackageRecord.sha256).where(PackageRecord.review_id == review_id,
                                                        PackageRecord.revision == version,
                                                        PackageRecord.kind == "final")
                     .order_by(PackageRecord.at.desc())).first()
    return row or None


def write_report(store, review_id: str, out: Path):  # noqa: ANN001, ANN201
    from .report import render_report

    with store.read() as s:
        rid = reviews.resolve_id(s, review_id)
    doc = review_document.build(store, rid, include_confidential=False, include_history=False)
    sha = package_sha_for(store, rid, doc["version"]) if doc["status"] == "final" else None
    return render_report(doc, out, package_sha256=sha)
