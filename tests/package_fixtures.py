"""Fixtures for the package tests (load with `pytest_plugins = ["package_fixtures"]`): a reviewer's and a partnership
lead's data folders with keys made and cards exchanged, built once per session (sealing keys is deliberately slow)
and copied fresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from package_helpers import PASSPHRASE, Pair, make_folders
from peerreview_desktop.core import identity
from peerreview_desktop.core.demo import DEMO_ID
from peerreview_desktop.core.keys import PrivateKeys
from peerreview_desktop.core.store import Store


@pytest.fixture(scope="session")
def _pair_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pair-template")
    make_folders(root)
    return root


@pytest.fixture(scope="session")
def _reviewer_keys(_pair_template) -> PrivateKeys:
    s = Store.open(_pair_template / "reviewer")
    try:
        return identity.unlock(s, PASSPHRASE)
    finally:
        s.close()


@pytest.fixture
def pair(tmp_path, _pair_template, _reviewer_keys) -> Pair:
    root = tmp_path / "folders"
    shutil.copytree(_pair_template, root)
    reviewer, lead = Store.open(root / "reviewer"), Store.open(root / "lead")
    with reviewer.read() as s:
        key_id = identity.own_key(s).key_id
    p = Pair(root, reviewer, lead, DEMO_ID, _reviewer_keys, key_id)
    yield p
    p.close()


