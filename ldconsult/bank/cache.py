"""A cache of validated shipped banks (start-up time: the interview's first question).

Parsing and validating the default bank takes ~30 ms of the ~0.5 s before the first
question. A shipped bank that passed validation and linting is stored as JSON under
$XDG_CACHE_HOME/ldconsult (or ~/.cache/ldconsult), one file per bank, with the sha256
of the bank file, the ldconsult and pydantic versions, a digest of the code that
decides validity, and the sha256 of the payload. It is used only when all of them
match, and it is rebuilt with ``model_construct`` (no validation, and no pydantic
schema is built before the first question). Anything odd (unreadable, truncated,
edited, another version, an unknown key) is a miss: the bank is loaded and validated
as usual, and the entry rewritten. Only what validation produced is ever written, and
only after it decodes back to an equal bank. User banks (paths) are never cached.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import VERSION as PYDANTIC_VERSION

from ldconsult import __version__
from ldconsult.bank.model import Bank, Choice, FrozenModel, Question, Section, Threshold
from ldconsult.base.atomic import atomic_write
from ldconsult.base.errors import LdError
from ldconsult.base.files import read_bytes

_CACHE_FORMAT = 1
_CACHE_MAX_BYTES = 16 * 1024 * 1024
_MODELS: dict[str, type[FrozenModel]] = {m.__name__: m for m in (Bank, Section, Question, Choice,
                                                            Threshold)}


class _Uncacheable(Exception):
    """A value the JSON codec cannot restore exactly (the bank is then not cached)."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "ldconsult"


def _cache_path(name: str) -> Path:
    return cache_dir() / f"bank-{name}.json"


def _cache_key(digest: str) -> dict[str, Any]:
    return {"format": _CACHE_FORMAT, "ldconsult": __version__, "pydantic": PYDANTIC_VERSION,
            "code": _code_digest(), "sha256": digest}


# What decides whether a bank is valid, and how it is rebuilt from here: a changed linter,
# vocabulary or codec (a development checkout keeps its version number) must not be
# answered from an older verdict.
_VALIDITY_SOURCES = ("bank/banks.py", "bank/model.py", "bank/lint.py", "bank/cache.py",
                     "bank/conditions.py", "bank/patterns.py", "bank/signals.py",
                     "bank/values.py", "bank/tense.py", "base/dates.py", "base/date_words.py",
                     "base/plan_dates.py", "base/calendar_math.py", "base/files.py",
                     "base/yamlio.py")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    package = Path(__file__).parent.parent
    h = hashlib.sha256()
    for name in _VALIDITY_SOURCES:
        h.update((package / name).read_bytes())
    return h.hexdigest()


def read_cached(name: str, digest: str) -> Bank | None:
    try:
        raw = read_bytes(_cache_path(name), max_bytes=_CACHE_MAX_BYTES)
        head, _, body = raw.decode("utf-8").partition("\n")
        header = json.loads(head)
        if header != {**_cache_key(digest), "check": _text_digest(body)}:
            return None
        bank = _decode(json.loads(body))
        return bank if isinstance(bank, Bank) else None
    except (LdError, OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError,
            RuntimeError, _Uncacheable):  # RuntimeError: no home directory
        return None


def write_cached(name: str, digest: str, bank: Bank) -> None:
    """One line of header (the key and the sha256 of the rest), then the bank as JSON."""
    try:
        body = json.dumps(_encode(bank), ensure_ascii=False)
        if _decode(json.loads(body)) != bank:
            return
        header = json.dumps({**_cache_key(digest), "check": _text_digest(body)})
        atomic_write(_cache_path(name), f"{header}\n{body}", force=True, make_folders=True)
    except (LdError, OSError, ValueError, TypeError, RecursionError, RuntimeError,
            _Uncacheable):
        pass  # no cache: the next start validates again


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _encode(value: Any) -> Any:
    """Models become {"m": class, "s": fields set, "v": fields}; mappings {"d": ...}."""
    if isinstance(value, FrozenModel):
        name = type(value).__name__
        if _MODELS.get(name) is not type(value):
            raise _Uncacheable(name)
        return {"m": name, "s": sorted(value.model_fields_set),
                "v": {k: _encode(getattr(value, k)) for k in type(value).model_fields}}
    if type(value) in (str, int, float, bool) or value is None:
        return value
    if type(value) is list:
        return [_encode(v) for v in value]
    if type(value) is dict and all(type(k) is str for k in value):
        return {"d": {k: _encode(v) for k, v in value.items()}}
    raise _Uncacheable(type(value).__name__)


def _decode(value: Any) -> Any:
    if type(value) is list:
        return [_decode(v) for v in value]
    if type(value) is not dict:
        return value
    if value.keys() == {"d"} and type(value["d"]) is dict:
        return {k: _decode(v) for k, v in value["d"].items()}
    if value.keys() != {"m", "s", "v"}:
        raise _Uncacheable("unknown record")
    model = _MODELS[value["m"]]
    fields, given = value["v"], value["s"]
    if (type(fields) is not dict or fields.keys() != model.model_fields.keys()
            or type(given) is not list or not set(given) <= fields.keys()):
        raise _Uncacheable(value["m"])
    return model.model_construct(set(given), **{k: _decode(v) for k, v in fields.items()})
