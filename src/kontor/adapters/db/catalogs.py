"""Catalogs in the store: every version's YAML as loaded; parsed once per process."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Connection, insert, select

from kontor.adapters.catalog_yaml import catalog_from
from kontor.adapters.db.schema import catalogs
from kontor.adapters.yaml_source import parse_yaml
from kontor.domain.catalog import Catalog, Offer
from kontor.domain.errors import Refused


@lru_cache(maxsize=256)
def _parsed(name: str, version: int, source: str) -> Catalog:
    return catalog_from(parse_yaml(source, f"catalog {name} v{version}"))


class SqlCatalogs:
    def __init__(self, uow) -> None:
        self._uow = uow
        self._rows: list | None = None  # every stored version, read once per unit of work
        self._offers: dict[tuple[str, ...], Offer] = {}  # per unit of work, like the rows

    def reset(self) -> None:
        self._rows = None
        self._offers = {}

    @property
    def _conn(self) -> Connection:
        return self._uow.connection

    def add(self, catalog: Catalog, source: str) -> bool:
        """Store a catalog version; False if that version is stored with the same text.
        A different text under a stored name and version is refused: a version is immutable."""
        stored = self._conn.execute(select(catalogs.c.source).where(
            catalogs.c.name == catalog.name, catalogs.c.version == catalog.version)).scalar()
        if stored is not None:
            if stored != source:
                raise Refused("invalid_event", "catalog_version_changed", catalog=catalog.name,
                              version=catalog.version)
            return False
        self.reset()
        self._conn.execute(insert(catalogs).values(
            name=catalog.name, version=catalog.version, valid_from=catalog.valid_from,
            currency=str(catalog.currency), source=source, loaded_at=datetime.now(UTC)))
        return True

    def offer(self, names: Sequence[str]) -> Offer:
        """The offer of catalogs `names` (every stored version of each); a billing batch asks
        the same question for thousands of customers."""
        key = tuple(names)
        if key not in self._offers:
            self._offers[key] = self._offer(key)
        return self._offers[key]

    def _offer(self, names: tuple[str, ...]) -> Offer:
        if self._rows is None:
            self._rows = self._conn.execute(
                select(catalogs.c.name, catalogs.c.version, catalogs.c.source)).all()
        rows = [row for row in self._rows if row.name in names]
        found = {row.name for row in rows}
        for name in names:
            if name not in found:
                raise Refused("unknown_catalog", "unknown_catalog", catalog=name,
                              loaded=", ".join(self.names()) or "-")
        return offer_of(tuple(dict.fromkeys(names)),
                        tuple(sorted((r.name, r.version, r.source) for r in rows)))

    def names(self) -> list[str]:
        return list(self._conn.execute(select(catalogs.c.name).distinct()
                                       .order_by(catalogs.c.name)).scalars())




@lru_cache(maxsize=64)
def offer_of(names: tuple[str, ...], versions: tuple[tuple[str, int, str], ...]) -> Offer:
    """One Offer object per set of catalog versions, shared by every account that buys it."""
    by_name = {name: sorted((_parsed(*v) for v in versions if v[0] == name),
                            key=lambda c: c.order) for name in names}
    return Offer(tuple(c for name in names for c in by_name[name]))
