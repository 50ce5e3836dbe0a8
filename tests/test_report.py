"""The PDF report: content, confidentiality, DRAFT marking, numbering, fonts, metadata, outline, determinism.

Reports are rendered from review documents built in code (tests/report_fixtures.py) and checked with the same
standard tools a reader would use: pdftotext, qpdf, pdffonts, pdfinfo (poppler-utils and qpdf)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import report_fixtures as fx  # noqa: E402
from peerreview_desktop.core.errors import InvalidInput, PeerReviewError  # noqa: E402
from peerreview_desktop.core.report import (  # noqa: E402
    ReportNotWritten,
    render_report,
    render_report_bytes,
)
from peerreview_desktop.core.report.styles import DARK_TEXT, WHITE, parse_colour, text_on  # noqa: E402
from peerreview_desktop.core.report.wording import date_range, esc  # noqa: E402

TOOLS = ("pdftotext", "qpdf", "pdffonts", "pdfinfo")
pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS) and not os.environ.get("CI"),  # CI installs them: never skip there
    reason="needs poppler-utils and qpdf on PATH"
)

FIXTURES = {
    "demo": fx.demo_review,
    "final": fx.final_review,
    "ungraded": fx.ungraded_review,
    "empty": fx.empty_review,
    "welsh-long-note": fx.welsh_long_note_review,
}
SECTIONS = [
    "Context and focus",
    "Summary of judgements",
    "Findings",
    "What went well",
    "Even better if",
    "Next steps",
    "Judgements and evidence",
    "Evidence summary",
    "Sign-off",
]


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", *pages, str(pdf), "-")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """Every fixture rendered once: name -> (pdf path, ReportInfo)."""
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for name, build in FIXTURES.items():
        path = folder / f"{name}.pdf"
        out[name] = (path, render_report(build(), path))
    return out


# --- structure and content -----------------------------------------------------------------------------------------


def test_demo_report_has_every_section_in_reading_order(rendered):
    pdf, _ = rendered["demo"]
    text = _flat(_text(pdf))
    order = SECTIONS[:-1] + ["Host school comments", "Sign-off"]
    at = 0
    for section in order:
        found = text.find(section, at)
        assert found >= 0, f"{section!r} missing or out of order"
        at = found + len(section)


def test_cover_gives_school_dates_type_team_framework_and_status(rendered):
    pdf, _ = rendered["demo"]
    cover = _flat(_text(pdf, 1))
    for expected in (
        "Harbourside Primary School",
        "12–13 November 2026",
        "Full peer review",
        "Dr Miriam Oyelaran-Hughes",
        "Lead reviewer",
        "Host headteacher",
        "Partnership Peer Review Framework, version 2.1",
        "Draft shared with the host school",
    ):
        assert expected in cover, expected


def test_judgements_show_grade_rationale_and_evidence_cited_by_activity_place_and_time(rendered):
    pdf, _ = rendered["demo"]
    text = _flat(_text(pdf))
    assert "CT2 Adaptive teaching" in text
    assert "Teachers adapt well in mathematics and phonics" in text
    assert "Lesson visit · Year 4 classroom · Mathematics · Thu 12 Nov, 09:40" in text
    assert "Priority for development" in text and "Insufficient evidence" in text


def test_no_identifier_of_any_record_is_printed(rendered):
    pdf, _ = rendered["demo"]
    text = _text(pdf)
    doc = fx.demo_review()
    ids = [doc["id"], doc["school"]["id"]] + [x["id"] for key in ("notes", "judgements", "findings") for x in doc[key]]
    assert not [i for i in ids if i in text]
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", text)


def test_user_text_with_markup_characters_is_printed_literally(rendered):
    pdf, _ = rendered["demo"]
    text = _flat(_text(pdf))
    assert "We agree & welcome this. <b>Thank you</b> to the team." in text
    assert "because 3 < 7" in text


def test_host_comments_show_their_target_and_resolution(rendered):
    pdf, _ = rendered["demo"]
    text = _flat(_text(pdf))
    assert "On BA2 Attendance" in text
    assert "Response: Noted." in text
    assert "awaiting a response from the review team" in text
    assert "On What went well: “Behaviour is calm" in text


def test_ungraded_framework_gets_a_narrative_summary_without_grades(rendered):
    pdf, _ = rendered["ungraded"]
    text = _flat(_text(pdf))
    assert "This framework is ungraded" in text
    assert "Highly effective" not in text and "Not judged" not in text
    assert "The grading scale" not in text
    assert "Leaders have a clear, shared vision." in text


def test_review_with_no_notes_renders_every_section(rendered):
    pdf, info = rendered["empty"]
    text = _flat(_text(pdf))
    assert all(s in text for s in SECTIONS)
    assert "No evidence notes have been recorded." in text
    assert "No criterion has been graded yet." in text
    assert info.pages >= 5


# --- confidentiality -------------------------------------------------------------------------------------------------


def test_confidential_note_is_never_in_the_report_even_when_a_judgement_cites_it(rendered):
    pdf, _ = rendered["demo"]
    text = _flat(_text(pdf))
    assert fx.CONFIDENTIAL_TOKEN not in text
    assert "Private room" not in text
    # counts reveal nothing: 17 notes are not confidential, one is
    assert "recorded 17 evidence notes" in text
    assert "EVIDENCE CITED (1 NOTE) Strength Meeting with leaders" in text  # LM1 cites one open note + the secret one


def test_confidential_flag_is_honoured_in_any_truthy_form(tmp_path):
    doc = fx.demo_review()
    doc["notes"][0]["confidential"] = 1
    doc["notes"][1]["confidential"] = "true"
    text = _flat(_text_of(doc, tmp_path))
    assert "three priorities clearly" not in text
    assert "Calm, purposeful start to the day" not in text
    assert "recorded 15 evidence notes" in text


def _text_of(doc: dict, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    render_report(doc, path)
    return _text(path)


# --- status marks ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["demo", "ungraded", "empty", "welsh-long-note"])
def test_every_page_of_a_draft_is_marked_draft(rendered, name):
    pdf, info = rendered[name]
    unmarked = [p for p in range(1, info.pages + 1) if "DRAFT" not in _text(pdf, p)]
    assert not unmarked


def test_final_report_has_no_draft_mark_and_prints_version_and_package_hash(tmp_path):
    sha = hashlib.sha256(b"package").hexdigest()
    path = tmp_path / "final.pdf"
    info = render_report(fx.final_review(), path, package_sha256=sha)
    text = _text(path)
    assert "DRAFT" not in text  # the mark is upper case; "the draft" in running text is fine
    flat = _flat(text)
    assert "Review version 2" in flat
    assert f"Package SHA-256 {sha}" in flat
    assert "Final report · version 2" in _text(path, info.pages)


def test_final_report_without_a_package_leaves_the_hash_field_empty(rendered):
    pdf, _ = rendered["final"]
    assert "Package SHA-256 —" in _flat(_text(pdf, 1))


def test_watermark_is_not_text_so_reading_order_is_intact(rendered):
    pdf, _ = rendered["demo"]
    first = _text(pdf, 2)
    assert first.count("DRAFT") == 1  # the running header only


# --- numbering, typography -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FIXTURES))
def test_pages_are_numbered_x_of_y(rendered, name):
    pdf, info = rendered[name]
    pages = int(_run("qpdf", "--show-npages", str(pdf)).strip())
    assert pages == info.pages
    for p in range(1, pages + 1):
        assert f"Page {p} of {pages}" in _text(pdf, p)


def test_welsh_names_and_a_10000_character_note_survive_intact(rendered):
    pdf, info = rendered["welsh-long-note"]
    text = _flat(_text(pdf))
    assert fx.WELSH_SCHOOL in text
    assert "Siân Llŷr ap Dafydd" in text and "Rhodri Ŵen Prydderch" in text
    note = fx.welsh_long_note_review()["notes"][0]["text"]
    assert len(note) == 10_000
    phrase = "Disgyblion yn trafod ŷ ŵ â ë — “quoted” text & <tags>."
    assert text.count(phrase) == note.count(phrase)
    assert "30 November – 1 December 2026" in text
    assert info.pages >= 6


@pytest.mark.parametrize("name", list(FIXTURES))
def test_pdf_passes_qpdf_check(rendered, name):
    pdf, _ = rendered[name]
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)


@pytest.mark.parametrize("name", list(FIXTURES))
def test_all_fonts_are_embedded_truetype(rendered, name):
    pdf, _ = rendered[name]
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        cols = row.split()
        assert cols[-5] == "yes", row  # emb
        assert "TrueType" in row and "DejaVu" in row, row


# --- PDF hygiene -----------------------------------------------------------------------------------------------------


def test_metadata_names_the_school_author_and_creator(rendered):
    pdf, _ = rendered["demo"]
    info = dict(line.split(":", 1) for line in _run("pdfinfo", str(pdf)).splitlines() if ":" in line)
    assert info["Title"].strip() == "Peer review report — Harbourside Primary School"
    assert info["Author"].strip() == "Dr Miriam Oyelaran-Hughes"
    assert info["Creator"].strip() == "Peer Review Desktop"
    assert "Full peer review" in info["Subject"]
    assert info["Page size"].strip().endswith("(A4)")


def test_outline_has_an_entry_per_section_pointing_at_its_page(rendered):
    pdf, _ = rendered["demo"]
    data = json.loads(_run("qpdf", "--json", "--json-key=outlines", str(pdf)))
    entries = {}

    def walk(items):
        for item in items:
            entries[item["title"]] = item.get("destpageposfrom1")
            walk(item.get("kids", []))

    walk(data["outlines"])
    for section in SECTIONS + ["Host school comments", "CT2 Adaptive teaching"]:
        assert section in entries, section
    assert entries["Context and focus"] == 2
    assert entries["Summary of judgements"] < entries["Findings"] < entries["Judgements and evidence"]
    assert entries["Judgements and evidence"] < entries["Evidence summary"] <= entries["Sign-off"]
    text = _text(pdf, entries["CT2 Adaptive teaching"])
    assert "CT2 Adaptive teaching" in text


def test_same_document_gives_identical_bytes(tmp_path):
    first = render_report_bytes(fx.demo_review())
    second = render_report_bytes(fx.demo_review())
    assert first == second
    info = render_report(fx.demo_review(), tmp_path / "r.pdf")
    assert (
        info.sha256
        == hashlib.sha256(first).hexdigest()
        == hashlib.sha256((tmp_path / "r.pdf").read_bytes()).hexdigest()
    )


def test_a_changed_document_gives_different_bytes():
    doc = fx.demo_review()
    before = render_report_bytes(doc)
    doc["judgements"][0]["rationale"] += " One more sentence."
    assert render_report_bytes(doc) != before


def test_creation_date_comes_from_the_document(rendered):
    pdf, _ = rendered["final"]
    info = _run("pdfinfo", "-isodates", str(pdf))
    assert re.search(r"CreationDate:\s+2026-11-20T10:30:00", info)


# --- errors a user can cause -----------------------------------------------------------------------------------------


def test_saving_over_a_folder_is_refused_with_one_sentence(tmp_path):
    with pytest.raises(ReportNotWritten) as err:
        render_report(fx.empty_review(), tmp_path)
    assert isinstance(err.value, PeerReviewError)
    assert str(err.value).endswith(".") and "\n" not in str(err.value)


def test_saving_into_a_missing_folder_is_refused_and_leaves_nothing(tmp_path):
    with pytest.raises(ReportNotWritten):
        render_report(fx.empty_review(), tmp_path / "nope" / "r.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_does_not_replace_an_existing_report(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(b"previous report")
    with pytest.raises(InvalidInput):
        render_report(["not", "a", "document"], path)  # type: ignore[arg-type]
    assert path.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_a_sparse_document_still_renders(tmp_path):
    doc = {"school": {"name": "Brook Lane Primary"}, "framework": {"name": "Minimal", "areas": []}, "notes": None}
    text = _flat(_text_of(doc, tmp_path))
    assert "Brook Lane Primary" in text and "Date to be confirmed" in text


# --- small helpers ---------------------------------------------------------------------------------------------------


def test_grade_text_colour_contrasts_with_the_fill():
    assert text_on(parse_colour("#1b5e3a")) == WHITE
    assert text_on(parse_colour("#f2c14e")) == DARK_TEXT
    assert text_on(parse_colour("c0392b")) == WHITE
    assert parse_colour("not a colour").hexval() == parse_colour(None).hexval()


def test_visit_dates_are_written_the_british_way():
    assert date_range("2026-11-12", "2026-11-13") == "12–13 November 2026"
    assert date_range("2026-11-30", "2026-12-01") == "30 November – 1 December 2026"
    assert date_range("2026-12-31", "2027-01-01") == "31 December 2026 – 1 January 2027"
    assert date_range("2026-11-12", None) == "12 November 2026"


def test_markup_characters_are_escaped():
    assert esc("a < b & <b>c</b>") == "a &lt; b &amp; &lt;b&gt;c&lt;/b&gt;"


def test_area_roll_up_and_unknown_criteria_are_shown_not_dropped(tmp_path):
    doc = fx.demo_review()
    doc["judgements"] += [
        {
            "id": "a",
            "criterion": "LM",
            "grade": "effective",
            "rationale": "Leadership is effective overall.",
            "evidence": [],
            "author": "x",
            "updated_at": "2026-11-14T17:00:00",
        },
        {
            "id": "b",
            "criterion": "ZZ9",
            "grade": "mystery",
            "grade_label": "Mystery grade",
            "rationale": "A criterion from an older framework version.",
            "evidence": [],
            "author": "x",
            "updated_at": "2026-11-14T17:00:00",
        },
    ]
    text = _flat(_text_of(doc, tmp_path))
    assert "Overall judgement for this area" in text and "Leadership is effective overall." in text
    assert "Other criteria" in text and "Mystery grade" in text and "A criterion from an older framework" in text


def test_overlong_names_and_texts_are_laid_out_rather_than_failing(tmp_path):
    doc = fx.demo_review()
    doc["school"]["name"] = "Ysgol " * 800
    doc["team"][0]["school"] = "A very long school name " * 300
    doc["framework"]["areas"][0]["criteria"][0]["title"] = "Title " * 2000
    doc["framework"]["areas"][0]["criteria"][0]["descriptor"] = "Descriptor " * 3000
    doc["judgements"][0]["rationale"] = "Rationale " * 3000
    doc["notes"][0]["text"] = "x" * 12_000  # one unbreakable word
    path = tmp_path / "r.pdf"
    info = render_report(doc, path)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    assert "…" in _text(path, 1) and info.pages > 10
