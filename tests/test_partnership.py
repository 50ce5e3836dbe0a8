"""The partnership lead's overview (core.partnership and friends) and its CLI: a fictional partnership of 40 schools
in 4 clusters whose review documents are built in code and stored as a lead receives them (mode "received"); see
tests/partnership_fixtures.py for where every grade was placed and why."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from clirun import cli
from partnership_fixtures import (
    CLUSTERS,
    SECRET,
    SPR,
    Scenario,
    forty_school_partnership,
    review_doc,
    store_doc,
)
from peerreview_desktop.core import partnership, schools
from peerreview_desktop.core.models import PackageRecord
from peerreview_desktop.core.partnership import Selection, theme_key
from peerreview_desktop.core.store import Store

PARTNERSHIP = "Brightwater Learning Partnership"


@pytest.fixture(scope="module")
def _forty(tmp_path_factory, _template_dir) -> tuple[Path, Scenario]:
    d = tmp_path_factory.mktemp("forty") / "data"
    shutil.copytree(_template_dir, d)
    s = Store.open(d)
    sc = forty_school_partnership(s)
    schools.set_partnership_name(s, PARTNERSHIP)
    s.close()
    return d, sc


@pytest.fixture
def forty(tmp_path, _forty):
    src, sc = _forty
    d = tmp_path / "forty"
    shutil.copytree(src, d)
    s = Store.open(d)
    yield s, sc, d
    s.close()


def _row(ov, name: str):
    return next(r for m in ov.heatmaps for r in m.rows if r.school == name)


def _spr(ov):
    return next(m for m in ov.heatmaps if m.framework_id == SPR)


# -- heat map -------------------------------------------------------------------------------------------------------

def test_heat_map_has_one_row_per_school_for_each_graded_framework_version(forty):
    store, sc, _ = forty
    ov = partnership.build(store)
    assert [(m.framework_id, len(m.rows)) for m in ov.heatmaps] == [(SPR, 40), ("rapid-review@2026.1", 3)]
    assert [a["code"] for a in _spr(ov).areas] == ["LM", "CT", "LO", "IS", "BA", "PD", "PO"]
    assert [g["label"] for g in _spr(ov).scale][0] == "Secure and sharing"


def test_area_cells_roll_up_criterion_grades_in_the_scale_colours(forty):
    store, sc, _ = forty
    ov = partnership.build(store)
    seven, eight, one = _row(ov, sc.s(7).name), _row(ov, sc.s(8).name), _row(ov, sc.s(1).name)
    # LM1–LM4: sharing, sharing, developing, priority → the median grade is Secure and sharing
    assert (seven.cells["LM"].label, seven.cells["LM"].colour) == ("Secure and sharing", "#1a7f4b")
    # priority, priority, developing, secure → Developing
    assert (eight.cells["LM"].label, eight.cells["LM"].colour) == ("Developing", "#d98e04")
    # one priority among five secure criteria leaves the area Secure; the criterion itself keeps its grade
    assert one.cells["CT"].label == "Secure"
    assert one.criteria["CT4"].label == "Priority for development"
    assert one.cluster == CLUSTERS[1]


def test_ungraded_frameworks_add_no_heat_map_but_their_findings_join_the_themes(forty):
    store, sc, _ = forty
    ov = partnership.build(store)
    assert not any(m.framework_id.startswith("curriculum-focus") for m in ov.heatmaps)
    science = next(t for t in ov.next_steps if "vocabulary in science" in t.text)
    assert science.schools == sorted([sc.s(11).name, sc.s(12).name, sc.s(13).name], key=str.casefold)


# -- what counts ----------------------------------------------------------------------------------------------------

def test_a_superseded_version_never_counts(forty):
    store, sc, _ = forty
    ov = partnership.build(store)
    nine = sc.s(9).name
    assert _row(ov, nine).criteria["CT4"].label == "Secure"  # version 2; version 1 said Priority
    assert nine not in next(p for p in ov.priorities if p.criterion == "CT4").schools
    versions = [e for e in ov.catalogue.entries if e.school == nine]
    assert sorted((e.version, e.status) for e in versions) == [(1, "superseded"), (2, "final")]
    assert ov.superseded == 1 and ov.why(next(e for e in versions if e.version == 1)).startswith("No: superseded")


def test_only_each_schools_latest_final_review_counts(forty):
    store, sc, _ = forty
    ov = partnership.build(store)
    three, ten = sc.s(3).name, sc.s(10).name
    assert _row(ov, three).start_date == "2026-10-05"  # not the 2025 review with a priority
    assert _row(ov, ten).criteria["CT4"].label == "Secure"  # the later review in progress does not count
    assert {three, ten}.isdisjoint(next(p for p in ov.priorities if p.criterion == "CT4").schools)
    assert len(ov.latest) == 46  # 40 full reviews, 3 curriculum, 3 rapid
    older = next(e for e in ov.catalogue.entries if e.school == three and e.start_date == "2025-03-10")
    assert ov.why(older) == "No: the school has a later review"


def test_a_conflicting_revision_is_flagged_and_does_not_count(forty):
    store, sc, _ = forty
    rid = sc.review_ids[sc.s(20).name]
    other = review_doc(sc.s(20), grades={"CT4": "priority"}, review_id=rid, version=2)
    with store.write() as s:
        s.add(PackageRecord(package_id="pkg-conflict-1", review_id=rid, revision=2, direction="in",
                            signer_key_id="K1", signer_name="Ruth Calloway", sha256="x", state="conflict",
                            document=json.dumps(other)))
    ov = partnership.build(store)
    assert [(e.school, e.status) for e in ov.conflicts] == [(sc.s(20).name, "conflict")]
    assert _row(ov, sc.s(20).name).conflict is True
    assert _row(ov, sc.s(20).name).criteria["CT4"].label == "Secure"  # the stored version, not the conflict
    assert partnership.as_json(ov)["conflicts"][0]["school"] == sc.s(20).name


# -- themes and matches ---------------------------------------------------------------------------------------------

def test_criteria_most_often_in_the_weakest_grade_lead_the_themes(forty):
    store, sc, _ = forty
    top = partnership.build(store).priorities[0]
    assert (top.criterion, top.weakest, top.lower, top.judged) == ("CT4", 3, 3, 40)
    assert top.schools == sorted([sc.s(1).name, sc.s(2).name, sc.s(4).name], key=str.casefold)


def test_similar_next_steps_group_into_one_theme(forty):
    store, sc, _ = forty
    first = partnership.build(store).next_steps[0]
    assert (first.text, first.count, first.wordings) == ("Develop reading fluency in KS2", 5, 4)
    assert set(first.schools) == {sc.s(i).name for i in range(5)}


def test_theme_key_ignores_case_punctuation_key_stage_spelling_and_plurals():
    assert theme_key("Develop reading fluency in KS2.") == theme_key("develop Reading fluency in key stage 2")
    assert theme_key("Improve pupils' attendance") == theme_key("improve pupil attendance")
    assert theme_key("Develop reading") != theme_key("Develop writing")


def test_matches_set_strong_schools_beside_priority_schools_with_each_sides_rationale(forty):
    store, sc, _ = forty
    ov = partnership.build(store)
    m = next(m for m in ov.matches if m.criterion == "CT4")
    assert [s.school for s in m.strong] == sorted([sc.s(0).name, sc.s(5).name], key=str.casefold)
    assert {s.school for s in m.priority} == {sc.s(1).name, sc.s(2).name, sc.s(4).name}
    strong = {s.school: s for s in m.strong}
    assert strong[sc.s(0).name].rationale.startswith("Daily fluency practice")
    assert next(s for s in m.priority if s.school == sc.s(2).name).rationale == \
        "Weaker readers are not heard read often enough."
    # school 4 (cluster 0) is paired first with school 0 (cluster 0); school 1 (cluster 1) with school 5 (cluster 1)
    first = {p.school: p for p in reversed(m.pairs)}
    assert (first[sc.s(4).name].partner, first[sc.s(4).name].same_cluster) == (sc.s(0).name, True)
    assert (first[sc.s(1).name].partner, first[sc.s(1).name].same_cluster) == (sc.s(5).name, True)
    assert ov.matches[0].criterion == "CT4"  # most priority schools first


def test_a_priority_no_school_is_strong_in_is_listed_as_unmatched(forty):
    store, sc, _ = forty
    ov = partnership.build(store)
    ba2 = next(m for m in ov.unmatched if m.criterion == "BA2")
    assert [p.school for p in ba2.priority] == [sc.s(6).name]
    assert all(m.criterion != "BA2" for m in ov.matches)


# -- self-evaluation trend ------------------------------------------------------------------------------------------

def test_self_evaluations_make_a_trend_by_school_year_per_dimension(forty):
    store, _, _ = forty
    t = partnership.build(store).trend
    assert [p.year for p in t.points] == ["2024/25", "2025/26", "2026/27"]
    assert [p.cells["CJ"].label for p in t.points] == ["Emerging", "Developing", "Established"]
    assert [p.cells["IM"].label for p in t.points] == ["Leading", "Established", "Developing"]
    assert (t.direction("CJ"), t.direction("IM"), t.direction("SV")) == (1, -1, 0)


# -- selection ------------------------------------------------------------------------------------------------------

def test_filters_narrow_the_overview_by_cluster_dates_type_and_reviewer(forty):
    store, sc, _ = forty
    ov = partnership.build(store, Selection(clusters={CLUSTERS[0]}))
    assert {r.cluster for m in ov.heatmaps for r in m.rows} == {CLUSTERS[0]}
    assert len(ov.schools) == 10
    ov = partnership.build(store, Selection.parse(date_from="2026-06-01", date_to="2026-06-30"))
    assert {e.type for e in ov.latest} == {"curriculum"} and not ov.heatmaps
    ov = partnership.build(store, Selection.parse(types=["rapid"]))
    assert [m.framework_id for m in ov.heatmaps] == ["rapid-review@2026.1"]
    ov = partnership.build(store, Selection(reviewer="Gwen Pellow"))
    assert ov.latest and all("Gwen Pellow" in e.reviewers for e in ov.latest)


# -- schools and clusters -------------------------------------------------------------------------------------------

def test_schools_import_from_csv_matches_by_urn_then_by_loosely_spelt_name(store, tmp_path):
    store_doc(store, review_doc(None, school_name="St. Anne's C of E Primary", grades={"LM1": "secure"}))
    f = tmp_path / "schools.csv"
    f.write_text("Name,URN,Cluster,Phase\nSt Anne’s CE Primary,712345,Eastholm Cluster,Primary\n"
                 "Kettlewick Academy,712346,Eastholm Cluster,Secondary\n", encoding="utf-8")
    res = schools.import_csv(store, f).value
    assert (res.created, res.updated) == (1, 1)
    rows = {r.name: r for r in schools.list_schools(store)}
    assert rows["St Anne’s CE Primary"].reviews == 1 and rows["St Anne’s CE Primary"].urn == "712345"
    assert rows["Kettlewick Academy"].cluster == "Eastholm Cluster"
    # a later review that names the school differently but gives its URN attaches to the same school
    doc = review_doc(None, school_name="St Annes Primary School", grades={"LM1": "secure"}, start="2026-12-01")
    doc["school"]["urn"] = "712345"
    store_doc(store, doc)
    assert {r.name: r.reviews for r in schools.list_schools(store)}["St Anne’s CE Primary"] == 2


def test_a_bad_schools_csv_changes_nothing_and_names_each_row_and_column(store, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("name,urn,cluster\nGood School,700100,A\n,700101,A\nOdd URN School,12ab,A\nTwin,700100,B\n")
    with pytest.raises(Exception) as err:
        schools.import_csv(store, f)
    assert "3 problems" in str(err.value)
    assert [p.split(",")[0] for p in err.value.problems] == ["Row 2 (line 3)", "Row 3 (line 4)", "Row 4 (line 5)"]
    assert schools.list_schools(store) == []


def test_editing_a_school_moves_it_to_another_cluster_and_refuses_a_duplicate_urn(forty):
    store, sc, _ = forty
    rows = {r.name: r for r in schools.list_schools(store)}
    schools.update_school(store, rows[sc.s(0).name].id, cluster="Riverbend Cluster")
    ov = partnership.build(store)
    assert _row(ov, sc.s(0).name).cluster == "Riverbend Cluster"
    with pytest.raises(Exception, match="already belongs to"):
        schools.update_school(store, rows[sc.s(0).name].id, urn=sc.s(1).urn)


# -- CLI: summary, exports, board paper -----------------------------------------------------------------------------

def test_summary_json_names_schools_and_never_holds_confidential_text(forty, capsys):
    _, sc, d = forty
    r = cli(capsys, d, "partnership", "summary", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert {"schools", "heatmap", "themes", "matches", "trend"} <= set(data)
    assert sc.s(0).name in r.out and SECRET not in r.out
    row = next(x for h in data["heatmap"] for x in h["rows"] if x["school"] == sc.s(7).name)
    assert row["areas"]["LM"] == {"grade": "secure-sharing", "label": "Secure and sharing", "colour": "#1a7f4b"}
    assert data["matches"][0]["criterion"] == "CT4" and data["trend"]["direction"]["CJ"] == 1
    text = cli(capsys, d, "partnership", "summary")
    assert text.code == 0 and "Who can help whom" in text.out and "CT4" in text.out


def test_xlsx_export_has_a_sheet_per_view_with_frozen_headers_filters_and_scale_colours(forty, capsys, tmp_path):
    _, sc, d = forty
    out = tmp_path / "partnership.xlsx"
    r = cli(capsys, d, "partnership", "export", "-o", str(out))
    assert r.code == 0, r.err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Reviews", "Heat map"]
    assert {"Judgements", "Findings", "Themes", "Matching", "Trend", "About"} <= set(wb.sheetnames)
    for ws in wb:
        assert ws.freeze_panes in ("A2", "B2") and ws.auto_filter.ref.startswith("A1:")
    heat = wb["Heat map"]
    header = [c.value for c in heat[1]]
    row = next(r for r in heat.iter_rows(min_row=2) if r[0].value == sc.s(7).name)
    lm = row[header.index("Leadership and management")]
    assert lm.value == "Secure and sharing" and lm.fill.fgColor.rgb == "FF1A7F4B" and lm.font.color.rgb == "FFFFFFFF"
    assert heat.column_dimensions["A"].width >= 30
    judgements = wb["Judgements"]
    # the latest full reviews, rapid and curriculum reviews, school 3's older review and three self-evaluations
    assert judgements.max_row - 1 == 40 * 28 + 3 * 7 + 3 * 1 + 28 + 3 * 19
    matching = [[c.value for c in r] for r in wb["Matching"].iter_rows(min_row=2)]
    assert any(r[1] == "CT4" and r[3] == sc.s(2).name and r[5] == "Weaker readers are not heard read often enough."
               for r in matching)
    reviews = [[c.value for c in r] for r in wb["Reviews"].iter_rows(min_row=2)]
    assert any(r[0] == sc.s(9).name and r[11] == "No: superseded by a newer version" for r in reviews)
    text = " ".join(str(c.value) for ws in wb for r in ws.iter_rows() for c in r if c.value is not None)
    assert SECRET not in text


def test_csv_export_is_one_file_with_a_sheet_column_or_a_folder_of_files(forty, capsys, tmp_path):
    _, sc, d = forty
    out = tmp_path / "partnership.csv"
    assert cli(capsys, d, "partnership", "export", "-o", str(out)).code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert {r["sheet"] for r in rows} >= {"Reviews", "Heat map", "Judgements", "Findings", "Matching"}
    assert any(r["sheet"] == "Judgements" and r["School"] == sc.s(1).name and r["Criterion"] == "CT4"
               and r["Grade"] == "Priority for development" for r in rows)
    folder = tmp_path / "sheets"
    folder.mkdir()
    assert cli(capsys, d, "partnership", "export", "-o", str(folder)).code == 0
    assert {p.name for p in folder.iterdir()} >= {"reviews.csv", "heat-map.csv", "judgements.csv", "matching.csv"}
    assert SECRET not in "".join(p.read_text(encoding="utf-8-sig") for p in folder.iterdir())


def test_text_that_looks_like_a_formula_stays_text_in_both_spreadsheets(store, capsys, data_dir, tmp_path):
    store_doc(store, review_doc(None, school_name="Quillbeck Primary", grades={"LM1": "secure"},
                                findings=[("next-step", "=HYPERLINK(\"http://example.invalid\")")]))
    store.close()
    assert cli(capsys, data_dir, "partnership", "export", "-o", str(tmp_path / "p.xlsx")).code == 0
    assert cli(capsys, data_dir, "partnership", "export", "-o", str(tmp_path / "p.csv")).code == 0
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["Findings"]
    cell = next(c for r in ws.iter_rows() for c in r if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    assert "'=HYPERLINK" in (tmp_path / "p.csv").read_text(encoding="utf-8-sig")


def test_export_to_an_unknown_kind_of_file_is_refused_in_one_sentence(forty, capsys, tmp_path):
    _, _, d = forty
    r = cli(capsys, d, "partnership", "export", "-o", str(tmp_path / "p.ods"))
    assert r.code == 1 and "neither .xlsx nor .csv" in r.err and r.err.count("\n") == 1


def test_board_paper_is_a_valid_pdf_with_title_outline_page_numbers_and_no_confidential_text(forty, capsys, tmp_path):
    _, sc, d = forty
    out = tmp_path / "board.pdf"
    r = cli(capsys, d, "partnership", "report", "-o", str(out))
    assert r.code == 0, r.err
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
    raw = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    pages = raw.count("\f")
    text = " ".join(raw.split())
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    for words in ("PARTNERSHIP BOARD PAPER", PARTNERSHIP, "Key messages", "The picture across schools",
                  "Who can help whom", "The partnership’s self-evaluation", sc.s(0).name, "Reading and early literacy",
                  "Develop reading fluency in KS2", "Weaker readers are not heard read often enough"):
        assert words in text, words
    assert SECRET not in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert f"Partnership board paper — {PARTNERSHIP}" in info
    outline = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", str(out)], capture_output=True,
                                        text=True).stdout)["outlines"]
    assert [o["title"] for o in outline][:3] == ["Title page", "Key messages", "The picture across schools"]


def test_an_empty_store_gives_an_empty_overview_and_still_a_board_paper(data_dir, capsys, tmp_path):
    r = cli(capsys, data_dir, "partnership", "summary", "--json")
    assert r.code == 0 and r.json()["heatmap"] == [] and r.json()["matches"] == [] and r.json()["trend"] is None
    assert cli(capsys, data_dir, "partnership", "report", "-o", str(tmp_path / "b.pdf")).code == 0
    assert subprocess.run(["qpdf", "--check", str(tmp_path / "b.pdf")], capture_output=True).returncode == 0


def test_cli_imports_and_lists_schools(data_dir, capsys, tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("name,urn,cluster,phase\nHaverleigh Primary,701001,Eastholm Cluster,Primary\n")
    r = cli(capsys, data_dir, "partnership", "schools", "import", str(f), "--json")
    assert r.code == 0 and r.json() == {"created": 1, "updated": 0, "unchanged": 0}
    listed = cli(capsys, data_dir, "partnership", "schools", "list", "--json").json()
    assert [(s["name"], s["urn"], s["cluster"], s["phase"]) for s in listed] == \
        [("Haverleigh Primary", "701001", "Eastholm Cluster", "Primary")]
    bad = tmp_path / "bad.csv"
    bad.write_text("school\n\n,\n")
    r = cli(capsys, data_dir, "partnership", "schools", "import", str(bad))
    assert r.code == 1 and "Traceback" not in r.err
    r = cli(capsys, data_dir, "partnership", "name", "Haverleigh Learning Partnership")
    assert r.code == 0 and r.out.strip() == "Haverleigh Learning Partnership"
