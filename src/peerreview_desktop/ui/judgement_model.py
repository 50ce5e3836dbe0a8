"""What the judgement panel shows and changes: one read of everything it needs for a criterion (the framework,
the judgement, its warnings, the roll-up per area, whether the review can be changed), and the undoable judgement
command."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtGui import QUndoCommand

from ..core import judgements, notes, reviews
from ..core.changes import Changes
from ..core.errors import ReviewLocked
from ..core.frameworks import FrameworkDef
from ..core.judgements import JudgementView
from ..core.notes import NoteView
from .context import AppContext, ServiceCommand


# -- undo ----------------------------------------------------------------------------------------------------------
class JudgementCommand(ServiceCommand):
    """One change to a criterion's judgement: `before` / `after` are whole states ({"grade", "rationale",
    "evidence"}) or None for "no judgement". Typing in one criterion's rationale merges into one undo step."""

    MERGE_ID = 0x6A756467

    def __init__(self, ctx: AppContext, review_id: str, code: str, before: dict | None, after: dict | None,
                 text: str, typing: bool = False):
        self.review_id, self.code, self.typing = review_id, code, typing
        self.before, self.after = before, after
        super().__init__(ctx, text, lambda: self._apply(self.after), lambda: self._apply(self.before))

    def _apply(self, state: dict | None) -> Changes:
        store = self.ctx.store
        if state is None:
            return judgements.clear(store, self.review_id, self.code)
        return judgements.judge(store, self.review_id, self.code, state["grade"], state["rationale"],
                                evidence=list(state["evidence"]))

    def id(self) -> int:  # noqa: A003 - Qt naming
        return self.MERGE_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt naming
        if not isinstance(other, JudgementCommand) or not other.typing or other.failed \
                or (other.review_id, other.code) != (self.review_id, self.code):
            return False
        self.after = other.after
        return True


# -- one read of what the panel shows ------------------------------------------------------------------------------
@dataclass
class CriterionState:
    fw: FrameworkDef
    locked: str  # why the review cannot be changed ("" when it can)
    judgement: JudgementView | None
    warnings: list[str]
    rollup: dict[str, str | None]  # area code -> grade key (median) or None
    judged_count: dict[str, tuple[int, int]] = field(default_factory=dict)  # area -> (judged, criteria)
    tagged: Counter = field(default_factory=Counter)  # markers of the notes tagged with the criterion

    def saved(self) -> dict | None:
        j = self.judgement
        return None if j is None else {"grade": j.grade, "rationale": j.rationale, "evidence": list(j.evidence)}


def lock_reason(s, review_id: str) -> str:  # noqa: ANN001
    try:
        reviews.editable(s, review_id, "change judgements in")
    except ReviewLocked as exc:
        return str(exc)
    return ""


def read_state(store, review_id: str, code: str | None, note_markers: dict[str, str]) -> CriterionState:  # noqa: ANN001
    """Everything the panel shows for `code` in one read transaction (`note_markers`: note ID -> marker)."""
    with store.read() as s:
        r = reviews.get(s, review_id)
        fw = reviews.framework_of(s, r)
        locked = lock_reason(s, r.id)
        js = judgements.list_for(s, r.id, fw)
        markers = judgements.markers_by_criterion(s, r.id)
    j = next((x for x in js if x.criterion == code), None)
    warn = judgements.warnings(fw, j, markers.get(code), [note_markers[n] for n in j.evidence if n in note_markers]) \
        if j is not None else []
    judged = {x.criterion for x in js if x.grade != "not-judged"}
    counts = {a.code: (sum(1 for c in a.criteria if c.code in judged), len(a.criteria)) for a in fw.areas}
    return CriterionState(fw, locked, j, warn, judgements.area_rollup(fw, js), counts, markers.get(code, Counter()))


def review_notes(store, review_id: str) -> dict[str, NoteView]:  # noqa: ANN001
    return {n.id: n for n in notes.list_notes(store, review_id)}
