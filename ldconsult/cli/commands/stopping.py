"""How an interview stops before its end: Ctrl-C, SIGTERM or SIGHUP.

Ctrl-C asks whether to keep the draft; SIGTERM and SIGHUP (a closed terminal, a logout,
``kill``) keep it without asking, as the terminal may be gone. Either way the
``--resume`` command is printed so that it can be copied whole, and the exit code is 130.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ldconsult import intake as intake_mod
from ldconsult.base.errors import ExitCode
from ldconsult.base.text import printable, say, terminal_columns


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP during the interview (a closed terminal, a logout, ``kill``):
    ended as Ctrl-C ends it, except that nobody is asked; the draft is kept."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None),
                                 getattr(signal, "SIGHUP", None)) if s is not None)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Stopped` (their default ends the process at once,
    with no message and no word of the draft); a second one while the draft is being
    kept is ignored."""
    def stop(signum: int, frame: Any) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum)

    old: dict[int, Any] = {}
    try:
        for sig in STOP_SIGNALS:
            old[sig] = signal.signal(sig, stop)
    except ValueError:  # not the main thread: leave the signals as they are
        pass
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def stopped(engine: Any, prompter: Any, draft_path: Path, shown: str,
            stop: KeyboardInterrupt | None = None) -> int:
    """Keep the draft (asking first, after Ctrl-C) and say how to go on; exit 130.
    ``shown``: the draft's path as the user should type it."""
    if isinstance(stop, Stopped):
        keep = True  # the terminal may be gone: nobody to ask
        tell(f"stopped by {signal.Signals(stop.signum).name}")
    else:
        try:
            keep = prompter.confirm_save_draft()
        except (KeyboardInterrupt, EOFError):
            keep = True
    if keep:
        intake_mod.save(engine.snapshot(), draft_path, force=True)
        tell(f"draft kept: {shown}")
        tell_command("continue with:", ["ldconsult", "interview", "--resume",
                                         shown])
    else:
        draft_path.unlink(missing_ok=True)
        tell("stopped; no draft kept")
    return int(ExitCode.INTERRUPTED)


def tell(message: str) -> None:
    """One line on stderr, broken between words on a terminal; a terminal that is gone
    (SIGHUP) loses it, but nothing else."""
    with contextlib.suppress(OSError):
        say(message, wrap_to=terminal_columns(sys.stderr))


def tell_command(lead: str, words: list[str]) -> None:
    """``lead`` and a command to copy. On a terminal too narrow for both on one line, the
    command gets a line of its own, and is split only with a shell line continuation
    (" \\"), never inside a word, so it still pastes as one command."""
    command = " ".join(words)
    columns = terminal_columns(sys.stderr)
    with contextlib.suppress(OSError):
        if columns is None or len(f"ldconsult: {lead} {command}") <= columns:
            say(f"{lead} {command}")
            return
        lines = [f"ldconsult: {lead}"]
        if len(command) + 2 <= columns:
            lines.append(f"  {command}")
        else:
            lines += [f"  {' '.join(words[:-1])} \\", f"    {words[-1]}"]
        sys.stderr.write("".join(printable(line) + "\n" for line in lines))
        sys.stderr.flush()
