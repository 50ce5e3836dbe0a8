"""A review shown read-only, as its reviewers left it: any version the lead holds — the current one, a superseded
earlier version, or a conflicting revision from the package ledger. Confidential notes are never shown here (the
overview may be on a projector at a board meeting)."""

from __future__ import annotations

import html
import json

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget
from sqlmodel import select

from ..core import framework_library, lifecycle, review_document
from ..core.errors import NotFound
from ..core.frameworks import SPECIAL_GRADES
from ..core.models import PackageRecord
from ..core.vocabulary import ACTIVITIES, FINDING_KINDS, REVIEW_TYPES, STATUSES
from .heatmap_view import text_on
from .widgets import mix, notice_colour, uk_date_range, uk_datetime


def without_confidential(doc: dict) -> dict:
    """The document with confidential notes gone, and with them every trace (evidence links, history entries)."""
    hidden = {n["id"] for n in doc.get("notes", []) if n.get("confidential")}
    out = dict(doc)
    out["notes"] = [n for n in doc.get("notes", []) if not n.get("confidential")]
    out["judgements"] = [{**j, "evidence": [e for e in j.get("evidence", []) if e not in hidden]}
                         for j in doc.get("judgements", [])]
    out.pop("history", None)
    return out


def load_document(store, review_id: str, version: int, status: str) -> dict:  # noqa: ANN001
    """The document of one review version as the lead's workspace lists it (see partnership_data.ReviewEntry)."""
    doc = _load(store, review_id, version, status)
    fw = doc.get("framework") or {}
    if "areas" not in fw and fw.get("id"):  # a document that names its framework only: fill it in from the store
        with store.read() as s:
            doc["framework"] = framework_library.show_json(framework_library.get(s, fw["id"]))
    return doc


def _load(store, review_id: str, version: int, status: str) -> dict:  # noqa: ANN001
    if status == "conflict":
        with store.read() as s:
            rows = list(s.exec(select(PackageRecord).where(PackageRecord.review_id == review_id,
                                                           PackageRecord.state == "conflict")))
        for r in rows:
            if r.document and r.revision == version:
                return without_confidential(json.loads(r.document))
        raise NotFound("The conflicting revision of this review is no longer in the ledger.")
    if status == "superseded":
        return without_confidential(lifecycle.version_document(store, review_id, version))
    return review_document.build(store, review_id, include_confidential=False, include_history=False)


def _e(v: object) -> str:
    return html.escape(str(v or ""))


def _colours(pal: QPalette | None) -> dict[str, str]:
    """The few colours of the document, from `pal` (default: the app's), so that it reads in dark mode too."""
    pal = pal or QGuiApplication.palette()
    window, text = pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.Text)
    return {"banner": notice_colour(pal).name(), "area": mix(window, QColor("#2a6fb0"), 0.16).name(),
            "muted": mix(text, window, 0.42).name()}


def document_html(doc: dict, banner: str = "", palette: QPalette | None = None) -> str:
    colours = _colours(palette)
    fw = doc.get("framework", {})
    scale = {g["key"]: g for g in (fw.get("scale") or {}).get("grades", [])} if fw.get("scale") else {}
    titles = {c["code"]: c["title"] for a in fw.get("areas", []) for c in a.get("criteria", [])}
    judged = {j["criterion"]: j for j in doc.get("judgements", [])}
    team = ", ".join(f"{m['name']} ({m.get('role', 'reviewer')})" for m in doc.get("team", []))
    out = [f"<h2>{_e(doc['school']['name'])}</h2>"]
    if banner:
        out.append(f"<p style='background:{colours['banner']}; padding:6px'><b>{_e(banner)}</b></p>")
    out.append(f"<p>{_e(REVIEW_TYPES.get(doc.get('type'), doc.get('type')))} · "
               f"{_e(uk_date_range(doc.get('start_date'), doc.get('end_date')))}<br/>"
               f"{_e(fw.get('name'))} {_e(fw.get('version'))} · {_e(STATUSES.get(doc.get('status'), doc.get('status')))}"
               f" · version {_e(doc.get('version'))}<br/>Team: {_e(team) or '—'}</p>")
    if doc.get("context"):
        out.append(f"<h3>Context</h3><p>{_e(doc['context'])}</p>")
    out.append("<h3>Judgements</h3><table cellspacing='0' cellpadding='5' width='100%'>")
    for a in fw.get("areas", []):
        out.append(f"<tr><td colspan='3' style='background:{colours['area']}'><b>{_e(a['code'])} {_e(a['title'])}</b></td></tr>")
        for c in a.get("criteria", []):
            j = judged.get(c["code"])
            if j is None:
                grade = f"<span style='color:{colours['muted']}'>Not judged</span>"
            elif j["grade"] in scale:
                col = QColor(scale[j["grade"]]["colour"])
                grade = (f"<span style='background:{col.name()}; color:{text_on(col).name()}'>&nbsp;"
                         f"{_e(scale[j['grade']]['label'])}&nbsp;</span>")
            else:
                grade = _e(SPECIAL_GRADES.get(j["grade"], j["grade"]))
            rationale = _e(j["rationale"]) if j else ""
            out.append(f"<tr><td width='8%'><b>{_e(c['code'])}</b></td><td width='34%'>{_e(titles.get(c['code']))}"
                       f"<br/>{grade}</td><td>{rationale}</td></tr>")
    out.append("</table>")
    for kind, label in FINDING_KINDS.items():
        items = [f for f in doc.get("findings", []) if f["kind"] == kind]
        if items:
            out.append(f"<h3>{_e(label)}</h3><ul>" + "".join(f"<li>{_e(f['text'])}</li>" for f in items) + "</ul>")
    notes = doc.get("notes", [])
    if notes:
        out.append(f"<h3>Evidence notes ({len(notes)})</h3>")
        for n in notes:
            out.append(f"<p><span style='color:{colours['muted']}'>{_e(uk_datetime(n.get('occurred_at')))} · "
                       f"{_e(ACTIVITIES.get(n.get('activity'), n.get('activity')))}"
                       f"{' · ' + _e(', '.join(n.get('criteria', []))) if n.get('criteria') else ''}</span><br/>"
                       f"{_e(n.get('text'))}</p>")
    return "".join(out)


class ReviewReader(QDialog):
    """A read-only review in its own window."""

    def __init__(self, doc: dict, banner: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{doc['school']['name']} — review (read-only)")
        self.resize(860, 760)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Review, read-only")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(document_html(doc, banner, self.palette()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
