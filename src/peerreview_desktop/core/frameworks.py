"""Review frameworks: what a review is judged against (areas -> criteria, and a scale of grades or none).

A framework is a JSON document in the documented format `peerreview.framework/1` (docs/framework-format.md,
resources/framework.schema.json). This module reads and checks such documents and gives the rest of the app an
immutable `FrameworkDef`. Pure Python: no store, no Qt. The rules themselves live in `framework_validation`."""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from peerreview_desktop.core import paths
from peerreview_desktop.core.errors import InvalidInput, NotFound
from peerreview_desktop.core.framework_validation import (
    FORMAT,
    REVIEW_TYPES,
    SPECIAL_GRADES,
    SUBJECTS,
    validate,
)

__all__ = [
    "FORMAT",
    "REVIEW_TYPES",
    "SPECIAL_GRADES",
    "SUBJECTS",
    "SPECIAL_COLOUR",
    "MAX_FILE_BYTES",
    "Grade",
    "Criterion",
    "Area",
    "FrameworkDef",
    "validate",
    "parse",
    "loads",
    "load_file",
    "builtin_paths",
    "builtin",
    "dumps",
]

SPECIAL_COLOUR = "#9e9e9e"
MAX_FILE_BYTES = 5 * 1024 * 1024  # a large framework is ~100 KB; anything near this is not one
_SPECIAL_DESCRIPTIONS = {
    "not-judged": "No judgement was made on this criterion.",
    "insufficient-evidence": "There was not enough evidence to reach a secure judgement.",
}


@dataclass(frozen=True)
class Grade:
    key: str
    label: str
    colour: str
    description: str
    position: int  # 0 = strongest; -1 for the built-in "not judged" and "insufficient evidence"

    @property
    def special(self) -> bool:
        return self.key in SPECIAL_GRADES


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    descriptor: str
    prompts: tuple[str, ...]
    area_code: str


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    description: str
    criteria: tuple[Criterion, ...]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold().replace("'", "").replace("\u2019", ""))


def _grade_text(text: str) -> str:
    return " ".join(re.split(r"[\s_-]+", text.strip().casefold())).strip()


@dataclass(frozen=True)
class FrameworkDef:
    key: str
    name: str
    version: str
    subject: str
    description: str
    review_types: tuple[str, ...]
    grades: tuple[Grade, ...]  # strongest first; empty when ungraded
    areas: tuple[Area, ...]
    document: dict = field(compare=False, repr=False)  # the validated document; treat as read-only

    @property
    def id(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def graded(self) -> bool:
        return bool(self.grades)

    @property
    def title(self) -> str:
        """Name and version, as shown to users: "School Peer Review Framework 2026.1"."""
        return f"{self.name} {self.version}"

    @functools.cached_property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for area in self.areas for c in area.criteria)

    @functools.cached_property
    def _criteria_by_code(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    @property
    def special_grades(self) -> tuple[Grade, ...]:
        return tuple(
            Grade(key, label, SPECIAL_COLOUR, _SPECIAL_DESCRIPTIONS[key], -1) for key, label in SPECIAL_GRADES.items()
        )

    def criterion(self, code: str) -> Criterion:
        found = self._criteria_by_code.get(str(code).strip().upper())
        if found is None:
            raise NotFound(f"No criterion '{str(code).strip()}' in {self.title}.")
        return found

    def area(self, code: str) -> Area:
        wanted = str(code).strip().upper()
        for area in self.areas:
            if area.code == wanted:
                return area
        raise NotFound(f"No area '{str(code).strip()}' in {self.title}.")

    def area_of(self, criterion_code: str) -> Area:
        return self.area(self.criterion(criterion_code).area_code)

    def grade(self, text: str) -> Grade:
        """The grade named by `text`: a key or label of the scale, or of the two built-in grades (position -1)."""
        wanted = _grade_text(str(text))
        for grade in self.grades + self.special_grades:
            if wanted and wanted in (_grade_text(grade.key), _grade_text(grade.label)):
                return grade
        labels = ", ".join(g.label for g in self.grades + self.special_grades)
        shown = str(text).strip()
        if not shown:
            raise InvalidInput(f"No grade given; the grades of {self.title} are {labels}.")
        if not self.graded:
            raise InvalidInput(
                f"'{shown}' is not a grade: {self.title} is ungraded (narrative findings only), "
                f"so the only grades are {labels}."
            )
        raise InvalidInput(f"'{shown}' is not a grade of {self.title}; use one of {labels}.")

    def match_criteria(self, text: str, limit: int = 10) -> list[Criterion]:
        """Criteria for completion while typing: exact code, then code prefix, then every word found (as a word
        prefix) in the title, then in the descriptor, then in the area title or prompts; framework order within
        each. An empty `text` gives the first `limit` criteria."""
        if limit <= 0:
            return []
        query = str(text).strip()
        if not query:
            return list(self.criteria[:limit])
        upper, words = query.upper(), _words(query)

        def has_all(haystack: str) -> bool:
            available = _words(haystack)
            return bool(words) and all(any(w.startswith(q) for w in available) for q in words)

        area_titles = {a.code: a.title for a in self.areas}
        ranked: list[tuple[int, int, Criterion]] = []
        for index, c in enumerate(self.criteria):
            if c.code == upper:
                tier = 0
            elif c.code.startswith(upper):
                tier = 1
            elif has_all(c.title):
                tier = 2
            elif has_all(f"{c.title} {c.descriptor}"):
                tier = 3
            elif has_all(" ".join((c.title, c.descriptor, area_titles[c.area_code], *c.prompts))):
                tier = 4
            else:
                continue
            ranked.append((tier, index, c))
        ranked.sort(key=lambda item: item[:2])
        return [c for _, _, c in ranked[:limit]]


def _problems_message(count: int, source: str | None) -> str:
    where = f" in {source}" if source else ""
    return f"The framework{where} is not valid ({count} problem{'s' if count != 1 else ''})."


def _build(doc: dict) -> FrameworkDef:
    scale = doc["scale"]
    grades = tuple(
        Grade(g["key"], g["label"].strip(), g["colour"].lower(), g.get("description", ""), position)
        for position, g in enumerate(scale["grades"] if scale else ())
    )
    areas = tuple(
        Area(
            code=a["code"],
            title=a["title"].strip(),
            description=a.get("description", ""),
            criteria=tuple(
                Criterion(
                    c["code"], c["title"].strip(), c["descriptor"].strip(), tuple(c.get("prompts", ())), a["code"]
                )
                for c in a["criteria"]
            ),
        )
        for a in doc["areas"]
    )
    document = {k: copy.deepcopy(v) for k, v in doc.items() if k != "id"}
    return FrameworkDef(
        key=doc["key"],
        name=doc["name"].strip(),
        version=doc["version"].strip(),
        subject=doc["subject"],
        description=doc.get("description", ""),
        review_types=tuple(doc.get("review_types", REVIEW_TYPES)),
        grades=grades,
        areas=areas,
        document=document,
    )


def _parse(doc: object, source: str | None) -> FrameworkDef:
    problems = validate(doc)
    if problems:
        raise InvalidInput(_problems_message(len(problems), source), problems=problems)
    assert isinstance(doc, dict)
    return _build(doc)


def parse(doc: object) -> FrameworkDef:
    """A `FrameworkDef` from a decoded JSON document; InvalidInput (with every problem in `.problems`) if invalid."""
    return _parse(doc, None)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


class _DuplicateKey(ValueError):
    pass


def loads(text: str | bytes, source: str = "framework") -> FrameworkDef:
    """Parse a framework from JSON text (or UTF-8 bytes); `source` names it in messages (a file name, say)."""
    label = None if source == "framework" else source
    source = "the framework" if label is None else source
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_FILE_BYTES:
            raise InvalidInput(f"Cannot read {source}: it is too large to be a framework ({len(text):,} bytes).")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"Cannot read {source}: it is not UTF-8 text (byte 0x{text[exc.start]:02x} at position {exc.start})."
            ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InvalidInput(f"Cannot read {source}: it is empty.")
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"Cannot read {source}: it is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except _DuplicateKey as exc:
        raise InvalidInput(f'Cannot read {source}: the key "{exc.args[0]}" appears twice in one object.') from None
    except RecursionError:
        raise InvalidInput(f"Cannot read {source}: it is nested too deeply to be a framework.") from None
    return _parse(doc, label)


def load_file(path: str | Path) -> FrameworkDef:
    """Parse the framework in the file at `path`: NotFound if there is none, InvalidInput if unreadable or invalid."""
    path = Path(path)
    if not path.exists():
        raise NotFound(f"No framework file at {path}.")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a framework file.")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return loads(data, source=str(path))


def builtin_paths() -> list[Path]:
    """The framework files shipped in resources/frameworks, by file name."""
    return sorted(paths.resource("frameworks").glob("*.json"))


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[FrameworkDef, ...]:
    return tuple(load_file(p) for p in builtin_paths())


def builtin() -> list[FrameworkDef]:
    """The built-in frameworks, parsed once."""
    return list(_builtin())


def dumps(fw: FrameworkDef) -> str:
    """The framework as pretty JSON in the documented format; `loads(dumps(fw)) == fw`."""
    return json.dumps(fw.document, indent=2, ensure_ascii=False) + "\n"
