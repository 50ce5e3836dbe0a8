"""What a service call changed, so that views redraw only what it names (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Changes:
    review: bool = False  # header, plan, status, version
    notes: bool = False
    judgements: bool = False
    findings: bool = False
    comments: bool = False
    frameworks: bool = False
    keys: bool = False
    reviews: bool = False  # the list of reviews (added, removed, imported)
    ids: list[str] = field(default_factory=list)
    value: Any = None  # the service's result (e.g. the new note's ID)

    def merge(self, other: Changes) -> Changes:
        for name in ("review", "notes", "judgements", "findings", "comments", "frameworks", "keys", "reviews"):
            setattr(self, name, getattr(self, name) or getattr(other, name))
        self.ids += other.ids
        return self
