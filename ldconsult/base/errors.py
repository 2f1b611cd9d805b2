"""Exit codes and the domain errors that carry them.

One handler in :mod:`ldconsult.cli` turns any :class:`LdError` into a one-line message on
stderr and its exit code. Nothing else in the package chooses an exit code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # banks validate found problems; review --fail-on matched
    USAGE = 2  # bad input: missing/invalid file, missing answers without a TTY
    INTERNAL = 3  # a bug: the message says to rerun with --debug
    PARTIAL = 4  # review: some files could not be read (the rest were reviewed)
    INTERRUPTED = 130


class LdError(Exception):
    """A problem the user can fix. ``str(err)`` is a one-line message."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.message = " ".join(str(message).split()) or "unknown error"
        self.path = path
        self.line = line
        self.column = column
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.location()}{self.message}"

    def location(self) -> str:
        if self.path is None:
            return ""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where + ": "


class InputFileError(LdError, ValueError):
    """A file cannot be read or parsed (missing, binary, too big, malformed, alias bomb)."""


class BankError(LdError, ValueError):
    """A bank is invalid or unknown. ``problems`` holds every finding when there are several."""

    def __init__(self, message: str, *, problems: list[Problem] | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.problems = problems or []


class IntakeError(LdError, ValueError):
    """An intake file does not match the intake model."""


class AnswersError(LdError, ValueError):
    """An answers file (``--answers``) has unknown ids or values of the wrong type."""


class MissingAnswersError(LdError):
    """Required answers are missing and there is no terminal to ask for them."""


class OverwriteError(LdError, FileExistsError):
    """The output exists and ``--force`` was not given."""


class WriteError(LdError, OSError):
    """The file system refused a write (read-only, full disk, locked)."""


class OutputError(LdError, OSError):
    """stdout refused the results (a full disk, a closed stdout)."""


class TemplateError(LdError):
    """A user's memo template is broken."""


class Problem:
    """One finding of a validation, with where it is."""

    __slots__ = ("message", "path", "line", "column")

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.message = " ".join(message.split())
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return str(LdError(self.message, path=self.path, line=self.line, column=self.column))

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"
