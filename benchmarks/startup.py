"""Start-up time of the CLI, as ratios against importing what each command needs.

Usage: python benchmarks/startup.py [--runs 20] [--cpu]

Every command runs --runs times, interleaved (one run of each per round, so machine load
hits all of them alike), and the median wall time is reported as a ratio against
``python -c "import typer"`` (for the plain commands) or ``python -c "import questionary,
pydantic, yaml, rich.console"`` (for the time until the interview shows its first
question, measured on a pseudo-terminal with pexpect).

With --cpu the measure is the child's CPU time (user + system) instead of wall time:
steadier on a machine that other work keeps busy.

Targets: --version <= 1.2x, --help <= 2.5x (typer baseline); interview first question
<= 1.3x (questionary baseline).

Where the time goes (CPU, measured on the 2-core CI machine, Typer 0.29, pydantic 2.14):
--version never imports typer (ldconsult.cli answers it). --help pays typer's rich help
(rich.markdown, pygments: ~90 ms). Before the first question the interview pays, on top
of the baseline: typer (~45 ms); pydantic's one-time warm-up on the first schema (~35-100
ms; Typer 0.29 builds a pydantic TypeAdapter per parameter, so even a bank-less command
pays it); the bank and intake model classes (~70 ms); loading the default bank (~35 ms);
the interview modules (~40 ms). That floor is about 1.4-1.5x.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

PY = sys.executable
SCRIPT = shutil.which("ldconsult", path=str(Path(PY).parent)) or shutil.which("ldconsult")
# questionary draws "?" then the styled message; "\x1b[?7h" and friends must not match.
FIRST_QUESTION = re.compile(r"\?(?:\x1b\[[0-9;]*m)* \S")
TARGETS = {"ldconsult --version": 1.2, "ldconsult --help": 2.5, "interview: first question": 1.3}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(argv: list[str], cwd: str, cpu: bool) -> Callable[[], float]:
    env = dict(os.environ, COLUMNS="100")

    def once() -> float:
        start, cpu_start = time.perf_counter(), _children_cpu()
        subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=60,
                       check=False)
        return _children_cpu() - cpu_start if cpu else time.perf_counter() - start

    return once


def _first_question(cwd: str, cpu: bool) -> Callable[[], float]:
    import pexpect

    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="100", LINES="40")

    def once() -> float:
        start, cpu_start = time.perf_counter(), _children_cpu()
        child = pexpect.spawn(SCRIPT, ["interview"], cwd=cwd, env=env, encoding="utf-8",
                              timeout=30, dimensions=(40, 100))
        try:
            child.expect(FIRST_QUESTION)
            wall = time.perf_counter() - start
        finally:
            child.terminate(force=True)  # reaps the child, so its CPU time is counted
        return _children_cpu() - cpu_start if cpu else wall

    return once


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cpu", action="store_true", help="measure CPU time, not wall time")
    args = parser.parse_args()
    if SCRIPT is None:
        print("ldconsult is not installed in this environment", file=sys.stderr)
        return 2
    cwd = tempfile.mkdtemp(prefix="ldconsult-startup-")
    typer_base = "python -c 'import typer'"
    prompt_base = "python -c 'import questionary, pydantic, yaml, rich.console'"
    cases: dict[str, Callable[[], float]] = {
        typer_base: _run([PY, "-c", "import typer"], cwd, args.cpu),
        prompt_base: _run([PY, "-c", "import questionary, pydantic, yaml, rich.console"], cwd,
                            args.cpu),
        "python -c pass": _run([PY, "-c", "pass"], cwd, args.cpu),
        "ldconsult --version": _run([SCRIPT, "--version"], cwd, args.cpu),
        "ldconsult --help": _run([SCRIPT, "--help"], cwd, args.cpu),
        "ldconsult banks list": _run([SCRIPT, "banks", "list"], cwd, args.cpu),
    }
    interview = Path(__file__).resolve().parent.parent / "ldconsult" / "commands" / "interview.py"
    has_interview = interview.exists()
    if has_interview:
        cases["interview: first question"] = _first_question(cwd, args.cpu)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for name, once in cases.items():  # warm the file cache; not counted
        once()
    for _ in range(args.runs):
        for name, once in cases.items():
            times[name].append(once())
    shutil.rmtree(cwd, ignore_errors=True)

    med = {name: statistics.median(ts) for name, ts in times.items()}
    what = "CPU time" if args.cpu else "wall time"
    print(f"median {what} of {args.runs} interleaved runs ({PY})")
    print(f"{'command':44} {'median':>9} {'ratio':>7}  target")
    for name in cases:
        base = prompt_base if name.startswith(("interview", prompt_base)) else typer_base
        ratio = med[name] / med[base]
        target = TARGETS.get(name)
        verdict = "" if target is None else (f"<= {target}x " + ("ok" if ratio <= target
                                                                 else "MISSED"))
        print(f"{name:44} {med[name] * 1000:7.0f}ms {ratio:6.2f}x  {verdict}")
    if not has_interview:
        print(f"{'interview: first question':44} {'n/a':>9} {'n/a':>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
