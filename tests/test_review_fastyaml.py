"""The fast plain-YAML path gives exactly what yamlio.parse_yaml gives, or steps aside."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ldconsult.base import fastyaml, yamlio
from ldconsult.base.errors import InputFileError


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types all the way down (1, 1.0 and True differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def authority(data: bytes) -> Any:
    try:
        return ("value", yamlio.parse_yaml(data, "x.yaml"))
    except InputFileError as exc:
        return ("error", str(exc))


def fast(data: bytes) -> Any:
    try:
        return ("value", fastyaml.parse(data, "x.yaml"))
    except InputFileError as exc:
        return ("error", str(exc))


PLAIN = [
    b"a: 1\nb: 1.5\nc: yes\nd: ~\ne: 2026-11-23\nf: 2026-11-23T10:00:00+01:00\n",
    b"ints: [0o17, 0x1F, 1_000, -3, +4, 1:20, 0b101]\n"
    b"floats: [.inf, -.Inf, .nan, 1e3, 6.8523015e+5]\n",
    b"bools: [true, False, ON, off, y, n, Yes]\nnulls: [null, Null, ~, ]\n",
    b"quoted: ['1', \"yes\", '~', '']\nblock: |\n  line 1\n  line 2\nfolded: >-\n  a\n  b\n",
    b"? simple key\n: value\n1: int key\n2026-01-01: date key\nnull: null key\n",
    b"- a\n- [b, {c: d}]\n- {}\n- []\n",
    b"\xef\xbb\xbfbom: true\n",
    b"text: L&D and R & D, 50% off #not-a-comment\nurl: http://x.y/z?a=1#f\n",
    b"just a scalar\n",
    b"",
    b"---\n...\n",
    b"n\xc3\xa4me: J\xc3\xb6 M\xc3\xbcller\nemoji: \xf0\x9f\x98\x80\n",
]
ODD = [
    b"a: &x 1\nb: *x\n",
    b"base: &b {k: 1}\nm:\n  <<: *b\n",
    b"m:\n  <<: {k: 1}\n  j: 2\n",
    b"a: !!str 1\nb: !!int '2'\n",
    b"a: !custom x\n",
    b"! 123\n",
    b"a: ! {b: 1}\n",
    b"? [a, b]\n: v\n",
    b"one: 1\n---\ntwo: 2\n",
    b"a: [b\n",
    b"a: b\n c: d\n",
    b"\xff\xfe",
    b"bad: \xe9t\xe9\n",
    b"bad: 2026-13-45\n",
    b"dup: 1\ndup: 2\n",
    b"= \n",
    b"x: " + b"[" * 150 + b"]" * 150 + b"\n",
    b"tab:\t\x01\n",
]


@pytest.mark.parametrize("data", PLAIN + ODD)
def test_fast_path_agrees_with_parse_yaml(data: bytes) -> None:
    want, got = authority(data), fast(data)
    assert want[0] == got[0]
    assert same(want[1], got[1]) if want[0] == "value" else want == got


@pytest.mark.parametrize("data", ODD)
def test_fast_path_steps_aside_for_anything_but_plain_documents(data: bytes) -> None:
    with pytest.raises(fastyaml._GiveUp):
        fastyaml.load(data)


@pytest.mark.parametrize("data", [d for d in PLAIN if d.strip(b"\xef\xbb\xbf-.\n")])
def test_plain_documents_take_the_fast_path(data: bytes) -> None:
    assert same(fastyaml.load(data), yamlio.parse_yaml(data, "x.yaml"))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates(),
                    st.sampled_from(["yes", "No", "~", "1:20", "0o7", "1_0", ".inf", "=",
                                     "2026-01-01 10:00", "L&D", "- x", "#", "a: b", "<<"]))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=8) | st.integers(), inner,
                                           max_size=4), max_leaves=25)


@given(documents, st.sampled_from([None, False, True]))
def test_fast_path_agrees_on_generated_documents(doc: Any, flow: bool | None) -> None:
    data = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow).encode()
    want, got = authority(data), fast(data)
    assert want[0] == got[0] and (same(want[1], got[1]) if want[0] == "value" else want == got)


@given(st.text(alphabet="ab: -[]{}?!&*<>=~'\"#|\n\t1.,", max_size=40))
def test_fast_path_agrees_on_arbitrary_text(text: str) -> None:
    data = text.encode()
    want, got = authority(data), fast(data)
    assert want[0] == got[0] and (same(want[1], got[1]) if want[0] == "value" else want == got)


def test_timestamps_come_back_as_the_same_types() -> None:
    value = fastyaml.load(b"d: 2026-11-23\nt: 2026-11-23 10:00:00\n")
    assert type(value["d"]) is dt.date and type(value["t"]) is dt.datetime
