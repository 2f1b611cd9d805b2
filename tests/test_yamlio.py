"""Safe reading (limits, bombs, encodings, locations) and atomic writing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult.bank import banks
from ldconsult.base import atomic, files, yamlio
from ldconsult.base.errors import InputFileError, OverwriteError, WriteError
from ldconsult.cli import app

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
MERGE_BOMB = "a0: &a0 {x: 1, y: 2}\n" + "".join(
    f"a{i}: &a{i}\n" + "".join(f"  k{j}: {{<<: *a{i - 1}}}\n" for j in range(9))
    for i in range(1, 10))


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ---------------------------------------------------------------------------------------
# Unreadable files: one line naming the file, from the library and from the CLI

UNREADABLE = {
    "malformed YAML": (lambda d: _write(d, "bad.yaml", "id: x\n  title: [\n"),
                       "malformed YAML: ", (2, 8)),  # libyaml's own words follow
    "binary file": (lambda d: _write(d, "bin.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                    "looks like a binary file", None),
    "missing file": (lambda d: d / "missing.yaml", "no such file", None),
    "directory": (lambda d: d, "is a directory, expected a file", None),
    "non-UTF-8 bytes": (lambda d: _write(d, "latin1.yaml", "a: b\nc: café\n".encode("latin-1")),
                        "is not UTF-8 text (bad byte 0xe9", (2, 7)),
    "UTF-16 text": (lambda d: _write(d, "u16.yaml", "id: x\n".encode("utf-16")),
                    "is UTF-16 text; save it as UTF-8", None),
    "alias bomb": (lambda d: _write(d, "lol.yaml", BILLION_LAUGHS),
                   "YAML anchors and aliases are not allowed", (1, 4)),
    "merge-key bomb": (lambda d: _write(d, "merge.yaml", MERGE_BOMB),
                       "YAML anchors and aliases are not allowed", (3, 8)),
}


@pytest.mark.parametrize("make, message, where", UNREADABLE.values(), ids=list(UNREADABLE))
def test_unreadable_file_raises_one_line_error_naming_the_file(tmp_path: Path, make, message,
                                                               where) -> None:
    path = make(tmp_path)
    with pytest.raises(InputFileError) as info:
        banks.validate_file(path)
    text = str(info.value)
    prefix = f"{path}:{where[0]}:{where[1]}: " if where else f"{path}: "
    assert text.startswith(prefix) and message in text
    assert "\n" not in text


@pytest.mark.parametrize("make, message, where", UNREADABLE.values(), ids=list(UNREADABLE))
def test_cli_reports_unreadable_file_on_one_line_with_exit_2(tmp_path: Path, make, message,
                                                             where) -> None:
    path = make(tmp_path)
    for args in (["banks", "validate", str(path)], ["banks", "show", str(path)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and str(path) in result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:
        fh.write(b"key: value\n" * (50 * 1024 * 1024 // 11))
    with pytest.raises(InputFileError, match=r"file is 50\.0 MiB, over the 1\.0 MiB limit"):
        banks.validate_file(path)
    result = CliRunner().invoke(app, ["banks", "validate", str(path)])
    assert result.exit_code == 2 and "over the 1.0 MiB limit" in result.stderr


@pytest.mark.parametrize("bomb", [BILLION_LAUGHS, MERGE_BOMB], ids=["aliases", "merge-keys"])
def test_bombs_are_rejected_quickly_in_a_fresh_process(tmp_path: Path, bomb: str) -> None:
    path = _write(tmp_path, "bomb.yaml", bomb)
    code = textwrap.dedent(f"""
        import time
        from ldconsult import intake
        from ldconsult.bank import banks
        from ldconsult.base.errors import LdError
        for load in (banks.validate_file, intake.load):
            t = time.perf_counter()
            try:
                load({str(path)!r})
            except LdError:
                pass
            print(time.perf_counter() - t)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert all(float(t) < 2.0 for t in done.stdout.split())


ANCHOR_TRICKS = {
    "after a BOM (recursive list)": b"\xef\xbb\xbf&a [*a, *a]\n",
    "after a flow ':' with a quoted key": b'{"a":&x [1, 2], "b": *x}\n',
    "in a sequence": b"- &x [1]\n- *x\n",
    "with a tab before it": b"a:\t&x 1\nb: *x\n",
    "recursive mapping": b"&r {self: *r}\n",
}


@pytest.mark.parametrize("doc", ANCHOR_TRICKS.values(), ids=list(ANCHOR_TRICKS))
def test_every_way_of_writing_an_anchor_is_refused(doc: bytes) -> None:
    with pytest.raises(InputFileError, match="anchors and aliases are not allowed"):
        yamlio.parse_yaml(doc, "doc.yaml")


@pytest.mark.parametrize("text", ["team: L&D\n", "who: R & D\n", "q: Q&A, &nbsp; ok\n",
                                  "a: '&x'\n"])
def test_ampersands_in_text_are_not_anchors(text: str) -> None:
    assert isinstance(yamlio.parse_yaml(text.encode(), "t.yaml"), dict)


def test_merge_key_without_anchor_still_loads() -> None:
    assert yamlio.parse_yaml(b"a: {<<: {x: 1}, y: 2}\n", "m.yaml") == {"a": {"x": 1, "y": 2}}


@pytest.mark.parametrize("doc, message", [
    (b"a: [1, 2\n", "malformed YAML"),
    (b"a: !!python/object:os.system x\n", "x.yaml:1:4: malformed YAML: "),
    (b"d: 2026-13-45\n", r"x.yaml:1:4: .2026-13-45. is not a real date \(month must be in 1..12\)"),
    (b"---\na: 1\n---\nb: 2\n", "malformed YAML"),
    (b"[" * 5000 + b"]" * 5000, "nested more than 100 levels deep"),
    (b"- " * 5000 + b"x", "nested more than 100 levels deep"),
    (b"[" * 101 + b"]" * 101, "x.yaml:1:101: data is nested more than 100 levels deep"),
    (b"".join(b" " * i + b"k:\n" for i in range(120)) + b" " * 120 + b"v",
     "x.yaml:101:101: data is nested more than 100 levels deep"),
])
def test_parse_yaml_turns_every_failure_into_input_file_error(doc: bytes, message: str) -> None:
    with pytest.raises(InputFileError, match=message) as info:
        yamlio.parse_yaml(doc, "x.yaml")
    assert "\n" not in str(info.value)


def test_nesting_that_would_overflow_libyaml_is_refused_without_a_crash(tmp_path: Path) -> None:
    # 30,000 nested lists kill the process in libyaml's recursive composer (a segfault).
    path = _write(tmp_path, "deep.yaml", "[" * 30000 + "]" * 30000)
    done = subprocess.run([sys.executable, "-m", "ldconsult", "banks", "validate", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("deep.yaml:1:101: data is nested more than 100 "
                                        "levels deep")


def test_a_hundred_levels_still_load() -> None:
    assert yamlio.parse_yaml(b"[" * 100 + b"]" * 100, "x.yaml") is not None
    assert yamlio.depth(yamlio.parse_yaml(b"[" * 100 + b"]" * 100, "x.yaml")) == 100
    assert yamlio.parse_json(b"[" * 100 + b"]" * 100, "x.json") is not None


def test_python_tags_are_never_executed() -> None:
    with pytest.raises(InputFileError):
        yamlio.parse_yaml(b"!!python/object/apply:os.system ['echo hacked']\n", "x.yaml")


def test_bom_is_accepted_at_the_start_of_utf8_text() -> None:
    assert yamlio.parse_yaml(b"\xef\xbb\xbfa: 1\n", "x.yaml") == {"a": 1}


def test_parse_json_reports_line_and_column() -> None:
    with pytest.raises(InputFileError) as info:
        yamlio.parse_json(b'{\n  "a": 1,\n  "b": \n}', "x.json")
    assert str(info.value).startswith("x.json:4:1: malformed JSON: Expecting value")


@pytest.mark.parametrize("n, message", [(101, "nested more than 100 levels deep"),
                                        (100000, "nested too deeply")])
def test_parse_json_deep_nesting_is_an_input_error(n: int, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        yamlio.parse_json(b"[" * n + b"]" * n, "x.json")


def test_load_data_chooses_json_by_extension(tmp_path: Path) -> None:
    # YAML would read "01" as a string key anyway; JSON rejects a trailing comma.
    path = _write(tmp_path, "a.json", '{"a": 1,}')
    with pytest.raises(InputFileError, match="malformed JSON"):
        yamlio.load_data(path)
    assert yamlio.load_data(_write(tmp_path, "a.yml", "a: 1\n")) == {"a": 1}


def test_read_bytes_respects_a_custom_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.yaml", "x" * 2000)
    with pytest.raises(InputFileError, match="over the 1000 bytes limit"):
        files.read_bytes(path, max_bytes=1000)


# ---------------------------------------------------------------------------------------
# Locations

def test_compose_marks_and_locate_find_keys_and_list_items() -> None:
    text = "a:\n  b:\n    - x\n    - {c: 1}\n"
    marks = yamlio.compose_marks(text)
    assert yamlio.locate(marks, ("a", "b")) == {"line": 2, "column": 3}
    assert yamlio.locate(marks, ("a", "b", 1, "c")) == {"line": 4, "column": 8}
    assert yamlio.locate(marks, ("a", "b", 1, "nope")) == {"line": 4, "column": 7}
    assert yamlio.locate(marks, ("zzz",)) == {}
    assert yamlio.compose_marks("a: [\n") == {}


# ---------------------------------------------------------------------------------------
# Writing

def test_dump_yaml_never_writes_aliases_for_shared_objects() -> None:
    shared = ["a", "b"]
    text = yamlio.dump_yaml({"x": shared, "y": shared, "z": {"s": shared}})
    assert "&" not in text and "*" not in text
    assert yamlio.parse_yaml(text, "t.yaml") == {"x": shared, "y": shared, "z": {"s": shared}}


def test_dump_yaml_keeps_unicode_order_and_multiline_blocks() -> None:
    data = {"zeta": "Größe ✓ 日本", "alpha": "line one\nline two\n", "n": 1}
    text = yamlio.dump_yaml(data)
    assert "Größe ✓ 日本" in text and "|" in text
    assert list(yamlio.parse_yaml(text, "t.yaml")) == ["zeta", "alpha", "n"]
    assert yamlio.parse_yaml(text, "t.yaml") == data


def test_atomic_write_creates_file_with_mode_0600(tmp_path: Path) -> None:
    path = atomic.atomic_write(tmp_path / "sub" / "out.yaml", "a: 1\n", make_folders=True)
    assert path.read_text() == "a: 1\n"
    assert (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["out.yaml"]


def test_atomic_write_refuses_to_clobber_without_force(tmp_path: Path) -> None:
    path = _write(tmp_path, "out.yaml", "old\n")
    with pytest.raises(OverwriteError, match="already exists"):
        atomic.atomic_write(path, "new\n", force=False)
    assert path.read_text() == "old\n"
    atomic.atomic_write(path, "new\n", force=True)
    assert path.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_atomic_write_under_a_file_is_a_write_error(tmp_path: Path) -> None:
    blocker = _write(tmp_path, "file", "x")
    with pytest.raises(WriteError) as info:
        atomic.atomic_write(blocker / "out.yaml", "a: 1\n")
    assert str(info.value).startswith(f"{blocker / 'out.yaml'}: cannot write:")


def test_written_text_round_trips_through_json_too(tmp_path: Path) -> None:
    path = atomic.atomic_write(tmp_path / "a.json", json.dumps({"é": [1, 2]}))
    assert yamlio.load_data(path) == {"é": [1, 2]}
    assert os.path.getsize(path) > 0


def test_parse_yaml_of_text_with_a_lone_surrogate_is_an_input_error() -> None:
    with pytest.raises(InputFileError, match="malformed YAML"):
        yamlio.parse_yaml("a: \udc80\n", "x.yaml")
    assert yamlio.parse_yaml("a: é\n", "x.yaml") == {"a": "é"}


def test_dump_yaml_replaces_undecodable_bytes_instead_of_failing() -> None:
    # sys.argv holds '\udcff' for a 0xff byte typed on a non-UTF-8 terminal.
    text = yamlio.dump_yaml({"title": "caf\udcff", "\ud800key": ["x\udcff\ny"]})
    assert yamlio.parse_yaml(text, "t.yaml") == {"title": "caf\ufffd",
                                                 "\ufffdkey": ["x\ufffd\ny"]}
