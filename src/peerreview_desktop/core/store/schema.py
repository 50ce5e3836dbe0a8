"""The schema revisions this version of the app knows, read from the migration file names (no Alembic import).
Migration files are named `<revision>_<slug>.py` with `revision = "<revision>"` inside; a test keeps the two in
step with Alembic's own view of the history."""

from __future__ import annotations

from pathlib import Path

_VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def _known() -> tuple[str, ...]:
    names = sorted(p.name for p in _VERSIONS.glob("*.py") if p.name[:4].isdigit())
    return tuple(n.split("_", 1)[0] for n in names)


KNOWN_REVISIONS: tuple[str, ...] = _known()
SCHEMA_HEAD: str = KNOWN_REVISIONS[-1] if KNOWN_REVISIONS else ""


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:  # noqa: ARG001
    """Autogenerate ignores the search index (a derived FTS5 table the store keeps, never migrated)."""
    return not (type_ == "table" and name and name.startswith("note_fts"))
