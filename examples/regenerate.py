"""Rebuild examples/intakes/ from examples/answers/ with the real `ldconsult interview`.

    python examples/regenerate.py

An answers file in a sub-folder named after a bank (e.g. answers/quick-triage/) is run
with that bank; the rest use the default bank. Every answer is used (--all-questions):
the examples show complete intakes, not what an adaptive meeting would have asked. tests/test_examples_sync.py fails when an
intake here no longer matches what the command makes from its answers file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANSWERS, INTAKES = HERE / "answers", HERE / "intakes"


def pairs() -> list[tuple[Path, Path, str | None]]:
    """(answers file, intake file, bank id or None for the default bank)."""
    out = []
    for src in sorted(ANSWERS.rglob("*.yaml")):
        rel = src.relative_to(ANSWERS)
        bank = rel.parts[0] if len(rel.parts) > 1 else None
        out.append((src, INTAKES / rel, bank))
    return out


def main() -> int:
    exe = Path(sys.executable).with_name("ldconsult")
    cmd0 = [str(exe)] if exe.exists() else [sys.executable, "-m", "ldconsult"]
    for src, dst, bank in pairs():
        cmd = cmd0 + ["interview", "--answers", str(src), "-o", str(dst), "--force",
                      "--no-summary", "--all-questions"] + (["--bank", bank] if bank else [])
        subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
