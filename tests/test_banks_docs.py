"""docs/bank-authoring.md stays true: every signal listed, the example bank valid.

Regenerate the signal table after changing the vocabulary:
    python tests/test_banks_docs.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "bank-authoring.md"
START, END = "<!-- signals:start -->", "<!-- signals:end -->"
KIND_TITLES = {"cell": "Cause cells", "qualifier": "Qualifiers", "set": "Set signals",
               "context": "Context"}


def signal_table() -> str:
    """The signal reference as Markdown, generated from signals.VOCABULARY."""
    from ldconsult.bank.signals import TEXT_KINDS, VOCABULARY

    lines: list[str] = []
    for kind, title in KIND_TITLES.items():
        lines += [f"**{title}**", "", "| signal | values | meaning |", "|---|---|---|"]
        for name, (k, allowed, meaning) in VOCABULARY.items():
            if k != kind:
                continue
            if isinstance(allowed, str):
                kinds = ", ".join(TEXT_KINDS[allowed])
                values = f"the answer itself ({allowed}), via `provides` from: {kinds}"
            else:
                values = " · ".join(f"`{v}`" for v in allowed)
                if kind == "set":
                    values = "a list of: " + values
            lines.append(f"| `{name}` | {values} | {meaning} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _section(text: str) -> str:
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def test_doc_lists_every_signal_with_its_values() -> None:
    from ldconsult.bank.signals import VOCABULARY

    text = DOC.read_text(encoding="utf-8")
    table = _section(text)
    for name in VOCABULARY:
        assert f"| `{name}` |" in table, f"signal '{name}' missing from {DOC.name}"
    assert table == signal_table(), "signal table is stale: run python tests/test_banks_docs.py"


def test_doc_mentions_every_key_of_every_model() -> None:
    from ldconsult.bank.model import Bank, Choice, Question, Section, Threshold

    text = DOC.read_text(encoding="utf-8")
    for model in (Bank, Section, Question, Choice, Threshold):
        for key in model.model_fields:
            assert f"`{key}`" in text, f"{model.__name__}.{key} is not documented"


def test_doc_mentions_every_question_type_and_operator() -> None:
    from ldconsult.bank.conditions import OPERATORS
    from ldconsult.bank.values import CASTERS

    text = DOC.read_text(encoding="utf-8")
    for name in [*CASTERS, *OPERATORS]:
        assert f"`{name}`" in text, name


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def test_the_complete_example_bank_is_valid(tmp_path: Path) -> None:
    from ldconsult.bank import banks

    blocks = [b for b in _yaml_blocks(DOC.read_text(encoding="utf-8"))
              if b.lstrip().startswith("# yaml-language-server") or b.startswith("id:")]
    assert blocks, "the doc has a complete example bank"
    for i, block in enumerate(blocks):
        path = tmp_path / f"example-{i}.yaml"
        path.write_text(block, encoding="utf-8")
        assert banks.validate_file(path) == [], block[:60]


@pytest.mark.parametrize("snippet", ["ldconsult banks validate", "ldconsult banks schema",
                                     "yaml-language-server: $schema="])
def test_doc_explains_validation_and_the_schema(snippet: str) -> None:
    assert snippet in DOC.read_text(encoding="utf-8")


if __name__ == "__main__":  # rewrite the generated table in place
    sys.path.insert(0, str(DOC.parent.parent))
    body = DOC.read_text(encoding="utf-8")
    head, rest = body.split(START, 1)
    DOC.write_text(f"{head}{START}\n{signal_table()}{END}{rest.split(END, 1)[1]}",
                   encoding="utf-8")
    print(f"updated {DOC}")
