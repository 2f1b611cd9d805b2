"""Quick commands import only what they need (start-up time is a feature in a meeting).

Each case runs the real entry point in a fresh interpreter and reads sys.modules at exit.
benchmarks/startup.py measures the time itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("MODULES=" + json.dumps(sorted(sys.modules)) + "\\n"))
sys.argv = ["ldconsult", *json.loads(sys.argv[1])]
from ldconsult.cli import main
main()
"""
# The web page and the Word document load only for --format html / docx.
PAGE_AND_WORD = ("docx", "lxml", "ldconsult.render.html_page", "ldconsult.render.word_doc",
                 "ldconsult.render.svg", "ldconsult.render.memo_doc",
                 "ldconsult.render.pictures")
NEVER = ("questionary", "prompt_toolkit", "jinja2", "ldconsult.engine", "ldconsult.interview",
         "ldconsult.review", "ldconsult.followup", "ldconsult.render.markdown",
         "ldconsult.render.summary", *PAGE_AND_WORD)


def _modules(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))],
                          capture_output=True, text=True, timeout=60)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line[len("MODULES="):]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["banks", "list"],
                                  ["banks", "--help"], ["interview", "--help"]],
                         ids=" ".join)
def test_quick_commands_do_not_import_the_interview_stack(args: list[str]) -> None:
    assert _loaded(_modules(*args), NEVER) == []


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_markdown_and_json_exports_do_not_load_the_page_or_word_renderers(fmt: str) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "intakes" / \
        "crm-go-live.yaml"
    modules = _modules("export", str(example), "--format", fmt)
    assert "ldconsult.engine" in modules  # the probe saw the export run
    assert _loaded(modules, PAGE_AND_WORD) == []


def test_version_does_not_even_import_typer() -> None:
    modules = _modules("--version")
    assert _loaded(modules, ("typer", "rich", "pydantic", "yaml", "ldconsult.cli.typer_app")) == []


def test_help_does_not_load_banks_pydantic_or_yaml() -> None:
    modules = _modules("--help")
    assert _loaded(modules, ("pydantic", "yaml", "ldconsult.bank.banks", "ldconsult.bank.model",
                             "ldconsult.bank.lint", "ldconsult.bank.cache",
                             "ldconsult.intake")) == []


def test_core_modules_import_no_terminal_library() -> None:
    code = ("import sys, json\n"
            "import ldconsult.bank.banks, ldconsult.bank.model, ldconsult.bank.lint, "
            "ldconsult.bank.cache, ldconsult.bank.conditions, ldconsult.intake, "
            "ldconsult.bank.signals, ldconsult.bank.values, ldconsult.base.yamlio, "
            "ldconsult.base.files, ldconsult.base.atomic, "
            "ldconsult.base.errors, ldconsult.engine.recommendation\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert _loaded(set(json.loads(done.stdout)), ("typer", "rich", "questionary",
                                                  "prompt_toolkit", "jinja2")) == []


# ---------------------------------------------------------------------------------------
# The validated-bank cache (shipped banks load without parsing or validating)

def _walk_equal(a: object, b: object) -> None:
    """Same types, same fields set, same values, all the way down."""
    from pydantic import BaseModel

    assert type(a) is type(b)
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set  # type: ignore[attr-defined]
        for name in type(a).model_fields:
            _walk_equal(getattr(a, name), getattr(b, name))
    elif isinstance(a, (list, dict)):
        assert len(a) == len(b)  # type: ignore[arg-type]
        pairs = zip(a, b) if isinstance(a, list) else ((a[k], b[k]) for k in a)  # type: ignore[index]
        if isinstance(a, dict):
            assert list(a) == list(b)  # type: ignore[arg-type]
        for x, y in pairs:
            _walk_equal(x, y)
    else:
        assert a == b


@pytest.fixture
def cache(tmp_path, monkeypatch):
    from ldconsult.bank import banks

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    banks._load_cached.cache_clear()
    yield tmp_path / "cache" / "ldconsult"
    banks._load_cached.cache_clear()


def _fresh(bank_id: str):
    from ldconsult.bank import banks

    banks._load_cached.cache_clear()
    return banks.resolve(bank_id)


@pytest.mark.parametrize("bank_id", ["performance-consulting", "quick-triage",
                                     "policy-compliance", "system-rollout"])
def test_a_cached_shipped_bank_is_identical_to_the_validated_one(cache, bank_id) -> None:
    validated = _fresh(bank_id)  # miss: validates and writes the entry
    assert (cache / f"bank-{bank_id}.json").is_file()
    cached = _fresh(bank_id)
    _walk_equal(validated.bank, cached.bank)
    assert (cached.sha256, cached.path, cached.builtin) == \
        (validated.sha256, validated.path, validated.builtin)
    assert cached.bank.questions() == validated.bank.questions()


def test_the_cache_is_used_only_for_the_same_file_content(cache, monkeypatch) -> None:
    from ldconsult.bank import banks

    _fresh("quick-triage")
    calls = []
    real = banks._load
    monkeypatch.setattr(banks, "_load", lambda *a: calls.append(a) or real(*a))
    _fresh("quick-triage")
    assert calls == []  # a hit: no parsing, no validation
    entry = cache / "bank-quick-triage.json"
    head, _, body = entry.read_text(encoding="utf-8").partition("\n")
    entry.write_text(head.replace('"sha256": "', '"sha256": "0'), encoding="utf-8")
    _fresh("quick-triage")
    assert len(calls) == 1  # another file: validated again (and the entry rewritten)


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # truncated
    lambda text: "",
    lambda text: "\x00\xff garbage",
    lambda text: text.replace('"prompt"', '"prompt_"', 1),  # payload edited: check fails
    lambda text: text.replace('"format": 1', '"format": 99'),
    lambda text: text.replace('{"m": "Question"', '{"m": "Intake"', 1),
    lambda text: '{"format": 1}\n[]',
], ids=["truncated", "empty", "binary", "edited", "format", "unknown-model", "not-a-bank"])
def test_a_damaged_cache_is_ignored_and_rewritten(cache, damage) -> None:
    good = _fresh("quick-triage")
    entry = cache / "bank-quick-triage.json"
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    again = _fresh("quick-triage")
    _walk_equal(good.bank, again.bank)
    _walk_equal(good.bank, _fresh("quick-triage").bank)  # rewritten and usable
    assert entry.read_text(encoding="utf-8").count("\n") == 1


def test_edited_payload_with_a_matching_check_still_decodes_only_known_fields(cache) -> None:
    from ldconsult.bank.cache import read_cached, _text_digest

    _fresh("quick-triage")
    entry = cache / "bank-quick-triage.json"
    head, _, body = entry.read_text(encoding="utf-8").partition("\n")
    body = body.replace('"v": {"id":', '"v": {"surprise": 1, "id":', 1)
    header = json.loads(head)
    header["check"] = _text_digest(body)
    entry.write_text(json.dumps(header) + "\n" + body, encoding="utf-8")
    assert read_cached("quick-triage", header["sha256"]) is None


def test_an_unwritable_cache_folder_does_not_stop_loading(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    loaded = _fresh("quick-triage")
    assert loaded.bank.id == "quick-triage"
    assert _fresh("quick-triage").bank == loaded.bank


def test_banks_given_by_path_are_not_cached(cache, tmp_path) -> None:
    from ldconsult.bank import banks

    own = tmp_path / "own.yaml"
    own.write_bytes(banks.shipped()["quick-triage"].read_bytes())
    banks._load_cached.cache_clear()
    banks.resolve(str(own))
    assert not cache.exists() or list(cache.iterdir()) == []


def test_meta_section_constants_are_valid() -> None:
    # Built with model_construct for start-up time; they must equal the validated form.
    from ldconsult.bank.model import Section
    from ldconsult.interview.meeting_details import META_SECTION

    _walk_equal(Section.model_validate(META_SECTION.model_dump(exclude_unset=True)),
                META_SECTION)


def test_interview_builds_no_bank_or_intake_schema_before_the_first_question(
        tmp_path) -> None:
    """Pydantic builds a model's validator on first use (defer_build); with the bank cache
    warm, starting an interview over the default bank builds none of them."""
    code = (
        "import json\n"
        "from ldconsult import intake\n"
        "from ldconsult.bank import banks, model\n"
        "from ldconsult.interview import cursor\n"
        "cursor.Interview(banks.resolve(None))\n"
        "models = [model.Bank, model.Section, model.Question, model.Choice, model.Threshold,"
        " intake.Intake, intake.BankRef, intake.Reading]\n"
        "print(json.dumps([m.__name__ for m in models if m.__pydantic_complete__]))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60, env=env) for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert json.loads(runs[0].stdout) != []  # cold: the bank was validated
    assert json.loads(runs[1].stdout) == []  # warm: nothing built
