"""Generated fictional notes (`peerreview demo --notes N`, the benchmarks): they read like real notes, vary in
vocabulary and length, repeat with the same seed, and land in the store as a well-formed review."""

from __future__ import annotations

import random

from clirun import cli
from peerreview_desktop.core import notes
from peerreview_desktop.core.sample_notes import generate, note_text


def test_generated_notes_vary_from_a_line_to_about_a_page():
    recs = list(generate(3000, seed=5, codes=["LM1", "CT2"]))
    lengths = sorted(len(r["text"]) for r in recs)
    assert lengths[0] < 120 and lengths[-1] > 2000
    assert lengths[len(lengths) // 2] < 600  # most are short
    words = {w.strip('.,:;"()').lower() for r in recs for w in r["text"].split()}
    assert len(words) > 600
    assert len({r["activity"] for r in recs}) >= 10 and len({r["subject"] for r in recs}) >= 10


def test_the_same_seed_gives_the_same_notes():
    a = [r["text"] for r in generate(50, seed=9)]
    b = [r["text"] for r in generate(50, seed=9)]
    assert a == b and a != [r["text"] for r in generate(50, seed=10)]


def test_a_voice_note_quotes_the_person_it_names():
    text = note_text(random.Random(3), "parent-voice", "Year 2", "English")
    assert text.startswith('A parent said: "')


def test_demo_with_notes_adds_a_generated_review_that_passes_check(capsys, store):
    store.close()
    r = cli(capsys, store.data_dir, "demo", "--notes", "300", "--seed", "4")
    assert r.code == 0, r.err
    rid = r.out.strip()
    listed = {x["id"]: x for x in cli(capsys, store.data_dir, "reviews", "list", "--json").json()}
    assert listed[rid]["notes"] == 300
    assert cli(capsys, store.data_dir, "check").code == 0
    assert cli(capsys, store.data_dir, "search", "pupils", "--review", rid, "--json").json()


def test_demo_refuses_a_negative_number_of_notes(capsys, store):
    store.close()
    r = cli(capsys, store.data_dir, "demo", "--notes", "-5")
    assert r.code == 1 and "--notes" in r.err


def test_generated_notes_carry_criteria_of_the_review_framework(demo_store):
    from peerreview_desktop.core.sample_notes import add_generated_review

    rid = add_generated_review(demo_store, 40, seed=2).value
    views = notes.list_notes(demo_store, rid)
    assert len(views) == 40 and any(v.criteria for v in views)
    assert len({v.author for v in views}) > 1
