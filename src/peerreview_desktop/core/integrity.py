"""`peerreview check`: the store's integrity, its foreign keys, the search index, attachment checksums and the
audit trail's hash chain."""

from __future__ import annotations

from sqlmodel import select

from . import attachments, audit
from .models import Attachment


def problems(store) -> list[str]:  # noqa: ANN001
    out = store.integrity_problems()
    with store.read() as s:
        out += audit.verify_chain(s)
        shas = list(s.exec(select(Attachment.sha256)))
    out += attachments.problems(store.attachments_dir, shas)
    return out
