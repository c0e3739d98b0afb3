"""`kontor db upgrade`: the store's schema brought to the newest migration (Alembic)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location",
                        str(resources.files("kontor.adapters.db") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Upgrade to head; returns (revision before, revision after)."""
    cfg = config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        before = MigrationContext.configure(conn).get_current_revision()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    if engine.dialect.name == "postgresql":  # the billing run's job queue lives beside
        from kontor.adapters.jobs import apply_schema

        apply_schema(engine.url.render_as_string(hide_password=False))
    return before, head(engine)


def head(engine: Engine) -> str:
    url = engine.url.render_as_string(hide_password=False)
    return ScriptDirectory.from_config(config(url)).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
