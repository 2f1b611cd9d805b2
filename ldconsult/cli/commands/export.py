"""ldconsult export INTAKE [--format md|json|html|docx] [-o PATH] [--template FILE] [--force].

Without --format, the -o name decides (memo.html, memo.docx, memo.json), else Markdown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ldconsult.base.errors import LdError
from ldconsult.base.text import say

KINDS = {"md": "Markdown memo", "json": "recommendation JSON", "html": "web page",
         "docx": "Word document"}
STDOUT = ("-", "/dev/stdout")  # "-o -" is stdout, as in most tools; /dev/stdout too
# What a file's name says it holds: without --format, -o memo.docx writes a Word document.
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".docx": "docx", ".json": "json"}


def format_for(format: str | None, out: str | os.PathLike[str] | None,
               template: str | os.PathLike[str] | None = None) -> str:
    """The format to write: the one asked for, else the one the -o name says, else md. A
    name that says another format than the one asked for is refused (a Markdown memo in
    memo.docx would not open). A user template writes what it writes: md, any name."""
    if template is not None:
        return format or "md"
    named = None
    if out is not None and str(out) not in STDOUT:
        named = SUFFIXES.get(Path(out).suffix.lower())
    if format is None:
        return named or "md"
    if named is not None and named != format:
        raise LdError(f"{out}: the name says {KINDS[named]} but --format is {format}; "
                      f"use --format {named}, or leave --format out")
    return format


def run(intake_path: str | os.PathLike[str], *, format: str | None = None,
        out: str | os.PathLike[str] | None = None,
        template: str | os.PathLike[str] | None = None, force: bool = False,
        bank: str | None = None, raw: bool = False) -> int:
    """``raw`` keeps a user template's output byte for byte: only in a file, as a
    terminal would obey the control characters an intake may carry. ``format`` None:
    from the -o name (:func:`format_for`)."""
    if template is not None and format not in (None, "md"):
        raise LdError("--template applies only to --format md")
    if raw and template is None:
        raise LdError("--raw applies only with --template")
    format = format_for(format, out, template)
    from ldconsult.base.stdio import is_terminal
    from ldconsult.cli.commands.recommend import diagnose_file, json_text, stdout_is_utf8

    to_stdout = out is None or str(out) in STDOUT
    if raw and to_stdout:
        raise LdError("--raw keeps the exact bytes only in a file (-o PATH): a terminal "
                      "would obey the control characters in them")
    if format == "docx" and to_stdout and is_terminal(sys.stdout):
        raise LdError("a Word document is a binary file, not for the terminal: use "
                      "-o FILE.docx (or redirect stdout to a file)")
    if not to_stdout:
        from ldconsult.base.atomic import check_output

        check_output(out, force=force)  # before the work: a refused path fails fast
    intake, loaded, rec = diagnose_file(intake_path, bank)
    if format == "json":
        data: str | bytes = json_text(rec, ascii_only=to_stdout and not stdout_is_utf8())
    elif format == "html":
        from ldconsult.render.html_page import render_page

        data = render_page(rec, intake, loaded)
    elif format == "docx":
        from ldconsult.render.word_doc import render_docx

        data = render_docx(rec, intake, loaded)
    else:
        from ldconsult.render.markdown import render_memo

        data = render_memo(rec, intake, loaded,
                           template=Path(template) if template is not None else None, raw=raw)
    if to_stdout:
        write_stdout(data)
        return 0
    from ldconsult.base.atomic import atomic_write

    # A memo is meant to be shared, unlike the intake (0600): readable by others.
    target = atomic_write(out, data, force=force, mode=0o644)
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8"))
    say(f"wrote {KINDS[format]} to {target} ({size:,} bytes)")
    return 0


def write_stdout(data: str | bytes) -> None:
    """Text as text (a stdout that is not UTF-8 shows '?' for what it cannot encode),
    bytes as they are."""
    if isinstance(data, bytes):
        from ldconsult.base.stdio import write_bytes

        write_bytes(data)
        return
    from ldconsult.cli.commands.recommend import tolerate_narrow_stdout

    tolerate_narrow_stdout()
    sys.stdout.write(data)
    sys.stdout.flush()
