"""Safe YAML and JSON parsing with limits, and YAML writing.

Parsing: the C loader when PyYAML has it, no repeated keys, a depth limit, and no anchors
or aliases at all (our banks and intakes never need them, and alias or merge-key bombs
blow up either in the loader or in whatever walks the result; see NOTES-yaml.md).
Reading the file itself is ``files`` (regular files only, size limit, binary detection);
writing it atomically is ``atomic``.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from typing import Any

import yaml

from ldconsult.base.errors import InputFileError
from ldconsult.base.files import MAX_BYTES, decode, read_bytes
from ldconsult.base.text import echo

_HAS_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
_BaseLoader: Any = yaml.CSafeLoader if _HAS_LIBYAML else yaml.SafeLoader
_BaseDumper: Any = yaml.CSafeDumper if _HAS_LIBYAML else yaml.SafeDumper
if not _HAS_LIBYAML:  # pragma: no cover - PyPI wheels ship libyaml
    warnings.warn("PyYAML has no C loader here: reading many YAML files will be ~10x slower",
                  RuntimeWarning, stacklevel=1)

# An anchor is '&' followed by a non-space, and never directly after a letter or digit
# (tokens are separated by spaces or indicators). So "L&D" or "R & D" do not match, but
# every real anchor does, including after a BOM or a flow ':' ({"a":&x [..]}): a missed
# anchor would let an alias bomb through to the unguarded loader.
_ANCHOR_HINT = re.compile(rb"(?:^|[^A-Za-z0-9])&[^\s]", re.MULTILINE)
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_SPACE_BYTES = frozenset(b" \t\n\r\f\v")


def _may_hold_anchor(raw: bytes) -> bool:
    """Same answer as ``_ANCHOR_HINT.search(raw)``, ~100x faster: the regex cost about
    0.2 ms on a 6 KB intake (a fifth of the parse), this costs microseconds (bytes.find)."""
    i = raw.find(b"&")
    while i != -1:
        if (i == 0 or raw[i - 1] not in _WORD_BYTES) and i + 1 < len(raw) \
                and raw[i + 1] not in _SPACE_BYTES:
            return True
        i = raw.find(b"&", i + 1)
    return False


# Our files nest about 10 levels; deeper data only serves to exhaust recursion in whatever
# walks it (repr, pydantic, Rich). Worse, libyaml's composer recurses in C: about 25,000
# nested '[' (50 KB) overflow the stack and kill the process. Every collection starts at
# one of these bytes (a flow bracket, a '-' or '?' indicator, or the ':' of its first
# key), so their count bounds the depth: a document that could crash libyaml is scanned
# with the iterative event parser first; any other one is measured after loading.
MAX_DEPTH = 100
_SCAN_BEFORE_LOADING = 2000
_NESTING_BYTES = b"[{-?:"


class _AliasFound(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _NotADate(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        self.message, self.mark = message, mark


class Duplicate(Exception):
    """A key given twice in one mapping (YAML would let the last one win without a word)."""

    def __init__(self, key: str, line: int, column: int, first_line: int) -> None:
        self.key, self.line, self.column, self.first_line = key, line, column, first_line

    def error(self, path: str) -> InputFileError:
        return InputFileError(f"duplicate key '{echo(self.key)}' (first on line "
                              f"{self.first_line}); only one may be given", path=path,
                              line=self.line, column=self.column)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C safe loader, refusing a repeated key, and naming the line of a date that
    does not exist (2026-13-01). ``duplicates``, when a list, collects the repeated keys
    instead (``banks validate`` lists them with its other problems)."""

    duplicates: list[Duplicate] | None = None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        mapping = super().construct_mapping(node, deep)
        if len(mapping) != len(node.value):  # cheap: only a mapping that lost a key looks
            for found in _duplicates(self.constructed_objects, node):
                if self.duplicates is None:
                    raise found
                self.duplicates.append(found)
        return mapping

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:  # the pattern matched, the calendar did not
            raise _NotADate(f"'{echo(node.value)}' is not a real date ({exc})",
                            node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _duplicates(built: dict[Any, Any], node: Any) -> list[Duplicate]:
    """The keys of mapping ``node`` that repeat an earlier one, as the constructor typed
    them (so 1 and 0x1 are the same key, 'a' and 'A' are not)."""
    seen: dict[Any, Any] = {}
    found = []
    for key_node, _ in node.value:
        key = built.get(key_node, key_node.value)
        try:
            first = seen.setdefault(key, key_node)
        except TypeError:  # an unhashable key: the constructor has already refused it
            continue
        if first is not key_node:
            found.append(Duplicate(str(key_node.value), key_node.start_mark.line + 1,
                                   key_node.start_mark.column + 1, first.start_mark.line + 1))
    return found


class _GuardedLoader(_Loader):
    """Refuses any alias (a node seen twice) and any merge key, before building anything big."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasFound(node.start_mark)
        return super().construct_object(node, deep)

    def flatten_mapping(self, node: Any) -> None:
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _AliasFound(key_node.start_mark)
        super().flatten_mapping(node)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_presenter(dumper: Any, data: str) -> Any:
    # Multi-line text as a literal block keeps intakes readable and diff-friendly. The
    # emitter falls back to a quoted style by itself when a block would not round-trip.
    data = _valid_text(data)
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _valid_text(data: str) -> str:
    """Text that UTF-8 can hold. Undecodable bytes reach us as lone surrogates (a
    command-line argument from a non-UTF-8 terminal, say); they become U+FFFD rather
    than making the whole save fail."""
    try:
        data.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in data)
    return data


_Dumper.add_representer(str, _str_presenter)


def parse_yaml(data: bytes | str, path: str, *,
               duplicates: list[Duplicate] | None = None) -> Any:
    """Parse YAML text safely. Raises :class:`InputFileError` with file:line:col.

    A key given twice in a mapping is an error, unless ``duplicates`` is a list: then each
    repeated key is added to it, and the last one given wins (as in plain YAML)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if isinstance(data, bytes):
        decode(data, path)  # a clear message for non-UTF-8 input
    loader_cls = _GuardedLoader if _may_hold_anchor(raw) else _Loader
    try:
        bound = len(raw) - len(raw.translate(None, _NESTING_BYTES))
        if bound >= _SCAN_BEFORE_LOADING:
            _check_depth(raw, path)
        loader = loader_cls(raw)
        loader.duplicates = duplicates
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
        if bound > MAX_DEPTH and depth(value) > MAX_DEPTH:
            _check_depth(raw, path)  # raises, with the line where it gets too deep
            raise _too_deep(path)
        return value
    except InputFileError:
        raise
    except Duplicate as exc:
        raise exc.error(path) from None
    except _NotADate as exc:
        raise InputFileError(exc.message, path=path, **_mark(exc.mark)) from None
    except _AliasFound as exc:
        raise InputFileError("YAML anchors and aliases are not allowed (they can hide an "
                             "alias bomb)", path=path, **_mark(exc.mark)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "malformed YAML"
        if "nesting depth" in what:  # libyaml >= 0.2.6 (PyYAML 6.0.4) stops at 1000 levels
            raise _too_deep_before(raw, mark, path) from None
        raise InputFileError(f"malformed YAML: {what}", path=path, **_mark(mark)) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"malformed YAML: {exc}", path=path) from None
    except (RecursionError, MemoryError):
        raise InputFileError("YAML is nested too deeply to read", path=path) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # The safe constructor can fail on odd scalars (e.g. timestamps out of range).
        raise InputFileError(f"malformed YAML: {exc}", path=path) from None


def depth(value: Any) -> int:
    """How deeply lists and mappings nest in ``value`` (iterative: safe on any input)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item \
            if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((c, level + 1) for c in children if isinstance(c, (dict, list)))
    return deepest


def _too_deep(path: str, mark: Any = None) -> InputFileError:
    return InputFileError(f"data is nested more than {MAX_DEPTH} levels deep", path=path,
                          **_mark(mark))


def _too_deep_before(raw: bytes, mark: Any, path: str) -> InputFileError:
    """Our own message for a document that libyaml found too deep on its own: the limit is
    ours (MAX_DEPTH), so the place is where *our* limit is crossed. libyaml's limit lies
    further in, so the pure-Python parser finds ours within the prefix up to its mark."""
    prefix = raw.decode("utf-8", "replace")[: getattr(mark, "index", 0) + 1]
    try:
        _check_depth(prefix.encode("utf-8"), path, loader=yaml.SafeLoader)
    except InputFileError as exc:
        return exc
    except yaml.YAMLError:
        pass
    return _too_deep(path)


def _check_depth(raw: bytes, path: str, *, loader: Any = _BaseLoader) -> None:
    """Refuse documents nested deeper than MAX_DEPTH, using libyaml's iterative parser."""
    depth = 0
    for event in yaml.parse(raw, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(path, event.start_mark)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def parse_json(data: bytes, path: str) -> Any:
    text = decode(data, path)
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys)
    except _RepeatedKey:
        raise _json_duplicate(text).error(path) from None
    except json.JSONDecodeError as exc:
        raise InputFileError(f"malformed JSON: {exc.msg}", path=path, line=exc.lineno,
                             column=exc.colno) from None
    except RecursionError:
        raise InputFileError("JSON is nested too deeply to read", path=path) from None
    # JSON may escape half of a surrogate pair ("\ud800"): such a string is not text and
    # cannot be written back as UTF-8. YAML's C loader refuses these escapes by itself.
    if len(data) - len(data.translate(None, b"[{")) > MAX_DEPTH and depth(value) > MAX_DEPTH:
        raise _too_deep(path)
    if _SURROGATE_ESCAPE.search(data) and _has_lone_surrogate(value):
        raise InputFileError("contains an unpaired \\u surrogate escape, which is not text",
                             path=path)
    return value


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class _RepeatedKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _RepeatedKey
    return obj


# In text known to be JSON: a string (a key when a ':' follows it), or a bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"\s*:?|[{}\[\]]')


def _json_duplicate(text: str) -> Duplicate:
    """Where the first repeated key is. The json module gives no positions, so this second,
    slower pass runs only once a repeated key is known to be there."""
    objects: list[dict[str, int] | None] = []  # per open bracket: its keys' offsets
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in ("{", "["):
            objects.append({} if token == "{" else None)
        elif token in ("}", "]"):
            objects.pop()
        elif token.endswith(":") and objects and objects[-1] is not None:
            key = json.loads(token[:-1])
            first = objects[-1].setdefault(key, m.start())
            if first != m.start():
                return Duplicate(key, *_line_column(text, m.start()),
                                 _line_column(text, first)[0])
    return Duplicate("?", 1, 1, 1)  # not reached: the decoder found one


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def load_data(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Any:
    """Load a YAML or JSON file (by extension; YAML is a superset for anything else)."""
    p = str(path)
    data = read_bytes(p, max_bytes=max_bytes)
    if p.lower().endswith(".json"):
        return parse_json(data, p)
    return parse_yaml(data, p)


def compose_marks(text: str | bytes) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Map each key path in a YAML document to its (line, column), both 1-based.

    Used only to locate validation problems, so it may be slower than loading. For a
    mapping entry the mark is the key's; for a list item, the item's.
    """
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return {}
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}
    stack: list[tuple[tuple[Any, ...], Any]] = [((), node)]
    while stack:
        path, n = stack.pop()
        if n is None:
            continue
        marks.setdefault(path, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k)
                marks[path + (key,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
                marks[path + (key, "<value>")] = (v.start_mark.line + 1, v.start_mark.column + 1)
                stack.append((path + (key,), v))
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                stack.append((path + (i,), item))
    return marks


def locate(marks: dict[tuple[Any, ...], tuple[int, int]], loc: tuple[Any, ...]) -> dict[str, int]:
    """The nearest known (line, column) for a key path: the path itself, or its parents."""
    path = tuple(str(p) if not isinstance(p, int) else p for p in loc)
    while path:
        if path in marks:
            line, col = marks[path]
            return {"line": line, "column": col}
        path = path[:-1]
    return {}


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=88)


def _mark(mark: Any) -> dict[str, int]:
    if mark is None:
        return {}
    return {"line": mark.line + 1, "column": mark.column + 1}
