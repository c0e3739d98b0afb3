"""A stored population of example customers for billing-run tests: built once per backend,
then copied for each run (a file copy on SQLite, a template database on PostgreSQL)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from kontor.adapters.catalog_yaml import load_catalog, locate, shipped_names
from kontor.adapters.db.migrate import upgrade
from kontor.adapters.db.uow import SqlStore
from kontor.services.population import sample_customers, store_customers

MONTH = date(2026, 1, 1)
BILLING_DATE = date(2026, 2, 1)


def load_catalogs(store: SqlStore) -> None:
    uow = store.uow()
    with uow:
        for name in shipped_names():
            path = locate(name)
            uow.catalogs.add(load_catalog(path), path.read_text(encoding="utf-8"))
        uow.commit()


def populate(url: str, customers: int, usage_every: int = 25) -> None:
    """`customers` example customers starting in January; every `usage_every`-th one with a
    month of usage (importing usage is the slow part of setting up)."""
    store = SqlStore(url)
    upgrade(store.engine)
    load_catalogs(store)
    samples = [s if i % usage_every == 0 else replace(s, records=())
               for i, s in enumerate(sample_customers(customers, MONTH, seed=7))]
    store_customers(store, samples)
    store.dispose()


class Population:
    """Copies of one populated database."""

    def __init__(self, kind: str, tmp: Path, server=None, customers: int = 2000) -> None:
        self.kind, self.tmp, self.server = kind, tmp, server
        self._copies = 0
        if kind == "sqlite":
            self.template = tmp / "template.db"
            populate(f"sqlite:///{self.template}", customers)
        else:
            self.template = server.create_database()
            populate(server.url(self.template), customers)

    def copy(self) -> str:
        self._copies += 1
        if self.kind == "sqlite":
            path = self.tmp / f"copy{self._copies}.db"
            shutil.copy(self.template, path)
            return f"sqlite:///{path}"
        return self.server.url(self.server.clone_database(self.template))
