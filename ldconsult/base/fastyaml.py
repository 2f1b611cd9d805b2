"""A faster way to load *plain* YAML documents, with yamlio.parse_yaml as the authority.

PyYAML's C loader parses in C but builds every value in Python: a node object per
scalar, then a constructor pass over the nodes. For the documents we write ourselves
(intakes: mappings, lists and scalars, no tags, no anchors) this module builds the values
straight from libyaml's event stream, about 40% faster, using the very same implicit
resolvers and scalar constructors as the C safe loader, so the values are identical.

Whenever a document uses anything else (anchors, aliases, merge keys, explicit tags,
collection keys, a repeated key, several documents, nesting past yamlio.MAX_DEPTH) or
libyaml reports any error, :func:`load` gives up and :func:`parse` falls back to
:func:`yamlio.parse_yaml`, which produces the canonical value or the canonical one-line
error. So this path can only
ever be faster, never different. ``review`` uses it; it is measured in benchmarks/review.py.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml import events as ev

from ldconsult.base import yamlio

_RESOLVERS: dict[Any, list[tuple[str, Any]]] = yamlio._BaseLoader.yaml_implicit_resolvers
_WILDCARD = _RESOLVERS.get(None, [])
# First character → the resolvers Resolver.resolve would try, in its order. A plain
# scalar whose first character has none (most words) is a string: no regex to run.
_BY_FIRST = {c: list(r) + list(_WILDCARD) for c, r in _RESOLVERS.items() if c is not None}
_CONSTRUCTORS = yamlio._BaseLoader.yaml_constructors
_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_MAX_DEPTH = yamlio.MAX_DEPTH

try:  # the C parser: its events are what the C loader composes nodes from
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyPI wheels ship libyaml
    _Parser = None


class _GiveUp(Exception):
    """Not a plain document: let yamlio.parse_yaml decide."""


def parse(data: bytes, path: str) -> Any:
    """The value of a YAML document, exactly as :func:`yamlio.parse_yaml` returns it."""
    try:
        return load(data)
    except _GiveUp:
        return yamlio.parse_yaml(data, path)


def load(data: bytes) -> Any:
    """Build a plain document from events; raise _GiveUp on anything else."""
    if _Parser is None:
        raise _GiveUp
    try:
        data.decode("utf-8-sig")  # yamlio insists on UTF-8; libyaml would also take UTF-16
    except UnicodeDecodeError:
        raise _GiveUp from None
    try:
        parser = _Parser(data)
    except Exception:  # noqa: BLE001 - any problem at all: the authority decides
        raise _GiveUp from None
    try:
        return _build(parser)
    except _GiveUp:
        raise
    except Exception:  # noqa: BLE001 - malformed YAML, bad bytes, odd scalars
        raise _GiveUp from None
    finally:
        parser.dispose()


def _build(parser: Any) -> Any:
    get = parser.get_event
    if type(get()) is not ev.StreamStartEvent or type(get()) is not ev.DocumentStartEvent:
        raise _GiveUp
    scalar_event, mapping_start, sequence_start = ev.ScalarEvent, ev.MappingStartEvent, \
        ev.SequenceStartEvent
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    stack: list[Any] = []  # open collections
    keys: list[Any] = []  # per open mapping: the pending key wrapped in a tuple, or None
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise _GiveUp  # anchors and tags (even the non-specific '!')
            value = event.value
            if event.implicit[0] and (_BY_FIRST.get(value[:1]) or _WILDCARD):
                value = _resolve(value)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or len(stack) >= _MAX_DEPTH:
                raise _GiveUp
            stack.append({} if kind is mapping_start else [])
            keys.append(None)
            continue
        elif kind in ends:
            value = stack.pop()
            keys.pop()
        elif kind is ev.DocumentEndEvent:
            break
        else:  # an alias, or anything unexpected
            raise _GiveUp
        if not stack:
            root = value
            continue
        top = stack[-1]
        if type(top) is list:
            top.append(value)
        elif keys[-1] is None:
            if type(value) in (dict, list) or value == "<<":
                raise _GiveUp  # collection keys and merge keys: the full loader's job
            keys[-1] = (value,)
        else:
            key = keys[-1][0]
            if key in top:
                raise _GiveUp  # a repeated key: the full loader names it and its line
            top[key] = value
            keys[-1] = None
    if type(get()) is not ev.StreamEndEvent:
        raise _GiveUp  # several documents: the full loader reports it
    return root


def _resolve(value: str) -> Any:
    """A plain scalar typed as yaml.resolver.Resolver + SafeConstructor type it."""
    for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
        if regexp.match(value):
            if tag == _STR:
                return value
            construct = _CONSTRUCTORS.get(tag)
            if construct is None:
                raise _GiveUp  # e.g. '=' (the 'value' tag): the full loader errs
            return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    return value
