"""Framework definitions: the documented JSON format, its validator, the built-in frameworks and look-ups."""

from __future__ import annotations

import copy
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerreview_desktop.core import framework_validation, frameworks, paths
from peerreview_desktop.core.errors import InvalidInput, NotFound
from peerreview_desktop.core.frameworks import dumps, load_file, loads, parse, validate

SCHOOL_CRITERIA = {
    "LM": (
        "Leadership and management",
        [
            ("LM1", "Vision, ambition and strategic direction"),
            ("LM2", "Self-evaluation and improvement planning"),
            ("LM3", "Governance and accountability"),
            ("LM4", "Staff development, workload and wellbeing"),
        ],
    ),
    "CT": (
        "Curriculum and teaching",
        [
            ("CT1", "Curriculum intent, breadth and sequencing"),
            ("CT2", "Quality of teaching and subject knowledge"),
            ("CT3", "Assessment and feedback"),
            ("CT4", "Reading and early literacy"),
            ("CT5", "Adaptive teaching and challenge"),
        ],
    ),
    "LO": (
        "Learning, progress and outcomes",
        [
            ("LO1", "Progress of pupils over time"),
            ("LO2", "Attainment and outcomes data"),
            ("LO3", "Quality of pupils' work in books"),
            ("LO4", "Outcomes for disadvantaged pupils"),
        ],
    ),
    "IS": (
        "Inclusion and SEND",
        [
            ("IS1", "Identification and assessment of need"),
            ("IS2", "Provision and adaptation for pupils with SEND"),
            ("IS3", "Inclusion of vulnerable and disadvantaged pupils"),
            ("IS4", "Working with families and external agencies"),
        ],
    ),
    "BA": (
        "Behaviour, attendance and culture",
        [
            ("BA1", "Behaviour and conduct"),
            ("BA2", "Attendance and punctuality"),
            ("BA3", "Relationships and school culture"),
            ("BA4", "Safeguarding culture"),
        ],
    ),
    "PD": (
        "Personal development and wellbeing",
        [
            ("PD1", "Personal, social and health education"),
            ("PD2", "Wellbeing and mental health"),
            ("PD3", "Wider opportunities and enrichment"),
            ("PD4", "Pupil voice and leadership"),
        ],
    ),
    "PO": (
        "Partnership and outward-looking practice",
        [
            ("PO1", "Collaboration with partner schools"),
            ("PO2", "Engagement with research and external expertise"),
            ("PO3", "Contribution to the wider system"),
        ],
    ),
}

BROKEN = {"name": "Broken", "version": "1", "areas": [{"code": "A", "criteria": [{"code": 7}]}], "scale": "x"}


def builtin_by_key() -> dict[str, frameworks.FrameworkDef]:
    return {fw.key: fw for fw in frameworks.builtin()}


@pytest.fixture
def school() -> frameworks.FrameworkDef:
    return builtin_by_key()["school-peer-review"]


@pytest.fixture
def school_doc() -> dict:
    return json.loads(paths.resource("frameworks", "school-peer-review.json").read_text(encoding="utf-8"))


def minimal(**changes) -> dict:
    doc = {
        "format": "peerreview.framework/1",
        "key": "tiny",
        "name": "Tiny Framework",
        "version": "1",
        "subject": "school",
        "scale": {
            "grades": [
                {"key": "good", "label": "Good", "colour": "#00aa00"},
                {"key": "weak", "label": "Weak", "colour": "#aa0000"},
            ]
        },
        "areas": [
            {"code": "A", "title": "Area", "criteria": [{"code": "A1", "title": "One", "descriptor": "Secure."}]}
        ],
    }
    doc.update(changes)
    return doc


def problems_of(doc) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse(doc)
    assert caught.value.problems == validate(doc)
    return caught.value.problems


# --- built-in frameworks -----------------------------------------------------------------------------------------


def test_four_builtin_frameworks_ship_and_each_document_is_valid():
    found = frameworks.builtin_paths()
    assert [p.name for p in found] == [
        "curriculum-focus.json",
        "partnership-maturity.json",
        "rapid-review.json",
        "school-peer-review.json",
    ]
    for path in found:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert validate(doc) == [], path.name
        assert doc["key"] == path.stem
    assert sorted(fw.id for fw in frameworks.builtin()) == [
        "curriculum-focus@2026.1",
        "partnership-maturity@2026.1",
        "rapid-review@2026.1",
        "school-peer-review@2026.1",
    ]


def test_school_framework_has_exactly_the_agreed_areas_criteria_and_scale(school):
    assert (school.name, school.version, school.subject) == ("School Peer Review Framework", "2026.1", "school")
    assert school.review_types == ("full", "focused", "virtual", "blended")
    assert len(school.areas) == 7 and len(school.criteria) == 28
    assert {a.code: (a.title, [(c.code, c.title) for c in a.criteria]) for a in school.areas} == SCHOOL_CRITERIA
    assert [(g.key, g.label, g.colour, g.position) for g in school.grades] == [
        ("secure-sharing", "Secure and sharing", "#1a7f4b", 0),
        ("secure", "Secure", "#5b9a3c", 1),
        ("developing", "Developing", "#d98e04", 2),
        ("priority", "Priority for development", "#b3261e", 3),
    ]
    assert all(g.description.endswith(".") for g in school.grades)


def test_other_builtins_have_the_agreed_shape():
    fws = builtin_by_key()
    maturity = fws["partnership-maturity"]
    assert maturity.subject == "partnership" and maturity.review_types == ("partnership-self-evaluation",)
    assert [g.key for g in maturity.grades] == ["leading", "established", "developing", "emerging"]
    assert [a.code for a in maturity.areas] == ["SV", "LG", "CJ", "DE", "PR", "IM"]
    assert all(2 <= len(a.criteria) <= 4 for a in maturity.areas)

    curriculum = fws["curriculum-focus"]
    assert not curriculum.graded and curriculum.grades == () and curriculum.document["scale"] is None
    assert curriculum.review_types == ("curriculum", "focused")
    assert {"CI", "CM", "CP", "SL"} <= {a.code for a in curriculum.areas}

    rapid = fws["rapid-review"]
    assert rapid.review_types == ("rapid", "virtual", "blended")
    assert [(g.key, g.label, g.colour) for g in rapid.grades] == [
        ("on-track", "On track", "#1a7f4b"),
        ("some-concerns", "Some concerns", "#d98e04"),
        ("urgent-support", "Urgent support needed", "#b3261e"),
    ]
    assert len(rapid.areas) == 3 and 5 <= len(rapid.criteria) <= 7
    assert {c.code[:2] for c in rapid.criteria} == {"RL", "RT", "RW"}


def test_every_builtin_criterion_has_a_descriptor_of_two_or_three_sentences_and_three_or_four_prompts():
    for fw in frameworks.builtin():
        for c in fw.criteria:
            sentences = re.findall(r"[.!?](?:\s|$)", c.descriptor)
            assert 2 <= len(sentences) <= 3, (fw.key, c.code, c.descriptor)
            assert 3 <= len(c.prompts) <= 4, (fw.key, c.code)
            assert all(p.endswith("?") for p in c.prompts), (fw.key, c.code)


def test_builtin_is_parsed_once_and_returns_a_fresh_list():
    first, second = frameworks.builtin(), frameworks.builtin()
    assert first == second and first is not second
    assert all(a is b for a, b in zip(first, second, strict=True))


# --- validation --------------------------------------------------------------------------------------------------


def test_broken_document_reports_every_problem_with_its_json_path():
    problems = problems_of(BROKEN)
    assert any(p.startswith("$.areas[0].criteria[0].code: ") and '"LM1"' in p for p in problems)
    assert any(p.startswith("$.scale: ") for p in problems)
    assert "$.key: required but missing" in problems
    assert "$.format: required but missing" in problems and "$.subject: required but missing" in problems
    assert "$.areas[0].title: required but missing" in problems
    assert "$.areas[0].criteria[0].descriptor: required but missing" in problems
    assert len(problems) == 8


def test_invalid_document_raises_one_sentence_counting_its_problems():
    with pytest.raises(InvalidInput) as caught:
        parse(BROKEN)
    assert str(caught.value) == "The framework is not valid (8 problems)."
    with pytest.raises(InvalidInput, match=r"^The framework is not valid \(1 problem\)\.$"):
        parse(minimal(name=""))


def test_minimal_document_is_valid_and_optional_fields_take_defaults():
    fw = parse(minimal())
    assert fw.id == "tiny@1" and fw.graded and fw.description == ""
    assert fw.review_types == framework_validation.REVIEW_TYPES
    assert fw.criterion("A1").prompts == () and fw.area("A").description == ""


def test_non_object_document_is_one_problem_at_the_root():
    assert validate([]) == ["$: must be a framework document (a JSON object in { }), not a list"]
    assert validate("text") == ["$: must be a framework document (a JSON object in { }), not text"]


def test_duplicate_criterion_codes_are_reported_at_the_second_use():
    doc = minimal(
        areas=[
            {"code": "A", "title": "A", "criteria": [{"code": "A1", "title": "x", "descriptor": "y"}]},
            {"code": "B", "title": "B", "criteria": [{"code": "A1", "title": "x", "descriptor": "y"}]},
        ]
    )
    assert problems_of(doc) == ['$.areas[1].criteria[0].code: "A1" is already used by $.areas[0].criteria[0]']


def test_duplicate_area_codes_and_an_area_code_reused_for_a_criterion_are_reported():
    doc = minimal(
        areas=[
            {"code": "A", "title": "A", "criteria": [{"code": "B", "title": "x", "descriptor": "y"}]},
            {"code": "A", "title": "A again", "criteria": [{"code": "A2", "title": "x", "descriptor": "y"}]},
        ]
    )
    problems = problems_of(doc)
    assert '$.areas[1].code: "A" is already used by $.areas[0]' in problems
    assert len(problems) == 1
    doc["areas"][1]["code"] = "B"
    assert problems_of(doc) == [
        '$.areas[1].code: "B" is already used by $.areas[0].criteria[0]; area and criterion codes must differ'
    ]


def test_codes_must_be_short_capitalised_codes():
    for bad in ("lm1", "1A", "ABCDEFG", "", "A-1", "A1\n"):
        doc = minimal()
        doc["areas"][0]["criteria"][0]["code"] = bad
        assert [p.split(":")[0] for p in problems_of(doc)] == ["$.areas[0].criteria[0].code"], bad


def test_missing_scale_labels_and_duplicate_labels_are_reported():
    doc = minimal()
    del doc["scale"]["grades"][0]["label"]
    doc["scale"]["grades"].append({"key": "weaker", "label": "weak", "colour": "#000000"})
    assert problems_of(doc) == [
        "$.scale.grades[0].label: required but missing",
        '$.scale.grades[2].label: "weak" is already used by $.scale.grades[1]',
    ]


def test_bad_colour_is_reported_with_the_expected_form():
    doc = minimal()
    doc["scale"]["grades"][1]["colour"] = "red"
    assert problems_of(doc) == ['$.scale.grades[1].colour: must be a colour written "#rrggbb", such as "#1a7f4b"']


def test_built_in_special_grades_cannot_appear_in_a_scale():
    doc = minimal()
    doc["scale"]["grades"][0]["key"] = "not-judged"
    doc["scale"]["grades"][1]["label"] = "Insufficient Evidence"
    problems = problems_of(doc)
    assert problems[0].startswith('$.scale.grades[0].key: "not-judged" is built in')
    assert problems[1].startswith("$.scale.grades[1].label: ") and "built-in grade" in problems[1]


def test_scale_must_have_between_two_and_seven_grades_or_be_null():
    one = minimal(scale={"grades": [{"key": "only", "label": "Only", "colour": "#123456"}]})
    assert problems_of(one) == ["$.scale.grades: must be a list of 2 to 7 grades, strongest first (has 1)"]
    eight = [{"key": f"g{i}", "label": f"G{i}", "colour": "#123456"} for i in range(8)]
    assert problems_of(minimal(scale={"grades": eight}))[0].startswith("$.scale.grades: must be a list of 2 to 7")
    assert not parse(minimal(scale=None)).graded


def test_unknown_keys_are_errors_with_a_suggestion_for_typos():
    doc = minimal(revew_types=["full"])
    doc["areas"][0]["criteria"][0]["prompt"] = ["Why?"]
    assert problems_of(doc) == [
        '$.revew_types: unknown key (did you mean "review_types"?)',
        '$.areas[0].criteria[0].prompt: unknown key (did you mean "prompts"?)',
    ]


def test_format_key_subject_review_types_and_prompts_are_checked():
    doc = minimal(
        format="peerreview.framework/2",
        key="Tiny Framework",
        subject="trust",
        review_types=["full", "inspection", "full"],
    )
    doc["areas"][0]["criteria"][0]["prompts"] = ["Fine?", "  "]
    paths_ = [p.split(":")[0] for p in problems_of(doc)]
    assert paths_ == [
        "$.format",
        "$.key",
        "$.subject",
        "$.review_types[1]",
        "$.review_types[2]",
        "$.areas[0].criteria[0].prompts[1]",
    ]


def test_embedded_id_is_accepted_when_it_matches_and_left_out_of_the_document():
    fw = parse(minimal(id="tiny@1"))
    assert "id" not in fw.document and fw.id == "tiny@1"
    assert problems_of(minimal(id="other@2")) == ['$.id: must be "tiny@1" (the key and version), or be left out']


# --- reading text and files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", b"", "   \n", b"\xef\xbb\xbf"])
def test_empty_input_is_one_clear_sentence(text):
    with pytest.raises(InvalidInput, match=r"^Cannot read the framework: it is empty\.$"):
        loads(text)


def test_non_json_names_line_and_column():
    with pytest.raises(InvalidInput) as caught:
        loads('{\n  "key": "x",\n  oops\n}', source="mine.json")
    assert str(caught.value).startswith("Cannot read mine.json: it is not valid JSON (line 3, column 3:")


def test_bytes_that_are_not_utf8_are_refused_clearly():
    with pytest.raises(InvalidInput, match=r"not UTF-8 text \(byte 0xa3 at position 10\)"):
        loads('{"name": "\u00a3"}'.encode("latin-1"))


def test_a_repeated_key_in_one_object_is_refused_rather_than_silently_dropped():
    with pytest.raises(InvalidInput, match='the key "areas" appears twice'):
        loads('{"areas": [], "areas": []}')


def test_deeply_nested_input_is_refused_without_a_recursion_error():
    with pytest.raises(InvalidInput, match="nested too deeply"):
        loads("[" * 200_000 + "]" * 200_000)


def test_utf8_bytes_with_a_byte_order_mark_parse(school):
    assert loads(b"\xef\xbb\xbf" + dumps(school).encode("utf-8")) == school


def test_loads_names_its_source_when_the_framework_is_invalid():
    with pytest.raises(InvalidInput, match=r"^The framework in upload\.json is not valid \(8 problems\)\.$"):
        loads(json.dumps(BROKEN), source="upload.json")


def test_load_file_reads_a_real_file_and_explains_missing_empty_and_folder(tmp_path, school):
    good = tmp_path / "mine.json"
    good.write_text(dumps(school), encoding="utf-8")
    assert load_file(good) == school
    with pytest.raises(NotFound, match=r"^No framework file at .*absent\.json\.$"):
        load_file(tmp_path / "absent.json")
    (tmp_path / "empty.json").write_bytes(b"")
    with pytest.raises(InvalidInput, match=r"empty\.json: it is empty\.$"):
        load_file(tmp_path / "empty.json")
    with pytest.raises(InvalidInput, match="is a folder, not a framework file"):
        load_file(tmp_path)


def test_dumps_round_trips_through_loads(school):
    for fw in [*frameworks.builtin(), parse(minimal())]:
        again = loads(dumps(fw))
        assert again == fw and again.document == fw.document
    assert json.loads(dumps(school)) == json.loads(
        paths.resource("frameworks", "school-peer-review.json").read_text(encoding="utf-8")
    )


def test_parsed_document_is_a_copy_unaffected_by_later_changes_to_the_input():
    doc = minimal()
    fw = parse(doc)
    doc["areas"][0]["title"] = "Changed"
    assert fw.document["areas"][0]["title"] == "Area" and fw.area("A").title == "Area"


# --- look-ups ----------------------------------------------------------------------------------------------------


def test_criterion_and_area_look_ups_ignore_case_and_explain_unknown_codes(school):
    assert school.criterion("ct4").title == "Reading and early literacy"
    assert school.criterion(" LO3 ").area_code == "LO"
    assert school.area("is").title == "Inclusion and SEND"
    assert school.area_of("ba4").code == "BA"
    with pytest.raises(NotFound) as caught:
        school.criterion("ZZ9")
    assert str(caught.value) == "No criterion 'ZZ9' in School Peer Review Framework 2026.1."
    with pytest.raises(NotFound, match=r"^No area 'ZZ' in School Peer Review Framework 2026\.1\.$"):
        school.area("ZZ")
    with pytest.raises(NotFound):
        school.area_of("ZZ9")


def test_grade_found_by_label_or_key_in_any_case(school):
    assert school.grade("Secure").key == "secure"
    assert school.grade("secure and SHARING").key == "secure-sharing"
    assert school.grade("priority").label == "Priority for development"
    assert school.grade(" Developing ").position == 2


@pytest.mark.parametrize("text", ["not judged", "Not-Judged", "not_judged", "NOT JUDGED"])
def test_special_grades_are_built_in_with_position_minus_one(school, text):
    grade = school.grade(text)
    assert (grade.key, grade.label, grade.position, grade.colour) == ("not-judged", "Not judged", -1, "#9e9e9e")
    assert school.grade("insufficient evidence").key == "insufficient-evidence"
    assert school.grade("Insufficient-Evidence").label == "Insufficient evidence"


def test_unknown_grade_raises_naming_the_valid_labels(school):
    with pytest.raises(InvalidInput) as caught:
        school.grade("Outstanding")
    assert str(caught.value) == (
        "'Outstanding' is not a grade of School Peer Review Framework 2026.1; use one of Secure and sharing, Secure, "
        "Developing, Priority for development, Not judged, Insufficient evidence."
    )
    with pytest.raises(InvalidInput, match="No grade given"):
        school.grade("  ")


def test_ungraded_framework_has_only_the_special_grades():
    curriculum = builtin_by_key()["curriculum-focus"]
    assert curriculum.grade("not judged").position == -1
    with pytest.raises(InvalidInput, match="is ungraded"):
        curriculum.grade("Secure")


def test_match_criteria_puts_code_prefix_first(school):
    assert [c.code for c in school.match_criteria("CT")] == ["CT1", "CT2", "CT3", "CT4", "CT5"]
    assert [c.code for c in school.match_criteria("ct4")] == ["CT4"]
    assert school.match_criteria("ct")[0].code == "CT1"


def test_match_criteria_finds_words_in_titles_before_descriptors(school):
    found = [c.code for c in school.match_criteria("reading")]
    assert found[0] == "CT4"
    assert [c.code for c in school.match_criteria("read")][:1] == ["CT4"]
    assert school.match_criteria("send")[0].code == "IS2"
    assert school.match_criteria("pupils' work")[0].code == "LO3"
    assert school.match_criteria("attendance punctuality")[0].code == "BA2"
    assert school.match_criteria("xylophone") == []


def test_match_criteria_respects_limit_and_offers_all_for_empty_text(school):
    assert len(school.match_criteria("the", limit=3)) == 3
    assert school.match_criteria("", limit=4) == list(school.criteria[:4])
    assert school.match_criteria("CT", limit=0) == []


def test_framework_definitions_are_immutable_and_hashable(school):
    with pytest.raises(AttributeError):
        school.name = "Changed"  # type: ignore[misc]
    assert len({school, builtin_by_key()["school-peer-review"]}) == 1


# --- the JSON Schema ---------------------------------------------------------------------------------------------


def test_json_schema_file_is_json_and_agrees_with_the_validator():
    schema = json.loads(paths.resource("framework.schema.json").read_text(encoding="utf-8"))
    fv = framework_validation
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == list(fv.REQUIRED_KEYS)
    assert set(schema["properties"]) == set(fv.REQUIRED_KEYS + fv.OPTIONAL_KEYS)
    assert schema["additionalProperties"] is False
    assert schema["properties"]["format"]["const"] == fv.FORMAT
    assert schema["properties"]["key"]["pattern"] == fv.SLUG_PATTERN
    assert schema["properties"]["review_types"]["items"]["enum"] == list(fv.REVIEW_TYPES)
    defs = schema["$defs"]
    for name, keys in (
        ("grade", fv.GRADE_KEYS),
        ("area", fv.AREA_KEYS),
        ("criterion", fv.CRITERION_KEYS),
        ("scale", fv.SCALE_KEYS),
    ):
        assert defs[name]["required"] == list(keys[0]), name
        assert set(defs[name]["properties"]) == set(keys[0] + keys[1]), name
        assert defs[name]["additionalProperties"] is False, name
    assert defs["area"]["properties"]["code"]["pattern"] == fv.CODE_PATTERN
    assert defs["criterion"]["properties"]["code"]["pattern"] == fv.CODE_PATTERN
    assert defs["grade"]["properties"]["colour"]["pattern"] == fv.COLOUR_PATTERN
    grades = defs["scale"]["properties"]["grades"]
    assert (grades["minItems"], grades["maxItems"]) == (fv.MIN_GRADES, fv.MAX_GRADES)


# --- hostile input -----------------------------------------------------------------------------------------------

FRAMEWORK_WORDS = st.sampled_from(
    [
        "format",
        "key",
        "name",
        "version",
        "subject",
        "scale",
        "areas",
        "grades",
        "criteria",
        "code",
        "title",
        "descriptor",
        "prompts",
        "label",
        "colour",
        "id",
        "review_types",
        "description",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.sampled_from(["peerreview.framework/1", "A1", "#1a7f4b", "school", "full", "not-judged"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(FRAMEWORK_WORDS | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_arbitrary_json_values_only_ever_raise_invalid_input(value):
    try:
        fw = parse(value)
    except InvalidInput as exc:
        assert exc.problems and all(p.startswith("$") for p in exc.problems)
    else:
        assert loads(dumps(fw)) == fw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_valid_document_with_one_value_replaced_parses_or_raises_invalid_input(school_doc, data):
    doc = copy.deepcopy(school_doc)
    parent, key = None, None
    node = doc
    for _ in range(data.draw(st.integers(1, 5))):
        if isinstance(node, dict) and node:
            parent, key = node, data.draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            parent, key = node, data.draw(st.integers(0, len(node) - 1))
        else:
            break
        node = parent[key]
    if parent is None:
        return
    if isinstance(parent, dict) and data.draw(st.booleans()):
        del parent[key]
    else:
        parent[key] = data.draw(JSON_VALUES)
    try:
        fw = parse(doc)
    except InvalidInput as exc:
        assert exc.problems
    else:
        assert fw.criteria and loads(dumps(fw)) == fw
