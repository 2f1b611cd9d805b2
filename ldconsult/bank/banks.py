"""Question banks: safe loading, with every problem at file:line:col, and the registry.

A bank is data (YAML); its models are in :mod:`ldconsult.bank.model`. Loading validates
the shape with pydantic (unknown keys are errors, with a did-you-mean), then lints what a
schema cannot see: duplicate ids, conditions that name unknown or later questions,
defaults outside the choices, and signals outside the vocabulary (both in
:mod:`ldconsult.bank.lint`). Every problem is reported at once, each with where it is.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ldconsult.bank.cache import read_cached, write_cached
from ldconsult.bank.model import Bank
from ldconsult.base.errors import BankError, InputFileError, Problem
from ldconsult.base.files import decode, read_bytes, regular_stat
from ldconsult.base.text import echo
from ldconsult.base.yamlio import Duplicate, compose_marks, parse_yaml


class LoadedBank:
    """A validated bank with where it came from (path and sha256 of the file)."""

    __slots__ = ("bank", "path", "sha256", "builtin")

    def __init__(self, bank: Bank, path: Path, sha256: str, builtin: bool) -> None:
        self.bank, self.path, self.sha256, self.builtin = bank, path, sha256, builtin


# ---------------------------------------------------------------------------------------
# Loading

def validate_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in a bank file (empty when it is valid). Unreadable files raise."""
    return _load(Path(path))[1]


def load_file(path: str | os.PathLike[str], *, builtin: bool = False) -> LoadedBank:
    """A valid bank from a file, or :class:`BankError` carrying every problem."""
    p = Path(path)
    # realpath, not resolve(): a symlink loop is then read_bytes' one-line error, where
    # Path.resolve() raises RuntimeError.
    return _load_cached(os.path.realpath(p), _mtime(p), builtin)


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return -1.0


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float, builtin: bool) -> LoadedBank:
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    if builtin:  # shipped banks: skip parsing and validating when this exact file was seen
        cached = read_cached(Path(path).stem, digest)
        if cached is not None:
            return LoadedBank(cached, Path(path), digest, builtin)
    bank, problems, digest = _load(Path(path), data)
    if problems or bank is None:
        first = problems[0] if problems else Problem("invalid bank", path)
        more = f" (and {len(problems) - 1} more; run 'ldconsult banks validate')" \
            if len(problems) > 1 else ""
        raise BankError(first.message + more, problems=problems, path=first.path,
                        line=first.line, column=first.column)
    if builtin:
        write_cached(Path(path).stem, digest, bank)
    return LoadedBank(bank, Path(path), digest, builtin)


def _load(path: Path, data: bytes | None = None) -> tuple[Bank | None, list[Problem], str]:
    # Imported here: a shipped bank found in the cache is neither parsed nor linted, so
    # starting an interview does not load the linter.
    from ldconsult.bank.lint import lint, pydantic_problems

    data = read_bytes(path) if data is None else data
    digest = hashlib.sha256(data).hexdigest()
    name = str(path)
    repeated: list[Duplicate] = []  # listed with the other problems, not one at a time
    raw = parse_yaml(data, name, duplicates=repeated)
    first = [Problem(d.error(name).message, name, d.line, d.column) for d in repeated]
    if not isinstance(raw, dict):
        return None, first + [Problem("a bank is a YAML mapping with id, title, version and "
                                      "sections", name, 1, 1)], digest
    try:
        bank = Bank.model_validate(raw)
    except ValidationError as exc:
        marks = compose_marks(decode(data, name))
        return None, _with_repeated(first, pydantic_problems(exc, raw, marks, name)), digest
    problems = lint(bank, None, name)
    if problems:  # locating them takes a second pass over the text: pay only when needed
        problems = lint(bank, compose_marks(decode(data, name)), name)
    return bank, _with_repeated(first, problems), digest


def _with_repeated(repeated: list[Problem], problems: list[Problem]) -> list[Problem]:
    """The repeated keys among the other problems, in the order of the file's lines."""
    if not repeated:
        return problems
    return sorted(repeated + problems, key=lambda p: (p.line or 0, p.column or 0))


# ---------------------------------------------------------------------------------------
# The registry of shipped banks

DEFAULT_BANK = "performance-consulting"


def shipped_dir() -> Path:
    """question_banks/ inside the installed package, or at the repository root."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "question_banks", package.parent / "question_banks"):
        if candidate.is_dir():
            return candidate
    raise BankError("the built-in question banks are missing from this installation")


def shipped() -> dict[str, Path]:
    """Shipped bank id → file (the id is the file name, kept equal to the bank's id)."""
    return {p.stem: p for p in sorted(shipped_dir().glob("*.yaml"))}


def resolve(id_or_path: str | os.PathLike[str] | None) -> LoadedBank:
    """A bank by shipped id or by path. Unknown ids get the list and a did-you-mean."""
    ref = str(id_or_path or DEFAULT_BANK)
    banks = shipped()
    if ref in banks:
        return load_file(banks[ref], builtin=True)
    looks_like_path = os.sep in ref or ref.endswith((".yaml", ".yml", ".json")) or \
        os.path.lexists(ref)  # lexists: a broken link or a loop is a path, with its error
    if looks_like_path:
        return load_file(ref)
    import difflib

    near = difflib.get_close_matches(ref, list(banks), n=1, cutoff=0.5)
    hint = f"did you mean '{near[0]}'? " if near else ""
    raise BankError(f"unknown bank '{echo(ref)}': {hint}known banks: {', '.join(banks)} "
                    "(or give a path to a .yaml file)")


def load_recorded(path: str) -> LoadedBank:
    """The bank an intake's (or a draft's) ``bank.path`` names.

    That path comes from a file, so whoever wrote the file chose it, and every reader of
    the intake would open it: only a regular ``.yaml``, ``.yml`` or ``.json`` file is read,
    and when it is not a valid bank the error says so without a word of what is in it
    (its lines, keys or values: the file may be one only its owner, or root, may read).
    """
    where = f"the intake's bank.path '{echo(path, 80)}'"
    if not str(path).lower().endswith((".yaml", ".yml", ".json")):
        raise BankError(f"{where} is not a .yaml, .yml or .json file; pass --bank")
    try:
        regular_stat(path)
    except OSError as exc:
        raise BankError(f"{where} cannot be read: {exc.strerror or exc}; pass --bank") from None
    except InputFileError:
        raise BankError(f"{where} is not a regular file; pass --bank") from None
    try:
        return load_file(path)
    except (BankError, InputFileError):
        raise BankError(f"{where} is not a valid question bank (see 'ldconsult banks "
                        "validate' on it), or cannot be read; pass --bank") from None


PREVIOUS = "previous"  # earlier versions of shipped banks, kept so old intakes still read


def find_by_id(bank_id: str, version: str | None = None) -> LoadedBank | None:
    """The shipped bank with this id (intakes name their bank by id and version). An
    intake made with an earlier version is read with that version, kept in previous/."""
    path = shipped().get(bank_id)
    if version:
        older = shipped_dir() / PREVIOUS / f"{bank_id}-{version}.yaml"
        if older.is_file():
            current = load_file(path, builtin=True) if path else None
            if current is None or current.bank.version != version:
                return load_file(older, builtin=True)
    return load_file(path, builtin=True) if path else None


def summary_rows() -> list[dict[str, Any]]:
    rows = []
    for bank_id, path in shipped().items():
        try:
            b = load_file(path, builtin=True).bank
            rows.append({"id": b.id, "title": b.title, "version": b.version,
                         "questions": len(b.questions()), "minutes": b.minutes,
                         "default": b.id == DEFAULT_BANK})
        except (BankError, InputFileError) as exc:
            rows.append({"id": bank_id, "title": f"(invalid: {exc})", "version": "",
                         "questions": 0, "minutes": 0, "default": False})
    return rows


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a bank, with the signal vocabulary spelt out for editors."""
    from ldconsult.bank import signals as sig

    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ldconsult question bank"
    defs = schema["$defs"]
    # The models turn numbers into text here (version: 1, value: 3); so may a bank file.
    for prop, types in ((schema["properties"]["version"], ("string", "number")),
                        (defs["Choice"]["properties"]["value"], ("string", "number", "boolean"))):
        prop.pop("type", None)
        prop["anyOf"] = [{"type": t} for t in types]
    signal_map = _signal_map_schema()
    defs["Choice"]["properties"]["signals"].update(signal_map)
    defs["Threshold"]["properties"]["signals"].update(signal_map)
    for key in ("signals_if_true", "signals_if_false"):
        defs["Question"]["properties"][key].update(signal_map)
    provides = sorted(n for n, (_, allowed, _) in sig.VOCABULARY.items()
                      if isinstance(allowed, str))
    defs["Question"]["properties"]["provides"]["anyOf"][0]["enum"] = provides
    return schema


def _signal_map_schema() -> dict[str, Any]:
    """Signal names and their values, so an editor completes both (banks validate checks)."""
    from ldconsult.bank import signals as sig

    props: dict[str, Any] = {}
    for name, (kind, allowed, meaning) in sig.VOCABULARY.items():
        if isinstance(allowed, str):
            continue  # takes the answer itself: 'provides', not a fixed value
        one = {"type": "string", "enum": list(allowed)}
        props[name] = {"description": meaning, **(
            {"anyOf": [one, {"type": "array", "items": one}]} if kind == "set" else one)}
    return {"properties": props, "additionalProperties": False}
