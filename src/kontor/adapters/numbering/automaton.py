"""Digit automata for the regular expressions of phonenumbers' metadata.

A pattern is compiled into an NFA over the ten digits. For a set of NFA states and a number of
digits still to come, `status` says whether every completion matches (ALL), none does (NONE) or
only some do (SOME). This lets the prefix table stop at the shortest prefix that decides a
number's class, exactly as the metadata says, without sampling numbers.

Only the constructs the metadata uses are supported: literals, classes, `\\d`, groups,
alternation and greedy repeats; anything else raises ValueError.
"""

from __future__ import annotations

import re._constants as sc
import re._parser as sp

ALL, NONE, SOME = "all", "none", "some"
_DIGITS = range(10)
_ANY_DIGIT = (1 << 10) - 1


class _Builder:
    """Thompson construction: states with epsilon edges and digit-set edges."""

    def __init__(self) -> None:
        self.eps: list[list[int]] = []
        self.edges: list[list[tuple[int, int]]] = []

    def state(self) -> int:
        self.eps.append([])
        self.edges.append([])
        return len(self.eps) - 1

    def sequence(self, items: list, start: int) -> int:
        for op, av in items:
            start = self.item(op, av, start)
        return start

    def item(self, op, av, start: int) -> int:
        if op in (sc.LITERAL, sc.IN):
            end = self.state()
            self.edges[start].append((_digit_mask(op, av), end))
            return end
        if op is sc.SUBPATTERN:
            return self.sequence(av[3], start)
        if op is sc.BRANCH:
            end = self.state()
            for branch in av[1]:
                self.eps[self.sequence(branch, start)].append(end)
            return end
        if op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
            return self.repeat(av, start)
        raise ValueError(f"unsupported regular expression construct {op}")

    def repeat(self, av, start: int) -> int:
        low, high, body = av
        for _ in range(low):
            start = self.sequence(body, start)
        if high is sc.MAXREPEAT:
            loop = self.state()
            self.eps[start].append(loop)
            self.eps[self.sequence(body, loop)].append(loop)
            return loop
        end = self.state()
        for _ in range(high - low):
            self.eps[start].append(end)
            start = self.sequence(body, start)
        self.eps[start].append(end)
        return end


def _digit_mask(op, av) -> int:
    if op is sc.LITERAL:
        return _char_mask(av)
    mask, negate = 0, False
    for kind, value in av:
        if kind is sc.NEGATE:
            negate = True
        elif kind is sc.LITERAL:
            mask |= _char_mask(value)
        elif kind is sc.RANGE:
            mask |= sum(_char_mask(c) for c in range(value[0], value[1] + 1))
        elif kind is sc.CATEGORY and value is sc.CATEGORY_DIGIT:
            mask |= _ANY_DIGIT
        else:
            raise ValueError(f"unsupported character class item {kind}")
    return _ANY_DIGIT & ~mask if negate else mask


def _char_mask(code: int) -> int:
    char = chr(code)
    return 1 << int(char) if "0" <= char <= "9" else 0


class Automaton:
    """A full-match automaton for one pattern, with memoised steps and completion statuses."""

    def __init__(self, pattern: str, prefix_match: bool = False) -> None:
        builder = _Builder()
        start = builder.state()
        accept = builder.sequence(sp.parse(pattern), start)
        if prefix_match:  # re.match semantics: any digits may follow the pattern
            builder.edges[accept].append((_ANY_DIGIT, accept))
        closures = _closures(builder.eps)
        self.accept_bit = 1 << accept
        self.start = closures[start]
        self._moves = [
            [_union(closures[t] for mask, t in builder.edges[s] if mask >> d & 1) for d in _DIGITS]
            for s in range(len(builder.eps))
        ]
        self._steps: dict[tuple[int, int], int] = {}
        self._statuses: dict[tuple[int, int], str] = {}

    def step(self, states: int, digit: int) -> int:
        key = (states, digit)
        found = self._steps.get(key)
        if found is None:
            found = 0
            rest = states
            while rest:
                low = rest & -rest
                found |= self._moves[low.bit_length() - 1][digit]
                rest ^= low
            self._steps[key] = found
        return found

    def status(self, states: int, remaining: int) -> str:
        """Whether all, none or some of the `remaining`-digit completions are accepted."""
        if not states:
            return NONE
        if remaining == 0:
            return ALL if states & self.accept_bit else NONE
        key = (states, remaining)
        found = self._statuses.get(key)
        if found is None:
            found = self._status_of_children(states, remaining)
            self._statuses[key] = found
        return found

    def _status_of_children(self, states: int, remaining: int) -> str:
        first = None
        for digit in _DIGITS:
            child = self.status(self.step(states, digit), remaining - 1)
            if child is SOME or (first is not None and child is not first):
                return SOME
            first = child
        return first


def _union(masks) -> int:
    result = 0
    for mask in masks:
        result |= mask
    return result


def _closures(eps: list[list[int]]) -> list[int]:
    closures = []
    for state in range(len(eps)):
        seen, todo = {state}, [state]
        while todo:
            for nxt in eps[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closures.append(_union(1 << s for s in seen))
    return closures
