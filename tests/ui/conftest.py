"""UI fixtures: an AppContext running everything inline over a real store in tmp_path, errors recorded instead of
shown in modal dialogs, and a main window that is closed (autosave flushed) and whose workers are joined at the end
of each test."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PEERREVIEW_NO_FIRST_RUN", "1")


class Errors(list):
    """Errors the UI would have shown in a dialog."""

    def __call__(self, _parent, exc: BaseException) -> None:  # noqa: ANN001
        self.append(exc)


def _make_ctx(store, errors: Errors):  # noqa: ANN001, ANN202
    from peerreview_desktop.ui.context import AppContext

    ctx = AppContext(store, inline=True)
    ctx.show_error = errors
    return ctx


@pytest.fixture
def errors() -> Errors:
    return Errors()


@pytest.fixture
def ctx(qapp, store, errors):  # noqa: ANN001, ANN201
    c = _make_ctx(store, errors)
    yield c
    c.flush()
    c.worker.wait()
    c.deleteLater()


@pytest.fixture
def demo_ctx(qapp, demo_store, errors):  # noqa: ANN001, ANN201
    c = _make_ctx(demo_store, errors)
    yield c
    c.flush()
    c.worker.wait()
    c.deleteLater()


def open_window(qtbot, ctx, data_dir):  # noqa: ANN001, ANN201
    from peerreview_desktop.ui.app import make_app, settings_for
    from peerreview_desktop.ui.main_window import MainWindow

    make_app()
    w = MainWindow(ctx, settings=settings_for(data_dir))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=2000)
    return w


@pytest.fixture
def open_main(qtbot, data_dir):  # noqa: ANN001, ANN201
    """Opens a main window on a context (closed again at teardown by qtbot)."""
    return lambda ctx: open_window(qtbot, ctx, data_dir)


@pytest.fixture
def window(qtbot, demo_ctx, data_dir, errors):  # noqa: ANN001, ANN201
    """The main window with the demo review open."""
    from peerreview_desktop.core.demo import DEMO_ID

    w = open_window(qtbot, demo_ctx, data_dir)
    w.open_review(DEMO_ID)
    yield w
    w.close()
    assert not [e for e in errors if not hasattr(e, "message")], f"unexpected errors: {errors}"


@pytest.fixture
def new_review(store) -> str:  # noqa: ANN001
    """An empty review of the school peer review framework."""
    from peerreview_desktop.core import reviews

    plan = reviews.Plan(school="Brackenfield Community Primary", framework="school-peer-review",
                        start_date="2026-11-20")
    return reviews.new_review(store, plan).value


@pytest.fixture
def empty_window(qtbot, ctx, data_dir, new_review, errors):  # noqa: ANN001, ANN201
    """The main window with a new, empty review open."""
    w = open_window(qtbot, ctx, data_dir)
    w.open_review(new_review)
    yield w
    w.close()
    assert not [e for e in errors if not hasattr(e, "message")], f"unexpected errors: {errors}"
