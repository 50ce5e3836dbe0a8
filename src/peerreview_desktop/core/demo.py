"""The fictional demo review: added once, identical every time, for exploring the app and for screenshots."""

from __future__ import annotations

import copy

from . import audit
from .changes import Changes
from .demo_content import DEMO_REVIEW
from .models import Review
from .review_document import load_in

DEMO_ID = DEMO_REVIEW["id"]


def ensure_demo(store) -> Changes:  # noqa: ANN001
    """Add the demo review if it is not there; `value` is its ID either way."""
    with store.write() as s:
        if s.get(Review, DEMO_ID) is not None:
            return Changes(value=DEMO_ID)
        doc = copy.deepcopy(DEMO_REVIEW)
        doc.setdefault("schema", "peerreview.review/1")
        load_in(s, doc, mode="author", replace=False)
        audit.record(s, store.actor, DEMO_ID, "review.demo", "review", DEMO_ID, {"notes": len(doc["notes"])})
        return Changes(reviews=True, value=DEMO_ID)
