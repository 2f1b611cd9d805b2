"""The one error boundary of every command: domain errors become one line and a code.

Typer-free, so the interview's fast start (:mod:`ldconsult.cli.fast`) and the Typer app
(:mod:`ldconsult.cli.typer_app`) share it: the same error prints the same line and exits with
the same code whichever parser ran the command.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from ldconsult.base import stdio
from ldconsult.base.errors import ExitCode, LdError
from ldconsult.base.text import echo


def call(command: Callable[[], int | None], *, debug: bool = False,
         passthrough: tuple[type[BaseException], ...] = ()) -> int:
    """Run ``command`` and return its exit code; print one line to stderr on failure.

    ``debug`` re-raises instead (full traceback). ``passthrough`` exceptions (Typer's own
    exit signals) are re-raised untouched.
    """
    try:
        code = int(command() or 0)
        sys.stdout.flush()  # a full disk shows here at the latest, while we can say so
        return code
    except passthrough:
        raise
    except LdError as exc:
        if debug:
            raise
        say(f"error: {exc}")
        return int(exc.exit_code)
    except KeyboardInterrupt:
        say("interrupted")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # the reader went away (`ldconsult review … | head`)
        stdio.silence(sys.stdout)  # later writes must not fail too
        return int(ExitCode.OK)
    except Exception as exc:  # a bug: say so plainly, keep the traceback behind --debug
        if debug:
            raise
        say(f"internal error: {type(exc).__name__}: {echo(str(exc), 200)} (rerun with "
            "--debug for the traceback, and please report it)")
        return int(ExitCode.INTERNAL)


def say(message: str) -> None:
    from ldconsult.base.text import say as safe_say

    safe_say(message)
