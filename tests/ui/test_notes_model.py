"""The notes table model and its filter: checked by QAbstractItemModelTester while notes are added, edited,
re-timed and deleted; an edit replaces one row, never resets the model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from peerreview_desktop.core import notes
from peerreview_desktop.ui.notes_model import COLUMNS, ID_ROLE, TEXT, TIME, NotesFilter, NotesModel

pytestmark = pytest.mark.qt_log_level_fail("WARNING")  # the tester reports problems as Qt warnings


@pytest.fixture
def model(demo_ctx, demo_id):  # noqa: ANN001, ANN201
    m = NotesModel(demo_ctx)
    m.set_review(demo_id)
    return m


@pytest.fixture
def proxy(model):  # noqa: ANN001, ANN201
    p = NotesFilter()
    p.setSourceModel(model)
    p.sort(TIME, Qt.SortOrder.AscendingOrder)
    return p


def _testers(*models):  # noqa: ANN002, ANN202
    mode = QAbstractItemModelTester.FailureReportingMode.Warning
    return [QAbstractItemModelTester(m, mode) for m in models]


def test_the_model_holds_every_note_of_the_review_in_time_order(model, demo_store, demo_id):
    _t = _testers(model)
    views = notes.list_notes(demo_store, demo_id)
    assert model.rowCount() == len(views) and model.columnCount() == len(COLUMNS)
    times = [model.note_at(r).occurred_at for r in range(model.rowCount())]
    assert times == sorted(times)
    assert {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())} == {v.id for v in views}


def test_no_raw_ids_and_uk_dates_in_what_is_shown(model):
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            shown = str(model.index(r, c).data() or "")
            assert model.note_at(r).id not in shown
    assert model.index(0, TIME).data() == "Thu 12 Nov, 08:35"
    assert model.index(0, TIME).data(Qt.ItemDataRole.ToolTipRole) == "Thu 12 Nov 2026, 08:35"


def test_an_edit_replaces_one_row_without_a_reset(model, proxy, demo_ctx, qtbot):
    _t = _testers(model, proxy)
    nid = model.note_at(5).id
    resets, changed = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b, _r=None: changed.append((a.row(), b.row())))
    demo_ctx.changed.emit(notes.update(demo_ctx.store, nid, text="Edited in place"))
    assert resets == [] and changed == [(5, 5)]
    assert model.index(5, TEXT).data() == "Edited in place"


def test_added_retimed_and_deleted_notes_move_rows_and_the_tester_stays_happy(model, proxy, demo_ctx, demo_id):
    _t = _testers(model, proxy)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    n = model.rowCount()
    ch = notes.add(demo_ctx.store, demo_id, "Late note", occurred_at="2026-11-12 12:00")
    demo_ctx.changed.emit(ch)
    row = model.row_of(ch.value)
    assert model.rowCount() == n + 1 and model.note_at(row).text == "Late note"
    demo_ctx.changed.emit(notes.update(demo_ctx.store, ch.value, occurred_at="2026-11-12 07:00"))
    assert model.row_of(ch.value) == 0
    demo_ctx.changed.emit(notes.update(demo_ctx.store, ch.value, occurred_at="2026-11-13 23:00"))
    assert model.row_of(ch.value) == model.rowCount() - 1
    times = [model.note_at(r).occurred_at for r in range(model.rowCount())]
    assert times == sorted(times)
    demo_ctx.changed.emit(notes.delete(demo_ctx.store, ch.value))
    assert model.rowCount() == n and model.row_of(ch.value) is None
    assert resets == []


def _shown(proxy) -> list:  # noqa: ANN001
    src = proxy.sourceModel()
    return [src.note(proxy.index(r, 0).data(ID_ROLE)) for r in range(proxy.rowCount())]


def test_filter_by_criterion_activity_author_marker_and_words(model, proxy):
    _t = _testers(proxy)
    all_notes = model.notes()
    proxy.set_filter(criteria=["CT4"])
    assert _shown(proxy) and all("CT4" in n.criteria for n in _shown(proxy))
    assert len(_shown(proxy)) == sum("CT4" in n.criteria for n in all_notes)
    proxy.set_filter(criteria=[], activity="lesson-visit", marker="development")
    assert _shown(proxy) and all(n.activity == "lesson-visit" and n.marker == "development" for n in _shown(proxy))
    author = all_notes[0].author
    proxy.set_filter(activity="", marker="", author=author)
    assert len(_shown(proxy)) == sum(n.author == author for n in all_notes)
    proxy.set_filter(author="", text="PHONICS year")
    assert _shown(proxy)
    for n in _shown(proxy):
        hay = f"{n.text} {n.place} {n.year_group} {n.subject}".lower()
        assert "phonics" in hay and "year" in hay
    proxy.set_filter(text="")
    assert proxy.rowCount() == model.rowCount()


def test_a_pinned_note_shows_through_the_filters(model, proxy):
    proxy.set_filter(marker="strength")
    hidden = next(n for n in model.notes() if n.marker == "neutral")
    assert hidden not in _shown(proxy)
    proxy.pin(hidden.id)
    assert hidden in _shown(proxy)
    proxy.set_filter(marker="development")  # changing a filter ends the pin
    assert hidden not in _shown(proxy)


def test_sorting_by_a_column_uses_the_values_not_the_display(proxy):
    proxy.sort(TIME, Qt.SortOrder.DescendingOrder)
    times = [n.occurred_at for n in _shown(proxy)]
    assert times == sorted(times, reverse=True)


def test_notes_load_off_the_main_thread_and_arrive_in_one_reset(qapp, demo_store, demo_id, qtbot):
    from peerreview_desktop.ui.context import AppContext

    ctx = AppContext(demo_store)  # not inline: the real worker threads
    m = NotesModel(ctx)
    _t = _testers(m)
    resets = []
    m.modelReset.connect(lambda: resets.append(m.rowCount()))
    with qtbot.waitSignal(m.loaded, timeout=10_000):
        m.set_review(demo_id)
        assert m.loading and m.rowCount() == 0
    assert not m.loading and m.rowCount() == len(notes.list_notes(demo_store, demo_id))
    assert resets == [0, m.rowCount()]
    ctx.worker.wait()


def test_a_second_review_opened_before_the_first_arrives_wins(qapp, demo_store, demo_id, qtbot):
    from peerreview_desktop.core import reviews
    from peerreview_desktop.ui.context import AppContext

    other = reviews.new_review(demo_store, reviews.Plan(school="Harrowdene Junior School",
                                                        framework="school-peer-review", start_date="2026-12-01")).value
    notes.add(demo_store, other, "Only note of the other review")
    ctx = AppContext(demo_store)
    m = NotesModel(ctx)
    m.set_review(demo_id)
    with qtbot.waitSignal(m.loaded, timeout=10_000):
        m.set_review(other)
    ctx.worker.wait()
    qapp.processEvents()
    assert [n.text for n in m.notes()] == ["Only note of the other review"]
