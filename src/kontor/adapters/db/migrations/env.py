"""Alembic environment: run by `kontor db upgrade` (adapters/db/migrate.py) with the
connection in config.attributes, or by the alembic CLI with sqlalchemy.url."""

from alembic import context
from sqlalchemy import create_engine

from kontor.adapters.db.schema import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    with create_engine(config.get_main_option("sqlalchemy.url")).connect() as conn:
        _migrate(conn)
        conn.commit()


def ours(name, type_, parent_names) -> bool:
    """The job queue's tables (procrastinate_*) are procrastinate's, not ours."""
    return not (type_ == "table" and name and name.startswith("procrastinate_"))


def _migrate(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True, include_name=ours)
    with context.begin_transaction():
        context.run_migrations()


run()
