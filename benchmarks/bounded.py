"""Does work stay proportional to the input? (issue 16, F13)

Each line is a ratio against a baseline measured in the same run, so it reads the same on
a fast or a busy machine:

- ``banks validate`` of a bank with 2N choices against one with N choices: about 2.0 when
  validation is linear (it was quadratic: 20,000 choices took 21 s), and against parsing
  the same file with yamlio.
- The review table of an intake with a 900 KB title against the same intake with a short
  title: about 1.0 when long cells are cut for display (it took 77 s).

    python benchmarks/bounded.py            # N = 10,000 choices
    python benchmarks/bounded.py --choices 20000
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ldconsult.bank import banks
from ldconsult.base import files, yamlio


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bank_file(folder: Path, n: int) -> Path:
    lines = ["id: big", "title: Big", "version: 1", "sections:", "  - id: s", "    title: S",
             "    questions:", "      - id: q", "        prompt: Pick", "        type: select",
             "        choices:"]
    lines += [f"          - {{value: v{i}, label: Choice {i}}}" for i in range(n)]
    path = folder / f"choices-{n}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def validation(folder: Path, n: int, repeat: int) -> None:
    small, large = bank_file(folder, n), bank_file(folder, 2 * n)
    t_small = best(lambda: banks.validate_file(small), repeat)
    t_large = best(lambda: banks.validate_file(large), repeat)
    parse = best(lambda: yamlio.parse_yaml(files.read_bytes(large), str(large)), repeat)
    print(f"banks validate, {n:,} choices: {t_small:6.2f} s; {2 * n:,} choices: {t_large:6.2f} s"
          f"  ratio {t_large / t_small:.2f} (linear: about 2)")
    print(f"  against parsing the {2 * n:,}-choice file ({parse:.2f} s): ratio {t_large / parse:.2f}")


def table(folder: Path, repeat: int) -> None:
    from rich.console import Console

    from ldconsult.intake import load, save
    from ldconsult.render import review_table
    from ldconsult.review.paths import expand
    from ldconsult.review.portfolio import collect
    from ldconsult.review.query import make_query

    base = load(ROOT / "examples" / "intakes" / "expense-tool-course.yaml")
    for name, title in (("short", "Expense tool classes"), ("long", "word " * 180_000)):
        save(base.model_copy(update={"meta": base.meta.model_copy(update={"title": title})}),
             folder / f"{name}.yaml", force=True)

    def render(name: str) -> None:
        found = expand([str(folder / f"{name}.yaml")])
        p = collect(found, make_query())
        Console(file=io.StringIO(), width=80).print(review_table.render(p))

    short = best(lambda: render("short"), repeat)
    long = best(lambda: render("long"), repeat)
    print(f"review table, 900 KB title: {long:.2f} s; short title: {short:.2f} s; "
          f"ratio {long / short:.2f} (cut cells: about 1)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--choices", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="best of N for each timing")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        validation(Path(tmp), args.choices, args.repeat)
        table(Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
