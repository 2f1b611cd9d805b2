"""Consoles for results (stdout) and messages (stderr).

Rich already honours NO_COLOR and drops colour when the stream is not a terminal. A
stakeholder's text may contain Rich markup such as "[red]": always pass user text through
:func:`esc` (or Text objects), never into a markup string as is.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.markup import escape as esc  # noqa: F401  (re-exported for renderers)


def out(**kw: Any) -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False, **kw)


def err(**kw: Any) -> Console:
    return Console(file=sys.stderr, highlight=False, **kw)
