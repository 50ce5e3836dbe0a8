"""Checking a framework document (`peerreview.framework/1`, see docs/framework-format.md) against every rule.

`validate(doc)` never raises: it walks whatever it is given and returns every problem, each prefixed with the JSON
path of the value at fault (`$.areas[0].criteria[0].code: ...`), so that a partnership lead can fix a hand-written
file in one pass. The patterns and key lists here are also the ones `resources/framework.schema.json` states."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

FORMAT = "peerreview.framework/1"
SUBJECTS = ("school", "partnership")
REVIEW_TYPES = ("full", "focused", "virtual", "blended", "rapid", "curriculum", "partnership-self-evaluation")
SPECIAL_GRADES = {"not-judged": "Not judged", "insufficient-evidence": "Insufficient evidence"}
MIN_GRADES, MAX_GRADES = 2, 7
MAX_KEY_LENGTH = 64

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CODE_PATTERN = r"^[A-Z][A-Z0-9]{0,5}$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"

# required keys, then optional keys, of each kind of object in the document
REQUIRED_KEYS = ("format", "key", "name", "version", "subject", "scale", "areas")
OPTIONAL_KEYS = ("description", "review_types", "id")  # "id" ("key@version") appears when embedded in a review
SCALE_KEYS = (("grades",), ())
GRADE_KEYS = (("key", "label", "colour"), ("description",))
AREA_KEYS = (("code", "title", "criteria"), ("description",))
CRITERION_KEYS = (("code", "title", "descriptor"), ("prompts",))

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _child(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if isinstance(key, str) and _IDENT.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(str(key), ensure_ascii=False)}]"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def object(self, value: Any, path: str, keys: tuple[tuple[str, ...], tuple[str, ...]], what: str) -> bool:
        """Check `value` is an object with the required keys and no unknown ones; False if it is not an object."""
        if not isinstance(value, dict):
            self.add(path, f"must be {what}, not {_kind(value)}")
            return False
        required, optional = keys
        for name in required:
            if name not in value:
                self.add(_child(path, name), "required but missing")
        allowed = required + optional
        for name in value:
            if name not in allowed:
                hint = difflib.get_close_matches(str(name), allowed, n=1)
                tip = f'did you mean "{hint[0]}"?' if hint else "allowed: " + ", ".join(allowed)
                self.add(_child(path, name), f"unknown key ({tip})")
        return True

    def text(self, doc: dict, name: str, path: str, message: str = "must be non-empty text") -> None:
        if name in doc and not _text(doc[name]):
            self.add(_child(path, name), message)

    def optional_text(self, doc: dict, name: str, path: str) -> None:
        if name in doc and not isinstance(doc[name], str):
            self.add(_child(path, name), f"must be text, not {_kind(doc[name])}")

    def pattern(self, doc: dict, name: str, path: str, pattern: str, message: str) -> bool:
        """Check doc[name] (if present) matches `pattern`; True only when present and matching."""
        if name not in doc:
            return False
        value = doc[name]
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return True
        self.add(_child(path, name), message)
        return False


def validate(doc: object) -> list[str]:
    """Every problem with `doc` as a framework document, each prefixed by its JSON path; [] when it is valid."""
    check = _Checker()
    if not check.object(doc, "$", (REQUIRED_KEYS, OPTIONAL_KEYS), "a framework document (a JSON object in { })"):
        return check.problems
    assert isinstance(doc, dict)
    if "format" in doc and doc["format"] != FORMAT:
        check.add("$.format", f'must be "{FORMAT}" (the only format this version of Peer Review Desktop reads)')
    key_ok = check.pattern(
        doc, "key", "$", SLUG_PATTERN, 'must be a lowercase slug such as "school-peer-review" (a-z, 0-9 and hyphens)'
    )
    if key_ok and len(doc["key"]) > MAX_KEY_LENGTH:
        check.add("$.key", f"must be at most {MAX_KEY_LENGTH} characters long")
        key_ok = False
    check.text(doc, "name", "$")
    check.text(doc, "version", "$", 'must be non-empty text such as "2026.1"')
    if "subject" in doc and doc["subject"] not in SUBJECTS:
        check.add("$.subject", 'must be "school" or "partnership"')
    check.optional_text(doc, "description", "$")
    if "review_types" in doc:
        _check_review_types(check, doc["review_types"])
    if "id" in doc and key_ok and _text(doc.get("version")) and doc["id"] != f"{doc['key']}@{doc['version']}":
        check.add("$.id", f'must be "{doc["key"]}@{doc["version"]}" (the key and version), or be left out')
    elif "id" in doc and not isinstance(doc["id"], str):
        check.add("$.id", f"must be text, not {_kind(doc['id'])}")
    if "scale" in doc:
        _check_scale(check, doc["scale"])
    if "areas" in doc:
        _check_areas(check, doc["areas"])
    return check.problems


def _check_review_types(check: _Checker, types: Any) -> None:
    if not isinstance(types, list) or not types:
        check.add("$.review_types", 'must be a non-empty list of review types such as ["full", "focused"]')
        return
    seen: set[str] = set()
    for i, value in enumerate(types):
        if value not in REVIEW_TYPES:
            shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else _kind(value)
            check.add(f"$.review_types[{i}]", f"{shown} is not a review type (allowed: {', '.join(REVIEW_TYPES)})")
        elif value in seen:
            check.add(f"$.review_types[{i}]", f'"{value}" is listed twice')
        else:
            seen.add(value)


def _check_scale(check: _Checker, scale: Any) -> None:
    if scale is None:
        return  # ungraded: narrative findings only
    if not check.object(scale, "$.scale", SCALE_KEYS, 'an object with "grades", or null for an ungraded framework'):
        return
    grades = scale.get("grades")
    if "grades" not in scale:
        return
    if not isinstance(grades, list) or not MIN_GRADES <= len(grades) <= MAX_GRADES:
        size = f"has {len(grades)}" if isinstance(grades, list) else f"not {_kind(grades)}"
        check.add("$.scale.grades", f"must be a list of {MIN_GRADES} to {MAX_GRADES} grades, strongest first ({size})")
        if not isinstance(grades, list):
            return
    keys: dict[str, str] = {}
    labels: dict[str, str] = {label.casefold(): "built in" for label in SPECIAL_GRADES.values()}
    for i, grade in enumerate(grades):
        path = f"$.scale.grades[{i}]"
        if not check.object(grade, path, GRADE_KEYS, "a grade (an object in { })"):
            continue
        if check.pattern(grade, "key", path, SLUG_PATTERN, 'must be a lowercase slug such as "secure"'):
            key = grade["key"]
            if key in SPECIAL_GRADES:
                check.add(f"{path}.key", f'"{key}" is built in to every graded framework; leave it out of the scale')
            elif key in keys:
                check.add(f"{path}.key", f'"{key}" is already used by {keys[key]}')
            else:
                keys[key] = path
        if "label" in grade and not _text(grade["label"]):
            check.add(f"{path}.label", 'must be non-empty text such as "Secure"')
        elif "label" in grade:
            folded = grade["label"].strip().casefold()
            if labels.get(folded) == "built in":
                check.add(f"{path}.label", f'"{grade["label"]}" is the label of a built-in grade; choose another')
            elif folded in labels:
                check.add(f"{path}.label", f'"{grade["label"]}" is already used by {labels[folded]}')
            else:
                labels[folded] = path
        check.pattern(grade, "colour", path, COLOUR_PATTERN, 'must be a colour written "#rrggbb", such as "#1a7f4b"')
        check.optional_text(grade, "description", path)


def _check_areas(check: _Checker, areas: Any) -> None:
    if not isinstance(areas, list) or not areas:
        what = "an empty list" if isinstance(areas, list) else _kind(areas)
        check.add("$.areas", f"must be a list of at least one area, not {what}")
        return
    area_codes: dict[str, str] = {}
    criterion_codes: dict[str, str] = {}
    for i, area in enumerate(areas):
        path = f"$.areas[{i}]"
        if not check.object(area, path, AREA_KEYS, "an area (an object in { })"):
            continue
        if check.pattern(
            area,
            "code",
            path,
            CODE_PATTERN,
            'must be a text code such as "LM" (a capital letter, then up to five capitals or digits)',
        ):
            _claim(check, area_codes, area["code"], path, criterion_codes)
        check.text(area, "title", path)
        check.optional_text(area, "description", path)
        if "criteria" not in area:
            continue
        criteria = area["criteria"]
        if not isinstance(criteria, list) or not criteria:
            what = "an empty list" if isinstance(criteria, list) else _kind(criteria)
            check.add(f"{path}.criteria", f"must be a list of at least one criterion, not {what}")
            continue
        for j, criterion in enumerate(criteria):
            _check_criterion(check, criterion, f"{path}.criteria[{j}]", criterion_codes, area_codes)


def _check_criterion(check: _Checker, criterion: Any, path: str, codes: dict, area_codes: dict) -> None:
    if not check.object(criterion, path, CRITERION_KEYS, "a criterion (an object in { })"):
        return
    if check.pattern(
        criterion,
        "code",
        path,
        CODE_PATTERN,
        'must be a text code such as "LM1" (a capital letter, then up to five capitals or digits)',
    ):
        _claim(check, codes, criterion["code"], path, area_codes)
    check.text(criterion, "title", path)
    check.text(criterion, "descriptor", path, "must be non-empty text saying what secure practice looks like")
    if "prompts" in criterion:
        prompts = criterion["prompts"]
        if not isinstance(prompts, list):
            check.add(f"{path}.prompts", f"must be a list of reviewer questions (text), not {_kind(prompts)}")
            return
        for k, prompt in enumerate(prompts):
            if not _text(prompt):
                check.add(f"{path}.prompts[{k}]", "must be non-empty text")


def _claim(check: _Checker, codes: dict[str, str], code: str, path: str, other: dict[str, str]) -> None:
    """Record `code` as used at `path`; a code may name one area or one criterion, never two things."""
    if code in codes:
        check.add(f"{path}.code", f'"{code}" is already used by {codes[code]}')
    elif code in other:
        check.add(f"{path}.code", f'"{code}" is already used by {other[code]}; area and criterion codes must differ')
    else:
        codes[code] = path
