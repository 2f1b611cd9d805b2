"""ldconsult export INTAKE [--format md|json] [-o PATH] [--template FILE] [--force]."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ldconsult.base.errors import LdError
from ldconsult.base.text import say

KINDS = {"md": "Markdown memo", "json": "recommendation JSON"}
STDOUT = ("-", "/dev/stdout")  # "-o -" is stdout, as in most tools; /dev/stdout too


def run(intake_path: str | os.PathLike[str], *, format: str = "md",
        out: str | os.PathLike[str] | None = None,
        template: str | os.PathLike[str] | None = None, force: bool = False,
        bank: str | None = None, raw: bool = False) -> int:
    """``raw`` keeps a user template's output byte for byte: only in a file, as a
    terminal would obey the control characters an intake may carry."""
    if template is not None and format != "md":
        raise LdError("--template applies only to --format md")
    if raw and template is None:
        raise LdError("--raw applies only with --template")
    from ldconsult.cli.commands.recommend import (
        diagnose_file,
        json_text,
        stdout_is_utf8,
        tolerate_narrow_stdout,
    )

    to_stdout = out is None or str(out) in STDOUT
    if raw and to_stdout:
        raise LdError("--raw keeps the exact bytes only in a file (-o PATH): a terminal "
                      "would obey the control characters in them")
    if not to_stdout:
        from ldconsult.base.yamlio import check_output

        check_output(out, force=force)  # before the work: a refused path fails fast
    intake, loaded, rec = diagnose_file(intake_path, bank)
    if format == "json":
        text = json_text(rec, ascii_only=to_stdout and not stdout_is_utf8())
    else:
        from ldconsult.render.markdown import render_memo

        text = render_memo(rec, intake, loaded,
                           template=Path(template) if template is not None else None, raw=raw)
    if to_stdout:
        tolerate_narrow_stdout()
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    from ldconsult.base.yamlio import atomic_write

    # A memo is meant to be shared, unlike the intake (0600): readable by others.
    target = atomic_write(out, text, force=force, mode=0o644)
    say(f"wrote {KINDS[format]} to {target} ({len(text.encode('utf-8')):,} bytes)")
    return 0
