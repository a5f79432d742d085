"""Alembic environment shared by every SIMPEG script folder: runs on the connection handed in
by :func:`simpeg_shared.persistence.migrate`, with that folder's own version table."""

from alembic import context

cfg = context.config
context.configure(
    connection=cfg.attributes["connection"],
    version_table=cfg.attributes["version_table"],
    target_metadata=None,
)
with context.begin_transaction():
    context.run_migrations()
