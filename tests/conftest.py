"""Shared fixtures: Qt offscreen, a private data folder per test, and a store copied from a template built once
per session (migrating a store from scratch for every test would be slow)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PEERREVIEW_PASSPHRASE", "correct horse battery staple")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """No test ever touches the real user data folder."""
    monkeypatch.setenv("PEERREVIEW_DATA_DIR", str(tmp_path / "default-data"))


@pytest.fixture(scope="session")
def _template_dir(tmp_path_factory) -> Path:
    from peerreview_desktop.core.store import Store

    d = tmp_path_factory.mktemp("template") / "data"
    Store.open(d).close()
    return d


@pytest.fixture
def data_dir(tmp_path, _template_dir) -> Path:
    d = tmp_path / "data"
    shutil.copytree(_template_dir, d)
    return d


@pytest.fixture
def store(data_dir):
    from peerreview_desktop.core.store import Store

    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def demo_store(store):
    from peerreview_desktop.core.demo import ensure_demo

    ensure_demo(store)
    return store


@pytest.fixture
def demo_id(demo_store) -> str:
    from peerreview_desktop.core.demo import DEMO_ID

    return DEMO_ID
