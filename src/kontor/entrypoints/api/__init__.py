"""The REST API (FastAPI): see app.create_app."""

from kontor.entrypoints.api.app import create_app

__all__ = ["create_app"]
