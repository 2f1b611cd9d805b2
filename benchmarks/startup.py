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

The children cache compiled bytecode in a private folder (PYTHONPYCACHEPREFIX), as an
installed copy does: with PYTHONDONTWRITEBYTECODE set (as on the CI machine), an editable
checkout recompiled ldconsult's sources on every run (~20 ms, ~0.07x) while the baseline's
libraries stayed compiled, which inflated the ratio.

Where the time goes (2-core CI machine, Typer 0.29, pydantic 2.14, questionary 2.1, found
with ``python -X importtime`` and pyinstrument): --version never imports typer
(ldconsult.cli answers it). --help pays typer's rich help (rich.markdown, pygments: ~90 ms).

Before the first question the interview used to pay ~150 ms on top of the baseline
(1.33-1.58x). What was cut:
- Typer (~40-60 ms): its import, building every command, and a pydantic TypeAdapter per
  option, even for a None default (which also loads pydantic's schema generator and its
  plugin loader, importlib.metadata). ``ldconsult interview`` with ordinary options now
  starts without Typer (ldconsult/cli_fast.py; anything unusual still goes to Typer);
- the Meta model's schema (~15 ms with the plugin loader): the empty meta is built with
  model_construct, and ask_meta reads it with dict(), not model_dump;
- ~7 ms of our own imports: the date phrases' patterns are compiled on first use, and the
  bank linter, the signal vocabulary, difflib and the answers-file reader load only when
  used. With ~1,500 fewer objects made, CPython's first full garbage collection (~15 ms)
  now falls just after the first question instead of before it; a few hundred more
  objects made before it would bring it back (gc.get_count() shows how close it is).
What is left (~0.1-0.25x): our model classes (pydantic class creation, ~15 ms; their
schemas are built on first use, after the first question), conditions/values/yamlio and
the interview's dataclasses (~8 ms), the default bank from the cache (~5 ms), questionary
building the first prompt (prompt_toolkit's default key bindings, ~35 ms the first time;
the baseline only imports questionary) and drawing it with the intro (~15-30 ms). A
validated copy of each shipped bank is cached under ~/.cache/ldconsult; the "cold cache"
line is the first run after an install or upgrade, which parses, validates and writes it
(~40-70 ms more).
Reports before 2026-11-23 used a FIRST_QUESTION pattern that also matched the intro's
"? = help", so they timed the intro, not the first question.
"""

from __future__ import annotations

import argparse
import signal
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
# questionary draws its "?" mark in colour (right after an SGR sequence), then the styled
# message. Neither "\x1b[?7h" and friends nor the intro's "· ? = help" may match: an
# earlier pattern matched the intro, so it timed the intro, not the first question.
FIRST_QUESTION = re.compile(r"\x1b\[[0-9;]*m\?(?:\x1b\[[0-9;]*m)* \S")
TARGETS = {"ldconsult --version": 1.2, "ldconsult --help": 2.5, "interview: first question": 1.3}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _env(pycache: str, **extra: str) -> dict[str, str]:
    """The children's environment: compiled bytecode is cached and reused, as in an installed
    copy (pip compiles it). PYTHONDONTWRITEBYTECODE would make an editable checkout compile
    ldconsult's sources on every run (~20 ms) while the baseline's libraries stay compiled;
    the cache goes to a private folder, so the source tree gets no __pycache__."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return dict(env, PYTHONPYCACHEPREFIX=pycache, **extra)


def _run(argv: list[str], cwd: str, cpu: bool, pycache: str) -> Callable[[], float]:
    env = _env(pycache, COLUMNS="100")

    def once() -> float:
        start, cpu_start = time.perf_counter(), _children_cpu()
        subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=60,
                       check=False)
        return _children_cpu() - cpu_start if cpu else time.perf_counter() - start

    return once


def _first_question(cwd: str, cpu: bool, pycache: str, *,
                    cold: bool = False) -> Callable[[], float]:
    """Time until the first question is drawn. ``cold``: with an empty bank cache (the
    first run after installing or upgrading validates the bank and writes the cache)."""
    import pexpect

    env = _env(pycache, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", COLUMNS="100", LINES="40")

    def once() -> float:
        cache = tempfile.mkdtemp(prefix="ldconsult-cache-") if cold else None
        run_env = env if cache is None else dict(env, XDG_CACHE_HOME=cache)
        start, cpu_start = time.perf_counter(), _children_cpu()
        child = pexpect.spawn(SCRIPT, ["interview"], cwd=cwd, env=run_env, encoding="utf-8",
                              timeout=30, dimensions=(40, 100))
        try:
            child.expect(FIRST_QUESTION)
            wall = time.perf_counter() - start
        except (pexpect.EOF, pexpect.TIMEOUT):
            raise SystemExit(f"{SCRIPT} interview showed no question; it printed:\n"
                             f"{child.before}") from None
        finally:
            # SIGKILL at once, then reap it so its CPU time is counted: a SIGHUP or SIGTERM
            # (as terminate() sends) makes the interview keep a draft first, which is work
            # done after the first question and not part of starting up.
            child.kill(signal.SIGKILL)
            child.wait()
            if cache is not None:
                shutil.rmtree(cache, ignore_errors=True)
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
    typer_base = "python -c 'import typer'"
    prompt_base = "python -c 'import questionary, pydantic, yaml, rich.console'"
    cwd = tempfile.mkdtemp(prefix="ldconsult-startup-")
    pycache = tempfile.mkdtemp(prefix="ldconsult-pycache-")
    try:
        cases: dict[str, Callable[[], float]] = {
            typer_base: _run([PY, "-c", "import typer"], cwd, args.cpu, pycache),
            prompt_base: _run([PY, "-c", "import questionary, pydantic, yaml, rich.console"],
                              cwd, args.cpu, pycache),
            "python -c pass": _run([PY, "-c", "pass"], cwd, args.cpu, pycache),
            "ldconsult --version": _run([SCRIPT, "--version"], cwd, args.cpu, pycache),
            "ldconsult --help": _run([SCRIPT, "--help"], cwd, args.cpu, pycache),
            "ldconsult banks list": _run([SCRIPT, "banks", "list"], cwd, args.cpu, pycache),
        }
        # Always measured: an earlier check looked for the source file next to this script,
        # so a run outside the repository silently dropped these rows.
        cases["interview: first question"] = _first_question(cwd, args.cpu, pycache)
        cases["interview: first question, cold cache"] = _first_question(cwd, args.cpu,
                                                                         pycache, cold=True)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for name, once in cases.items():  # warm the file cache; not counted
            once()
        for _ in range(args.runs):
            for name, once in cases.items():
                times[name].append(once())
    finally:
        shutil.rmtree(cwd, ignore_errors=True)
        shutil.rmtree(pycache, ignore_errors=True)

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
