"""The CLI contract for frameworks, reviews, notes, judgements, findings and search (../shared/CLI.md)."""

from __future__ import annotations

import csv
import sqlite3

from clirun import cli

GENERAL = "school-peer-review"


def new_review(capsys, data_dir, school="Ysgol Gymraeg Bryn Ŵy", fw=GENERAL) -> str:
    r = cli(capsys, data_dir, "reviews", "new", "--school", school, "--framework", fw, "--type", "full",
            "--date", "2026-11-20", "--json")
    assert r.code == 0, r.err
    return r.json()["id"]


def test_frameworks_list_has_four_with_one_ungraded(capsys, data_dir):
    r = cli(capsys, data_dir, "frameworks", "list", "--json")
    rows = r.json()
    assert r.code == 0 and len(rows) >= 4
    assert {"id", "name", "version", "areas", "criteria", "graded"} <= set(rows[0])
    assert any(not x["graded"] for x in rows)
    assert any(x["graded"] and x["areas"] == 7 for x in rows)


def test_frameworks_show_json_has_criteria_and_scale(capsys, data_dir):
    doc = cli(capsys, data_dir, "frameworks", "show", GENERAL, "--json").json()
    assert doc["areas"][0]["criteria"][0]["code"] == "LM1"
    assert [g["label"] for g in doc["scale"]["grades"]][0] == "Secure and sharing"


def test_validate_broken_framework_names_json_paths_and_exits_1(capsys, data_dir, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "Broken", "version": "1", "areas": [{"code": "A", "criteria": [{"code": 7}]}], "scale": "x"}')
    r = cli(capsys, data_dir, "frameworks", "validate", str(bad))
    assert r.code == 1
    assert "$.areas[0].criteria[0].code" in r.err and "$.scale" in r.err
    assert "Traceback" not in r.err


def test_validate_empty_file_is_refused_cleanly(capsys, data_dir, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("")
    r = cli(capsys, data_dir, "frameworks", "validate", str(empty))
    assert r.code == 1 and r.err.strip() and "Traceback" not in r.err


def test_framework_export_import_round_trip_is_a_no_op(capsys, data_dir, tmp_path):
    out = tmp_path / "fw.json"
    assert cli(capsys, data_dir, "frameworks", "export", GENERAL, "-o", str(out)).code == 0
    r = cli(capsys, data_dir, "frameworks", "import", str(out))
    assert r.code == 0, r.err


def test_review_note_judgement_finding_search_round_trip(capsys, data_dir):
    rid = new_review(capsys, data_dir)
    r = cli(capsys, data_dir, "notes", "add", rid[:8], "--text", "Pupils used the zebracrossing routine — ŵ ŷ",
            "--criteria", "BA1", "--marker", "strength")
    assert r.code == 0, r.err
    note = r.out.strip()
    hits = cli(capsys, data_dir, "search", "zebracrossing", "--json").json()
    assert [h["note_id"] for h in hits] == [note]
    assert cli(capsys, data_dir, "judge", rid, "BA1", "--grade", "Secure", "--rationale", "Routines secure",
               "--evidence", note).code == 0
    assert cli(capsys, data_dir, "findings", "add", rid, "--kind", "strength", "--text", "Calm routines").code == 0
    doc = cli(capsys, data_dir, "reviews", "show", rid, "--json").json()
    assert doc["judgements"][0]["grade_label"] == "Secure" and doc["judgements"][0]["evidence"] == [note]
    assert doc["findings"][0]["text"] == "Calm routines"
    listed = cli(capsys, data_dir, "reviews", "list", "--json").json()
    assert listed[0]["notes"] == 1 and listed[0]["status"] == "in_progress"


def test_unknown_grade_is_refused_with_the_valid_labels(capsys, data_dir):
    rid = new_review(capsys, data_dir)
    r = cli(capsys, data_dir, "judge", rid, "BA1", "--grade", "Outstanding", "--rationale", "x")
    assert r.code == 1 and "Secure" in r.err


def test_unknown_review_id_exits_1_with_a_sentence(capsys, data_dir):
    r = cli(capsys, data_dir, "notes", "add", "00000000-0000", "--text", "x")
    assert r.code == 1 and "review" in r.err and "Traceback" not in r.err


def test_unknown_criterion_is_refused_and_nothing_stored(capsys, data_dir):
    rid = new_review(capsys, data_dir)
    r = cli(capsys, data_dir, "notes", "add", rid, "--text", "x", "--criteria", "ZZ99")
    assert r.code == 1 and "ZZ99" in r.err
    assert cli(capsys, data_dir, "reviews", "list", "--json").json()[0]["notes"] == 0


def test_csv_round_trip_and_all_or_nothing_import(capsys, data_dir, tmp_path):
    rid = new_review(capsys, data_dir)
    for i in range(3):
        cli(capsys, data_dir, "notes", "add", rid, "--text", f"Note {i}, with “quotes” and, commas", "--criteria", "CT2")
    out = tmp_path / "notes.csv"
    assert cli(capsys, data_dir, "notes", "export", rid, "-o", str(out)).code == 0
    rows = list(csv.DictReader(open(out, newline="", encoding="utf-8-sig")))
    assert len(rows) == 3 and rows[0]["criteria"] == "CT2"
    target = new_review(capsys, data_dir, school="Copy Target Primary")
    big = [{k: v for k, v in r.items() if k != "id"} for r in rows * 334][:1000]
    good = tmp_path / "big.csv"
    bad = tmp_path / "bad.csv"
    for path, rowset in ((good, big), (bad, [dict(r) for r in big])):
        if path is bad:
            rowset[499]["criteria"] = "ZZ99"
        w = csv.DictWriter(open(path, "w", newline="", encoding="utf-8"), list(big[0]))
        w.writeheader()
        w.writerows(rowset)
    r = cli(capsys, data_dir, "notes", "import", target, str(bad))
    assert r.code == 1 and "Row 500" in r.err and "criteria" in r.err
    count = {x["id"]: x["notes"] for x in cli(capsys, data_dir, "reviews", "list", "--json").json()}
    assert count[target] == 0
    assert cli(capsys, data_dir, "notes", "import", target, str(good)).code == 0
    count = {x["id"]: x["notes"] for x in cli(capsys, data_dir, "reviews", "list", "--json").json()}
    assert count[target] == 1000


def test_csv_with_unbalanced_quotes_or_wrong_encoding_is_refused(capsys, data_dir, tmp_path):
    rid = new_review(capsys, data_dir)
    q = tmp_path / "q.csv"
    q.write_text('text,criteria\n"never closed,CT2\n', encoding="utf-8")
    r = cli(capsys, data_dir, "notes", "import", rid, str(q))
    assert r.code == 1 and "quotation" in r.err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\nCaf\xe9 visit\n".encode("latin-1"))
    r = cli(capsys, data_dir, "notes", "import", rid, str(latin))
    assert r.code == 1 and "UTF-8" in r.err


def test_csv_unknown_activity_and_bad_date_name_row_and_column(capsys, data_dir, tmp_path):
    rid = new_review(capsys, data_dir)
    f = tmp_path / "n.csv"
    f.write_text("text,activity,occurred_at\nok,lesson-visit,2026-11-20 09:00\nx,juggling,2026-11-20\ny,other,31/02/2026\n")
    r = cli(capsys, data_dir, "notes", "import", rid, str(f))
    assert r.code == 1
    assert "Row 2 (line 3), column activity" in r.err and "Row 3 (line 4), column occurred_at" in r.err


def test_check_passes_on_a_good_store_and_catches_a_tampered_audit_row(capsys, data_dir):
    rid = new_review(capsys, data_dir)
    for i in range(3):
        cli(capsys, data_dir, "notes", "add", rid, "--text", f"n{i}")
    assert cli(capsys, data_dir, "check").code == 0
    con = sqlite3.connect(data_dir / "peerreview.db")
    con.execute("UPDATE audit_entry SET actor = actor || 'x' WHERE seq = 2")
    con.commit()
    con.close()
    r = cli(capsys, data_dir, "check")
    assert r.code == 1 and "audit" in r.err


def test_check_catches_the_newest_audit_entries_deleted(capsys, data_dir):
    rid = new_review(capsys, data_dir)
    cli(capsys, data_dir, "notes", "add", rid, "--text", "n")
    con = sqlite3.connect(data_dir / "peerreview.db")
    con.execute("DELETE FROM audit_entry WHERE seq = (SELECT max(seq) FROM audit_entry)")
    con.commit()
    con.close()
    r = cli(capsys, data_dir, "check")
    assert r.code == 1 and "newest entries were removed" in r.err
