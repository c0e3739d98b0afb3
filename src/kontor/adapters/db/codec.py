"""Domain values as JSON for the columns that hold a nested value (a subscription's state, a
notice's parameters, an agreement): plain JSON for what JSON has, tagged objects for the rest
(Decimal as text, never a float). Only dataclasses and enums of Kontor's own modules are
stored and decoded."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def _class_name(cls: type) -> str | None:
    """Dataclasses of Kontor's own modules are stored with their module; no other."""
    if cls.__module__.startswith("kontor.") and "<" not in cls.__qualname__:
        return f"{cls.__module__}:{cls.__qualname__}"
    return None


def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith("kontor."):
        raise ValueError(f"not a stored class: {name!r}")
    found = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not (isinstance(found, type) and (dataclasses.is_dataclass(found)
                                         or issubclass(found, enum.Enum))):
        raise ValueError(f"not a stored class: {name!r}")
    return found


def encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):  # before str: a StrEnum is a str
        return {"$e": f"{type(value).__module__}:{type(value).__qualname__}", "v": value.value}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return {"$d": str(value)}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"$fs": [encode(v) for v in sorted(value)]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$m": [[encode(k), encode(v)] for k, v in value.items()]}
    name = _class_name(type(value)) if dataclasses.is_dataclass(value) else None
    if name is not None:
        return {"$c": name,
                "f": {f.name: encode(getattr(value, f.name))
                      for f in dataclasses.fields(value) if f.init}}
    raise TypeError(f"cannot store a {type(value).__name__}")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$d" in value:
        return Decimal(value["$d"])
    if "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    if "$date" in value:
        return date.fromisoformat(value["$date"])
    if "$e" in value:
        return _class(value["$e"])(value["v"])
    if "$t" in value:
        return tuple(decode(v) for v in value["$t"])
    if "$fs" in value:
        return frozenset(decode(v) for v in value["$fs"])
    if "$m" in value:
        return {decode(k): decode(v) for k, v in value["$m"]}
    if "$c" in value:
        return _class(value["$c"])(**{k: decode(v) for k, v in value["f"].items()})
    raise ValueError(f"not a stored value: {value!r}")


_SHARED: dict[str, Any] = {}  # stored text -> its value, for values nobody can change
SHARED_AT_MOST = 20_000
PLAIN = (str, int, bool, Decimal, date, enum.Enum)  # datetime is a date


def decode_text(text: str | int | None) -> Any:
    """decode(json.loads(text)), each distinct text decoded once: the accounts of a billing
    run hold the same states, catalogs and options thousands of times. An immutable value is
    shared; a list of immutable values is given as a fresh list; anything holding a dict or a
    mutable object is decoded every time. (SQLite gives a stored number as a number.)"""
    if text is None:
        return None
    if not isinstance(text, str):
        return decode(text)
    value = _SHARED.get(text)
    if value is None:
        value = decode(json.loads(text))
        if not _immutable(value if isinstance(value, list) else (value,)):
            return value
        if len(_SHARED) >= SHARED_AT_MOST:
            _SHARED.clear()
        _SHARED[text] = value
    return list(value) if isinstance(value, list) else value


def _immutable(values) -> bool:
    for value in values:
        if value is None or isinstance(value, PLAIN):
            continue
        if isinstance(value, tuple | frozenset):
            if not _immutable(value):
                return False
        elif dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen:
            if not _immutable(getattr(value, f.name) for f in dataclasses.fields(value)):
                return False
        else:
            return False
    return True
