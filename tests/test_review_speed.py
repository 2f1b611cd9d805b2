"""Speed work for review that must not change behaviour (timings live in benchmarks/)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldconsult.base import yamlio

CASES = [b"&a", b"x: &a 1", b"L&D", b"R & D", b"[&a]", b"a:\n&x", b"{k: &a 1}", b",&a",
         b"a&", b"&", b"x\t&y", b"- &b x", b'{"a":&x [1]}', b"\xef\xbb\xbf&a x", b"(&x)",
         b"9&x", b"&\n", b"& ", b"a &\tb", b"\xc3\xa9&x"]


@pytest.mark.parametrize("raw", CASES)
def test_fast_anchor_prefilter_agrees_with_the_regex(raw: bytes) -> None:
    assert yamlio._may_hold_anchor(raw) == bool(yamlio._ANCHOR_HINT.search(raw))


@given(st.binary(max_size=40) | st.text(alphabet="&aZ9 \t\n[{,:-é", max_size=30).map(str.encode))
def test_fast_anchor_prefilter_agrees_with_the_regex_on_any_bytes(raw: bytes) -> None:
    assert yamlio._may_hold_anchor(raw) == bool(yamlio._ANCHOR_HINT.search(raw))
