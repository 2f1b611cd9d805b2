"""Engine outcomes kept by signal state, for the adaptive interview's chooser.

Trying every possible answer at every step runs the engine a few dozen times a step; a
step after an answer that changes no signal (a "don't know", an answer that sets nothing
new) would run it again on the same signals. :class:`Memo` keeps each outcome under the
signals' values and evidence, with the "don't know" entries the engine looked up while
working it out (:class:`_Looked`): another set of "don't know" answers that agrees on
those gets the same outcome, which is exact, as the engine is a pure function of the
signals it reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any

from ldconsult.bank.signals import Signals
from ldconsult.engine.outcome import Outcome, outcome

CACHE_SIZE = 20000  # outcomes kept (an interview needs a few thousand)


def frozen(value: Any) -> Hashable:
    """An answer or a signal's value, hashable (a list becomes a tuple)."""
    return tuple(value) if isinstance(value, list) else value


def signal_key(sig: Signals) -> Hashable:
    """The signals' values and evidence, hashable (the "don't know" entries are not in it:
    _Memo tracks which of them the engine looks at)."""
    return (frozenset((k, frozen(v)) for k, v in sig.values.items()),
            frozenset((k, tuple(v)) for k, v in sig.evidence.items()))


class _Looked(dict):  # type: ignore[type-arg]
    """Signals.unknown_from that notes which names were looked up (all of them when it is
    walked), so an outcome can be reused for another set of "don't know" answers that
    agrees on those names."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self.looked: set[str] = set()
        self.everything = False

    def __contains__(self, name: object) -> bool:
        self.looked.add(str(name))
        return super().__contains__(name)

    def __getitem__(self, name: str) -> Any:
        self.looked.add(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        self.looked.add(name)
        return super().get(name, default)

    def _walk(self) -> None:
        self.everything = True

    def __iter__(self) -> Any:
        self._walk()
        return super().__iter__()

    def __len__(self) -> int:
        self._walk()
        return super().__len__()

    def keys(self) -> Any:
        self._walk()
        return super().keys()

    def values(self) -> Any:
        self._walk()
        return super().values()

    def items(self) -> Any:
        self._walk()
        return super().items()


class Memo:
    """Outcomes by signal state (:func:`signal_key` and the answer tried), each kept with
    the "don't know" entries the engine looked up and whether they were there. The same
    state with other "don't know" answers that agree on those reuses it: after a "don't
    know", or an answer that sets nothing new, the next step costs almost nothing."""

    def __init__(self, anchor: dt.date) -> None:
        self.anchor = anchor
        self._kept: dict[Hashable, list[tuple[frozenset[str] | None, frozenset[str], Outcome]]] = {}
        self._size = 0
        self.runs = 0  # engine runs so far (what a step costs)

    def outcome(self, key: Hashable, sig: Signals) -> Outcome:
        unknown = sig.unknown_from
        for looked, present, out in self._kept.get(key, ()):
            if looked is None:
                if present == unknown.keys():
                    return out
            elif present == {n for n in looked if n in unknown}:
                return out
        tracked = _Looked(unknown)
        self.runs += 1
        out = outcome(Signals(sig.values, sig.evidence, tracked), self.anchor)
        looked = None if tracked.everything else frozenset(tracked.looked)
        present = frozenset(unknown) if looked is None else frozenset(
            n for n in looked if n in unknown)
        if self._size >= CACHE_SIZE:
            self._kept.clear()
            self._size = 0
        self._kept.setdefault(key, []).append((looked, present, out))
        self._size += 1
        return out
