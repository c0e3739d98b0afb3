"""Catalogs in the store: a version is loaded once and never changes; loading the same text
again changes nothing (a different text under a loaded name and version is refused)."""

from __future__ import annotations

from kontor.domain.catalog import Catalog
from kontor.services.unit_of_work import UnitOfWork


def load_catalog(uow: UnitOfWork, catalog: Catalog, source: str) -> bool:
    """Store one catalog version with its YAML text; False if it was loaded with that text."""
    with uow:
        added = uow.catalogs.add(catalog, source)
        uow.commit()
    return added is not False  # a store that does not say (the in-memory one) added it


def load_shipped(store) -> list[str]:
    """Every catalog shipped with Kontor, loaded into the store; the names newly loaded."""
    from kontor.adapters.catalog_yaml import load_catalog as read
    from kontor.adapters.catalog_yaml import locate, shipped_names

    loaded = []
    for name in shipped_names():
        path = locate(name)
        if load_catalog(store.uow(), read(path), path.read_text(encoding="utf-8")):
            loaded.append(name)
    return loaded
