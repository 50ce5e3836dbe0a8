"""Alembic environment: always run with a connection handed in by core.store.migrate (never a URL)."""

from alembic import context
from sqlmodel import SQLModel

from peerreview_desktop.core import models  # noqa: F401  (registers the tables)
from peerreview_desktop.core.store.schema import include_name

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run only through peerreview_desktop.core.store.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
        transaction_per_migration=False,
    )
    context.run_migrations()


run()
