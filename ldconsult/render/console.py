"""Consoles for results (stdout) and messages (stderr).

Rich already honours NO_COLOR and drops colour when the stream is not a terminal. A
stakeholder's text may contain Rich markup such as "[red]" or terminal escapes: pass user
text through :func:`esc` before putting it in a markup string (or into a Text object
through :func:`~ldconsult.render.textutil.printable`), never as it is.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from ldconsult.base.text import printable


def esc(text: str) -> str:
    """User text for a Rich markup string: printable (no escapes reach the terminal) and
    with markup escaped ("[red]" stays literal)."""
    return escape(printable(str(text)))


def out(**kw: Any) -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False, **kw)


def err(**kw: Any) -> Console:
    return Console(file=sys.stderr, highlight=False, **kw)
