"""Run Alembic migrations programmatically (imported only when the store is behind the newest schema)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from ..errors import StoreError

SCRIPT_LOCATION = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection=None) -> Config:  # noqa: ANN001
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine, target: str = "head") -> None:  # noqa: ANN001
    """Upgrade in one transaction with foreign keys off (batch table rebuilds), then check them before commit."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection  # pragmas outside any transaction
        raw.execute("PRAGMA foreign_keys=OFF")
        trans = conn.begin()
        try:
            command.upgrade(alembic_config(conn), target)
            bad = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            if bad:
                raise StoreError(
                    f"Upgrading the store would break {len(bad)} links between records; it was left as it was."
                )
            trans.commit()
        except BaseException:
            trans.rollback()
            raise
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
