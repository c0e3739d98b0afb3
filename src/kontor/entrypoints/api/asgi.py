"""The API on the database of KONTOR_DATABASE_URL (default: kontor.db), for an ASGI server:

    uvicorn kontor.entrypoints.api.asgi:app_from_env --factory

The database must be migrated already (the API never changes its schema)."""

from __future__ import annotations

from fastapi import FastAPI

from kontor.adapters.db.uow import SqlStore, database_url
from kontor.entrypoints.api.app import create_app


def app_from_env() -> FastAPI:
    return create_app(SqlStore(database_url()))
