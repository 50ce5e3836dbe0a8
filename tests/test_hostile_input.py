"""Hostile input (property tests): whatever bytes or text reach the CSV importer or the framework loader, they
either succeed or raise the product's own error (one sentence), never anything else; a refused import leaves the
store exactly as it was."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerreview_desktop.core import framework_library, frameworks, notes_csv
from peerreview_desktop.core.errors import PeerReviewError
from peerreview_desktop.core.paths import resource

DEMO = "d3e0c0de-0000-4000-8000-00000000d3e0"
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TABLES = ("note", "note_criterion", "audit_entry", "review", "framework", "setting")


def state(db: Path) -> str:
    """A digest of everything an import could touch."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    h = hashlib.sha256()
    try:
        for table in TABLES:
            for row in con.execute(f"SELECT * FROM {table} ORDER BY 1"):  # noqa: S608
                h.update(repr(row).encode())
    finally:
        con.close()
    return h.hexdigest()


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    from peerreview_desktop.core.demo import ensure_demo
    from peerreview_desktop.core.store import Store

    store = Store.open(tmp_path_factory.mktemp("hostile") / "data")
    ensure_demo(store)
    yield store
    store.close()


def _import_csv(store, data: bytes) -> None:  # noqa: ANN001
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notes.csv"
        path.write_bytes(data)
        before = state(store.path)
        try:
            notes_csv.import_csv(store, DEMO, path)
        except PeerReviewError as exc:
            assert str(exc).strip() and "Traceback" not in str(exc)
            assert state(store.path) == before, "a refused import changed the store"


CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "yes", "no", "maybe", "2026-11-20 09:15", "20/11/2026 25:61", "09:30", "LM1", "CT2,ZZ9",
                     "strength", "development", "sideways", "lesson visit", "pupil-voice", "x" * 36, DEMO,
                     "00000000-0000-4000-8000-000000000000", '"', '""', "\r\n", "\x00", "=cmd|' /C calc'!A0",
                     "\ufeff", "é" * 3, "a,b", "\u202e"]),
)
HEADERS = st.lists(st.sampled_from(notes_csv.COLUMNS + sorted(notes_csv.ALIASES) + ["bogus", "", "TEXT", "Text "]),
                   min_size=1, max_size=9)


@st.composite
def csv_files(draw) -> bytes:  # noqa: ANN001
    header = draw(HEADERS)
    width = st.integers(min_value=max(len(header) - 1, 0), max_value=len(header) + 1)
    rows = draw(st.lists(width.flatmap(lambda n: st.lists(CELLS, min_size=n, max_size=n)), max_size=6))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"])), "replace")
    if draw(st.booleans()):  # damage some bytes
        b = bytearray(data)
        for i in draw(st.lists(st.integers(0, max(len(b) - 1, 0)), max_size=4)):
            if b:
                b[i] = draw(st.integers(0, 255))
        data = bytes(b)
    return data


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_csv_import_of_arbitrary_bytes_succeeds_or_is_refused_cleanly(hostile_store, data):
    _import_csv(hostile_store, data)


@SETTINGS
@given(text=st.text(max_size=600))
def test_csv_import_of_arbitrary_text_succeeds_or_is_refused_cleanly(hostile_store, text):
    _import_csv(hostile_store, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=csv_files())
def test_csv_import_of_csv_shaped_input_succeeds_or_is_refused_cleanly(hostile_store, data):
    _import_csv(hostile_store, data)


def _load(data: bytes | str) -> None:
    try:
        frameworks.loads(data)
    except PeerReviewError as exc:
        assert str(exc).strip()


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_framework_loader_never_raises_anything_but_its_own_error_on_bytes(data):
    _load(data)


@SETTINGS
@given(text=st.text(max_size=600))
def test_framework_loader_never_raises_anything_but_its_own_error_on_text(text):
    _load(text)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=12,
)
BUILTIN = json.loads(resource("frameworks", "rapid-review.json").read_text(encoding="utf-8"))


def _paths(doc, prefix=()):  # noqa: ANN001, ANN202
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


ALL_PATHS = [p for p in _paths(BUILTIN) if p]


@st.composite
def mutated_frameworks(draw) -> str:  # noqa: ANN001
    """A real framework with a few parts replaced by arbitrary JSON or removed: close to valid, so the
    validator's deeper rules run, not only the JSON parser."""
    doc = json.loads(json.dumps(BUILTIN))
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 4))):
        path = rng.choice(ALL_PATHS)
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()):
                parent[path[-1]] = draw(JSON)
            elif isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent.pop(path[-1])
        except (KeyError, IndexError, TypeError):
            continue
    if draw(st.booleans()):
        doc["key"] = f"hostile-{draw(st.integers(0, 10**6))}"  # a new framework, not a clash with the built-in one
    return json.dumps(doc)  # NaN and Infinity included: Python writes them, the loader must cope


@SETTINGS
@given(text=mutated_frameworks())
def test_a_damaged_framework_is_loaded_or_refused_never_a_crash(text):
    _load(text)


@SETTINGS
@given(text=st.one_of(mutated_frameworks(), st.text(max_size=200)))
def test_framework_import_into_the_store_is_all_or_nothing(hostile_store, text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "framework.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = state(hostile_store.path)
        try:
            with hostile_store.write() as s:
                framework_library.import_file(s, path)
        except PeerReviewError as exc:
            assert str(exc).strip()
            assert state(hostile_store.path) == before, "a refused framework changed the store"
