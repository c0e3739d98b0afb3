"""Build the prefix table from phonenumbers' metadata.

For each country calling code and each national number length, the national numbers are walked as
a digit trie. At every node the metadata's decision (which region of a shared calling code, then
which number type: phonenumbers' `_region_code_for_number_from_list` and `_number_type_helper`) is
evaluated over all completions of that length with the automata of automaton.py; the walk stops at
the first node where every completion gets the same (country, kind). The leaves become intervals
of E.164 numbers of one length, each with its class.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from .automaton import ALL, NONE, SOME, Automaton
from .reference import INVALID, LANDLINE, MOBILE, OTHER, TOLLFREE, country_of_region

UNKNOWN = "unknown"
# phonenumbers' order of the special types in _number_type_helper, with their kinds
_SPECIAL_TYPES = (
    ("premium_rate", OTHER),
    ("toll_free", TOLLFREE),
    ("shared_cost", OTHER),
    ("voip", OTHER),
    ("personal_number", OTHER),
    ("pager", OTHER),
    ("uan", OTHER),
    ("voicemail", OTHER),
)
Interval = tuple[int, int, str | None, str]  # (E.164 length, first number, country, kind)

_automata: dict[tuple[str, bool], Automaton] = {}


def _automaton(pattern: str | None, prefix_match: bool = False) -> Automaton | None:
    if not pattern:
        return None
    key = (pattern, prefix_match)
    if key not in _automata:
        _automata[key] = Automaton(pattern, prefix_match)
    return _automata[key]


def _desc(metadata, name: str, length: int) -> Automaton | None:
    desc = getattr(metadata, name)
    if desc is None or (desc.possible_length and length not in desc.possible_length):
        return None
    return _automaton(desc.national_number_pattern)


@dataclass(frozen=True)
class _Region:
    """One region's metadata for national numbers of one length, as automata."""

    country: str | None
    lead: Automaton | None
    general: Automaton | None
    special: tuple[tuple[Automaton, str], ...]
    fixed: Automaton | None
    mobile: Automaton | None

    @classmethod
    def of(cls, calling_code: int, region: str, length: int, shared: bool) -> _Region:
        md = PhoneMetadata.metadata_for_region_or_calling_code(calling_code, region)
        special = tuple((a, k) for n, k in _SPECIAL_TYPES if (a := _desc(md, n, length)))
        mobile = None if md.same_mobile_and_fixed_line_pattern else _desc(md, "mobile", length)
        lead = _automaton(md.leading_digits, prefix_match=True) if shared else None
        return cls(
            country_of_region(region),
            lead,
            _desc(md, "general_desc", length),
            special,
            _desc(md, "fixed_line", length),
            mobile,
        )


class _Node:
    __slots__ = ("digits", "parent", "states")

    def __init__(self, digits: str, parent: _Node | None) -> None:
        self.digits, self.parent, self.states = digits, parent, {}

    def state(self, automaton: Automaton) -> int:
        found = self.states.get(automaton)
        if found is None:
            if self.parent is None:
                found = automaton.start
            else:
                found = automaton.step(self.parent.state(automaton), int(self.digits[-1]))
            self.states[automaton] = found
        return found


class _Walk:
    """The trie walk over national numbers of one length for one calling code."""

    def __init__(self, regions: list[_Region], length: int) -> None:
        self.regions, self.length = regions, length

    def status(self, node: _Node, automaton: Automaton | None) -> str:
        if automaton is None:
            return NONE
        return automaton.status(node.state(automaton), self.length - len(node.digits))

    def kinds(self, node: _Node, region: _Region) -> set[str]:
        """The kinds phonenumbers can give the completions of `node` (UNKNOWN: not valid)."""
        found: set[str] = set()
        options = (*region.special, (region.fixed, LANDLINE), (region.mobile, MOBILE))
        for automaton, kind in options:
            status = self.status(node, automaton)
            if status is not NONE:
                found.add(kind)
            if status is ALL:
                break
        else:
            found.add(UNKNOWN)
        if found == {UNKNOWN}:
            return found
        general = self.status(node, region.general)
        return {UNKNOWN} if general is NONE else found | ({UNKNOWN} if general is SOME else set())

    def classes(self, node: _Node) -> set[tuple[str | None, str]]:
        """The (country, kind) classes of the completions of `node`, or a superset of them."""
        if len(self.regions) == 1:
            return {_class(self.regions[0], kind) for kind in self.kinds(node, self.regions[0])}
        found: set[tuple[str | None, str]] = set()
        for region in self.regions:  # phonenumbers' _region_code_for_number_from_list
            if region.lead is not None:
                status = self.status(node, region.lead)
                if status is not NONE:
                    found |= {_class(region, kind) for kind in self.kinds(node, region)}
                if status is ALL:
                    return found
            else:
                kinds = self.kinds(node, region)
                found |= {_class(region, kind) for kind in kinds - {UNKNOWN}}
                if UNKNOWN not in kinds:
                    return found
        return found | {(None, INVALID)}

    def leaves(self) -> Iterator[tuple[str, tuple[str | None, str]]]:
        stack = [_Node("", None)]
        while stack:
            node = stack.pop()
            classes = self.classes(node)
            if len(classes) == 1:
                yield node.digits, next(iter(classes))
            else:
                stack.extend(_Node(node.digits + str(d), node) for d in range(9, -1, -1))


def _class(region: _Region, kind: str) -> tuple[str | None, str]:
    return (None, INVALID) if kind == UNKNOWN else (region.country, kind)


def national_lengths(calling_code: int) -> list[int]:
    lengths: set[int] = set()
    for region in COUNTRY_CODE_TO_REGION_CODE[calling_code]:
        md = PhoneMetadata.metadata_for_region_or_calling_code(calling_code, region)
        lengths.update(n for n in md.general_desc.possible_length if n > 0)
    return sorted(lengths)


def intervals_for(calling_code: int) -> list[Interval]:
    """The classified intervals of all E.164 numbers with this calling code, merged."""
    regions = COUNTRY_CODE_TO_REGION_CODE[calling_code]
    cc = str(calling_code)
    result: list[Interval] = []
    for length in national_lengths(calling_code):
        shared = len(regions) > 1
        walk = _Walk([_Region.of(calling_code, r, length, shared) for r in regions], length)
        last = None
        for digits, cls in walk.leaves():
            if cls != last:
                start = int((cc + digits).ljust(len(cc) + length, "0"))
                result.append((len(cc) + length, start, *cls))
                last = cls
        result.append((len(cc) + length, (calling_code + 1) * 10**length, None, INVALID))
    return result


def all_intervals() -> list[Interval]:
    """Intervals for every calling code, sorted by (length, start), each length from 0."""
    rows: list[Interval] = []
    for calling_code in sorted(COUNTRY_CODE_TO_REGION_CODE):
        rows.extend(intervals_for(calling_code))
    for length in {row[0] for row in rows}:
        rows.append((length, 0, None, INVALID))
    rows.sort(key=lambda row: (row[0], row[1]))
    return _merged(rows)


def _merged(rows: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for row in rows:
        if merged and merged[-1][0] == row[0] and merged[-1][2:] == row[2:]:
            continue
        if merged and merged[-1][:2] == row[:2]:
            merged[-1] = row  # the same start twice: the later row is the more specific one
            continue
        merged.append(row)
    return merged
