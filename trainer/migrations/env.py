"""Alembic runs this for every command: the revisions run on the connection trainer.store passes
in (config.attributes["connection"]), inside the caller's transaction and lock."""
from alembic import context

from trainer.store import meta

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through the trainer (python -m trainer db upgrade), which passes a connection")
context.configure(connection=connection, target_metadata=meta, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
