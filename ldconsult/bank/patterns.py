"""A bank's ``pattern`` constraints: checked when a bank is validated, matched with a limit.

A pattern comes from a bank file, so it is untrusted input that runs as code in the
regular-expression engine. Python's ``re`` backtracks exponentially on patterns such as
``^(a+)+$``: a 40-character answer did not finish in 15 s. So:

- Matching uses the ``regex`` package, whose matcher takes a ``timeout`` (``re`` has
  none, and holds the GIL while it runs, so no thread or signal can stop it). An answer
  that takes longer than :data:`TIMEOUT` is refused with a message, never waited for.
- ``banks validate`` rejects the classic catastrophic shape (see
  :func:`nested_unbounded_repeat`): exponential in ``re`` and in most engines an author
  may test with, even where ``regex`` copes. It also runs the pattern on a few
  adversarial probes under a time limit, which catches other shapes (``(a|aa)+$``).

Core module: no terminal library. ``regex`` is imported only when a pattern is used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

TIMEOUT = 0.2  # seconds for one answer; an ordinary pattern takes microseconds
PROBE_TIMEOUT = 0.05
PROBE_LENGTH = 40
_PROBE_CHARS = "a0 -._"


class PatternTimeout(ValueError):
    """Matching an answer against a bank's pattern took longer than TIMEOUT."""


def search(pattern: str, text: str, *, timeout: float = TIMEOUT) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (PatternTimeout past ``timeout``)."""
    try:
        return _compiled(pattern).search(text, timeout=timeout) is not None
    except TimeoutError:
        raise PatternTimeout(f"the bank's pattern took too long to check this answer (over "
                             f"{timeout:g} s); ask the bank's author to simplify it") from None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    import regex

    return regex.compile(pattern)


def problems(pattern: str) -> list[str]:
    """What is wrong with a bank's pattern: empty when it compiles and is not slow."""
    import regex

    try:
        _compiled(pattern)
    except regex.error as exc:
        return [f"pattern is not a valid regular expression: {exc}"]
    if nested_unbounded_repeat(pattern):
        return ["pattern can take exponential time: a group repeated without bound holds "
                "a part repeated without bound, and nothing marks where one round ends "
                "(like (a+)+ or (\\w+\\s?)*); put a required separator in the group, e.g. "
                "^\\w+(\\s\\w+)*$"]
    slow = next((p for p in probes(pattern) if _too_slow(pattern, p)), None)
    if slow is not None:
        return [f"pattern backtracks catastrophically: it took over {PROBE_TIMEOUT:g} s on "
                f"{len(slow)} characters ({slow[:3]!r}…); rewrite it so that each part "
                "of the answer can match only one way"]
    return []


def _too_slow(pattern: str, text: str) -> bool:
    try:
        search(pattern, text, timeout=PROBE_TIMEOUT)
    except PatternTimeout:
        return True
    return False


def probes(pattern: str) -> list[str]:
    """Long runs of one character, ending in one that breaks the match: what makes a
    backtracking engine try every way of splitting the run."""
    chars = dict.fromkeys(c for c in pattern if c.isalnum() and c.isascii())
    chars.update(dict.fromkeys(_PROBE_CHARS))
    return [c * PROBE_LENGTH + end for c in list(chars)[:12] for end in ("!", "\x00")]


# ---------------------------------------------------------------------------------------
# Static check on the parse tree of Python's own parser (the same syntax as ``regex`` in
# its default version 0). The parser module is private, so any surprise from it means
# "no finding": the probes and the time limit still apply.
#
# The shape found: a group repeated without bound whose body holds something repeated
# without bound, and no required part that the inner repeat cannot match too. Such a
# body can split a run of characters between rounds in exponentially many ways:
# (a+)+, (\w+\s?)*, (.+,)*, (([a-z])+.)+. With a required separator the inner repeat
# cannot cross (^\w+(\s\w+)*$, ([a-z0-9]+\.)*), each round ends in one place: fine.

_BASE_SAMPLE = [chr(i) for i in range(9, 127)] + list("éßñ٣中\u00a0\u2028")


def nested_unbounded_repeat(pattern: str) -> bool:
    try:
        try:  # Python 3.11+
            from re import _constants as sre_constants  # type: ignore[attr-defined]
            from re import _parser as sre_parse  # type: ignore[attr-defined]
        except ImportError:  # pragma: no cover - Python 3.10
            import sre_constants  # type: ignore[no-redef]
            import sre_parse  # type: ignore[no-redef]

        sample = _BASE_SAMPLE + [c for c in dict.fromkeys(pattern) if c not in _BASE_SAMPLE]
        return _Tree(sre_constants, sample).ambiguous(list(sre_parse.parse(pattern)))
    except Exception:  # noqa: BLE001 - a parser we do not own: no finding
        return False


class _Tree:
    def __init__(self, c: Any, sample: list[str]) -> None:
        self.c, self.sample = c, sample
        self.repeats = {c.MAX_REPEAT, c.MIN_REPEAT} | (
            {c.POSSESSIVE_REPEAT} if hasattr(c, "POSSESSIVE_REPEAT") else set())

    def ambiguous(self, items: list[Any]) -> bool:
        for op, av in items:
            if op in self.repeats:
                _, hi, sub = av
                if hi == self.c.MAXREPEAT and self._splits(list(sub)):
                    return True
                if self.ambiguous(list(sub)):
                    return True
            elif any(self.ambiguous(list(sub)) for sub in self._children(op, av)):
                return True
        return False

    def _splits(self, body: list[Any]) -> bool:
        """An unbounded repeat's body that can split a run between rounds many ways."""
        # Possessive repeats and atomic groups never give back what they matched.
        inner = [av for op, av in self._all(body, atomic=False)
                 if op in (self.c.MAX_REPEAT, self.c.MIN_REPEAT) and av[1] == self.c.MAXREPEAT]
        if not inner:
            return False
        reach = frozenset().union(*(self._chars(list(av[2])) for av in inner))
        return not any(chars.isdisjoint(reach) for chars in self._required(body))

    def _required(self, body: list[Any]) -> list[frozenset[str]]:
        """The character sets of single characters every round must match."""
        out = []
        for op, av in body:
            atom = self._atom(op, av)
            if atom is not None:
                out.append(atom)
            elif op == self.c.SUBPATTERN:
                out += self._required(list(av[-1]))
            elif op in self.repeats and av[0] >= 1 and len(av[2]) == 1:
                sub_atom = self._atom(*list(av[2])[0])
                if sub_atom is not None and av[1] != self.c.MAXREPEAT:
                    out.append(sub_atom)
        return out

    def _all(self, items: list[Any], *, atomic: bool = True) -> list[tuple[Any, Any]]:
        """Every node under ``items``; ``atomic=False`` skips atomic groups."""
        out = []
        for op, av in items:
            if not atomic and op == getattr(self.c, "ATOMIC_GROUP", None):
                continue
            out.append((op, av))
            subs = [av[2]] if op in self.repeats else self._children(op, av)
            for sub in subs:
                out += self._all(list(sub), atomic=atomic)
        return out

    def _chars(self, items: list[Any]) -> frozenset[str]:
        found: set[str] = set()
        for op, av in self._all(items):
            atom = self._atom(op, av)
            if atom is not None:
                found |= atom
        return frozenset(found)

    def _atom(self, op: Any, av: Any) -> frozenset[str] | None:
        c = self.c
        tests = {c.LITERAL: lambda ch: ch == chr(av), c.NOT_LITERAL: lambda ch: ch != chr(av),
                 c.ANY: lambda ch: ch != "\n", c.IN: lambda ch: self._in(ch, av),
                 c.CATEGORY: lambda ch: self._category(ch, av)}
        test = tests.get(op)
        return None if test is None else frozenset(ch for ch in self.sample if test(ch))

    def _in(self, ch: str, items: list[Any]) -> bool:
        c = self.c
        negate = bool(items) and items[0][0] == c.NEGATE
        hit = False
        for op, av in items:
            if op == c.LITERAL:
                hit = hit or ch == chr(av)
            elif op == c.RANGE:
                hit = hit or av[0] <= ord(ch) <= av[1]
            elif op == c.CATEGORY:
                hit = hit or self._category(ch, av)
        return hit != negate

    def _category(self, ch: str, cat: Any) -> bool:
        c = self.c
        word = ch.isalnum() or ch == "_"
        return {c.CATEGORY_DIGIT: ch.isdecimal(), c.CATEGORY_NOT_DIGIT: not ch.isdecimal(),
                c.CATEGORY_SPACE: ch.isspace(), c.CATEGORY_NOT_SPACE: not ch.isspace(),
                c.CATEGORY_WORD: word, c.CATEGORY_NOT_WORD: not word}.get(cat, True)

    def _children(self, op: Any, av: Any) -> list[Any]:
        c = self.c
        if op == c.SUBPATTERN:
            return [av[-1]]
        if op == c.BRANCH:
            return list(av[1])
        if op in (c.ASSERT, c.ASSERT_NOT):
            return [av[1]]
        if hasattr(c, "ATOMIC_GROUP") and op == c.ATOMIC_GROUP:
            return [av]
        if op == c.GROUPREF_EXISTS:
            return [p for p in av[1:] if p is not None]
        return []
