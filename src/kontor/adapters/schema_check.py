"""JSON Schema validation of a read YAML document, with every problem located (file, line,
path) and its reason said in the words of the person who wrote the file, never a Python repr.
A quick yes/no check compiled from the same schema lets valid parts skip jsonschema."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kontor.adapters.yaml_source import Document, Path_, Problem, show
from kontor.messages.problems import problem


def schema_problems(doc: Document, schema: dict) -> list[Problem]:
    """Validate the whole document against a JSON Schema; one Problem per error."""
    import jsonschema

    return validation_problems(doc, jsonschema.Draft202012Validator(schema), doc.data, ())


def validation_problems(doc: Document, validator: Any, instance: Any, at: Path_
                        ) -> list[Problem]:
    """The errors of a compiled validator on the part of the document found at `at`."""
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path)))
    errors = [_specific(err) for err in errors]
    mistyped = {tuple(err.absolute_path) for err in errors if err.validator == "type"}
    return [doc.problem((*at, *err.absolute_path), reason(err)) for err in errors
            if err.validator == "type" or tuple(err.absolute_path) not in mistyped]


def _specific(err: Any) -> Any:
    """Of an error "fits none of these forms", the error of the form that fits the value's type
    (a list for `catalog: [aut-pbx, 3]`), if there is one."""
    while err.validator in ("anyOf", "oneOf") and not _x_message(err) and err.context:
        fitting = [sub for sub in err.context if sub.validator != "type" or sub.path]
        if not fitting:
            return err
        err = min(fitting, key=lambda sub: -len(sub.path))  # the deepest: the most precise
    return err


def _x_message(err: Any) -> str | None:
    return err.schema.get("x-message") if isinstance(err.schema, dict) else None


Check = Callable[[Any], bool]
EXACT_TYPES = {"integer": {int}, "number": {int, Decimal, float}, "string": {str},
               "boolean": {bool}, "array": {list}, "object": {dict}, "null": {type(None)}}
IGNORED = frozenset(("x-message", "description", "title", "$schema", "$id", "$defs"))


def quick_check(schema: Any) -> Check | None:
    """A fast test that a value passes `schema`, for the plain keywords only (None if the schema
    uses others). True means valid; False only means "ask jsonschema", which then words the
    reasons, so the test may be stricter than the schema, never looser."""
    if isinstance(schema, bool):
        return lambda value: schema
    checks = []
    for keyword, expected in schema.items():
        maker = None if keyword in IGNORED else _KEYWORDS.get(keyword, _unknown)
        check = maker(expected, schema) if maker else None
        if check is None and maker is not None:
            return None
        if check is not None:
            checks.append(check)
    return lambda value: all(check(value) for check in checks)


def _unknown(expected: Any, schema: dict) -> None:
    return None


def _type(expected: Any, schema: dict) -> Check | None:
    names = [expected] if isinstance(expected, str) else expected
    if not all(name in EXACT_TYPES for name in names):
        return None
    allowed = frozenset().union(*(EXACT_TYPES[name] for name in names))
    return lambda v: type(v) in allowed


def _when(kinds: tuple, test: Check) -> Check:
    """Keywords that only apply to some types pass any other value."""
    return lambda v: not isinstance(v, kinds) or test(v)


def _enum(expected: list, schema: dict) -> Check | None:
    if not all(isinstance(item, str) for item in expected):
        return None
    allowed = frozenset(expected)
    return lambda v: type(v) is str and v in allowed


def _properties(expected: dict, schema: dict) -> Check | None:
    subs = {key: quick_check(sub) for key, sub in expected.items()}
    if None in subs.values():
        return None
    return _when((dict,), lambda v: all(subs[k](x) for k, x in v.items() if k in subs))


def _additional(expected: Any, schema: dict) -> Check | None:
    if expected is not False or "patternProperties" in schema:
        return None
    known = frozenset(schema.get("properties", ()))
    return _when((dict,), lambda v: known.issuperset(v))


def _items(expected: Any, schema: dict) -> Check | None:
    sub = quick_check(expected)
    return None if sub is None else _when((list,), lambda v: all(map(sub, v)))


def _any_of(expected: list, schema: dict) -> Check | None:
    subs = [quick_check(sub) for sub in expected]
    return None if None in subs else lambda v: any(sub(v) for sub in subs)  # type: ignore[misc]


def _pattern(expected: str, schema: dict) -> Check:
    regex = re.compile(expected)
    return _when((str,), lambda v: regex.search(v) is not None)


NUMBER_TYPES = (int, Decimal, float)
_KEYWORDS: dict[str, Callable[[Any, dict], Check | None]] = {
    "type": _type, "enum": _enum, "const": lambda c, s: _enum([c], s), "properties": _properties,
    "additionalProperties": _additional, "items": _items, "anyOf": _any_of, "pattern": _pattern,
    "required": lambda n, s: _when((dict,), lambda v: all(k in v for k in n)),
    "minLength": lambda n, s: _when((str,), lambda v: len(v) >= n),
    "minItems": lambda n, s: _when((list,), lambda v: len(v) >= n),
    "minimum": lambda n, s: _when(NUMBER_TYPES, lambda v: v >= n),
    "maximum": lambda n, s: _when(NUMBER_TYPES, lambda v: v <= n),
}


TYPE_WORDS = {"integer": "a whole number", "number": "a number", "string": "text",
              "boolean": "true or false", "array": "a list", "object": "a mapping",
              "null": "empty"}


def reason(err: Any) -> str:
    """Why a value is refused, in plain words and without any Python repr."""
    message = _x_message(err)
    if message:
        return message
    kind, expected, value = err.validator, err.validator_value, err.instance
    if kind in ("anyOf", "oneOf"):  # every form wants another type (see _specific)
        kinds = [sub.validator_value for sub in err.context if sub.validator == "type"]
        if not kinds:
            return problem("does_not_fit", value=show(value))
        expected, kind = [k for ks in kinds for k in ([ks] if isinstance(ks, str) else ks)], "type"
    if kind == "type":
        kinds = [expected] if isinstance(expected, str) else expected
        return problem("not_of_kind", value=show(value),
                       kinds=" or ".join(TYPE_WORDS.get(k, k) for k in kinds))
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(err.schema.get("properties", {})), key=str)
        return problem("unknown_key", names=", ".join(map(show, extra)))
    if kind == "required":
        return problem("key_required", name=err.message.removesuffix(
            " is a required property"))
    if kind in ("enum", "const"):
        allowed = expected if kind == "enum" else [expected]
        return problem("not_one_of", value=show(value), allowed=", ".join(map(_word, allowed)))
    return _bound_reason(kind, expected, value) or _no_repr(err.message)


def _bound_reason(kind: str, expected: Any, value: Any) -> str | None:
    if kind == "minimum":
        return problem("below_minimum", value=show(value), limit=expected)
    if kind == "maximum":
        return problem("above_maximum", value=show(value), limit=expected)
    if kind == "minLength":
        return problem("empty_text") if expected == 1 else problem("too_short", n=expected)
    if kind == "maxLength":
        return problem("too_long", n=expected)
    if kind == "minItems":
        return problem("empty_list") if expected == 1 else problem("too_few_items", n=expected)
    if kind == "pattern":
        return problem("bad_form", value=show(value))
    if kind == "uniqueItems":
        return problem("listed_twice")
    return None


def _no_repr(message: str) -> str:
    return re.sub(r"Decimal\('([^']*)'\)", r"\1", message)


def _word(value: Any) -> str:
    return show(value).strip("'") if isinstance(value, str) else show(value)
